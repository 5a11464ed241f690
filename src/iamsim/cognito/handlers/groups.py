"""Groups: Create/Get/Update/Delete/ListGroups and memberships. Groups drive the
cognito:groups, cognito:roles and cognito:preferred_role claims (tokens.py)."""

from __future__ import annotations

from typing import Any

from ...dispatch import Call, handler
from .. import common as C
from .. import errors as E
from ..model import Group, UserPool

S = "cognito-idp"


def _group(pool: UserPool, name: str) -> Group:
    g = pool.groups.get(name)
    if g is None:
        raise E.ResourceNotFound("Group not found.")
    return g


def _view(g: Group) -> dict[str, Any]:
    out: dict[str, Any] = {"GroupName": g.name, "UserPoolId": g.pool_id}
    if g.description is not None:
        out["Description"] = g.description
    if g.role_arn is not None:
        out["RoleArn"] = g.role_arn
    if g.precedence is not None:
        out["Precedence"] = g.precedence
    out.update({"LastModifiedDate": g.modified, "CreationDate": g.created})
    return out


@handler(S, "CreateGroup")
def create_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    if p["GroupName"] in pool.groups:
        raise E.GroupExists("A group with the name already exists.")
    g = Group(p["GroupName"], pool.id, p.get("Description"), p.get("RoleArn"),
              p.get("Precedence"), call.now, call.now)
    pool.groups[g.name] = g
    return {"Group": _view(g)}


@handler(S, "GetGroup")
def get_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"Group": _view(_group(C.pool_of(call, p["UserPoolId"]), p["GroupName"]))}


@handler(S, "UpdateGroup")
def update_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    g = _group(C.pool_of(call, p["UserPoolId"]), p["GroupName"])
    for member, attr in (("Description", "description"), ("RoleArn", "role_arn"),
                         ("Precedence", "precedence")):
        if member in p:
            setattr(g, attr, p[member])
    g.modified = call.now
    return {"Group": _view(g)}


@handler(S, "DeleteGroup")
def delete_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    g = _group(pool, p["GroupName"])
    del pool.groups[g.name]
    for user in pool.users.values():
        user.groups.discard(g.name)
    return {}


@handler(S, "ListGroups")
def list_groups(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    items, token = C.page(p, [(g.name, g) for g in pool.groups.values()], "NextToken", "Limit")
    out: dict[str, Any] = {"Groups": [_view(g) for g in items]}
    if token:
        out["NextToken"] = token
    return out


@handler(S, "AdminAddUserToGroup")
def admin_add_user_to_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    g = _group(pool, p["GroupName"])
    C.user_of(pool, p["Username"]).groups.add(g.name)
    return {}


@handler(S, "AdminRemoveUserFromGroup")
def admin_remove_user_from_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    g = _group(pool, p["GroupName"])
    C.user_of(pool, p["Username"]).groups.discard(g.name)
    return {}


@handler(S, "AdminListGroupsForUser")
def admin_list_groups_for_user(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    user = C.user_of(pool, p["Username"])
    pairs = [(n, pool.groups[n]) for n in user.groups if n in pool.groups]
    items, token = C.page(p, pairs, "NextToken", "Limit")
    out: dict[str, Any] = {"Groups": [_view(g) for g in items]}
    if token:
        out["NextToken"] = token
    return out


@handler(S, "ListUsersInGroup")
def list_users_in_group(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    pool = C.pool_of(call, p["UserPoolId"])
    g = _group(pool, p["GroupName"])
    pairs = [(k, u) for k, u in pool.users.items() if g.name in u.groups]
    items, token = C.page(p, pairs, "NextToken", "Limit")
    out: dict[str, Any] = {"Users": [C.user_view(u) for u in items]}
    if token:
        out["NextToken"] = token
    return out
