"""The AWS managed policy catalog, loaded on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.policies import ManagedPolicy


def build_aws_policy(arn: str) -> ManagedPolicy | None:
    """A fresh entity for the AWS managed policy `arn`, or None if AWS has no such policy."""
    return None
