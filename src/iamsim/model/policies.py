"""Managed policies (customer managed and AWS managed) as entities other families reference."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from pydantic import Field

from .base import Record, Tagged
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class PolicyVersion(Record):
    version_id: str
    document: str  # the JSON text as submitted
    create_date: _dt.datetime


class ManagedPolicy(Tagged):
    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: _dt.datetime
    update_date: _dt.datetime
    description: str | None = None
    default_version_id: str = "v1"
    versions: dict[str, PolicyVersion] = Field(default_factory=dict)
    next_version: int = 2
    aws_managed: bool = False
    is_attachable: bool = True
    # IDs of the users, groups and roles it is attached to / bounds, in attachment order.
    attached_users: dict[str, None] = Field(default_factory=dict)
    attached_groups: dict[str, None] = Field(default_factory=dict)
    attached_roles: dict[str, None] = Field(default_factory=dict)
    boundary_of: dict[str, None] = Field(default_factory=dict)

    @property
    def attachment_count(self) -> int:
        return len(self.attached_users) + len(self.attached_groups) + len(self.attached_roles)


class PolicyState:
    """Customer managed policies of the account, and the AWS managed ones it has touched."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.customer: Table[ManagedPolicy] = Table()
        self.aws: dict[str, ManagedPolicy] = {}

    def get(self, arn: str) -> ManagedPolicy | None:
        p = self.customer.by_arn(arn)
        if p is not None:
            return p
        if arn.startswith("arn:aws:iam::aws:policy/"):
            return self.aws_policy(arn)
        return None

    def aws_policy(self, arn: str) -> ManagedPolicy | None:
        """An AWS managed policy as this account sees it (its own attachment counts)."""
        p = self.aws.get(arn)
        if p is None:
            from ..data.managed_policies import build_aws_policy

            p = build_aws_policy(arn)
            if p is not None:
                self.aws[arn] = p
        return p
