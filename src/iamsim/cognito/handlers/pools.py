"""User pools: Create/Describe/Update/Delete/ListUserPools."""

from __future__ import annotations

import copy
from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import UserPool, standard_schema

S = "cognito-idp"
# Settings CreateUserPool accepts that UpdateUserPool cannot change.
_IMMUTABLE = ("UsernameAttributes", "AliasAttributes", "UsernameConfiguration")
_UPDATABLE = ("Policies", "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes",
              "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject",
              "VerificationMessageTemplate", "SmsAuthenticationMessage", "MfaConfiguration",
              "UserAttributeUpdateSettings", "DeviceConfiguration", "EmailConfiguration",
              "SmsConfiguration", "UserPoolTags", "AdminCreateUserConfig", "UserPoolAddOns",
              "AccountRecoverySetting", "UserPoolTier")


def _settings(params: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """The pool's settings as DescribeUserPool reports them, AWS's defaults filled in. On
    update, anything not given returns to its default (UpdateUserPool API reference)."""
    s: dict[str, Any] = {k: copy.deepcopy(params[k]) for k in _UPDATABLE if k in params}
    if previous is not None:
        for k in _IMMUTABLE:
            if k in previous:
                s[k] = previous[k]
    else:
        for k in _IMMUTABLE:
            if k in params:
                s[k] = copy.deepcopy(params[k])
    policies = s.setdefault("Policies", {})
    policies["PasswordPolicy"] = {**C.DEFAULT_PASSWORD_POLICY,
                                  **(policies.get("PasswordPolicy") or {})}
    policies.setdefault("SignInPolicy", {"AllowedFirstAuthFactors": ["PASSWORD"]})
    s.setdefault("DeletionProtection", "INACTIVE")
    s.setdefault("LambdaConfig", {})
    s.setdefault("MfaConfiguration", "OFF")
    s.setdefault("VerificationMessageTemplate", {"DefaultEmailOption": "CONFIRM_WITH_CODE"})
    s.setdefault("EmailConfiguration", {"EmailSendingAccount": "COGNITO_DEFAULT"})
    s.setdefault("UserPoolTags", {})
    admin = s.setdefault("AdminCreateUserConfig", {})
    admin.setdefault("AllowAdminCreateUserOnly", False)
    admin.setdefault("UnusedAccountValidityDays", 7)
    s.setdefault("UserPoolTier", "ESSENTIALS")
    return s


def _schema(params: dict[str, Any]) -> list[dict[str, Any]]:
    schema = standard_schema()
    by_name = {a["Name"]: a for a in schema}
    for given in params.get("Schema") or []:
        name = given.get("Name", "")
        if name in by_name:
            spec = by_name[name]
            if given.get("AttributeDataType", spec["AttributeDataType"]) != \
                    spec["AttributeDataType"]:
                raise E.InvalidParameter(
                    f"You can not change AttributeDataType or set developerOnlyAttribute for "
                    f"standard schema attribute {name}")
            for k in ("Mutable", "Required"):
                if k in given:
                    spec[k] = given[k]
            for k in ("StringAttributeConstraints", "NumberAttributeConstraints"):
                if k in given:
                    spec[k] = {**spec.get(k, {}), **given[k]}
            continue
        if given.get("Required"):
            raise E.InvalidParameter("Required custom attributes are not supported currently.")
        prefix = "dev:custom:" if given.get("DeveloperOnlyAttribute") else "custom:"
        full = prefix + name
        if full in by_name:
            raise E.InvalidParameter(f"Duplicate attribute name {name}")
        attr: dict[str, Any] = {"Name": full,
                                "AttributeDataType": given.get("AttributeDataType", "String"),
                                "DeveloperOnlyAttribute": bool(given.get("DeveloperOnlyAttribute")),
                                "Mutable": given.get("Mutable", True), "Required": False}
        for k in ("StringAttributeConstraints", "NumberAttributeConstraints"):
            if k in given:
                attr[k] = dict(given[k])
        if attr["AttributeDataType"] == "String":
            attr.setdefault("StringAttributeConstraints", {})
        if attr["AttributeDataType"] == "Number":
            attr.setdefault("NumberAttributeConstraints", {})
        schema.append(attr)
        by_name[full] = attr
    return schema


def _check(params: dict[str, Any]) -> None:
    if params.get("UsernameAttributes") and params.get("AliasAttributes"):
        raise E.InvalidParameter(
            "Only one of the username attributes or alias attributes can be set on a user pool.")
    policy = (params.get("Policies") or {}).get("PasswordPolicy") or {}
    days = policy.get("TemporaryPasswordValidityDays")
    if days is not None and not 0 <= days <= 365:
        raise E.InvalidParameter("TemporaryPasswordValidityDays must be between 0 and 365.")


def describe(pool: UserPool) -> dict[str, Any]:
    out: dict[str, Any] = {"Id": pool.id, "Name": pool.name, **copy.deepcopy(pool.settings),
                           "LastModifiedDate": pool.modified, "CreationDate": pool.created,
                           "SchemaAttributes": copy.deepcopy(pool.schema),
                           "EstimatedNumberOfUsers": len(pool.users), "Arn": pool.arn}
    return out


@handler(S, "CreateUserPool")
def create_user_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    _check(p)
    schema = _schema(p)
    st = C.state(call)
    pid = C.pool_id(call)
    pool = UserPool(pid, p["PoolName"], call.region,
                    f"arn:aws:cognito-idp:{call.region}:{call.account_id}:userpool/{pid}",
                    call.now, call.now, _settings(p, None), schema, st.next_key_slot)
    st.next_key_slot += 1
    st.pools[pid] = pool
    return {"UserPool": describe(pool)}


@handler(S, "DescribeUserPool")
def describe_user_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"UserPool": describe(C.pool_of(call, p["UserPoolId"]))}


@handler(S, "UpdateUserPool")
def update_user_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    _check(p)
    pool.settings = _settings(p, pool.settings)
    pool.modified = call.now
    return {}


@handler(S, "DeleteUserPool")
def delete_user_pool(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    if pool.settings.get("DeletionProtection") == "ACTIVE":
        raise E.InvalidParameter(
            "The user pool cannot be deleted because deletion protection is activated. "
            "Deletion protection must be inactivated first.")
    st = C.state(call)
    del st.pools[pool.id]
    for cid in pool.clients:
        st.client_pool.pop(cid, None)
    return {}


@handler(S, "ListUserPools")
def list_user_pools(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pools = [(f"{x.created.isoformat()}|{x.id}", x) for x in C.state(call).pools.values()
             if x.region == call.region]
    items, token = C.page(p, pools, "NextToken", "MaxResults")
    out: dict[str, Any] = {"UserPools": [
        {"Id": x.id, "Name": x.name, "LambdaConfig": copy.deepcopy(x.settings["LambdaConfig"]),
         "LastModifiedDate": x.modified, "CreationDate": x.created} for x in items]}
    if token:
        out["NextToken"] = token
    return out
