"""IAM users and the credentials that hang off them."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .base import Principal, Record, Timestamp


class LoginProfile(Record):
    password: str
    create_date: Timestamp
    password_reset_required: bool = False
    max_signin_session_duration: int | None = None  # botocore 1.44.8; None: unset


class AccessKey(Record):
    id: str
    secret: str
    user_id: str | None  # None: a root access key
    status: str = "Active"
    create_date: Timestamp
    last_used_date: Timestamp | None = None
    last_used_service: str | None = None
    last_used_region: str | None = None


class User(Principal):
    password_last_used: Timestamp | None = None
    login_profile: LoginProfile | None = None
    access_keys: dict[str, AccessKey] = Field(default_factory=dict)
    groups: dict[str, None] = Field(default_factory=dict)  # ordered set of group IDs
    mfa_devices: dict[str, Any] = Field(default_factory=dict)  # serial number -> device
    ssh_keys: dict[str, Any] = Field(default_factory=dict)
    signing_certificates: dict[str, Any] = Field(default_factory=dict)
    service_credentials: dict[str, Any] = Field(default_factory=dict)

    def out(self, with_tags: bool = False, with_boundary: bool = True) -> dict[str, Any]:
        """The User structure of GetUser/CreateUser/ListUsers (ListUsers documents that it
        leaves out PermissionsBoundary and Tags)."""
        d: dict[str, Any] = {
            "Path": self.path,
            "UserName": self.name,
            "UserId": self.id,
            "Arn": self.arn,
            "CreateDate": self.create_date,
        }
        if self.password_last_used is not None:
            d["PasswordLastUsed"] = self.password_last_used
        b = self.boundary_out() if with_boundary else None
        if b is not None:
            d["PermissionsBoundary"] = b
        if with_tags and self.tags:
            d["Tags"] = self.tag_list()
        return d
