"""EventBridge (IAM prefix `events`): event buses by name or ARN (the `default` bus when the
request names none), rules on them (`rule/<name>` on the default bus,
`rule/<bus>/<name>` on another, as the reference's two rule types), archives, replays,
connections, API destinations, endpoints; PutEvents one check per bus its entries name."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, resource_types, tags_context

# Operations on a rule: the parameter that names it.
_RULE = {"PutRule": "Name", "DeleteRule": "Name", "DescribeRule": "Name", "EnableRule": "Name",
         "DisableRule": "Name", "PutTargets": "Rule", "RemoveTargets": "Rule",
         "ListTargetsByRule": "Rule"}
# Operations whose `Name` (or ArchiveName, ReplayName) names a resource of this kind.
_NAMED = {"archive": "ArchiveName", "replay": "ReplayName", "connection": "Name",
          "api-destination": "Name", "endpoint": "Name", "event-bus": "Name"}


def _base(where: Where, account: str | None = None) -> str:
    return f"arn:{where.partition}:events:{where.region}:{account or where.account}"


def bus_arn(where: Where, ref: Any) -> str:
    if isinstance(ref, str) and ref.startswith("arn:"):
        return ref
    name = ref if isinstance(ref, str) and ref else "default"
    return f"{_base(where)}:event-bus/{name}"


def rule_arn(where: Where, rule: str, bus: Any) -> str:
    if rule.startswith("arn:"):
        return rule
    account, name = where.account, "default"
    if isinstance(bus, str) and bus.startswith("arn:"):  # arn:...:<account>:event-bus/<name>
        parts = bus.split(":", 5)
        account = parts[4] if len(parts) == 6 and parts[4] else account
        name = parts[-1].split("/", 1)[-1]
    elif isinstance(bus, str) and bus:
        name = bus
    middle = "" if name == "default" else f"{name}/"
    return f"{_base(where, account)}:rule/{middle}{rule}"


def _put_events(action: str, params: dict[str, Any], where: Where) -> list[Check]:
    buses: list[str] = []
    for entry in params.get("Entries") or []:
        arn = bus_arn(where, entry.get("EventBusName") if isinstance(entry, dict) else None)
        if arn not in buses:
            buses.append(arn)
    return [Check(action, arn) for arn in buses] or [Check(action, bus_arn(where, None))]


def _named(operation: str, params: dict[str, Any], where: Where) -> str | None:
    """The resource of the first type (in the reference's order) the request names; the
    default bus for a bus operation naming none."""
    types = ["event-bus" if t == "event-busv2" else t for t, _ in resource_types("events",
                                                                                 operation)]
    for kind in types:
        ref = params.get(_NAMED.get(kind, ""))
        if isinstance(ref, str) and ref:
            return ref if ref.startswith("arn:") else f"{_base(where)}:{kind}/{ref}"
    return bus_arn(where, None) if "event-bus" in types else None


def _others(operation: str, params: dict[str, Any]) -> list[str]:
    """The other resources the reference requires: the bus an archive records, the archive a
    replay reads and the bus it replays to."""
    if operation not in ("CreateArchive", "StartReplay"):
        return []
    dest = params.get("Destination")
    refs = [params.get("EventSourceArn"), dest.get("Arn") if isinstance(dest, dict) else None]
    return [r for r in refs if isinstance(r, str) and r.startswith("arn:")]


@mapper("events")
def events_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("events", operation):
        return None
    action = f"events:{operation}"
    ctx = tags_context(params)
    if operation == "PutEvents":
        return _put_events(action, params, where)
    if not resource_types("events", operation):
        return [Check(action, "*", ctx)]  # ListRules, PutPermission...: no resource type
    arn = params.get("ResourceARN")
    if isinstance(arn, str) and arn:
        return [Check(action, arn, ctx)]
    if operation in _RULE:
        rule = params.get(_RULE[operation])
        if isinstance(rule, str) and rule:
            return [Check(action, rule_arn(where, rule, params.get("EventBusName")), ctx)]
        return [Check(action, "*", ctx)]
    if operation in ("DescribeEventSource", "ActivateEventSource", "DeactivateEventSource",
                     "CreatePartnerEventSource", "DeletePartnerEventSource",
                     "DescribePartnerEventSource"):
        name = params.get("Name")  # the event-source type has no account in its ARN
        if isinstance(name, str):
            return [Check(action, f"arn:{where.partition}:events:{where.region}::"
                                  f"event-source/{name}", ctx)]
    named = _named(operation, params, where)
    checks = [Check(action, named or "*", ctx)]
    return checks + [Check(action, arn, dict(ctx)) for arn in _others(operation, params)]
