"""Identity pools: Create/Describe/Update/Delete/ListIdentityPools and their roles
(Set/GetIdentityPoolRoles)."""

from __future__ import annotations

import copy
import re
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import IdentityPool

S = C.S
_SETTINGS = ("AllowClassicFlow", "SupportedLoginProviders", "DeveloperProviderName",
             "OpenIdConnectProviderARNs", "CognitoIdentityProviders", "SamlProviderARNs")
_ROLE_ARN = re.compile(r"arn:[\w-]+:iam::\d{12}:role/.+", re.DOTALL)


def _settings(call: Call, p: dict[str, Any], previous: IdentityPool | None) -> dict[str, Any]:
    s = {k: copy.deepcopy(p[k]) for k in _SETTINGS if k in p}
    s.setdefault("AllowClassicFlow", False)
    for provider in s.get("CognitoIdentityProviders") or []:
        provider.setdefault("ServerSideTokenCheck", False)
    if previous is not None:
        before = previous.settings.get("DeveloperProviderName")
        if before is not None and s.get("DeveloperProviderName", before) != before:
            # A developer provider name cannot change once set (CreateIdentityPool API
            # reference); the wording is ours.
            raise E.InvalidParameter("DeveloperProviderName cannot be changed once it is set.")
        if before is not None:
            s["DeveloperProviderName"] = before
    return s


def describe(pool: IdentityPool) -> dict[str, Any]:
    out: dict[str, Any] = {"IdentityPoolId": pool.id, "IdentityPoolName": pool.name,
                           "AllowUnauthenticatedIdentities": pool.allow_unauthenticated}
    out.update(copy.deepcopy(pool.settings))
    out["IdentityPoolTags"] = dict(pool.tags)
    return out


@handler(S, "CreateIdentityPool")
def create_identity_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    settings = _settings(call, p, None)
    pid = C.new_id(call)
    pool = IdentityPool(pid, p["IdentityPoolName"], call.region,
                        call.account.arn("cognito-identity", f"identitypool/{pid}", call.region),
                        call.now, p["AllowUnauthenticatedIdentities"], settings,
                        dict(p.get("IdentityPoolTags") or {}))
    C.state(call).add_pool(pool)
    return describe(pool)


@handler(S, "DescribeIdentityPool")
def describe_identity_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return describe(C.pool_of(call, p["IdentityPoolId"]))


@handler(S, "UpdateIdentityPool")
def update_identity_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Replaces the pool's configuration with the request's (members left out are removed),
    keeping its tags unless IdentityPoolTags is given."""
    pool = C.pool_of(call, p["IdentityPoolId"])
    settings = _settings(call, p, pool)
    pool.name = p["IdentityPoolName"]
    pool.allow_unauthenticated = p["AllowUnauthenticatedIdentities"]
    pool.settings = settings
    if "IdentityPoolTags" in p:
        pool.tags = dict(p["IdentityPoolTags"] or {})
    return describe(pool)


@handler(S, "DeleteIdentityPool")
def delete_identity_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    C.state(call).drop_pool(C.pool_of(call, p["IdentityPoolId"]))
    return {}


@handler(S, "ListIdentityPools")
def list_identity_pools(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ...cognito.common import page

    pools = [(f"{x.order:012d}", x) for x in C.state(call).pools.values()
             if x.region == call.region]
    items, token = page(p, pools, "NextToken", "MaxResults")
    out: dict[str, Any] = {"IdentityPools": [
        {"IdentityPoolId": x.id, "IdentityPoolName": x.name} for x in items]}
    if token:
        out["NextToken"] = token
    return out


def _check_roles(call: Call, roles: dict[str, str]) -> None:
    for kind, arn in roles.items():
        if kind not in ("authenticated", "unauthenticated"):
            # Our wording; the API reference allows only these two keys.
            raise E.InvalidParameter(
                f"Invalid role type {kind}: the key must be authenticated or unauthenticated.")
        if not _ROLE_ARN.fullmatch(arn):
            raise E.InvalidParameter(f"Invalid role ARN {arn}")


def _check_mappings(mappings: dict[str, dict[str, Any]]) -> None:
    """A mapping of type Token or Rules needs AmbiguousRoleResolution, and Rules needs
    RulesConfiguration (RoleMapping API reference); the wording is ours."""
    for provider, m in mappings.items():
        if not m.get("AmbiguousRoleResolution"):
            raise E.InvalidParameter(
                f"AmbiguousRoleResolution must be specified for the role mapping of {provider}")
        if m.get("Type") == "Rules" and not (m.get("RulesConfiguration") or {}).get("Rules"):
            raise E.InvalidParameter(
                f"RulesConfiguration must be specified for the Rules role mapping of {provider}")
        for rule in (m.get("RulesConfiguration") or {}).get("Rules") or []:
            if not _ROLE_ARN.fullmatch(str(rule.get("RoleARN", ""))):
                raise E.InvalidParameter(f"Invalid role ARN {rule.get('RoleARN')}")


def _check_pass_role(call: Call, arns: list[str]) -> None:
    """With enforcement, the caller must be allowed iam:PassRole on every role it assigns
    (Developer Guide, "IAM roles"); AWS answers NotAuthorizedException otherwise, naming the
    role's ARN (recorded in public reports: "Access to Role '<arn>' is forbidden.")."""
    if not call.enforce or call.caller.kind in ("root", "anonymous"):
        return
    from ...authz.enforce import cached_identity, decide, refused

    identity = cached_identity(call)
    for arn in arns:
        if refused(call, decide(call, identity, "iam:PassRole", arn,
                                {"iam:PassedToService": "cognito-identity.amazonaws.com"})):
            raise E.NotAuthorized(f"Access to Role '{arn}' is forbidden.")


@handler(S, "SetIdentityPoolRoles")
def set_identity_pool_roles(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["IdentityPoolId"])
    roles = dict(p.get("Roles") or {})
    mappings = copy.deepcopy(p.get("RoleMappings") or {})
    _check_roles(call, roles)
    _check_mappings(mappings)
    rule_arns = [str(r["RoleARN"]) for m in mappings.values()
                 for r in (m.get("RulesConfiguration") or {}).get("Rules") or []]
    _check_pass_role(call, list(dict.fromkeys([*roles.values(), *rule_arns])))
    pool.roles = roles
    pool.role_mappings = mappings
    return {}


@handler(S, "GetIdentityPoolRoles")
def get_identity_pool_roles(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["IdentityPoolId"])
    out: dict[str, Any] = {"IdentityPoolId": pool.id, "Roles": dict(pool.roles)}
    if pool.role_mappings:
        out["RoleMappings"] = copy.deepcopy(pool.role_mappings)
    return out
