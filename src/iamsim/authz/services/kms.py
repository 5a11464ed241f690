"""KMS: the key a request names by key ID, key ARN, alias name or alias ARN (an alias is
mapped to its ARN here; authz/resource_policies.real_arn puts the alias's key in its place)."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context


def key_arn(where: Where, ref: str) -> str:
    if ref.startswith("arn:"):
        return ref
    if ref.startswith("alias/"):
        return f"arn:{where.partition}:kms:{where.region}:{where.account}:{ref}"
    return f"arn:{where.partition}:kms:{where.region}:{where.account}:key/{ref}"


@mapper("kms")
def kms_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if operation == "ReEncrypt":  # kms:ReEncryptFrom on the source key, ReEncryptTo on the new
        src, dst = params.get("SourceKeyId"), params.get("DestinationKeyId")
        return [Check("kms:ReEncryptFrom", key_arn(where, src) if isinstance(src, str) else "*"),
                Check("kms:ReEncryptTo", key_arn(where, dst) if isinstance(dst, str) else "*")]
    if not action_exists("kms", operation):
        return None
    action = f"kms:{operation}"
    ctx = tags_context(params)
    enc = params.get("EncryptionContext")
    if isinstance(enc, dict):
        ctx.update({f"kms:EncryptionContext:{k}": str(v) for k, v in enc.items()})
        ctx["kms:EncryptionContextKeys"] = [str(k) for k in enc]
    for param, key in (("EncryptionAlgorithm", "kms:EncryptionAlgorithm"),
                       ("KeySpec", "kms:DataKeyPairSpec" if "Pair" in operation else "kms:KeySpec"),
                       ("KeyUsage", "kms:KeyUsage")):
        if isinstance(params.get(param), str):
            ctx[key] = params[param]
    ref = params.get("KeyId") or params.get("DestinationKeyId") or params.get("TargetKeyId")
    if isinstance(ref, str) and (ref.startswith("alias/") or ":alias/" in ref):
        ctx["kms:RequestAlias"] = "alias/" + ref.split("alias/", 1)[1]
    if isinstance(ref, str):
        return [Check(action, key_arn(where, ref), ctx)]
    return [Check(action, "*", ctx)]
