"""Secrets Manager: the secret a request names by ARN or by name (a name is mapped to
`secret:<name>` here; authz/resource_policies.real_arn puts the secret's full ARN, with its
six random characters, in its place)."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context


@mapper("secretsmanager")
def secrets_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("secretsmanager", operation):
        return None
    action = f"secretsmanager:{operation}"
    ctx = tags_context(params)
    ref = params.get("SecretId") or params.get("Name")
    if isinstance(ref, str):
        arn = ref if ref.startswith("arn:") else (
            f"arn:{where.partition}:secretsmanager:{where.region}:{where.account}:secret:{ref}")
        return [Check(action, arn, ctx)]
    return [Check(action, "*", ctx)]
