"""ECR: the repository a request names (repositoryName in the registry registryId names, the
caller's own by default; one check per name of a list). A DescribeRepositories naming none is
authorized on `repository/*` of the registry, as AWS's recorded answers show (`...
ecr:DescribeRepositories on resource: arn:aws:ecr:<region>:<account>:repository/*`);
GetAuthorizationToken and the registry-wide operations on `*` (the reference lists no
resource type for them)."""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, resource_types, tags_context


def repository_arn(where: Where, name: str, registry: Any = None) -> str:
    if name.startswith("arn:"):
        return name
    account = registry if isinstance(registry, str) and registry else where.account
    return f"arn:{where.partition}:ecr:{where.region}:{account}:repository/{name}"


@mapper("ecr")
def ecr_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    if not action_exists("ecr", operation):
        return None
    action = f"ecr:{operation}"
    ctx = tags_context(params)
    if not resource_types("ecr", operation):
        return [Check(action, "*", ctx)]
    arn = params.get("resourceArn")
    if isinstance(arn, str) and arn:
        return [Check(action, arn, ctx)]
    registry = params.get("registryId")
    name = params.get("repositoryName")
    if isinstance(name, str) and name:
        return [Check(action, repository_arn(where, name, registry), ctx)]
    names = params.get("repositoryNames")
    if isinstance(names, list) and names:
        return [Check(action, repository_arn(where, str(n), registry), dict(ctx)) for n in names]
    return [Check(action, repository_arn(where, "*", registry), ctx)]
