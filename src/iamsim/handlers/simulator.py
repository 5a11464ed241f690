"""The policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy, as AWS answers them
since its 2026-07-30 rework (one EvaluationResult per action, per-resource results in
ResourceSpecificResults, SCP hierarchies, policy exclusions).

The decisions are the engine's (iamsim.policy); this module turns the request into engine
inputs and the decisions into AWS's result shape. Choices where AWS documents nothing are
marked "our choice" next to the code.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from typing import Any

from ..authz.principal import PolicySource, boundary_of, policy_sources
from ..data.catalog import resource_template
from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity, PolicyEvaluation
from ..model.account import Account
from ..model.groups import GroupState
from ..model.roles import RoleState
from ..pagination import paginate_in_order
from ..policy import Decision, MatchedStatement, Policy, PolicyEngineError, PolicySet, Request, evaluate
from ..policy import Principal as EnginePrincipal
from ..policy.conditions import parse_date
from ..policy.document import Kind, validate_document
from ..policy.glob import glob_match

RESTRICTIVENESS = {"allowed": 0, "implicitDeny": 1, "explicitDeny": 2}
# SourcePolicyType as AWS's responses carry it (not the model's enum of user, group...).
SOURCE_TYPE = {"resource": "Resource Policy"}
IAM_POLICY = "IAM Policy"
# EvalDecisionDetails keys of a cross-account simulation, per policy type. AWS's exact keys
# are not documented; these follow SourcePolicyType's wording (our choice).
DETAIL_KEYS = {"identity": "IAM Policy", "resource": "Resource Policy",
               "boundary": "Permissions Boundary Policy"}
NOT_REPORTED = frozenset({"scp", "rcp"})  # SCP statements and SCP-only keys are never reported

_ACCOUNT_ROOT = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):root\Z")
_ENTITY_ARN = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):(user|group|role)(/(?:[^/]+/)*)([^/]+)\Z")
_ROLE_ARN = re.compile(r"arn:aws[a-z-]*:iam::\d{12}:role/")
_POLICY_ARN = re.compile(r"arn:aws[a-z-]*:iam::(aws|\d{12}):policy/.+\Z")
_ACTION = re.compile(r"[A-Za-z0-9-]+:[A-Za-z0-9]+\Z")
BAD_CALLER = "Invalid caller - Caller must be an IAM user in this context."

# ResourceHandlingOption: the EC2 scenarios and the resource types each needs (API reference).
SCENARIOS = {
    "EC2-VPC-InstanceStore": ("instance", "image", "security-group", "network-interface"),
    "EC2-VPC-InstanceStore-Subnet": ("instance", "image", "security-group", "network-interface",
                                     "subnet"),
    "EC2-VPC-EBS": ("instance", "image", "security-group", "network-interface", "volume"),
    "EC2-VPC-EBS-Subnet": ("instance", "image", "security-group", "network-interface", "subnet",
                           "volume"),
}


@dataclass
class Simulation:
    """Everything one simulation evaluates, whatever operation asked for it."""

    principal: EnginePrincipal
    identity: list[Policy] = field(default_factory=list)
    boundary: Policy | None = None
    resource_policy: Policy | None = None
    scps: list[list[Policy]] | None = None
    context: dict[str, Any] = field(default_factory=dict)
    owner: str = ""  # the account owning resources whose ARN names none
    report_organizations: bool = False


# --- inputs ---------------------------------------------------------------------------------

def documents(texts: list[str] | None, label: str, kind: Kind = "identity") -> list[Policy]:
    """Input policies, validated as AWS validates them, identified as `<label>.<n>`."""
    out = []
    for i, text in enumerate(texts or (), start=1):
        validate_document(text, kind)
        out.append(Policy(text, f"{label}.{i}", "input"))
    return out


def boundary_input(p: dict[str, Any]) -> Policy | None:
    found = documents(p.get("PermissionsBoundaryPolicyInputList"),
                      "PermissionsBoundaryPolicyInputList")
    if len(found) > 1:
        # The API reference: "You can input only one permissions boundary"; wording ours.
        raise InvalidInput("Only one permissions boundary policy can be simulated.")
    return found[0] if found else None


def resource_policy_input(p: dict[str, Any]) -> Policy | None:
    text = p.get("ResourcePolicy")
    if text is None:
        return None
    validate_document(text, "resource")
    return Policy(text, "ResourcePolicy", "resource")


def scp_hierarchy(p: dict[str, Any]) -> list[list[Policy]] | None:
    levels = p.get("OrderedOrganizationPolicyInputList")
    if not levels:
        return None
    return [documents(level.get("ServiceControlPolicyInputList"),
                      f"OrderedOrganizationPolicyInputList.{n}.ServiceControlPolicyInputList")
            for n, level in enumerate(levels, start=1)]


def resource_owner(p: dict[str, Any], default: str) -> str:
    owner = p.get("ResourceOwner")
    if owner is None:
        return default
    m = _ACCOUNT_ROOT.match(owner)
    if m is None:
        # The API reference: an account is given as arn:aws:iam::<id>:root; a bare ID is
        # refused (recorded). The wording is ours.
        raise InvalidInput(f"Invalid ResourceOwner: {owner}. Specify the ARN of an account, "
                           "such as arn:aws:iam::123456789012:root.")
    return m.group(1)


def caller_principal(account: Account, arn: str) -> tuple[str, EnginePrincipal]:
    """The simulated caller named by CallerArn (a user, group or role ARN; API reference)
    and its kind."""
    m = _ENTITY_ARN.match(arn)
    if m is None:
        raise InvalidInput(f"Invalid caller ARN: {arn}. The caller must be an IAM user, group "
                           "or role.")  # wording ours
    acct, kind, _, name = m.groups()
    return kind, _principal(account, kind, acct, arn, name)


def _principal(account: Account, kind: str, acct: str, arn: str, name: str) -> EnginePrincipal:
    entity: Any = None
    if acct == account.id:
        if kind == "user":
            entity = account.users.get(name)
        elif kind == "role" and account.has_state(RoleState):
            entity = account.state(RoleState).roles.get(name)
    uid = entity.id if entity is not None else None
    if kind == "role":
        # A role acts through its sessions; the session ARN is not known here, so the role's
        # ARN stands for both (our choice: only resource policies look at it, and those need
        # a user caller).
        return EnginePrincipal("role-session", acct, arn, parent_arn=arn, unique_id=uid,
                               parent_id=uid)
    return EnginePrincipal("user", acct, arn, unique_id=uid)


def context_entries(entries: list[dict[str, Any]] | None) -> dict[str, Any]:
    """ContextEntries as engine context values, checked against their ContextKeyType."""
    out: dict[str, Any] = {}
    for e in entries or ():
        name = e.get("ContextKeyName")
        if not name:
            raise InvalidInput("ContextKeyName is required for every context entry.")  # ours
        kind = e.get("ContextKeyType") or "string"  # the model makes it optional; our default
        values = [_context_value(name, kind, v) for v in e.get("ContextKeyValues") or ()]
        out[name] = values if kind.endswith("List") or len(values) != 1 else values[0]
    return out


def _context_value(name: str, kind: str, value: str) -> Any:
    base = kind[:-4] if kind.endswith("List") else kind
    ok = True
    converted: Any = value
    if base == "numeric":
        try:
            float(value)
        except ValueError:
            ok = False
    elif base == "boolean":
        ok = value.lower() in ("true", "false")
        converted = value.lower() == "true"
    elif base == "ip":
        import ipaddress  # only simulations with IP entries pay for the import

        try:
            ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            ok = False
    elif base == "date":
        ok = parse_date(value) is not None
    elif base == "binary":
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            ok = False
    if not ok:
        # Wording ours: AWS documents no message for a value its type cannot read.
        raise InvalidInput(f"Invalid value {value} for context key {name} of type {kind}.")
    return converted


def action_names(names: list[str]) -> list[str]:
    for name in names:
        # "Each operation must include the service identifier... does not support using
        # wildcards" (API reference); the wording is ours.
        if not _ACTION.match(name):
            raise InvalidInput(f"Invalid action name: {name}. Specify a service prefix and an "
                               "action without wildcards, such as iam:CreateUser.")
    return names


def check_scenario(p: dict[str, Any], resources: list[str]) -> None:
    option = p.get("ResourceHandlingOption")
    if option is None:
        return
    needed = SCENARIOS.get(option)
    if needed is None:
        raise InvalidInput(f"Invalid ResourceHandlingOption: {option}.")  # wording ours
    have = {r.split(":", 5)[5].split("/", 1)[0] for r in resources if r.count(":") >= 5}
    lacking = [t for t in needed if t not in have]
    if lacking:
        raise InvalidInput(f"ResourceHandlingOption {option} requires resources of type "
                           f"{', '.join(lacking)}.")  # wording ours


# --- evaluation -----------------------------------------------------------------------------

def _resource_account(resource: str, owner: str) -> str:
    parts = resource.split(":", 5)
    if len(parts) == 6 and re.fullmatch(r"\d{12}", parts[4]):
        return parts[4]
    return owner


def _statement(m: MatchedStatement) -> dict[str, Any]:
    return {
        "SourcePolicyId": m.policy_id,
        "SourcePolicyType": SOURCE_TYPE.get(m.policy_type, IAM_POLICY),
        "StartPosition": {"Line": m.start.line, "Column": m.start.column},
        "EndPosition": {"Line": m.end.line, "Column": m.end.column},
    }


@dataclass
class _PerResource:
    resource: str
    decision: Decision
    cross_account: bool
    boundary: bool
    scps: bool

    @property
    def outcome(self) -> str:
        return self.decision.decision

    def statements(self) -> list[MatchedStatement]:
        # "The statements that determine the result": the Deny statements of an explicit
        # deny, the Allow statements of an allow; an implicit deny has none (our reading).
        if self.outcome == "implicitDeny":
            return []
        return [m for m in self.decision.matched_statements if m.policy_type not in NOT_REPORTED]

    def missing(self) -> list[str]:
        reported = {k.lower() for t, keys in self.decision.missing_by_type.items()
                    if t not in NOT_REPORTED for k in keys}
        return [k for k in self.decision.missing_context_values if k.lower() in reported]

    def details(self) -> dict[str, str] | None:
        """EvalDecisionDetails: per policy type for a cross-account simulation, empty for a
        same-account one on a named resource, absent for `*` and when an SCP denied."""
        d = self.decision
        if self.scps and d.type_decisions.get("scp", "allowed") != "allowed":
            return None
        if not self.cross_account:
            return None if self.resource == "*" else {}
        return {DETAIL_KEYS[t]: o for t, o in d.type_decisions.items() if t in DETAIL_KEYS}

    def allowed_by(self, ptype: str) -> bool:
        return self.decision.type_decisions.get(ptype, "allowed") == "allowed"

    def result(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "EvalResourceName": self.resource,
            "EvalResourceDecision": self.outcome,
            "MatchedStatements": [_statement(m) for m in self.statements()],
            "MissingContextValues": self.missing(),
        }
        details = self.details()
        if details is not None:
            out["EvalDecisionDetails"] = details
        if self.boundary:
            out["PermissionsBoundaryDecisionDetail"] = {
                "AllowedByPermissionsBoundary": self.allowed_by("boundary")}
        return out


def _most_restrictive(outcomes: list[str]) -> str:
    return max(outcomes, key=RESTRICTIVENESS.__getitem__)


def _dedupe(items: list[Any], key: Any) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for i in items:
        k = key(i)
        if k not in seen:
            seen.add(k)
            out.append(i)
    return out


def evaluate_action(sim: Simulation, action: str, resources: list[str]) -> dict[str, Any]:
    """One EvaluationResult: the action over every resource, aggregated as AWS aggregates."""
    per = []
    policies = PolicySet(identity=sim.identity, resource=sim.resource_policy,
                         boundary=sim.boundary, scps=sim.scps)
    without_resource_policy = PolicySet(identity=sim.identity, boundary=sim.boundary,
                                        scps=sim.scps)
    role_action = action.lower().startswith("sts:assumerole")
    for resource in resources:
        resource_account = _resource_account(resource, sim.owner)
        # "Simulation of resource-based policies isn't supported for IAM roles" (API
        # reference): a role's trust policy given as ResourcePolicy is accepted and ignored,
        # for the sts:AssumeRole* actions as public reports show, and for role ARNs.
        ignored = role_action or _ROLE_ARN.match(resource) is not None
        request_policies = without_resource_policy if ignored else policies
        request = Request(sim.principal, action, resource, sim.context, resource_account)
        try:
            decision = evaluate(request, request_policies)
        except PolicyEngineError as e:  # a document validation accepted but the engine cannot read
            raise PolicyEvaluation(f"The policy could not be evaluated: {e}") from None
        per.append(_PerResource(resource, decision, not request.same_account,
                                sim.boundary is not None, sim.scps is not None))
    top = _most_restrictive([r.outcome for r in per])
    matched = _dedupe([m for r in per if r.outcome == top for m in r.statements()],
                      key=lambda m: (m.policy_id, m.index))
    missing = _dedupe([k for r in per for k in r.missing()], key=str.lower)
    result: dict[str, Any] = {
        "EvalActionName": action,
        "EvalResourceName": resource_template(action, resources),
        "EvalDecision": top,
        "MatchedStatements": [_statement(m) for m in matched],
        "MissingContextValues": missing,
    }
    all_details = [d for r in per if (d := r.details()) is not None]
    if all_details:
        merged: dict[str, str] = {}
        for d in all_details:
            for k, v in d.items():
                merged[k] = _most_restrictive([merged.get(k, "allowed"), v])
        result["EvalDecisionDetails"] = merged
    if sim.scps is not None or sim.report_organizations:
        result["OrganizationsDecisionDetail"] = {
            "AllowedByOrganizations": all(r.allowed_by("scp") for r in per)}
    if sim.boundary is not None:
        result["PermissionsBoundaryDecisionDetail"] = {
            "AllowedByPermissionsBoundary": all(r.allowed_by("boundary") for r in per)}
    result["ResourceSpecificResults"] = [r.result() for r in per]
    return result


def run(sim: Simulation, p: dict[str, Any]) -> dict[str, Any]:
    actions = action_names(p["ActionNames"])
    resources = list(p.get("ResourceArns") or ["*"])
    check_scenario(p, resources)
    # Pagination is over the results, one per action; each page evaluates only its actions.
    page, more = paginate_in_order(p, actions)
    return {"EvaluationResults": [evaluate_action(sim, a, resources) for a in page], **more}


# --- SimulateCustomPolicy -------------------------------------------------------------------

@handler("iam", "SimulateCustomPolicy")
def simulate_custom_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    identity = documents(p["PolicyInputList"], "PolicyInputList")
    boundary = boundary_input(p)
    resource_policy = resource_policy_input(p)
    scps = scp_hierarchy(p)
    caller = p.get("CallerArn")
    if caller is not None:
        caller_kind, principal = caller_principal(call.account, caller)
    else:
        # No caller: an unnamed IAM user of the calling account (our choice; only
        # resource-based policies look at the caller, and those need CallerArn).
        caller_kind, principal = "none", EnginePrincipal("user", call.account_id)
    if resource_policy is not None and caller_kind != "user":
        raise InvalidInput(BAD_CALLER)
    sim = Simulation(principal, identity, boundary, resource_policy, scps,
                     context_entries(p.get("ContextEntries")),
                     resource_owner(p, principal.account or call.account_id))
    return run(sim, p)


# --- SimulatePrincipalPolicy ----------------------------------------------------------------

def source_entity(account: Account, arn: str) -> tuple[str, Any]:
    """The user, group or role PolicySourceArn names; NoSuchEntity when it does not exist."""
    m = _ENTITY_ARN.match(arn)
    if m is None:
        raise InvalidInput(f"Invalid PolicySourceArn: {arn}. Specify the ARN of an IAM user, "
                           "group or role.")  # wording ours
    acct, kind, _, name = m.groups()
    entity: Any = None
    if acct == account.id:
        if kind == "user":
            entity = account.users.get(name)
        elif kind == "group" and account.has_state(GroupState):
            entity = account.state(GroupState).groups.get(name)
        elif kind == "role" and account.has_state(RoleState):
            entity = account.state(RoleState).roles.get(name)
    if entity is None or entity.arn != arn:
        raise NoSuchEntity(f"The {kind} with name {name} cannot be found.")
    return kind, entity


@dataclass
class Exclusions:
    types: set[str] = field(default_factory=set)
    arns: list[str] = field(default_factory=list)
    inline: list[tuple[str, str, str]] = field(default_factory=list)  # name, kind, owner glob

    def drops(self, s: PolicySource) -> bool:
        if s.arn is None:
            if "inline" in self.types:
                return True
            return any(name == s.name and kind == s.owner_kind and glob_match(owner, s.owner_name)
                       for name, kind, owner in self.inline)
        if s.policy.source in self.types or (
                "user-managed" in self.types and s.policy.source == "customer-managed"):
            return True
        return any(glob_match(a, s.arn) for a in self.arns)


def _one_star(value: str) -> bool:
    return value.count("*") <= 1


def exclusions(items: list[dict[str, Any]] | None) -> Exclusions:
    ex = Exclusions()
    for item in items or ():
        given = [k for k in ("PolicyType", "PolicyArn", "InlinePolicyIdentifier") if item.get(k)]
        if len(given) != 1:
            raise InvalidInput("Each PolicyIdentifier must specify exactly one of PolicyType, "
                               "PolicyArn or InlinePolicyIdentifier.")  # wording ours
        if "PolicyType" in given:
            ex.types.add(item["PolicyType"])  # "rcp": RCPs are not simulated, nothing to drop
        elif "PolicyArn" in given:
            arn = item["PolicyArn"]
            head = arn.split("policy/", 1)[0]
            if (not _POLICY_ARN.match(arn) or "*" in head or "?" in head
                    or not _one_star(arn)):
                raise InvalidInput(f"Invalid PolicyArn in PolicyExclusionList: {arn}.")  # ours
            ex.arns.append(arn)
        else:
            inline = item["InlinePolicyIdentifier"]
            owner = inline["AttachmentName"]
            if not _one_star(owner) or any(c in inline["PolicyName"] for c in "*?"):
                raise InvalidInput("Invalid InlinePolicyIdentifier in PolicyExclusionList: "
                                   f"{inline['PolicyName']} of {owner}.")  # wording ours
            ex.inline.append((inline["PolicyName"], inline["AttachmentType"], owner))
    return ex


def account_scps(account: Account) -> list[list[Policy]] | None:
    """The SCP hierarchy governing `account` (root first), None outside an organization
    (the scope's organization: sim.organization())."""
    from ..authz.org import is_management, scp_levels

    return None if is_management(account) else scp_levels(account)


@handler("iam", "SimulatePrincipalPolicy")
def simulate_principal_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    kind, entity = source_entity(account, p["PolicySourceArn"])
    ex = exclusions(p.get("PolicyExclusionList"))
    attached = [s.policy for s in policy_sources(account, entity, kind) if not ex.drops(s)]
    extra = documents(p.get("PolicyInputList"), "PolicyInputList")
    boundary = boundary_input(p)
    if boundary is None and kind != "group" and "permission-boundary" not in ex.types:
        boundary = boundary_of(account, entity)
    resource_policy = resource_policy_input(p)
    caller = p.get("CallerArn")
    if caller is not None:
        caller_kind, principal = caller_principal(account, caller)
    else:
        caller_kind = kind
        principal = _principal(account, kind, account.id, entity.arn, entity.name)
    if resource_policy is not None and caller_kind != "user":
        raise InvalidInput(BAD_CALLER)
    scps = None if "scp" in ex.types else account_scps(account)
    sim = Simulation(principal, attached + extra, boundary, resource_policy, scps,
                     context_entries(p.get("ContextEntries")),
                     resource_owner(p, principal.account or account.id),
                     report_organizations=True)  # recorded responses always carry it
    return run(sim, p)
