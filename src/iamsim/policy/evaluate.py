"""AWS's policy evaluation logic over policies of every type.

IAM User Guide, "Policy evaluation logic" and "Cross-account policy evaluation logic":
1. An explicit Deny in any applicable policy denies (RCPs, SCPs, resource-based, identity-based,
   permissions boundary, session policies; the first type in that order names the deny).
2. RCPs of the resource's account: every level of the hierarchy (root first) must allow.
   Service-linked roles and resources of the management account are exempt.
3. SCPs of the principal's account: every level must allow. Service-linked roles and the
   management account are exempt. The root user is not.
4. Same account, resource-based policy:
   - an Allow naming the caller itself (user ARN, role-session ARN, federated-user ARN) or
     everyone ("*") grants, whatever the identity policies, boundary or session policies say;
   - an Allow naming the role of a role session (or the IAM user behind a federated user)
     stands in for the identity side, but an implicit deny in a permissions boundary or a
     session policy still applies (the User Guide's table; benkehoe/permissions-boundary-test
     shows boundary Allow + resource Allow for the role ARN, no identity Allow -> Allow);
   - an Allow naming only the account delegates to the account's IAM policies and grants
     nothing by itself (our reading, as for KMS key policies and trust policies).
5. Identity-based policies: no Allow is an implicit deny. The root user is allowed.
6. A permissions boundary (when set) must allow.
7. Session principals: a session policy (when passed) must allow; a federated user without
   session policy has no permissions (the User Guide's flow: only role sessions are allowed
   without one).
Cross account: the identity side (5-7 and SCPs) and the resource side (the resource-based
policy, with any principal match, and RCPs) must both allow; the identity side is reported
first. `PolicySet.resource_required` makes the resource-based policy necessary even within
the account (role trust policies, which must name their principals).
Principals with no identity side (services, web identity and SAML callers, anonymous) are
allowed only by the resource-based policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .arns import split_arn
from .compiled import CompiledPolicy, Statement, compile_policy
from .decision import Decision, MatchedStatement, Outcome, PolicyType
from .principals import STRENGTH
from .request import AWS_KINDS, Principal, Request, normalize_context
from .variables import Context

DENY_ORDER: tuple[PolicyType, ...] = ("rcp", "scp", "resource", "identity", "boundary", "session")


@dataclass(frozen=True)
class Policy:
    """A policy as a caller hands it: its text (or a CompiledPolicy the caller keeps, which
    no cache eviction can make the engine parse again) and how to report it."""

    text: str | CompiledPolicy
    id: str = ""
    source: str = "inline"  # inline | aws-managed | customer-managed | ... (reporting only)

    @property
    def compiled(self) -> CompiledPolicy:
        text = self.text
        return text if isinstance(text, CompiledPolicy) else compile_policy(text)


@dataclass(frozen=True)
class PolicySet:
    """Every policy that applies to one request, by type.

    session: the session policies (inline and managed); empty means none was passed.
    scps / rcps: the hierarchy as levels, root first, each a list of the policies attached
    at that level; None means the account is not governed by any.
    """

    identity: Sequence[Policy] = ()
    resource: Policy | None = None
    boundary: Policy | None = None
    session: Sequence[Policy] = ()
    scps: Sequence[Sequence[Policy]] | None = None
    rcps: Sequence[Sequence[Policy]] | None = None
    resource_required: bool = False


@dataclass
class _Found:
    allows: list[MatchedStatement] = field(default_factory=list)
    denies: list[MatchedStatement] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    grant: int = 0  # resource policy: strength of the strongest principal match of an Allow


def _scan(policies: Sequence[Policy], ptype: PolicyType, action: str, req: Request,
          ctx: Context, found: _Found, explain: bool = True) -> bool:
    """Record the statements of `policies` that apply; True when one of them allows. Without
    `explain`, an Allow after the first of an identity-side type is not looked at: it cannot
    change the decision, only the explanation (matched statements, missing keys)."""
    allowed = False
    principal = req.principal
    resource = req.resource
    parts = split_arn(resource)
    missing = found.missing
    for policy in policies:
        for st in policy.compiled.candidates(action):
            if allowed and not explain and st.allow and ptype != "resource":
                continue
            strength = _principal_strength(st, principal, ptype)
            if strength < 0:
                continue
            if not st.resource_matches(resource, parts, ctx, missing):
                continue
            if not st.conditions_hold(ctx, missing):
                continue
            matched = MatchedStatement(policy.id, ptype, policy.source, st.index, st.sid,
                                       st.effect, st.start, st.end)
            if st.allow:
                found.allows.append(matched)
                allowed = True
                found.grant = max(found.grant, strength)
            else:
                found.denies.append(matched)
    return allowed


def _principal_strength(st: Statement, principal: Principal, ptype: PolicyType) -> int:
    """-1 when the statement does not apply to the caller, else how it names the caller."""
    ps = st.principals
    if ps is None:
        # Identity-side policies name nobody; a resource-based statement must name someone.
        return -1 if ptype == "resource" else STRENGTH["direct"]
    if st.not_principal:
        return -1 if ps.exempts(principal) else STRENGTH["any"]
    m = ps.match(principal)
    return -1 if m is None else STRENGTH[m]


def _dedupe(keys: list[str]) -> tuple[str, ...]:
    seen: set[str] = set()
    out = []
    for k in keys:
        low = k.lower()
        if low not in seen:
            seen.add(low)
            out.append(k)
    return tuple(out)


def evaluate(request: Request, policies: PolicySet, explain: bool = True) -> Decision:
    """The decision for `request` under `policies` (see the module docstring). With
    `explain=False` (enforcement) the decision is the same, but matched statements and missing
    context values may be incomplete."""
    ctx = normalize_context(request.context)
    action = request.action.lower()
    principal = request.principal
    found: dict[PolicyType, _Found] = {}
    allows: dict[PolicyType, bool] = {}

    def scan(ptype: PolicyType, pols: Sequence[Policy]) -> bool:
        f = found.setdefault(ptype, _Found())
        ok = _scan(pols, ptype, action, request, ctx, f, explain)
        allows[ptype] = allows.get(ptype, False) or ok
        return ok

    rcp_levels_ok = True
    if policies.rcps is not None and not (
        principal.service_linked_role or request.resource_in_management_account
    ):
        for level in policies.rcps:
            if not scan("rcp", level):
                rcp_levels_ok = False
        found.setdefault("rcp", _Found())
    scp_levels_ok = True
    if policies.scps is not None and principal.kind in AWS_KINDS and not (
        principal.service_linked_role or principal.in_management_account
    ):
        for level in policies.scps:
            if not scan("scp", level):
                scp_levels_ok = False
        found.setdefault("scp", _Found())
    if policies.resource is not None:
        scan("resource", [policies.resource])
    has_identity_side = principal.kind in AWS_KINDS
    if has_identity_side:
        scan("identity", policies.identity)
        if policies.boundary is not None:
            scan("boundary", [policies.boundary])
        if policies.session and principal.is_session:
            scan("session", policies.session)

    outcome, decided_by = _decide(request, policies, found, allows, rcp_levels_ok,
                                  scp_levels_ok, has_identity_side)
    type_decisions = _type_decisions(found, allows, rcp_levels_ok, scp_levels_ok)
    if outcome == "explicitDeny":
        matched = tuple(m for t in DENY_ORDER if t in found for m in found[t].denies)
    else:
        matched = tuple(m for t in DENY_ORDER if t in found for m in found[t].allows)
    by_type: dict[str, tuple[str, ...]] = {
        t: _dedupe(f.missing) for t, f in found.items() if f.missing}
    every = _dedupe([k for t in DENY_ORDER if t in found for k in found[t].missing])
    return Decision(outcome, decided_by, matched, every, by_type, type_decisions)


def _decide(req: Request, policies: PolicySet, found: dict[PolicyType, _Found],
            allows: dict[PolicyType, bool], rcp_ok: bool, scp_ok: bool,
            has_identity_side: bool) -> tuple[Outcome, PolicyType | None]:
    for t in DENY_ORDER:
        if t in found and found[t].denies:
            return "explicitDeny", t
    if "rcp" in found and not rcp_ok:
        return "implicitDeny", "rcp"
    if "scp" in found and not scp_ok:
        return "implicitDeny", "scp"
    resource = found.get("resource")
    grant = resource.grant if resource is not None else 0
    if not has_identity_side:
        return ("allowed", "resource") if grant else ("implicitDeny", "resource")
    principal = req.principal
    same = req.same_account
    if same and grant >= STRENGTH["any"] and principal.kind != "root":
        return "allowed", "resource"
    stands_in = same and grant >= STRENGTH["parent"]
    identity_ok = principal.kind == "root" or allows.get("identity", False)
    if not (identity_ok or stands_in):
        return "implicitDeny", "identity"
    if policies.boundary is not None and principal.kind != "root" and not allows.get("boundary"):
        return "implicitDeny", "boundary"
    if principal.is_session:
        if policies.session:
            if not allows.get("session"):
                return "implicitDeny", "session"
        elif principal.kind == "federated-user":
            return "implicitDeny", "session"
    if (not same or policies.resource_required) and not grant:
        return "implicitDeny", "resource"
    return "allowed", ("identity" if identity_ok else "resource")


def _type_decisions(found: dict[PolicyType, _Found], allows: dict[PolicyType, bool],
                    rcp_ok: bool, scp_ok: bool) -> dict[str, Outcome]:
    out: dict[str, Outcome] = {}
    for t, f in found.items():
        if f.denies:
            out[t] = "explicitDeny"
        elif t == "rcp":
            out[t] = "allowed" if rcp_ok else "implicitDeny"
        elif t == "scp":
            out[t] = "allowed" if scp_ok else "implicitDeny"
        else:
            out[t] = "allowed" if allows.get(t) else "implicitDeny"
    return out
