"""Lambda: the function ARN from a name, partial ARN or ARN, with the version or alias a
qualifier names; Invoke needs lambda:InvokeFunction."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context

_RENAMED = {"Invoke": "InvokeFunction", "InvokeWithResponseStream": "InvokeFunction",
            "InvokeAsync": "InvokeAsync", "GetLayerVersionByArn": "GetLayerVersion"}


def function_arn(where: Where, ref: str, qualifier: str | None) -> str:
    parts = ref.split(":")
    if ref.startswith("arn:"):
        arn = ref
    elif len(parts) >= 3 and parts[1] == "function":  # 123456789012:function:name[:q]
        arn = f"arn:{where.partition}:lambda:{where.region}:{ref}"
    else:  # name[:qualifier]
        arn = f"arn:{where.partition}:lambda:{where.region}:{where.account}:function:{ref}"
    if qualifier and arn.count(":") == 6:
        arn = f"{arn}:{qualifier}"
    return arn


@mapper("lambda")
def lambda_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    name = _RENAMED.get(operation, operation)
    if not action_exists("lambda", name):
        # botocore names some operations with an API version suffix (ListFunctions20150331...)
        base = name.rstrip("0123456789")
        if base == name or not action_exists("lambda", base):
            return None
        name = base
    action = f"lambda:{name}"
    ctx = tags_context(params)
    layer = params.get("Arn") if name == "GetLayerVersion" else None
    if isinstance(layer, str):
        return [Check(action, layer, ctx)]
    ref = params.get("FunctionName") or params.get("Resource")
    if isinstance(ref, str):
        qualifier = params.get("Qualifier")
        return [Check(action, function_arn(where, ref, qualifier if isinstance(qualifier, str)
                                           else None), ctx)]
    return [Check(action, "*", ctx)]
