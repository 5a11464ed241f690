"""May this caller assume this role? The role's trust policy is the resource-based side, which
must allow; with enforcement on, the caller's own policies, boundary and session policies are
the identity side (IAM User Guide, "Policy evaluation logic": a same-account trust policy that
names the caller itself is enough; one that names only the account needs an identity Allow).

Without enforcement iamsim decides no identity permissions, so the identity side is taken as
allowing, and only the trust policy decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..policy import Decision, Policy, PolicySet, Request, evaluate
from ..policy import Principal as EnginePrincipal
from .context import global_context
from .org import is_management, org_context, rcp_levels, scp_levels
from .principal import Identity

if TYPE_CHECKING:
    from ..dispatch import Call
    from ..model.roles import Role

_ALLOW_ALL = Policy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*",'
                    '"Resource":"*"}]}', "NotEnforced", "inline")


def trust_policy(role: Role) -> Policy:
    return Policy(role.assume_role_policy, "TrustPolicy", "trust")


def assume_decision(call: Call, role: Role, action: str, identity: Identity,
                    extra: dict[str, Any], role_account: str | None = None) -> Decision:
    """The decision for an AWS caller (user, role session, federated user); `role_account`:
    the role's account when it is not the caller's (both sides must then allow)."""
    ctx = global_context(identity, call.region, call.now)
    home = call.account.peer(role_account) if role_account not in (None, call.account.id) \
        else call.account
    ctx.update(org_context(call.account, "Principal"))
    if home is not None:
        ctx.update(org_context(home, "Resource"))
    if call.context:
        ctx.update(call.context)
    ctx.update(extra)
    if call.enforce:
        # SCPs of the caller's account and RCPs of the role's account take part (sts is one
        # of the services RCPs govern).
        policies = PolicySet(identity=identity.policies, boundary=identity.boundary,
                             session=identity.session, resource=trust_policy(role),
                             resource_required=True, scps=scp_levels(call.account),
                             rcps=rcp_levels(home) if home is not None else None)
    else:
        policies = PolicySet(identity=[_ALLOW_ALL], resource=trust_policy(role),
                             resource_required=True)
    request = Request(identity.principal, action, role.arn, ctx, resource_account=role_account,
                      resource_in_management_account=home is not None and is_management(home))
    decision = evaluate(request, policies)
    if call.report is not None:
        from .report import record

        record(call.report, call.account, identity, call.caller.arn, action, role.arn,
               decision, call.service, call.operation, call.region)
        if not decision.allowed:
            # Report mode refuses only what the trust policy refuses, as without enforcement.
            decision = evaluate(request, PolicySet(identity=[_ALLOW_ALL],
                                                   resource=trust_policy(role),
                                                   resource_required=True))
    return decision


def federated_decision(call: Call, role: Role, action: str, kind: str, provider: str,
                       extra: dict[str, Any]) -> Decision:
    """AssumeRoleWithWebIdentity / AssumeRoleWithSAML: only the trust policy decides."""
    principal = EnginePrincipal(kind, name=provider)  # type: ignore[arg-type]
    ctx: dict[str, Any] = {"aws:CurrentTime": call.now, "aws:EpochTime": int(call.now.timestamp()),
                           "aws:SecureTransport": True, "aws:RequestedRegion": call.region}
    if call.context:
        ctx.update(call.context)
    ctx.update(extra)
    return evaluate(Request(principal, action, role.arn, ctx),
                    PolicySet(resource=trust_policy(role), resource_required=True))
