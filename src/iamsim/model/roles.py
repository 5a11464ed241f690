"""IAM roles (including service-linked roles) and instance profiles."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from pydantic import Field

from .base import Principal, Tagged
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class Role(Principal):
    assume_role_policy: str  # trust policy document text as submitted
    description: str | None = None
    max_session_duration: int = 3600
    last_used_date: _dt.datetime | None = None
    last_used_region: str | None = None
    instance_profiles: dict[str, None] = Field(default_factory=dict)  # instance profile IDs
    service_linked: bool = False


class RoleState:
    def __init__(self, account: Account) -> None:
        self.roles: Table[Role] = Table()


class InstanceProfile(Tagged):
    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: _dt.datetime
    roles: list[str] = Field(default_factory=list)  # role IDs (at most one, by quota)


class InstanceProfileState:
    def __init__(self, account: Account) -> None:
        self.profiles: Table[InstanceProfile] = Table()
