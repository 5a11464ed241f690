"""SNS: the topic ARN a request names (a subscription's topic for Unsubscribe and the
subscription operations), a new topic's ARN from its name; Subscribe's protocol and
endpoint keys."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context


@mapper("sns")
def sns_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    name = "Publish" if operation == "PublishBatch" else operation
    if not action_exists("sns", name):
        return None
    action = f"sns:{name}"
    ctx = tags_context(params)
    if operation == "Subscribe":  # the service authorization reference's SNS keys
        for param, key in (("Protocol", "sns:Protocol"), ("Endpoint", "sns:Endpoint")):
            if isinstance(params.get(param), str):
                ctx[key] = params[param]
    for key in ("TopicArn", "TargetArn", "ResourceArn"):
        arn = params.get(key)
        if isinstance(arn, str) and arn.startswith("arn:"):
            return [Check(action, arn, ctx)]
    sub = params.get("SubscriptionArn")
    if isinstance(sub, str) and sub.count(":") >= 6:
        return [Check(action, sub.rsplit(":", 1)[0], ctx)]
    if operation == "CreateTopic" and isinstance(params.get("Name"), str):
        arn = f"arn:{where.partition}:sns:{where.region}:{where.account}:{params['Name']}"
        return [Check(action, arn, ctx)]
    return [Check(action, "*", ctx)]
