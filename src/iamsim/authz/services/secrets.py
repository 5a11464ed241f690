"""Secrets Manager: the secret a request names by ARN or by name, and Secrets Manager's
condition keys.

A secret named by name is authorized as its full ARN (with its six random characters):
authz/resource_policies.real_arn asks the mock for it. A name no secret has stays the bare
name, as AWS shows it (recorded denials of GetSecretValue on a missing secret read
`on resource: <name>`), so only a policy on `*` allows it. CreateSecret is authorized on the
ARN the new secret would get: `secret:<name>-` and six random characters (a recorded denial
of CreateSecret reads `...:secret:secret_default-GJe9zJ`), so `secret:<name>-??????` matches.
"""

from __future__ import annotations

import random
import string
from typing import Any

from . import Check, Where, action_exists, mapper, tags_context

# Request parameters that are a condition key of the operations listing it in the reference.
_PARAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "CreateSecret": (("Name", "secretsmanager:Name"), ("Description", "secretsmanager:Description"),
                     ("KmsKeyId", "secretsmanager:KmsKeyId")),
    "UpdateSecret": (("Description", "secretsmanager:Description"),
                     ("KmsKeyId", "secretsmanager:KmsKeyId")),
    "GetSecretValue": (("VersionStage", "secretsmanager:VersionStage"),
                       ("VersionId", "secretsmanager:VersionId")),
    "UpdateSecretVersionStage": (("VersionStage", "secretsmanager:VersionStage"),),
    "RotateSecret": (("RotationLambdaARN", "secretsmanager:RotationLambdaARN"),),
}
_BOOLS: dict[str, tuple[tuple[str, str], ...]] = {
    "CreateSecret": (("ForceOverwriteReplicaSecret", "secretsmanager:ForceOverwriteReplicaSecret"),),
    "ReplicateSecretToRegions": (
        ("ForceOverwriteReplicaSecret", "secretsmanager:ForceOverwriteReplicaSecret"),),
    "DeleteSecret": (("ForceDeleteWithoutRecovery", "secretsmanager:ForceDeleteWithoutRecovery"),),
    "RotateSecret": (("RotateImmediately", "secretsmanager:RotateImmediately"),),
    "PutResourcePolicy": (("BlockPublicPolicy", "secretsmanager:BlockPublicPolicy"),),
}


def _context(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    ctx = tags_context(params)
    secret_id = params.get("SecretId")
    if isinstance(secret_id, str):
        ctx["secretsmanager:SecretId"] = secret_id
    for param, key in _PARAMS.get(operation, ()):
        if isinstance(params.get(param), str):
            ctx[key] = params[param]
    for param, key in _BOOLS.get(operation, ()):
        if param in params:
            ctx[key] = "true" if params[param] else "false"
    kms_key = ctx.get("secretsmanager:KmsKeyId")
    if isinstance(kms_key, str) and kms_key.startswith("arn:") and ":key/" in kms_key:
        ctx["secretsmanager:KmsKeyArn"] = kms_key
    replicas = params.get("AddReplicaRegions")
    if isinstance(replicas, list):
        ctx["secretsmanager:AddReplicaRegions"] = [
            str(r["Region"]) for r in replicas if isinstance(r, dict) and "Region" in r]
    if operation == "DeleteSecret" and "RecoveryWindowInDays" in params:
        ctx["secretsmanager:RecoveryWindowInDays"] = str(params["RecoveryWindowInDays"])
    if operation == "RotateSecret" and "RotationRules" in params:
        ctx["secretsmanager:ModifyRotationRules"] = "true"
    return ctx


def _suffix() -> str:
    return "".join(random.choices(string.ascii_letters + string.digits, k=6))


@mapper("secretsmanager")
def secrets_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("secretsmanager", operation):
        return None
    action = f"secretsmanager:{operation}"
    ctx = _context(operation, params)
    prefix = f"arn:{where.partition}:secretsmanager:{where.region}:{where.account}:secret:"
    if operation == "BatchGetSecretValue":
        # The batch action on `*`, and GetSecretValue on each secret it names by ARN (the
        # Secrets Manager User Guide's BatchGetSecretValue permissions); a filter names none.
        ids = params.get("SecretIdList")
        return [Check(action, "*", ctx)] + [
            Check("secretsmanager:GetSecretValue", str(s), {"secretsmanager:SecretId": str(s)})
            for s in (ids if isinstance(ids, list) else [])]
    if operation == "CreateSecret" and isinstance(params.get("Name"), str):
        return [Check(action, f"{prefix}{params['Name']}-{_suffix()}", ctx)]
    ref = params.get("SecretId")
    if isinstance(ref, str):
        return [Check(action, ref, ctx)]
    return [Check(action, "*", ctx)]
