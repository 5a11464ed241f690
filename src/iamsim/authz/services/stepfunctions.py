"""Step Functions (IAM prefix `states`): state machines (with a version or alias), executions,
map runs and activities, by the ARN the request carries, or by name for the create
operations. Every action's name is its operation's."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, resource_types, tags_context

# The ARN parameters, most specific first (ListExecutions takes a state machine or a map run).
_ARNS = ("executionArn", "mapRunArn", "stateMachineAliasArn", "stateMachineVersionArn",
         "stateMachineArn", "activityArn", "resourceArn")


def _arn(where: Where, kind: str, name: str) -> str:
    return f"arn:{where.partition}:states:{where.region}:{where.account}:{kind}:{name}"


def _alias_arn(where: Where, params: dict[str, Any]) -> str:
    """A new alias: `stateMachine:<machine>:<alias>`, the machine from the first version its
    routing configuration names (chosen: the reference lists the statemachine type only)."""
    name = params.get("name")
    for route in params.get("routingConfiguration") or []:
        version = route.get("stateMachineVersionArn") if isinstance(route, dict) else None
        if isinstance(version, str) and version.count(":") >= 7 and isinstance(name, str):
            return f"{version.rsplit(':', 1)[0]}:{name}"
    return "*"


@mapper("states")
def states_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("states", operation):
        return None
    action = f"states:{operation}"
    ctx = tags_context(params)
    if not resource_types("states", operation):
        return [Check(action, "*", ctx)]  # SendTaskSuccess, ListStateMachines...: no type
    for key in _ARNS:
        arn = params.get(key)
        if isinstance(arn, str) and arn:
            return [Check(action, arn, ctx)]
    name = params.get("name")
    if operation == "CreateStateMachine" and isinstance(name, str):
        return [Check(action, _arn(where, "stateMachine", name), ctx)]
    if operation == "CreateActivity" and isinstance(name, str):
        return [Check(action, _arn(where, "activity", name), ctx)]
    if operation == "CreateStateMachineAlias":
        return [Check(action, _alias_arn(where, params), ctx)]
    return [Check(action, "*", ctx)]
