"""SSM: parameter ARNs (`parameter/<name without its leading slash>`), one check per name
of GetParameters and DeleteParameters."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context


def parameter_arn(where: Where, name: str) -> str:
    if name.startswith("arn:"):
        return name
    return f"arn:{where.partition}:ssm:{where.region}:{where.account}:parameter/{name.lstrip('/')}"


@mapper("ssm")
def ssm_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("ssm", operation):
        return None
    action = f"ssm:{operation}"
    ctx = tags_context(params)
    names = params.get("Names")
    if isinstance(names, list) and names:
        return [Check(action, parameter_arn(where, str(n)), ctx) for n in names]
    ref = params.get("Name") or params.get("Path")
    if isinstance(ref, str) and "Parameter" in operation:
        return [Check(action, parameter_arn(where, ref), ctx)]
    return None
