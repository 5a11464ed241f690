"""Access keys: at most two per user (or root), Active/Inactive, last-used tracking."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import NoSuchEntity
from ..model.users import AccessKey, User
from ..pagination import paginate_in_order
from ._common import user_or_caller


class RootKeys:
    """The root user's own access keys (AWS allows them, and discourages them)."""

    def __init__(self, account: Any) -> None:
        self.keys: dict[str, AccessKey] = {}


def _keys_of(call: Call, user: User | None) -> dict[str, AccessKey]:
    return user.access_keys if user is not None else call.account.state(RootKeys).keys


def _find_key(call: Call, user: User | None, key_id: str) -> AccessKey:
    key = _keys_of(call, user).get(key_id)
    if key is None:
        raise NoSuchEntity(f"The Access Key with id {key_id} cannot be found.")
    return key


def _metadata(key: AccessKey, user: User | None) -> dict[str, Any]:
    d: dict[str, Any] = {"AccessKeyId": key.id, "Status": key.status, "CreateDate": key.create_date}
    if user is not None:
        d = {"UserName": user.name, **d}
    return d


@handler("iam", "CreateAccessKey")
def create_access_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    user = user_or_caller(call, p.get("UserName"))
    keys = _keys_of(call, user)
    account.quotas.check("AccessKeysPerUserQuota", len(keys))
    key_id = account.ids.access_key_id(account.id)
    while key_id in account.access_keys:
        key_id = account.ids.access_key_id(account.id)
    key = AccessKey(
        id=key_id,
        secret=account.ids.secret_access_key(),
        user_id=user.id if user is not None else None,
        create_date=call.now,
    )
    keys[key_id] = key
    account.access_keys[key_id] = key
    out = _metadata(key, user)
    out["SecretAccessKey"] = key.secret
    return {"AccessKey": out}


@handler("iam", "ListAccessKeys")
def list_access_keys(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    keys = list(_keys_of(call, user).values())
    page, more = paginate_in_order(p, keys)  # creation order
    return {"AccessKeyMetadata": [_metadata(k, user) for k in page], **more}


@handler("iam", "UpdateAccessKey")
def update_access_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    key = _find_key(call, user, p["AccessKeyId"])
    key.status = p["Status"]
    return {}


@handler("iam", "DeleteAccessKey")
def delete_access_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    key = _find_key(call, user, p["AccessKeyId"])
    del _keys_of(call, user)[key.id]
    del call.account.access_keys[key.id]
    call.account.revoked_keys.add(key.id)
    return {}


@handler("iam", "GetAccessKeyLastUsed")
def get_access_key_last_used(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    key = call.account.access_keys.get(p["AccessKeyId"])
    if key is None:
        # AWS documents no error for this operation; an unknown key is an access denial.
        from ..errors import AccessDenied

        raise AccessDenied(
            f"User: {call.caller.arn} is not authorized to perform: iam:GetAccessKeyLastUsed "
            f"on resource: access key {p['AccessKeyId']}"
        )
    used: dict[str, Any]
    if key.last_used_date is None:
        used = {"ServiceName": "N/A", "Region": "N/A"}
    else:
        used = {
            "LastUsedDate": key.last_used_date,
            "ServiceName": key.last_used_service,
            "Region": key.last_used_region,
        }
    out: dict[str, Any] = {"AccessKeyLastUsed": used}
    if key.user_id is not None:
        owner = call.account.users.by_id(key.user_id)
        if owner is not None:
            out["UserName"] = owner.name
    return out
