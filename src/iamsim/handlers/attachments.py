"""Managed policy attachments to users, groups and roles.

Both sides record an attachment: the entity's `attached_policies` (policy ARNs) and the
policy's `attached_users` / `attached_groups` / `attached_roles` (entity IDs). Every change
goes through `_attach` / `_detach`, which keep them in step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from ..dispatch import Call, handler
from ..errors import NoSuchEntity
from ..model.policies import PolicyState
from ..pagination import paginate_list
from ._common import attachable_policy, check_arn, get_user
from .groups import get_group
from .roles import get_role, modifiable_role


class Family(NamedTuple):
    name_param: str
    quota: str
    quota_name: str  # as AWS's LimitExceeded message names it
    side: str  # the ManagedPolicy field that lists this kind's IDs
    read: Callable[[Call, str], Any]
    write: Callable[[Call, str], Any]


USER = Family("UserName", "AttachedPoliciesPerUserQuota", "PoliciesPerUser",
              "attached_users", get_user, get_user)
GROUP = Family("GroupName", "AttachedPoliciesPerGroupQuota", "PoliciesPerGroup",
               "attached_groups", get_group, get_group)
ROLE = Family("RoleName", "AttachedPoliciesPerRoleQuota", "PoliciesPerRole",
              "attached_roles", get_role, modifiable_role)


def _attach(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.write(call, p[f.name_param])
    arn = p["PolicyArn"]
    policy = attachable_policy(call, arn)
    if arn in entity.attached_policies:
        return {}  # attaching again changes nothing, as in AWS
    limit = call.account.quotas[f.quota]
    call.account.quotas.check(
        f.quota, len(entity.attached_policies),
        message=f"Cannot exceed quota for {f.quota_name}: {limit}",
    )
    entity.attached_policies[arn] = None
    getattr(policy, f.side)[entity.id] = None
    return {}


def _detach(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.write(call, p[f.name_param])
    arn = p["PolicyArn"]
    check_arn(arn)
    if arn not in entity.attached_policies:
        raise NoSuchEntity(f"Policy {arn} was not found.")
    policy = call.account.state(PolicyState).get(arn)
    del entity.attached_policies[arn]
    if policy is not None:
        getattr(policy, f.side).pop(entity.id, None)
    return {}


def _list(f: Family, call: Call, p: dict[str, Any]) -> dict[str, Any]:
    entity = f.read(call, p[f.name_param])
    prefix = p.get("PathPrefix") or "/"
    state = call.account.state(PolicyState)
    found: list[tuple[str, str, str]] = []  # (name, ARN, path)
    for arn in entity.attached_policies:
        pol = state.get(arn)
        if pol is not None:
            found.append((pol.name, pol.arn, pol.path))
        elif ":policy/" in arn:
            # An AWS managed policy a service attached that the catalog does not carry (a
            # service-linked role's): listed by its ARN's name and path.
            rest = arn.split(":policy", 1)[1]
            found.append((rest.rsplit("/", 1)[1], arn, rest[: rest.rfind("/") + 1]))
    chosen = [t for t in found if t[2].startswith(prefix)]
    page, more = paginate_list(p, chosen, key=lambda t: f"{t[0].lower()}\x00{t[1]}")
    return {
        "AttachedPolicies": [{"PolicyName": name, "PolicyArn": arn} for name, arn, _ in page],
        **more,
    }


@handler("iam", "AttachUserPolicy")
def attach_user_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _attach(USER, call, p)


@handler("iam", "DetachUserPolicy")
def detach_user_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _detach(USER, call, p)


@handler("iam", "ListAttachedUserPolicies")
def list_attached_user_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(USER, call, p)


@handler("iam", "AttachGroupPolicy")
def attach_group_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _attach(GROUP, call, p)


@handler("iam", "DetachGroupPolicy")
def detach_group_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _detach(GROUP, call, p)


@handler("iam", "ListAttachedGroupPolicies")
def list_attached_group_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(GROUP, call, p)


@handler("iam", "AttachRolePolicy")
def attach_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _attach(ROLE, call, p)


@handler("iam", "DetachRolePolicy")
def detach_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _detach(ROLE, call, p)


@handler("iam", "ListAttachedRolePolicies")
def list_attached_role_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return _list(ROLE, call, p)
