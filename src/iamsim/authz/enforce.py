"""Enforcement of IAM and STS calls: may this caller make this call? Asked before the handler
runs, so a denied call changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import AccessDenied
from ..model.groups import GroupState
from ..model.policies import PolicyState
from ..policy import (
    Decision,
    MatchedStatement,
    NormalizedContext,
    PolicySet,
    Request,
    denial_reason,
    evaluate,
    normalize_context,
)
from .context import principal_keys, request_keys
from .iam_requests import UNAUTHORIZED, iam_request
from .org import org_context, organization_of, scp_levels
from .principal import ROOT_PERMISSIONS, Identity, identity_of

if TYPE_CHECKING:
    from ..caller import Caller
    from ..dispatch import Call
    from ..model.account import Account


def _candidate_arns(identity: Identity) -> list[str]:
    arns: list[str] = []
    entity = identity.entity
    if entity is not None:
        arns.extend(entity.attached_policies)
        if entity.permissions_boundary:
            arns.append(entity.permissions_boundary)
    if identity.session_record is not None:
        arns.extend(identity.session_record.policy_arns)
    return arns


def denying_policy_arn(account: Account, identity: Identity, decision: Decision) -> str | None:
    """The managed policy whose Deny decided, which AWS names at the end of the message."""
    stmt = decision.denying_statement
    return None if stmt is None else policy_arn_of(account, identity, stmt)


def policy_arn_of(account: Account, identity: Identity, stmt: MatchedStatement) -> str | None:
    """The ARN of the managed policy a matched statement is in (None for inline ones)."""
    if stmt.source == "inline" or stmt.policy_id == "SessionPolicy":
        return None
    policies = account.state(PolicyState)
    arns = _candidate_arns(identity)
    entity = identity.entity
    if entity is not None and identity.principal.kind == "user":
        groups = account.state(GroupState).groups
        for gid in getattr(entity, "groups", {}):
            g = groups.by_id(gid)
            if g is not None:
                arns.extend(g.attached_policies)
    for arn in arns:
        p = policies.get(arn)
        if p is not None and p.name == stmt.policy_id:
            return arn
    return None


def decide(call: Call, identity: Identity, action: str, resource: str,
           extra: dict[str, Any]) -> Decision:
    ctx = request_keys(identity, call.region, call.now)
    ctx.update(org_context(call.account, "Principal"))
    ctx.update(org_context(call.account, "Resource"))
    if call.context:
        ctx.update(call.context)
    ctx.update(extra)
    # The principal's keys are normalized once per identity (it is cached until the state
    # changes); the request's keys, fewer, on each call.
    static = identity.normalized_keys
    if static is None:
        static = identity.normalized_keys = normalize_context(principal_keys(identity))
    dynamic = normalize_context(ctx)
    # The same question gets the same answer while the identity (rebuilt whenever a call may
    # have changed the state) and the organization stay as they are: the request's keys,
    # the current second included, are part of the question.
    org = organization_of(call.account)
    key = (action, resource, org.version if org is not None else None,
           frozenset(dynamic.items()))
    decisions = identity.decisions
    hit = decisions.get(key)
    if hit is not None:
        if call.report is not None:
            _record(call, identity, action, resource, hit)
        return hit
    merged = NormalizedContext(static)
    merged.update(dynamic)
    request = Request(identity.principal, action, resource, merged)
    policies = identity.policies
    if identity.principal.kind == "root":
        policies = [ROOT_PERMISSIONS]  # the root user is limited by SCPs alone
    decision = evaluate(request, PolicySet(identity=policies, boundary=identity.boundary,
                                           session=identity.session,
                                           scps=scp_levels(call.account)), explain=False)
    if len(decisions) >= 4096:
        decisions.clear()
    decisions[key] = decision
    if call.report is not None:
        _record(call, identity, action, resource, decision)
    return decision


def _record(call: Call, identity: Identity, action: str, resource: str,
            decision: Decision) -> None:
    from .report import record

    assert call.report is not None
    record(call.report, call.account, identity, call.caller.arn, action, resource, decision,
           call.service, call.operation, call.region)


def refused(call: Call, decision: Decision) -> bool:
    """Is the call to be refused? Not in report mode, where decisions are only recorded."""
    return not decision.allowed and call.report is None


def access_denied(call: Call, identity: Identity, action: str, resource: str,
                  decision: Decision) -> AccessDenied:
    reason = denial_reason(decision, action, denying_policy_arn(call.account, identity, decision))
    return AccessDenied(f"User: {call.caller.arn} is not authorized to perform: {action} on "
                        f"resource: {resource} {reason}")


def cached_identity(call: Call) -> Identity:
    return identity_in(call.account, call.caller)


def identity_in(account: Account, caller: Caller) -> Identity:
    """The caller's identity side, rebuilt only when a call may have changed the state."""
    key = ("identity", caller.access_key_id, caller.arn)
    hit = account.derived.get(key)
    if hit is not None and hit[0] == account.generation:
        return hit[1]
    identity = identity_of(account, caller)
    account.derived[key] = (account.generation, identity)
    return identity


def authorize(call: Call, params: dict[str, Any]) -> None:
    """Raise AccessDenied, in AWS's words, unless the caller may make this call. The root
    user may do anything its organization's SCPs allow."""
    caller = call.caller
    if caller.kind == "anonymous" or (call.service, call.operation) in UNAUTHORIZED:
        return
    if caller.kind == "root" and scp_levels(call.account) is None:
        return  # the root user may do anything outside an organization's SCPs
    req = iam_request(call.account, caller, call.service, call.operation, params)
    identity = cached_identity(call)
    decision = decide(call, identity, req.action, req.resource, req.context)
    if refused(call, decision):
        raise access_denied(call, identity, req.action, req.resource, decision)
