"""App clients: Create/Describe/Update/Delete/ListUserPoolClients."""

from __future__ import annotations

import copy
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import AppClient, UserPool

S = "cognito-idp"
_SETTINGS = ("RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity",
             "TokenValidityUnits", "ReadAttributes", "WriteAttributes", "ExplicitAuthFlows",
             "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI",
             "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
             "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
             "EnablePropagateAdditionalUserContextData", "AuthSessionValidity",
             "RefreshTokenRotation")
_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}
# Defaults: access and ID tokens one hour, refresh tokens 30 days (UserPoolClientType).
_DEFAULT_UNITS = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days"}
_DEFAULT_VALIDITY = {"AccessToken": 1, "IdToken": 1, "RefreshToken": 30}
_RANGES = {  # seconds (Developer Guide, "Using tokens": 5 minutes-1 day; 1 hour-10 years)
    "AccessToken": (300, 86400, "5 minutes and 1 day"),
    "IdToken": (300, 86400, "5 minutes and 1 day"),
    "RefreshToken": (3600, 315_360_000, "60 minutes and 10 years"),
}
_LEGACY = {"ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"}
DEFAULT_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"]


def validity_seconds(client: AppClient, token: str) -> int:
    """How long a token of kind 'AccessToken' | 'IdToken' | 'RefreshToken' lives."""
    units = client.settings.get("TokenValidityUnits") or {}
    unit = units.get(token, _DEFAULT_UNITS[token])
    value = client.settings.get(f"{token}Validity")
    if value is None:
        return _DEFAULT_VALIDITY[token] * _SECONDS[_DEFAULT_UNITS[token]]
    return int(value) * _SECONDS[unit]


def allowed_flows(client: AppClient) -> set[str]:
    flows = set(client.settings.get("ExplicitAuthFlows") or DEFAULT_FLOWS)
    # The legacy names enable the same flows as their ALLOW_ successors.
    if "ADMIN_NO_SRP_AUTH" in flows:
        flows.add("ALLOW_ADMIN_USER_PASSWORD_AUTH")
    if "USER_PASSWORD_AUTH" in flows:
        flows.add("ALLOW_USER_PASSWORD_AUTH")
    if flows & _LEGACY:
        flows |= {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    return flows


def _check(pool: UserPool, s: dict[str, Any]) -> None:
    probe = AppClient("", pool.id, "", None, pool.created, pool.created, s)
    for token, (lo, hi, _words) in _RANGES.items():
        if s.get(f"{token}Validity") is None:
            continue
        seconds = validity_seconds(probe, token)
        if not lo <= seconds <= hi:
            # The message AWS is seen to return (awsdocs/aws-cloudformation-user-guide PR 828).
            raise E.InvalidParameter("Invalid range for token validity")
    for kind in ("Read", "Write"):
        for name in s.get(f"{kind}Attributes") or []:
            if pool.schema_attribute(name) is None or (kind == "Write" and name == "sub"):
                raise E.InvalidParameter(
                    f"Invalid {kind.lower()} attributes specified while creating a client")
    flows = set(s.get("ExplicitAuthFlows") or [])
    if flows & _LEGACY and flows - _LEGACY:
        raise E.InvalidParameter("ExplicitAuthFlows cannot mix legacy and ALLOW_ values.")


def _settings(p: dict[str, Any]) -> dict[str, Any]:
    s = {k: copy.deepcopy(p[k]) for k in _SETTINGS if k in p}
    s.setdefault("RefreshTokenValidity", 30)
    s.setdefault("AllowedOAuthFlowsUserPoolClient", False)
    s.setdefault("EnableTokenRevocation", True)
    s.setdefault("EnablePropagateAdditionalUserContextData", False)
    s.setdefault("AuthSessionValidity", 3)
    return s


def describe(client: AppClient) -> dict[str, Any]:
    out: dict[str, Any] = {"UserPoolId": client.pool_id, "ClientName": client.name,
                           "ClientId": client.id}
    if client.secret is not None:
        out["ClientSecret"] = client.secret
    out.update({"LastModifiedDate": client.modified, "CreationDate": client.created})
    out.update(copy.deepcopy(client.settings))
    return out


@handler(S, "CreateUserPoolClient")
def create_user_pool_client(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    s = _settings(p)
    _check(pool, s)
    secret = p.get("ClientSecret")
    if secret is None and p.get("GenerateSecret"):
        secret = C.client_secret(call)
    client = AppClient(C.client_id(call), pool.id, p["ClientName"], secret, call.now,
                       call.now, s)
    pool.clients[client.id] = client
    C.state(call).client_pool[client.id] = pool.id
    return {"UserPoolClient": describe(client)}


@handler(S, "DescribeUserPoolClient")
def describe_user_pool_client(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    return {"UserPoolClient": describe(C.client_of(call, pool, p["ClientId"]))}


@handler(S, "UpdateUserPoolClient")
def update_user_pool_client(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Settings not given return to their defaults, as the API reference warns."""
    pool = C.pool_of(call, p["UserPoolId"])
    client = C.client_of(call, pool, p["ClientId"])
    s = _settings(p)
    _check(pool, s)
    client.settings = s
    if p.get("ClientName") is not None:
        client.name = p["ClientName"]
    client.modified = call.now
    return {"UserPoolClient": describe(client)}


@handler(S, "DeleteUserPoolClient")
def delete_user_pool_client(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    client = C.client_of(call, pool, p["ClientId"])
    del pool.clients[client.id]
    C.state(call).client_pool.pop(client.id, None)
    return {}


@handler(S, "ListUserPoolClients")
def list_user_pool_clients(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    pairs = [(f"{c.created.isoformat()}|{c.id}", c) for c in pool.clients.values()]
    items, token = C.page(p, pairs, "NextToken", "MaxResults")
    out: dict[str, Any] = {"UserPoolClients": [
        {"ClientId": c.id, "UserPoolId": c.pool_id, "ClientName": c.name} for c in items]}
    if token:
        out["NextToken"] = token
    return out
