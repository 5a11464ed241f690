"""DynamoDB: table, index and stream ARNs (a TableName may be the table's ARN), one check per table
of a batch or per item of a transaction, with the item action each needs."""

from __future__ import annotations

from typing import Any

from . import Check, Where, _arn_templates, action_exists, mapper, tags_context

_TRANSACT = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
             "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}


def table_arn(where: Where, table: str) -> str:
    if table.startswith("arn:"):
        return table
    return f"arn:{where.partition}:dynamodb:{where.region}:{where.account}:table/{table}"


def _context(params: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    for param, key in (("Select", "dynamodb:Select"), ("ReturnValues", "dynamodb:ReturnValues"),
                       ("ReturnConsumedCapacity", "dynamodb:ReturnConsumedCapacity")):
        if param in params:
            ctx[key] = str(params[param])
    attrs = params.get("AttributesToGet")
    if isinstance(attrs, list):
        ctx["dynamodb:Attributes"] = [str(a) for a in attrs]
    projected = _projected(params)
    if projected is not None:
        ctx["dynamodb:Attributes"] = projected
    item = params.get("Item")
    if isinstance(item, dict):  # PutItem: the attributes the item writes, keys included
        ctx["dynamodb:Attributes"] = [str(a) for a in item]
    return ctx


def _projected(params: dict[str, Any]) -> list[str] | None:
    """The top-level attributes a ProjectionExpression names (`a, #b.c, d[0]` -> a, b, d),
    placeholders resolved: dynamodb:Attributes of a read (the DynamoDB Developer Guide's
    fine-grained access control restricts reads to attributes by their names)."""
    expr = params.get("ProjectionExpression")
    if not isinstance(expr, str) or not expr.strip():
        return None
    names = params.get("ExpressionAttributeNames") or {}
    out: list[str] = []
    for path in expr.split(","):
        head = path.strip().split(".", 1)[0].split("[", 1)[0].strip()
        name = str(names.get(head, head)) if isinstance(names, dict) else head
        if name and name not in out:
            out.append(name)
    return out


@mapper("dynamodb")
def dynamodb_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if operation in ("BatchGetItem", "BatchWriteItem"):
        tables = params.get("RequestItems") or {}
        return [Check(f"dynamodb:{operation}", table_arn(where, str(t))) for t in tables]
    if operation in ("TransactWriteItems", "TransactGetItems"):
        checks = []
        for item in params.get("TransactItems") or []:
            for kind, body in (item or {}).items():
                if kind in _TRANSACT and isinstance(body, dict) and "TableName" in body:
                    checks.append(Check(f"dynamodb:{_TRANSACT[kind]}",
                                        table_arn(where, str(body["TableName"]))))
        return checks
    stream = params.get("StreamArn")
    if isinstance(stream, str):  # DynamoDB Streams (its own client, the dynamodb prefix)
        return [Check(f"dynamodb:{operation}", stream)]
    table = params.get("TableName") or params.get("ResourceArn") or params.get("TableArn")
    if not isinstance(table, str):
        return None  # the generic mapping: ListTables and the like are on `*`
    if action_exists("dynamodb", operation) and not _arn_templates("dynamodb", operation):
        # No resource type in the reference: ListBackups and ListContributorInsights are on
        # `*` even when they name a table (a filter of the listing).
        return [Check(f"dynamodb:{operation}", "*", tags_context(params))]
    arn = table_arn(where, table)
    index = params.get("IndexName")
    if isinstance(index, str) and operation in ("Query", "Scan"):
        arn = f"{arn}/index/{index}"
    ctx = _context(params)
    ctx.update(tags_context(params))
    return [Check(f"dynamodb:{operation}", arn, ctx)]
