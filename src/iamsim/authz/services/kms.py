"""KMS: the key a request names by key ID, key ARN, alias name or alias ARN (an alias is
mapped to its ARN here; authz/resource_policies.real_arn puts the alias's key in its place),
and KMS's condition keys (the service authorization reference lists which action has which)."""

from __future__ import annotations

from typing import Any

from ..context import request_tags
from . import Check, Where, _arn_templates, action_exists, mapper, tags_context


def key_arn(where: Where, ref: str) -> str:
    if ref.startswith("arn:"):
        return ref
    if ref.startswith("alias/"):
        return f"arn:{where.partition}:kms:{where.region}:{where.account}:{ref}"
    return f"arn:{where.partition}:kms:{where.region}:{where.account}:key/{ref}"


def _alias(ref: Any) -> str | None:
    """kms:RequestAlias: the alias a request names the key by (`alias/<name>`, also when given
    as an alias ARN; the KMS Developer Guide's examples compare it with alias names)."""
    if isinstance(ref, str):
        if ref.startswith("alias/"):
            return ref
        if ref.startswith("arn:") and ":alias/" in ref:
            return "alias/" + ref.split(":alias/", 1)[1]
    return None


def _bool(v: Any) -> str:
    return "true" if v else "false"


# Request parameters whose value is a condition key of the operation, per the reference:
# kms:KeySpec and kms:KeyUsage are CreateKey's only (the spec of the key created), never
# GenerateDataKey's KeySpec (the data key's AES_128/AES_256, no condition key).
_PARAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "CreateKey": (("KeySpec", "kms:KeySpec"), ("CustomerMasterKeySpec", "kms:KeySpec"),
                  ("KeyUsage", "kms:KeyUsage"), ("Origin", "kms:KeyOrigin")),
    "GenerateDataKeyPair": (("KeyPairSpec", "kms:DataKeyPairSpec"),),
    "GenerateDataKeyPairWithoutPlaintext": (("KeyPairSpec", "kms:DataKeyPairSpec"),),
    "Sign": (("SigningAlgorithm", "kms:SigningAlgorithm"), ("MessageType", "kms:MessageType")),
    "Verify": (("SigningAlgorithm", "kms:SigningAlgorithm"), ("MessageType", "kms:MessageType")),
    "GenerateMac": (("MacAlgorithm", "kms:MacAlgorithm"),),
    "VerifyMac": (("MacAlgorithm", "kms:MacAlgorithm"),),
    "CreateGrant": (("GranteePrincipal", "kms:GranteePrincipal"),
                    ("RetiringPrincipal", "kms:RetiringPrincipal")),
}


def _context(operation: str, params: dict[str, Any], where: Where) -> dict[str, Any]:
    ctx: dict[str, Any] = {"kms:CallerAccount": where.account}
    tags = params.get("Tags")
    if isinstance(tags, list):  # KMS spells its tags TagKey/TagValue
        ctx.update(request_tags([{"Key": str(t["TagKey"]), "Value": str(t.get("TagValue", ""))}
                                 for t in tags if isinstance(t, dict) and "TagKey" in t]))
    else:
        ctx.update(tags_context(params))
    enc = params.get("EncryptionContext")
    if operation == "CreateGrant":
        constraints = params.get("Constraints") or {}
        kinds = [k for k in ("EncryptionContextEquals", "EncryptionContextSubset")
                 if isinstance(constraints.get(k), dict)]
        if kinds:
            ctx["kms:GrantConstraintType"] = kinds[0]
            enc = constraints[kinds[0]]
        ops = params.get("Operations")
        if isinstance(ops, list):
            ctx["kms:GrantOperations"] = [str(o) for o in ops]
    if isinstance(enc, dict):
        ctx.update({f"kms:EncryptionContext:{k}": str(v) for k, v in enc.items()})
        ctx["kms:EncryptionContextKeys"] = [str(k) for k in enc]
    if isinstance(params.get("EncryptionAlgorithm"), str):
        ctx["kms:EncryptionAlgorithm"] = params["EncryptionAlgorithm"]
    for param, key in _PARAMS.get(operation, ()):
        if isinstance(params.get(param), str):
            ctx[key] = params[param]
    if operation == "CreateKey":
        # The reference: these keys are "the ... property of the KMS key created by" the
        # request, so CreateKey's defaults apply when the request leaves a property out.
        for key, default in (("kms:KeySpec", "SYMMETRIC_DEFAULT"),
                             ("kms:KeyUsage", "ENCRYPT_DECRYPT"), ("kms:KeyOrigin", "AWS_KMS")):
            ctx.setdefault(key, default)
        ctx["kms:MultiRegion"] = _bool(params.get("MultiRegion"))
        if "BypassPolicyLockoutSafetyCheck" in params:
            ctx["kms:BypassPolicyLockoutSafetyCheck"] = _bool(
                params["BypassPolicyLockoutSafetyCheck"])
    if operation == "PutKeyPolicy" and "BypassPolicyLockoutSafetyCheck" in params:
        ctx["kms:BypassPolicyLockoutSafetyCheck"] = _bool(params["BypassPolicyLockoutSafetyCheck"])
    if operation == "ScheduleKeyDeletion" and "PendingWindowInDays" in params:
        ctx["kms:ScheduleKeyDeletionPendingWindowInDays"] = str(params["PendingWindowInDays"])
    alias = _alias(params.get("KeyId"))
    if alias is not None and operation not in ("CreateAlias", "UpdateAlias", "DeleteAlias"):
        ctx["kms:RequestAlias"] = alias
    return ctx


@mapper("kms")
def kms_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if operation == "ReEncrypt":  # kms:ReEncryptFrom on the source key, ReEncryptTo on the new
        src, dst = params.get("SourceKeyId"), params.get("DestinationKeyId")
        checks = []
        for action, ref, enc in (("kms:ReEncryptFrom", src, "SourceEncryptionContext"),
                                 ("kms:ReEncryptTo", dst, "DestinationEncryptionContext")):
            ctx = _context(operation, {"EncryptionContext": params.get(enc)}, where)
            alias = _alias(ref)
            if alias is not None:
                ctx["kms:RequestAlias"] = alias
            checks.append(Check(action, key_arn(where, ref) if isinstance(ref, str) else "*",
                                ctx))
        return checks
    if not action_exists("kms", operation):
        return None
    action = f"kms:{operation}"
    ctx = _context(operation, params, where)
    ref = params.get("KeyId") or params.get("DestinationKeyId") or params.get("TargetKeyId")
    # An action the reference gives no resource type (ListAliases, even with a KeyId) is on `*`.
    if isinstance(ref, str) and _arn_templates("kms", operation):
        return [Check(action, key_arn(where, ref), ctx)]
    return [Check(action, "*", ctx)]
