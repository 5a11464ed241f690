"""IAM users: create, read, list, rename/move, delete, tags and permissions boundaries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists
from ..model.base import Principal, iam_arn
from ..model.policies import PolicyState
from ..model.users import User
from ..pagination import paginate
from ._common import (
    attachable_policy,
    get_user,
    path_filter,
    refuse_if_in_use,
    tags_in,
    user_or_caller,
)
from ._tags import tag_operations


def resolve_boundary(call: Call, arn: str) -> str:
    """A permissions boundary must name an existing, attachable managed policy."""
    return attachable_policy(call, arn, boundary=True).arn


def set_boundary(call: Call, entity: Principal, arn: str | None) -> None:
    policies = call.account.state(PolicyState)
    if entity.permissions_boundary is not None:
        old = policies.get(entity.permissions_boundary)
        if old is not None:
            old.boundary_of.pop(entity.id, None)
    entity.permissions_boundary = arn
    if arn is not None:
        new = policies.get(arn)
        if new is not None:
            new.boundary_of[entity.id] = None


@handler("iam", "CreateUser")
def create_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    name, path = p["UserName"], p.get("Path") or "/"
    if name in account.users:
        raise EntityAlreadyExists(f"User with name {name} already exists.")
    tags = tags_in(p)
    account.quotas.check("Users", len(account.users))
    account.quotas.check("TagsPerEntity", len(tags), 0)
    boundary = p.get("PermissionsBoundary")
    if boundary:
        resolve_boundary(call, boundary)
    user = User(
        name=name,
        path=path,
        id=account.ids.unique_id("user"),
        arn=iam_arn(account, "user", path, name),
        create_date=call.now,
        tags=tags,
    )
    account.users.add(user)
    if boundary:
        set_boundary(call, user, boundary)
    return {"User": user.out(with_tags=True)}


@handler("iam", "GetUser")
def get_user_op(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    if user is None:  # the root user: no name or path, its id is the account id
        return {
            "User": {
                "UserId": call.account.id,
                "Arn": call.account.root_arn,
                "CreateDate": call.account.created,
            }
        }
    return {"User": user.out(with_tags=True)}


@handler("iam", "ListUsers")
def list_users(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    accept = path_filter(p)
    page, more = paginate(p, call.account.users.items_from, accept)
    return {"Users": [u.out(with_boundary=False) for u in page], **more}


@handler("iam", "UpdateUser")
def update_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    user = get_user(call, p["UserName"])
    new_name = p.get("NewUserName") or user.name
    new_path = p.get("NewPath") or user.path
    other = account.users.get(new_name)
    if other is not None and other is not user:
        raise EntityAlreadyExists(f"User with name {new_name} already exists.")
    old_name, old_arn = user.name, user.arn
    user.name, user.path = new_name, new_path
    user.arn = iam_arn(account, "user", new_path, new_name)
    account.users.reindex(user, old_name, old_arn)
    return {}


# What must be removed before a user can be deleted, in the order AWS reports it.
_USER_DEPENDENTS = (
    ("login_profile", "Cannot delete entity, must delete login profile first."),
    ("access_keys", "Cannot delete entity, must delete access keys first."),
    ("signing_certificates", "Cannot delete entity, must delete signing certificates first."),
    ("ssh_keys", "Cannot delete entity, must delete SSH public keys first."),
    # AWS's wording for service-specific credentials (reported by users of DeleteUser).
    ("service_credentials", "Cannot delete entity, must remove referenced objects first."),
    ("mfa_devices", "Cannot delete entity, must delete MFA device first."),
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
    ("groups", "Cannot delete entity, must remove users from group first."),
)


@handler("iam", "DeleteUser")
def delete_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = get_user(call, p["UserName"])
    refuse_if_in_use(user, _USER_DEPENDENTS)
    set_boundary(call, user, None)
    call.account.users.remove(user)
    return {}


tag_operations("User", "UserName", get_user)


def boundary_operations(noun: str, param: str, lookup: Callable[[Call, str], Principal]) -> None:
    """Register Put<noun>PermissionsBoundary and Delete<noun>PermissionsBoundary."""

    @handler("iam", f"Put{noun}PermissionsBoundary")
    def put_boundary(call: Call, p: dict[str, Any]) -> dict[str, Any]:
        entity = lookup(call, p[param])
        set_boundary(call, entity, resolve_boundary(call, p["PermissionsBoundary"]))
        return {}

    @handler("iam", f"Delete{noun}PermissionsBoundary")
    def delete_boundary(call: Call, p: dict[str, Any]) -> dict[str, Any]:
        set_boundary(call, lookup(call, p[param]), None)
        return {}


boundary_operations("User", "UserName", get_user)
