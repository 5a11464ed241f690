"""The AWS managed policy catalog, loaded on first use.

TODO(catalog helper): load the packaged data file. The interface below is what handlers call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model.policies import ManagedPolicy


def aws_policy_arns() -> list[str]:
    """ARNs of every AWS managed policy, in ListPolicies order."""
    return []


def build_aws_policy(arn: str) -> ManagedPolicy | None:
    """A fresh entity for the AWS managed policy `arn`, or None if AWS has no such policy."""
    return None
