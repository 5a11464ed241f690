"""IAM groups and their membership; Group.members and User.groups are kept in step."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, NoSuchEntity
from ..model.base import iam_arn
from ..model.groups import Group, GroupState
from ..model.users import User
from ..pagination import paginate, paginate_list
from ._common import get_user, path_filter, refuse_if_in_use


def groups_of(call: Call) -> GroupState:
    return call.account.state(GroupState)


def get_group(call: Call, name: str) -> Group:
    """The named group, or NoSuchEntity as AWS words it (shared with the group policy ops)."""
    group = groups_of(call).groups.get(name)
    if group is None:
        raise NoSuchEntity(f"The group with name {name} cannot be found.")
    return group


@handler("iam", "CreateGroup")
def create_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    table = groups_of(call).groups
    name, path = p["GroupName"], p.get("Path") or "/"
    if name in table:
        raise EntityAlreadyExists(f"Group with name {name} already exists.")
    call.account.quotas.check("Groups", len(table))
    group = Group(
        name=name,
        path=path,
        id=account.ids.unique_id("group"),
        arn=iam_arn(account, "group", path, name),
        create_date=call.now,
    )
    table.add(group)
    return {"Group": group.out()}


@handler("iam", "GetGroup")
def get_group_op(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    group = get_group(call, p["GroupName"])
    users = call.account.users
    members = [u for u in (users.by_id(i) for i in group.members) if u is not None]
    page, more = paginate_list(p, members, key=lambda u: u.name.lower())
    return {"Group": group.out(), "Users": [u.out() for u in page], **more}


@handler("iam", "ListGroups")
def list_groups(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    accept = path_filter(p)
    page, more = paginate(p, groups_of(call).groups.items_from, accept)
    return {"Groups": [g.out() for g in page], **more}


@handler("iam", "UpdateGroup")
def update_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    table = groups_of(call).groups
    group = get_group(call, p["GroupName"])
    new_name = p.get("NewGroupName") or group.name
    new_path = p.get("NewPath") or group.path
    other = table.get(new_name)
    if other is not None and other is not group:
        raise EntityAlreadyExists(f"Group with name {new_name} already exists.")
    old_name, old_arn = group.name, group.arn
    group.name, group.path = new_name, new_path
    group.arn = iam_arn(call.account, "group", new_path, new_name)
    table.reindex(group, old_name, old_arn)
    return {}


# What must be removed before a group can be deleted, in the order it is checked.
_GROUP_DEPENDENTS = (
    ("members", "Cannot delete entity, must remove users from group first."),
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
)


@handler("iam", "DeleteGroup")
def delete_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    group = get_group(call, p["GroupName"])
    refuse_if_in_use(group, _GROUP_DEPENDENTS)
    groups_of(call).groups.remove(group)
    return {}


@handler("iam", "AddUserToGroup")
def add_user_to_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    group = get_group(call, p["GroupName"])
    user = get_user(call, p["UserName"])
    if group.id in user.groups:
        return {}  # AWS treats adding a member again as success
    call.account.quotas.check("GroupsPerUserQuota", len(user.groups))
    user.groups[group.id] = None
    group.members[user.id] = None
    return {}


@handler("iam", "RemoveUserFromGroup")
def remove_user_from_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    # Recorded (2026): with neither the user nor the group present, the user is reported; a
    # user who is not a member is removed successfully (nothing changes).
    user = get_user(call, p["UserName"])
    group = get_group(call, p["GroupName"])
    group.members.pop(user.id, None)
    user.groups.pop(group.id, None)
    return {}


@handler("iam", "ListGroupsForUser")
def list_groups_for_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user: User = get_user(call, p["UserName"])
    table = groups_of(call).groups
    groups = [g for g in (table.by_id(i) for i in user.groups) if g is not None]
    page, more = paginate_list(p, groups, key=lambda g: g.name.lower())
    return {"Groups": [g.out() for g in page], **more}
