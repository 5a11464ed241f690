"""IAM roles: create, read, list, update, delete, trust policies, tags and boundaries.

Service-linked roles live in the same table but only AWS may change them: every ordinary
mutation goes through `modifiable_role`, which refuses them with UnmodifiableEntity.
"""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import (
    EntityAlreadyExists,
    LimitExceeded,
    NoSuchEntity,
    UnmodifiableEntity,
)
from ..model.base import iam_arn
from ..model.roles import Role, RoleState
from ..pagination import paginate
from ..partitions import check_document_partition
from ..policy.document import (
    PolicyDocument,
    invalid_principal,
    policy_size,
    validate_document,
)
from ._common import path_filter, refuse_if_in_use, signin_duration_update, tags_in
from ._tags import tag_operations
from .users import boundary_operations, resolve_boundary, set_boundary


def roles_of(call: Call) -> RoleState:
    return call.account.state(RoleState)


def get_role(call: Call, name: str) -> Role:
    """The named role, or NoSuchEntity as AWS words it."""
    role = roles_of(call).roles.get(name)
    if role is None:
        raise NoSuchEntity(f"The role with name {name} cannot be found.")
    return role


def protected(role: Role) -> UnmodifiableEntity:
    return UnmodifiableEntity(
        f"Cannot perform the operation on the protected role '{role.name}' - "
        "this role is only modifiable by AWS"
    )


def modifiable_role(call: Call, name: str) -> Role:
    """The named role for an operation that changes it; service-linked roles are refused.

    Other families that change roles (inline policies, attachments) call this too.
    """
    role = get_role(call, name)
    if role.service_linked:
        raise protected(role)
    return role


def _check_principals_exist(call: Call, doc: PolicyDocument) -> None:
    """IAM turns user and role principals into their unique IDs when it saves a trust
    policy, so one naming a user or role of this account that does not exist is refused
    (as is a role trusting itself before it exists)."""
    account = call.account
    for st in doc.statements:
        for value in (st.principals or {}).get("AWS", ()):
            parts = value.split(":", 5)
            if len(parts) != 6 or parts[2] != "iam" or parts[4] != account.id or "*" in value:
                continue
            kind, _, rest = parts[5].partition("/")
            name = rest.rsplit("/", 1)[-1]
            if kind == "user":
                exists = account.users.get(name) is not None
            elif kind == "role":
                exists = roles_of(call).roles.get(name) is not None
            else:
                continue
            if not exists:
                raise invalid_principal("AWS", value)


def checked_trust_policy(call: Call, text: str) -> str:
    """Validate a trust policy (grammar, principals of this account, then the account's
    trust policy size quota)."""
    doc = validate_document(text, "trust")
    check_document_partition(doc, call.account.partition, trust=True)
    _check_principals_exist(call, doc)
    limit = call.account.quotas["AssumeRolePolicySizeQuota"]
    if policy_size(text) > limit:
        raise LimitExceeded(f"Cannot exceed quota for ACLSizePerRole: {limit}")
    return text


def new_role(call: Call, name: str, path: str, trust: str, **fields: Any) -> Role:
    """Build and store a role after the checks every creator shares (name, quota)."""
    account = call.account
    table = roles_of(call).roles
    if name in table:
        raise EntityAlreadyExists(f"Role with name {name} already exists.")
    call.account.quotas.check("Roles", len(table))
    role = Role(
        name=name,
        path=path,
        id=account.ids.unique_id("role"),
        arn=iam_arn(account, "role", path, name),
        create_date=call.now,
        assume_role_policy=trust,
        **fields,
    )
    table.add(role)
    return role


@handler("iam", "CreateRole")
def create_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    name, path = p["RoleName"], p.get("Path") or "/"
    if name in roles_of(call).roles:
        raise EntityAlreadyExists(f"Role with name {name} already exists.")
    trust = checked_trust_policy(call, p["AssumeRolePolicyDocument"])
    tags = tags_in(p)
    account.quotas.check("TagsPerEntity", len(tags), 0)
    boundary = p.get("PermissionsBoundary")
    if boundary:
        resolve_boundary(call, boundary)
    fields: dict[str, Any] = {"tags": tags, "description": p.get("Description") or None}
    if p.get("MaxSessionDuration") is not None:
        fields["max_session_duration"] = p["MaxSessionDuration"]
    if p.get("MaxSigninSessionDuration") is not None:
        fields["max_signin_session_duration"] = p["MaxSigninSessionDuration"]
    role = new_role(call, name, path, trust, **fields)
    if boundary:
        set_boundary(call, role, boundary)
    return {"Role": role.out("create")}


@handler("iam", "GetRole")
def get_role_op(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"Role": get_role(call, p["RoleName"]).out("get")}


@handler("iam", "ListRoles")
def list_roles(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    accept = path_filter(p)
    page, more = paginate(p, roles_of(call).roles.items_from, accept)
    return {"Roles": [r.out("list") for r in page], **more}


@handler("iam", "UpdateRole")
def update_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    role = modifiable_role(call, p["RoleName"])
    signin = signin_duration_update(p, role.max_signin_session_duration)
    if "Description" in p:
        role.description = p["Description"] or None
    if p.get("MaxSessionDuration") is not None:
        role.max_session_duration = p["MaxSessionDuration"]
    role.max_signin_session_duration = signin
    return {}



@handler("iam", "UpdateRoleDescription")
def update_role_description(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    role = modifiable_role(call, p["RoleName"])
    role.description = p["Description"] or None
    return {"Role": role.out("described")}


@handler("iam", "UpdateAssumeRolePolicy")
def update_assume_role_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    role = modifiable_role(call, p["RoleName"])
    role.assume_role_policy = checked_trust_policy(call, p["PolicyDocument"])
    return {}


# What must be removed before a role can be deleted, in the order it is checked.
_ROLE_DEPENDENTS = (
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
    ("instance_profiles", "Cannot delete entity, must remove roles from instance profile first."),
)


def remove_role(call: Call, role: Role) -> None:
    """Delete a role that has no dependents, dropping its boundary reference."""
    refuse_if_in_use(role, _ROLE_DEPENDENTS)
    set_boundary(call, role, None)
    roles_of(call).roles.remove(role)


@handler("iam", "DeleteRole")
def delete_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    remove_role(call, modifiable_role(call, p["RoleName"]))
    return {}


tag_operations("Role", "RoleName", get_role)


boundary_operations("Role", "RoleName", modifiable_role)
