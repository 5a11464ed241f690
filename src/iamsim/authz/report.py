"""Report mode: every authorization decision of a scope, kept for the test to read.

`mock_iam(enforce="report")` decides each call as enforcement does but refuses nothing (the
trust policy of a role still decides AssumeRole, as it does without enforcement). What was
decided answers "which permissions does my code need?": `sim.decisions` holds the records,
`permissions()` the actions and resources they used, `policy()` a least-privilege policy
document that allows exactly those.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..policy import Decision, denial_reason

if TYPE_CHECKING:
    from ..model.account import Account
    from .principal import Identity


@dataclass(frozen=True)
class AuthorizationRecord:
    """One decision. `decision`: "allowed", "explicitDeny" or "implicitDeny". `policy`: the
    deciding policy (a managed policy's ARN; an inline policy's `<user|role|group>_<name>_
    <policy>`; a resource policy's kind) when one decided by its statement, None for an
    implicit deny; `policy_type`: AWS's label of its type ("identity-based policy"...);
    `message`: AWS's access-denied text for a denial."""

    principal: str
    action: str
    resource: str
    decision: str
    policy: str | None
    policy_type: str | None
    service: str
    operation: str
    account: str
    region: str
    message: str | None = None

    @property
    def allowed(self) -> bool:
        return self.decision == "allowed"


class DecisionLog:
    """The decisions of a scope in the order they were made (thread-safe to append)."""

    def __init__(self) -> None:
        self._records: list[AuthorizationRecord] = []
        self._lock = threading.Lock()

    def __iter__(self) -> Iterator[AuthorizationRecord]:
        return iter(list(self._records))

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, i: int) -> AuthorizationRecord:
        return self._records[i]

    def __repr__(self) -> str:
        return f"<DecisionLog {len(self._records)} decisions>"

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def add(self, record: AuthorizationRecord) -> None:
        with self._lock:
            self._records.append(record)

    def denied(self, principal: str | None = None) -> list[AuthorizationRecord]:
        """The decisions enforcement would have refused."""
        return [r for r in self if not r.allowed and _of(r, principal)]

    def permissions(self, principal: str | None = None) -> dict[str, list[str]]:
        """Each action the calls needed (of one principal, or of all) and the resources it
        was needed on, both sorted."""
        out: dict[str, set[str]] = {}
        for r in self:
            if _of(r, principal):
                out.setdefault(r.action, set()).add(r.resource)
        return {a: sorted(out[a]) for a in sorted(out)}

    def policy(self, principal: str | None = None) -> dict[str, Any]:
        """A least-privilege identity policy: one Allow statement per set of resources,
        naming the actions needed on exactly those resources."""
        by_resources: dict[tuple[str, ...], list[str]] = {}
        for action, resources in self.permissions(principal).items():
            by_resources.setdefault(tuple(resources), []).append(action)
        statements = [{"Effect": "Allow",
                       "Action": actions[0] if len(actions) == 1 else actions,
                       "Resource": res[0] if len(res) == 1 else list(res)}
                      for res, actions in by_resources.items()]
        return {"Version": "2012-10-17", "Statement": statements}

    def policy_json(self, principal: str | None = None) -> str:
        return json.dumps(self.policy(principal), indent=2)


def _of(record: AuthorizationRecord, principal: str | None) -> bool:
    """`principal` is a caller's ARN; a role ARN stands for all of its sessions."""
    if principal is None or record.principal == principal:
        return True
    if ":role/" in principal:
        name = principal.rsplit("/", 1)[1]
        head = principal.split(":role/", 1)[0].replace(":iam:", ":sts:", 1)
        return record.principal.startswith(f"{head}:assumed-role/{name}/")
    return False


def deciding_policy(account: Account, identity: Identity | None, decision: Decision,
                    action: str) -> tuple[str | None, str | None, str | None]:
    """(policy, policy type label, denial message tail) of a decision."""
    from .enforce import policy_arn_of

    if decision.allowed:
        stmt = next((m for m in decision.matched_statements
                     if m.policy_type == decision.policy_type), None)
    else:
        stmt = decision.denying_statement
    label = decision.policy_type_label
    policy = None
    if stmt is not None:
        found = policy_arn_of(account, identity, stmt) if identity is not None else None
        policy = found or stmt.policy_id
    tail = None if decision.allowed else denial_reason(
        decision, action, policy if stmt is not None and policy != stmt.policy_id else None)
    return policy, label, tail


def record(log: DecisionLog, account: Account, identity: Identity | None, caller_arn: str,
           action: str, resource: str, decision: Decision, service: str, operation: str,
           region: str, shown: str | None = None, on: str | None = None,
           message: str | None = None) -> None:
    """`shown`/`on`: the action and resource as the service's message spells them;
    `message`: a denial's text as the service gives it, when the caller knows it."""
    policy, label, tail = deciding_policy(account, identity, decision, shown or action)
    if message is None and tail is not None:
        message = (f"User: {caller_arn} is not authorized to perform: {shown or action} on "
                   f"resource: {on or resource} {tail}")
    log.add(AuthorizationRecord(caller_arn, action, resource, decision.decision, policy, label,
                                service, operation, account.id, region, message))
