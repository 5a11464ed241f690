"""GetAccountAuthorizationDetails: users, groups, roles and managed policies with everything
that grants them permissions, in one listing paginated across the combined lists.

Sections come in AWS's order (users, groups, roles, policies); the marker key is the section
number and the entity's listing key, so a page starts anywhere without a scan. AWS managed
policies are reported only while attached to something in the account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..dispatch import Call, handler
from ..model.account import Account
from ..model.groups import Group, GroupState
from ..model.policies import ManagedPolicy, PolicyState
from ..model.roles import InstanceProfileState, Role, RoleState
from ..model.users import User
from ..pagination import paginate
from ..policy.document import encode_for_response
from .instance_profiles import profile_out

Source = Callable[[str | None], Iterable[tuple[str, Any]]]


def _policy_name(account: Account, arn: str) -> str:
    if account.has_state(PolicyState):
        policies = account.state(PolicyState)
        p = policies.customer.by_arn(arn) or policies.cached_aws(arn)
        if p is not None:
            return p.name
    return arn.rsplit("/", 1)[-1]


def _attached(account: Account, arns: Iterable[str]) -> list[dict[str, str]]:
    return [{"PolicyName": _policy_name(account, a), "PolicyArn": a} for a in arns]


def _inline(policies: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"PolicyName": name, "PolicyDocument": encode_for_response(doc)}
        for name, doc in sorted(policies.items())
    ]


def _user(call: Call, u: User) -> dict[str, Any]:
    account = call.account
    groups = account.state(GroupState).groups if account.has_state(GroupState) else None
    names = [g.name for g in (groups.by_id(i) for i in u.groups) if g is not None] if (
        groups is not None) else []
    d: dict[str, Any] = {
        "Path": u.path, "UserName": u.name, "UserId": u.id, "Arn": u.arn,
        "CreateDate": u.create_date,
    }
    # A user without inline policies has no UserPolicyList (recorded 2026); groups' and
    # roles' policy lists are always there.
    if u.inline_policies:
        d["UserPolicyList"] = _inline(u.inline_policies)
    d |= {
        "GroupList": names,
        "AttachedManagedPolicies": _attached(account, u.attached_policies),
    }
    b = u.boundary_out()
    if b is not None:
        d["PermissionsBoundary"] = b
    d["Tags"] = u.tag_list()
    return d


def _group(call: Call, g: Group) -> dict[str, Any]:
    return {
        **g.out(),
        "GroupPolicyList": _inline(g.inline_policies),
        "AttachedManagedPolicies": _attached(call.account, g.attached_policies),
    }


def _role(call: Call, r: Role) -> dict[str, Any]:
    account = call.account
    profiles = []
    if account.has_state(InstanceProfileState):
        table = account.state(InstanceProfileState).profiles
        found = (table.by_id(i) for i in r.instance_profiles)
        profiles = [profile_out(call, ip, with_tags=True) for ip in found if ip is not None]
    d: dict[str, Any] = {
        **r.core(),
        "InstanceProfileList": profiles,
        "RolePolicyList": _inline(r.inline_policies),
        "AttachedManagedPolicies": _attached(account, r.attached_policies),
    }
    b = r.boundary_out()
    if b is not None:
        d["PermissionsBoundary"] = b
    d["Tags"] = r.tag_list()
    d["RoleLastUsed"] = r.last_used_out()
    return d


def _policy(call: Call, p: ManagedPolicy) -> dict[str, Any]:
    if p.aws_managed:
        # Every version, the older ones too (recorded 2026 for an attached AWS policy).
        from ..data.managed_policies import add_older_versions

        add_older_versions(p)
    d = p.out(description=True, tags=False)
    d["PolicyVersionList"] = [p.version_out(v, document=True) for v in p.versions.values()]
    return d


def _table_source(table: Any) -> Source:
    return lambda start: table.items_from(start)


def _sorted_source(items: list[tuple[str, Any]]) -> Source:
    items.sort(key=lambda kv: kv[0])
    return lambda start: (kv for kv in items if start is None or kv[0] >= start)


def _sections(call: Call, wanted: set[str]) -> list[tuple[str, str, Source]]:
    """(section key, output list, source of (key, entity)) in AWS's order."""
    account = call.account
    out: list[tuple[str, str, Source]] = []
    if "User" in wanted:
        out.append(("1", "UserDetailList", _table_source(account.users)))
    if "Group" in wanted and account.has_state(GroupState):
        out.append(("2", "GroupDetailList", _table_source(account.state(GroupState).groups)))
    if "Role" in wanted and account.has_state(RoleState):
        out.append(("3", "RoleDetailList", _table_source(account.state(RoleState).roles)))
    if account.has_state(PolicyState):
        policies = account.state(PolicyState)
        if "LocalManagedPolicy" in wanted:
            out.append(("4", "Policies", _table_source(policies.customer)))
        if "AWSManagedPolicy" in wanted:
            attached = [(p.arn, p) for p in policies.aws.values() if p.attachment_count > 0]
            out.append(("5", "Policies", _sorted_source(attached)))
    return out


def _combined(sections: list[tuple[str, str, Source]]) -> Callable[
        [str | None], Iterator[tuple[str, tuple[str, Any]]]]:
    def items_from(start: str | None) -> Iterator[tuple[str, tuple[str, Any]]]:
        sec_start, _, key_start = (start or "").partition("|")
        for sec, member, source in sections:
            if start is not None and sec < sec_start:
                continue
            inner = key_start if start is not None and sec == sec_start else None
            for key, entity in source(inner):
                yield f"{sec}|{key}", (member, entity)
    return items_from


_FILTERS = {"User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"}
_BUILD: dict[str, Callable[[Call, Any], dict[str, Any]]] = {
    "UserDetailList": _user,
    "GroupDetailList": _group,
    "RoleDetailList": _role,
    "Policies": _policy,
}


@handler("iam", "GetAccountAuthorizationDetails")
def get_account_authorization_details(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    wanted = set(p.get("Filter") or []) or _FILTERS
    page, more = paginate(p, _combined(_sections(call, wanted)))
    out: dict[str, Any] = {
        "UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [], "Policies": []
    }
    for member, entity in page:
        out[member].append(_BUILD[member](call, entity))
    return {**out, **more}
