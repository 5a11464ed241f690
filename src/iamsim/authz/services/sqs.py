"""SQS: the queue ARN from its URL (https://sqs.<region>.amazonaws.com/<account>/<name>) or
its name; batch operations need the action of their single form."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from . import Check, Where, action_exists, mapper, tags_context

_RENAMED = {"SendMessageBatch": "SendMessage", "DeleteMessageBatch": "DeleteMessage",
            "ChangeMessageVisibilityBatch": "ChangeMessageVisibility"}


def queue_arn(where: Where, url: str) -> str:
    parts = [p for p in urlparse(url).path.split("/") if p]
    if len(parts) >= 2:
        return f"arn:{where.partition}:sqs:{where.region}:{parts[-2]}:{parts[-1]}"
    return f"arn:{where.partition}:sqs:{where.region}:{where.account}:{parts[-1] if parts else ''}"


@mapper("sqs")
def sqs_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    name = _RENAMED.get(operation, operation)
    if not action_exists("sqs", name):
        return None
    action = f"sqs:{name}"
    url = params.get("QueueUrl")
    ctx = tags_context(params)
    if isinstance(url, str):
        return [Check(action, queue_arn(where, url), ctx)]
    qname = params.get("QueueName")
    if isinstance(qname, str):
        owner = params.get("QueueOwnerAWSAccountId") or where.account
        return [Check(action, f"arn:{where.partition}:sqs:{where.region}:{owner}:{qname}", ctx)]
    return [Check(action, "*", ctx)]
