"""Service-specific credentials: user name/password pairs for CodeCommit and Amazon Keyspaces,
long-term API keys for Bedrock and CloudWatch Logs. Two per user per service."""

from __future__ import annotations

import base64
import datetime as _dt
from typing import Any

from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ..model.credentials import ServiceSpecificCredential
from ..model.users import User
from ..pagination import paginate, sorted_source
from ._common import get_user, user_or_caller

PASSWORD_SERVICES = ("codecommit.amazonaws.com", "cassandra.amazonaws.com")
API_KEY_SERVICES = ("bedrock.amazonaws.com", "logs.amazonaws.com")
_API_KEY_PREFIX = {"bedrock.amazonaws.com": "ABSK", "logs.amazonaws.com": "ACWL"}
_SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _supported(service: str) -> str:
    if service not in PASSWORD_SERVICES and service not in API_KEY_SERVICES:
        # NoSuchEntity, not the model's NotSupportedService, as AWS answers (recorded 2026).
        raise NoSuchEntity(
            f"No such service {service} is supported for Service Specific Credentials"
        )
    return service


def _find(user: User | None, cred_id: str) -> ServiceSpecificCredential:
    cred = user.service_credentials.get(cred_id) if user is not None else None
    if cred is None:
        raise NoSuchEntity(f"No such credential {cred_id} exists")
    return cred


def _status(cred: ServiceSpecificCredential, now: _dt.datetime) -> str:
    if cred.expiration is not None and now >= cred.expiration:
        return "Expired"
    return cred.status


def _metadata(cred: ServiceSpecificCredential, user: User, now: _dt.datetime) -> dict[str, Any]:
    out: dict[str, Any] = {
        "UserName": user.name,
        "Status": _status(cred, now),
        "CreateDate": cred.create_date,
        "ServiceSpecificCredentialId": cred.id,
        "ServiceName": cred.service,
    }
    if cred.service_user_name is not None:
        out["ServiceUserName"] = cred.service_user_name
    if cred.alias is not None:
        out["ServiceCredentialAlias"] = cred.alias
    if cred.expiration is not None:
        out["ExpirationDate"] = cred.expiration
    return out


def _with_secret(cred: ServiceSpecificCredential, user: User, now: _dt.datetime) -> dict[str, Any]:
    out = _metadata(cred, user, now)
    if cred.password is not None:
        out["ServicePassword"] = cred.password
    if cred.secret is not None:
        out["ServiceCredentialSecret"] = cred.secret
    return {"ServiceSpecificCredential": out}


def _new_secret(call: Call, cred: ServiceSpecificCredential) -> None:
    """A fresh password (base64 of 32 random bytes) or API key secret (prefix + base64 of
    alias:random, the shape AWS's long-term API keys have)."""
    ids = call.account.ids
    if cred.service in PASSWORD_SERVICES:
        cred.password = base64.b64encode(ids.randbytes(32)).decode()
    else:
        raw = f"{cred.alias}:{ids.token(40, _SECRET_ALPHABET)}".encode()
        cred.secret = _API_KEY_PREFIX[cred.service] + base64.b64encode(raw).decode()


@handler("iam", "CreateServiceSpecificCredential")
def create_service_specific_credential(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    user = get_user(call, p["UserName"])
    service = _supported(p["ServiceName"])
    days = p.get("CredentialAgeDays")
    if days is not None and service not in API_KEY_SERVICES:
        raise InvalidInput(f"CredentialAgeDays is not supported for service {service}.")
    same = sum(1 for c in user.service_credentials.values() if c.service == service)
    account.quotas.check("ServiceSpecificCredentialsPerUserPerService", same)
    cred = ServiceSpecificCredential(
        id=account.ids.unique_id("service-credential"),
        user_id=user.id,
        service=service,
        create_date=call.now,
    )
    if service in PASSWORD_SERVICES:
        cred.service_user_name = f"{user.name}-at-{account.id}"
    else:
        # The public part names the user; a suffix tells keys of the same user apart.
        cred.alias = f"{user.name}+{account.ids.token(4, '0123456789')}-at-{account.id}"
        if days is not None:
            cred.expiration = call.now + _dt.timedelta(days=days)
    _new_secret(call, cred)
    user.service_credentials[cred.id] = cred
    return _with_secret(cred, user, call.now)


@handler("iam", "ListServiceSpecificCredentials")
def list_service_specific_credentials(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    service = p.get("ServiceName")
    if service is not None:
        _supported(service)
    if p.get("AllUsers"):
        if p.get("UserName"):
            raise InvalidInput("AllUsers cannot be specified together with UserName.")
        users = list(call.account.users.values())
    else:
        user = user_or_caller(call, p.get("UserName"))
        users = [user] if user is not None else []
    pairs = [
        (f"{u.name.lower()}\x00{i:04d}", (c, u))
        for u in users
        for i, c in enumerate(u.service_credentials.values())
        if service is None or c.service == service
    ]
    page, more = paginate(p, sorted_source(pairs))
    return {
        "ServiceSpecificCredentials": [_metadata(c, u, call.now) for c, u in page],
        **more,
    }


@handler("iam", "ResetServiceSpecificCredential")
def reset_service_specific_credential(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    cred = _find(user, p["ServiceSpecificCredentialId"])
    assert user is not None
    _new_secret(call, cred)
    return _with_secret(cred, user, call.now)


@handler("iam", "UpdateServiceSpecificCredential")
def update_service_specific_credential(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    cred = _find(user, p["ServiceSpecificCredentialId"])
    if p["Status"] not in ("Active", "Inactive"):
        raise InvalidInput("Status must be Active or Inactive.")
    cred.status = p["Status"]
    return {}


@handler("iam", "DeleteServiceSpecificCredential")
def delete_service_specific_credential(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    cred = _find(user, p["ServiceSpecificCredentialId"])
    assert user is not None
    del user.service_credentials[cred.id]
    return {}
