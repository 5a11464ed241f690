"""Pieces every entity family shares: tags, permissions boundaries, ARNs."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SkipValidation

if TYPE_CHECKING:
    from .account import Account

# Timestamps come from the clock, already valid. Skipping their validation also keeps models
# usable when their classes were first built under freezegun (annotations then resolve to
# FakeDatetime, which would reject real datetimes once the clock is unfrozen).
Timestamp = Annotated[_dt.datetime, SkipValidation]


class Record(BaseModel):
    """Base for stored entities: mutable, no copying on access, arbitrary helper types allowed."""

    model_config = ConfigDict(validate_assignment=False, arbitrary_types_allowed=True)


class Tagged(Record):
    """Tags keep insertion order, as AWS returns them; keys are case-sensitive."""

    tags: dict[str, str] = Field(default_factory=dict)

    def tag_list(self) -> list[dict[str, str]]:
        return [{"Key": k, "Value": v} for k, v in self.tags.items()]


class Principal(Tagged):
    """A user or role: both carry a path, id, ARN, boundary and policies."""

    name: str
    path: str = "/"
    id: str
    arn: str
    create_date: Timestamp
    permissions_boundary: str | None = None
    inline_policies: dict[str, str] = Field(default_factory=dict)
    attached_policies: dict[str, None] = Field(default_factory=dict)  # ordered set of ARNs

    def boundary_out(self) -> dict[str, Any] | None:
        if self.permissions_boundary is None:
            return None
        return {
            # AWS answers "Policy", not the model's enum value (AWS CLI reference examples).
            "PermissionsBoundaryType": "Policy",
            "PermissionsBoundaryArn": self.permissions_boundary,
        }


def iam_arn(account: Account, kind: str, path: str, name: str) -> str:
    return account.arn("iam", f"{kind}{path}{name}")
