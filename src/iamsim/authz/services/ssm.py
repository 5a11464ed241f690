"""SSM: parameter ARNs (`parameter/<name without its leading slash>`), one check per name
of GetParameters and DeleteParameters, a parameter's tagging operations (ResourceType
Parameter), and SSM's parameter condition keys."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context

_TAGGING = frozenset({"AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource"})


def parameter_arn(where: Where, name: str) -> str:
    if name.startswith("arn:"):
        return name
    return f"arn:{where.partition}:ssm:{where.region}:{where.account}:parameter/{name.lstrip('/')}"


def _context(operation: str, params: dict[str, Any]) -> dict[str, Any]:
    ctx = tags_context(params)
    # ssm:Overwrite (PutParameter) and ssm:Recursive (GetParametersByPath) are booleans the
    # request carries; absent when the request leaves them out (the reference gives no default).
    if operation == "PutParameter":
        if "Overwrite" in params:
            ctx["ssm:Overwrite"] = "true" if params["Overwrite"] else "false"
        if isinstance(params.get("Policies"), str):
            ctx["ssm:Policies"] = params["Policies"]
    if operation == "GetParametersByPath" and "Recursive" in params:
        ctx["ssm:Recursive"] = "true" if params["Recursive"] else "false"
    return ctx


@mapper("ssm")
def ssm_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("ssm", operation):
        return None
    action = f"ssm:{operation}"
    ctx = _context(operation, params)
    if operation in _TAGGING and params.get("ResourceType") == "Parameter":
        ref = params.get("ResourceId")
        if isinstance(ref, str):
            return [Check(action, parameter_arn(where, ref), ctx)]
    names = params.get("Names")
    if isinstance(names, list) and names:
        return [Check(action, parameter_arn(where, str(n)), ctx) for n in names]
    ref = params.get("Name") or params.get("Path")
    if isinstance(ref, str) and "Parameter" in operation:
        return [Check(action, parameter_arn(where, ref), ctx)]
    return None
