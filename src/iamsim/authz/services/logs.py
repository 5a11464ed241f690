"""CloudWatch Logs: log groups and log streams by name or ARN.

CloudWatch Logs authorizes a request on a log group against
`log-group:<name>:log-stream:<stream>`, the stream part empty when the request names none (a
DescribeLogGroups, which names no group, against `log-group::log-stream:`): AWS's recorded
answers name these resources (`... logs:CreateLogGroup on resource:
arn:aws:logs:<region>:<account>:log-group:<name>:log-stream:`, `logs:PutLogEvents on resource:
...:log-group:<name>:log-stream:<stream>`, `logs:DescribeLogGroups on resource:
...:log-group::log-stream:`). So a policy must name a group as `log-group:<name>:*`, as
botocore's model documents (LogGroup.arn: "use this version ... in IAM policies ... for most
API actions"), except for TagResource, UntagResource and ListTagsForResource, which are
authorized on the ARN they are given, without the `:*`.
"""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, generic_resource, mapper, resource_types, tags_context

# Operations that name no log group and are still authorized on the log-group form: recorded
# for DescribeLogGroups; DescribeExportTasks chosen alike (policies written for it name
# `log-group::log-stream:`; no recorded error seen).
_ACCOUNT_WIDE = frozenset({"DescribeLogGroups", "DescribeExportTasks"})
_GROUP_TYPES = frozenset({"log-group", "log-stream"})


def group_of(where: Where, ref: str) -> tuple[str, str]:
    """(account, name) of a log group given by name or ARN (with or without its `:*`)."""
    if ref.startswith("arn:"):
        parts = ref.split(":")
        if len(parts) >= 7 and parts[5] == "log-group":
            return parts[4] or where.account, parts[6]
        return where.account, ref
    return where.account, ref


def stream_arn(where: Where, group: str, stream: str, account: str | None = None) -> str:
    return (f"arn:{where.partition}:logs:{where.region}:{account or where.account}:"
            f"log-group:{group}:log-stream:{stream}")


def _groups(params: dict[str, Any]) -> list[str]:
    for key in ("logGroupIdentifier", "logGroupName"):
        ref = params.get(key)
        if isinstance(ref, str) and ref:
            return [ref]
    for key in ("logGroupIdentifiers", "logGroupNames"):
        refs = params.get(key)
        if isinstance(refs, list) and refs:
            return [str(r) for r in refs]
    return []


@mapper("logs")
def logs_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("logs", operation):
        return None
    action = f"logs:{operation}"
    ctx = tags_context(params)
    arn = params.get("resourceArn")
    if operation in ("TagResource", "UntagResource", "ListTagsForResource") \
            and isinstance(arn, str):
        return [Check(action, arn, ctx)]
    types = {t for t, _ in resource_types("logs", operation)}
    groups = _groups(params)
    if groups and types & _GROUP_TYPES:
        stream = params.get("logStreamName")
        stream = stream if isinstance(stream, str) and "log-stream" in types else ""
        checks = []
        for ref in groups:
            account, name = group_of(where, ref)
            checks.append(Check(action, stream_arn(where, name, stream, account), dict(ctx)))
        return checks
    if operation in _ACCOUNT_WIDE:
        return [Check(action, stream_arn(where, "", ""), ctx)]
    return [Check(action, generic_resource("logs", operation, params, where), ctx)]
