"""IAM roles (including service-linked roles) and instance profiles."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from ..policy.document import encode_for_response
from .base import Principal, Tagged, Timestamp
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class Role(Principal):
    assume_role_policy: str  # trust policy document text as submitted
    description: str | None = None
    max_session_duration: int = 3600
    max_signin_session_duration: int | None = None  # botocore 1.44.8; None: unset
    last_used_date: Timestamp | None = None
    last_used_region: str | None = None
    instance_profiles: dict[str, None] = Field(default_factory=dict)  # instance profile IDs
    service_linked: bool = False
    service_name: str | None = None  # the AWS service principal of a service-linked role

    def core(self) -> dict[str, Any]:
        """Members every Role structure carries (as in instance profiles' Roles lists)."""
        return {
            "Path": self.path,
            "RoleName": self.name,
            "RoleId": self.id,
            "Arn": self.arn,
            "CreateDate": self.create_date,
            "AssumeRolePolicyDocument": encode_for_response(self.assume_role_policy),
        }

    def out(self, view: str = "get") -> dict[str, Any]:
        """The Role structure as each operation returns it.

        "create": CreateRole (no Description, MaxSessionDuration or RoleLastUsed, recorded 2026);
        "described": UpdateRoleDescription (recorded 2026) and CreateServiceLinkedRole: as
        "create", with the Description;
        "list": ListRoles (AWS leaves out PermissionsBoundary, Tags and RoleLastUsed);
        "get": GetRole (everything, RoleLastUsed {} when never used).
        """
        d = self.core()
        if self.description and view != "create":
            d["Description"] = self.description
        if view in ("list", "get"):
            d["MaxSessionDuration"] = self.max_session_duration
            # Omitted while unset (Role shape documentation); left out of CreateRole's
            # response like MaxSessionDuration (iamsim's choice: no recorded response).
            if self.max_signin_session_duration is not None:
                d["MaxSigninSessionDuration"] = self.max_signin_session_duration
        if view == "list":
            return d
        b = self.boundary_out()
        if b is not None:
            d["PermissionsBoundary"] = b
        if self.tags:
            d["Tags"] = self.tag_list()
        if view == "get":
            d["RoleLastUsed"] = self.last_used_out()
        return d

    def last_used_out(self) -> dict[str, Any]:
        used: dict[str, Any] = {}
        if self.last_used_date is not None:
            used["LastUsedDate"] = self.last_used_date
            if self.last_used_region:
                used["Region"] = self.last_used_region
        return used


class RoleState:
    def __init__(self, account: Account) -> None:
        self.roles: Table[Role] = Table()
        # DeleteServiceLinkedRole task id -> status, for GetServiceLinkedRoleDeletionStatus.
        self.deletion_tasks: dict[str, str] = {}


class InstanceProfile(Tagged):
    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: Timestamp
    roles: list[str] = Field(default_factory=list)  # role IDs (at most one, by quota)


class InstanceProfileState:
    def __init__(self, account: Account) -> None:
        self.profiles: Table[InstanceProfile] = Table()
