"""A decision and what explains it: the deciding policy type, matched statements, missing keys.

The policy-type labels are AWS's words in access-denied messages, which tools parse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from .positions import Position

PolicyType = Literal["identity", "resource", "boundary", "session", "scp", "rcp"]
Outcome = Literal["allowed", "explicitDeny", "implicitDeny"]

LABELS: dict[str, str] = {
    "identity": "identity-based policy",
    "resource": "resource-based policy",
    "boundary": "permissions boundary",
    "session": "session policy",
    "scp": "service control policy",
    "rcp": "resource control policy",
}


@dataclass(frozen=True)
class MatchedStatement:
    policy_id: str
    policy_type: PolicyType
    source: str  # inline, aws-managed, customer-managed... as the caller labelled the policy
    index: int  # 0-based position of the statement in its policy
    sid: str | None
    effect: str
    start: Position
    end: Position


@dataclass(frozen=True)
class Decision:
    """`policy_type`: for a deny, the type that denied (explicitly, or by having no allow);
    for an allow, the type that granted ("identity" or "resource").

    `matched_statements`: the Deny statements that apply for an explicit deny, the Allow
    statements that apply otherwise (also for an implicit deny, where some policy types
    allowed and one did not). `missing_context_values`: keys the evaluated statements looked
    up (conditions and policy variables) and the request did not carry, in first-seen order;
    `missing_by_type` splits them by policy type (the simulator leaves out SCP-only keys).
    `type_decisions`: each policy type that took part and its own outcome.
    """

    decision: Outcome
    policy_type: PolicyType | None
    matched_statements: tuple[MatchedStatement, ...] = ()
    missing_context_values: tuple[str, ...] = ()
    missing_by_type: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    type_decisions: Mapping[str, Outcome] = field(default_factory=dict)

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"

    @property
    def policy_type_label(self) -> str | None:
        return None if self.policy_type is None else LABELS[self.policy_type]

    @property
    def denying_statement(self) -> MatchedStatement | None:
        """For an explicit deny: the first Deny statement of the type named in the message
        (its policy is the one AWS now appends to the message)."""
        if self.decision != "explicitDeny":
            return None
        return next((m for m in self.matched_statements if m.policy_type == self.policy_type),
                    None)


def _article(label: str) -> str:
    return ("an " if label[0] in "aeiou" else "a ") + label


def denial_reason(decision: Decision, action: str, policy_arn: str | None = None) -> str:
    """The tail of AWS's AccessDenied message: `because no identity-based policy allows the
    iam:CreateUser action` or `with an explicit deny in an identity-based policy`.

    `policy_arn`: since January 2026 AWS appends `: <policy ARN>` to explicit-deny messages
    in same-account and same-organization cases (AWS Security Blog, "enhanced access denied
    error messages with policy ARNs"); the caller knows when that applies and which ARN
    the denying statement's policy has.
    """
    label = decision.policy_type_label or LABELS["identity"]
    if decision.decision == "explicitDeny":
        tail = f": {policy_arn}" if policy_arn else ""
        return f"with an explicit deny in {_article(label)}{tail}"
    return f"because no {label} allows the {action} action"
