"""Instance profiles: the container EC2 uses to pass one role to an instance.

InstanceProfile.roles and Role.instance_profiles hold each other's IDs and change together.
"""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import DeleteConflict, EntityAlreadyExists, NoSuchEntity
from ..model.base import iam_arn
from ..model.roles import InstanceProfile, InstanceProfileState, Role, RoleState
from ..pagination import paginate, paginate_list
from ._common import path_filter, tags_in
from ._tags import tag_operations
from .roles import get_role, protected


def profiles_of(call: Call) -> InstanceProfileState:
    return call.account.state(InstanceProfileState)


def get_profile(call: Call, name: str) -> InstanceProfile:
    profile = profiles_of(call).profiles.get(name)
    if profile is None:
        raise NoSuchEntity(f"Instance Profile {name} cannot be found.")
    return profile


def profile_out(call: Call, profile: InstanceProfile, with_tags: bool = False,
                empty_tags: bool = False) -> dict[str, Any]:
    """The InstanceProfile structure; its roles carry the members ListRoles' core has."""
    roles = call.account.state(RoleState).roles
    members = [r for r in (roles.by_id(i) for i in profile.roles) if r is not None]
    d: dict[str, Any] = {
        "Path": profile.path,
        "InstanceProfileName": profile.name,
        "InstanceProfileId": profile.id,
        "Arn": profile.arn,
        "CreateDate": profile.create_date,
        "Roles": [r.core() for r in members],
    }
    if with_tags and (profile.tags or empty_tags):
        d["Tags"] = profile.tag_list()
    return d


@handler("iam", "CreateInstanceProfile")
def create_instance_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    table = profiles_of(call).profiles
    name, path = p["InstanceProfileName"], p.get("Path") or "/"
    if name in table:
        raise EntityAlreadyExists(f"Instance Profile {name} already exists.")
    tags = tags_in(p)
    call.account.quotas.check("InstanceProfiles", len(table))
    account.quotas.check("TagsPerEntity", len(tags), 0)
    profile = InstanceProfile(
        name=name,
        path=path,
        id=account.ids.unique_id("instance-profile"),
        arn=iam_arn(account, "instance-profile", path, name),
        create_date=call.now,
        tags=tags,
    )
    table.add(profile)
    return {"InstanceProfile": profile_out(call, profile, with_tags=True)}


@handler("iam", "GetInstanceProfile")
def get_instance_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    profile = get_profile(call, p["InstanceProfileName"])
    # GetInstanceProfile has Tags even when empty (recorded 2026).
    return {"InstanceProfile": profile_out(call, profile, with_tags=True, empty_tags=True)}


@handler("iam", "ListInstanceProfiles")
def list_instance_profiles(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    accept = path_filter(p)
    page, more = paginate(p, profiles_of(call).profiles.items_from, accept)
    return {"InstanceProfiles": [profile_out(call, ip) for ip in page], **more}


@handler("iam", "ListInstanceProfilesForRole")
def list_instance_profiles_for_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    role = get_role(call, p["RoleName"])
    table = profiles_of(call).profiles
    found = [ip for ip in (table.by_id(i) for i in role.instance_profiles) if ip is not None]
    page, more = paginate_list(p, found, key=lambda ip: ip.name.lower())
    return {"InstanceProfiles": [profile_out(call, ip) for ip in page], **more}


@handler("iam", "DeleteInstanceProfile")
def delete_instance_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    profile = get_profile(call, p["InstanceProfileName"])
    if profile.roles:
        raise DeleteConflict("Cannot delete entity, must remove roles from instance profile first.")
    profiles_of(call).profiles.remove(profile)
    return {}


def _role_for_profile(call: Call, name: str) -> Role:
    role = get_role(call, name)
    if role.service_linked:
        raise protected(role)
    return role


@handler("iam", "AddRoleToInstanceProfile")
def add_role_to_instance_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    profile = get_profile(call, p["InstanceProfileName"])
    role = _role_for_profile(call, p["RoleName"])
    call.account.quotas.check("InstanceSessionsPerInstanceProfile", len(profile.roles))
    profile.roles.append(role.id)
    role.instance_profiles[profile.id] = None
    return {}


@handler("iam", "RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    profile = get_profile(call, p["InstanceProfileName"])
    role = _role_for_profile(call, p["RoleName"])
    if role.id not in profile.roles:
        raise NoSuchEntity(f"The role with name {role.name} cannot be found.")
    profile.roles.remove(role.id)
    role.instance_profiles.pop(profile.id, None)
    return {}


tag_operations("InstanceProfile", "InstanceProfileName", get_profile)
