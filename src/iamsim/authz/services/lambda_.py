"""Lambda: the function ARN from a name, partial ARN or ARN, with the version or alias a
qualifier names; Invoke needs lambda:InvokeFunction; a function's execution role needs
iam:PassRole; Lambda's condition keys."""

from __future__ import annotations

from typing import Any

from . import (
    Check,
    Where,
    _arn_templates,
    action_exists,
    generic_resource,
    mapper,
    tags_context,
)

_RENAMED = {"Invoke": "InvokeFunction", "InvokeWithResponseStream": "InvokeFunction",
            "InvokeAsync": "InvokeAsync", "GetLayerVersionByArn": "GetLayerVersion"}
# Operations whose request carries the function's configuration (lambda:Layer, the VPC keys)
# and may name an execution role, which the caller passes to Lambda.
_CONFIGURES = frozenset({"CreateFunction", "UpdateFunctionConfiguration"})


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


def _context(name: str, params: dict[str, Any], where: Where) -> dict[str, Any]:
    ctx = tags_context(params)
    # lambda:FunctionUrlAuthType: the AuthType a function URL request sets, or the
    # FunctionUrlAuthType of an AddPermission/RemovePermission for lambda:InvokeFunctionUrl.
    for param in ("AuthType", "FunctionUrlAuthType"):
        if isinstance(params.get(param), str):
            ctx["lambda:FunctionUrlAuthType"] = params[param]
    if name in ("AddPermission", "RemovePermission") and isinstance(params.get("Principal"), str):
        ctx["lambda:Principal"] = params["Principal"]
    ref = params.get("FunctionName")
    if isinstance(ref, str) and (name.endswith("EventSourceMapping")
                                 or name.endswith("FunctionUrlConfig")):
        ctx["lambda:FunctionArn"] = function_arn(where, ref, None)
    if name in _CONFIGURES:
        layers = params.get("Layers")
        if isinstance(layers, list):
            ctx["lambda:Layer"] = [str(layer) for layer in layers]
        vpc = params.get("VpcConfig")
        if isinstance(vpc, dict):
            for param, key in (("SecurityGroupIds", "lambda:SecurityGroupIds"),
                               ("SubnetIds", "lambda:SubnetIds")):
                if isinstance(vpc.get(param), list):
                    ctx[key] = [str(v) for v in vpc[param]]
        if isinstance(params.get("CodeSigningConfigArn"), str):
            ctx["lambda:CodeSigningConfigArn"] = params["CodeSigningConfigArn"]
    return ctx


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
    ctx = _context(name, params, where)
    layer = params.get("Arn") if name == "GetLayerVersion" else None
    if isinstance(layer, str):
        return [Check(action, layer, ctx)]
    if not _arn_templates("lambda", name):
        # No resource type in the reference (CreateEventSourceMapping, ListEventSourceMappings
        # even with a FunctionName, which is a condition key): `*`.
        return [Check(action, "*", ctx)]
    ref = params.get("FunctionName") or params.get("Resource")
    if isinstance(ref, str):
        qualifier = params.get("Qualifier")
        checks = [Check(action, function_arn(where, ref, qualifier if isinstance(qualifier, str)
                                             else None), ctx)]
        role = params.get("Role")
        if name in _CONFIGURES and isinstance(role, str):
            # Setting a function's execution role passes it to Lambda: iam:PassRole on the
            # role (IAM User Guide, "Granting a user permissions to pass a role"; recorded
            # CreateFunction denials name iam:PassRole on the role in Lambda's
            # AccessDeniedException).
            checks.append(Check("iam:PassRole", role,
                                {"iam:PassedToService": "lambda.amazonaws.com"}))
        return checks
    return [Check(action, generic_resource("lambda", name, params, where), ctx)]
