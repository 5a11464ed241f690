"""Inline policies embedded in users, groups and roles (Put/Get/Delete/List *Policy).

Each kind of entity has an aggregate size quota over all its inline policies, counted in
non-whitespace characters; service-linked roles' policies only AWS may change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..dispatch import Call, handler
from ..errors import LimitExceeded, NoSuchEntity
from ..pagination import paginate, sorted_source
from ..partitions import check_document_partition
from ..policy.document import encode_for_response, policy_size, validate_document
from ._common import get_user
from .groups import get_group
from .roles import get_role, modifiable_role


class Family(NamedTuple):
    kind: str  # "user", "group", "role": used in AWS's messages
    name_param: str  # "UserName", ...
    quota: str
    read: Callable[[Call, str], Any]
    write: Callable[[Call, str], Any]


USER = Family("user", "UserName", "UserPolicySizeQuota", get_user, get_user)
GROUP = Family("group", "GroupName", "GroupPolicySizeQuota", get_group, get_group)
ROLE = Family("role", "RoleName", "RolePolicySizeQuota", get_role, modifiable_role)


def _put(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.write(call, p[f.name_param])
    name, text = p["PolicyName"], p["PolicyDocument"]
    check_document_partition(validate_document(text, "identity"), call.account.partition)
    total = policy_size(text) + sum(
        policy_size(t) for n, t in entity.inline_policies.items() if n != name
    )
    limit = call.account.quotas[f.quota]
    if total > limit:
        raise LimitExceeded(
            f"Maximum policy size of {limit} bytes exceeded for {f.kind} {entity.name}"
        )
    entity.inline_policies[name] = text
    return {}


def _find(f: Family, entity: Any, name: str) -> str:
    text: str | None = entity.inline_policies.get(name)
    if text is None:
        raise NoSuchEntity(f"The {f.kind} policy with name {name} cannot be found.")
    return text


def _get(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.read(call, p[f.name_param])
    name = p["PolicyName"]
    text = _find(f, entity, name)
    return {
        f.name_param: entity.name,
        "PolicyName": name,
        "PolicyDocument": encode_for_response(text),
    }


def _delete(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.write(call, p[f.name_param])
    _find(f, entity, p["PolicyName"])
    del entity.inline_policies[p["PolicyName"]]
    return {}


def _list(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.read(call, p[f.name_param])
    names = sorted(entity.inline_policies)
    page, more = paginate(p, sorted_source([(n, n) for n in names]))
    return {"PolicyNames": page, **more}


@handler("iam", "PutUserPolicy")
def put_user_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _put(USER, call, p)


@handler("iam", "GetUserPolicy")
def get_user_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _get(USER, call, p)


@handler("iam", "DeleteUserPolicy")
def delete_user_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _delete(USER, call, p)


@handler("iam", "ListUserPolicies")
def list_user_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(USER, call, p)


@handler("iam", "PutGroupPolicy")
def put_group_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _put(GROUP, call, p)


@handler("iam", "GetGroupPolicy")
def get_group_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _get(GROUP, call, p)


@handler("iam", "DeleteGroupPolicy")
def delete_group_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _delete(GROUP, call, p)


@handler("iam", "ListGroupPolicies")
def list_group_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(GROUP, call, p)


@handler("iam", "PutRolePolicy")
def put_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _put(ROLE, call, p)


@handler("iam", "GetRolePolicy")
def get_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _get(ROLE, call, p)


@handler("iam", "DeleteRolePolicy")
def delete_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _delete(ROLE, call, p)


@handler("iam", "ListRolePolicies")
def list_role_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(ROLE, call, p)
