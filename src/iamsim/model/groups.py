"""IAM groups."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from .base import Record, Timestamp
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class Group(Record):
    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: Timestamp
    members: dict[str, None] = Field(default_factory=dict)  # user IDs, in joining order
    inline_policies: dict[str, str] = Field(default_factory=dict)  # name -> document text
    attached_policies: dict[str, None] = Field(default_factory=dict)  # policy ARNs

    def out(self) -> dict[str, Any]:
        return {
            "Path": self.path,
            "GroupName": self.name,
            "GroupId": self.id,
            "Arn": self.arn,
            "CreateDate": self.create_date,
        }


class GroupState:
    def __init__(self, account: Account) -> None:
        self.groups: Table[Group] = Table()
