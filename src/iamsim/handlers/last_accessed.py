"""Service last accessed data: which services an identity's policies allow and when it (or,
for groups and policies, the identities they apply to) last authenticated to each.

iamsim records the last use of every access key (service, Region, time); that is the usage
data these reports are built from. Jobs complete at once.
"""

from __future__ import annotations

import datetime as _dt
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ..model.account import Account
from ..model.account_settings import AccessJob, ReportState
from ..model.groups import Group, GroupState
from ..model.policies import ManagedPolicy, PolicyState
from ..model.roles import Role, RoleState
from ..model.users import User
from ..pagination import paginate_list
from ._common import check_arn

SERVICE_NAMES = {
    "cloudformation": "AWS CloudFormation",
    "cloudwatch": "Amazon CloudWatch",
    "dynamodb": "Amazon DynamoDB",
    "ec2": "Amazon EC2",
    "ecr": "Amazon Elastic Container Registry",
    "ecs": "Amazon Elastic Container Service",
    "iam": "AWS Identity and Access Management",
    "kms": "AWS Key Management Service",
    "lambda": "AWS Lambda",
    "logs": "Amazon CloudWatch Logs",
    "s3": "Amazon S3",
    "secretsmanager": "AWS Secrets Manager",
    "sns": "Amazon SNS",
    "sqs": "Amazon SQS",
    "ssm": "AWS Systems Manager",
    "sts": "AWS Security Token Service",
}

Entity = User | Group | Role | ManagedPolicy


@dataclass
class Grant:
    """One policy that applies to the reported entity."""

    name: str
    document: str
    arn: str | None = None  # managed policies
    owner_type: str | None = None  # inline policies: USER, GROUP or ROLE
    owner_name: str | None = None


@dataclass
class Use:
    arn: str
    when: _dt.datetime
    region: str | None


def _find(account: Account, arn: str) -> tuple[str, Entity]:
    check_arn(arn)
    kind = arn.split(":", 5)[5].split("/", 1)[0]
    entity: Entity | None = None
    if kind == "user":
        entity = account.users.by_arn(arn)
    elif kind == "group" and account.has_state(GroupState):
        entity = account.state(GroupState).groups.by_arn(arn)
    elif kind == "role" and account.has_state(RoleState):
        entity = account.state(RoleState).roles.by_arn(arn)
    elif kind == "policy" and account.has_state(PolicyState):
        entity = account.state(PolicyState).get(arn)
    elif kind not in ("user", "group", "role", "policy"):
        raise InvalidInput(f"ARN {arn} is not valid: expected a user, group, role or policy.")
    if entity is None:
        raise NoSuchEntity(f"The entity with ARN {arn} cannot be found.")
    return kind, entity


def _groups_of(account: Account, user: User) -> list[Group]:
    if not account.has_state(GroupState):
        return []
    table = account.state(GroupState).groups
    return [g for g in (table.by_id(i) for i in user.groups) if g is not None]


def _managed(account: Account, arns: Any) -> list[Grant]:
    out: list[Grant] = []
    if not account.has_state(PolicyState):
        return out
    state = account.state(PolicyState)
    for arn in arns:
        p = state.get(arn)
        if p is not None and p.default_version_id in p.versions:
            out.append(Grant(p.name, p.versions[p.default_version_id].document, arn=p.arn))
    return out


def _inline(policies: dict[str, str], owner_type: str, owner: str) -> list[Grant]:
    return [Grant(n, d, owner_type=owner_type, owner_name=owner) for n, d in policies.items()]


def grants(account: Account, kind: str, entity: Entity) -> list[Grant]:
    if isinstance(entity, ManagedPolicy):
        return _managed(account, [entity.arn])
    if isinstance(entity, User):
        out = _inline(entity.inline_policies, "USER", entity.name)
        out += _managed(account, entity.attached_policies)
        for g in _groups_of(account, entity):
            out += _inline(g.inline_policies, "GROUP", g.name)
            out += _managed(account, g.attached_policies)
        return out
    owner_type = "GROUP" if isinstance(entity, Group) else "ROLE"
    return _inline(entity.inline_policies, owner_type, entity.name) + _managed(
        account, entity.attached_policies)


def _actions(document: str) -> Iterator[str]:
    try:
        doc = json.loads(document)
    except ValueError:
        return
    statements = doc.get("Statement", []) if isinstance(doc, dict) else []
    if isinstance(statements, dict):
        statements = [statements]
    for st in statements:
        if not isinstance(st, dict) or st.get("Effect") != "Allow":
            continue
        actions = st.get("Action", [])
        yield from ([actions] if isinstance(actions, str) else actions)


def namespaces_of(document: str, known: set[str]) -> set[str]:
    """Service namespaces a document allows; '*' covers every service iamsim knows of."""
    out: set[str] = set()
    for action in _actions(document):
        if action == "*":
            out |= known
        elif ":" in action:
            out.add(action.split(":", 1)[0].lower())
    return out


def _users_behind(account: Account, kind: str, entity: Entity) -> list[User]:
    """The users whose key usage counts for the entity."""
    if isinstance(entity, User):
        return [entity]
    if isinstance(entity, Group):
        return [u for u in (account.users.by_id(i) for i in entity.members) if u is not None]
    if isinstance(entity, ManagedPolicy):
        users = {i: None for i in entity.attached_users}
        if account.has_state(GroupState):
            groups = account.state(GroupState).groups
            for gid in entity.attached_groups:
                g = groups.by_id(gid)
                if g is not None:
                    users.update({i: None for i in g.members})
        return [u for u in (account.users.by_id(i) for i in users) if u is not None]
    return []


def usage(account: Account, users: list[User]) -> dict[str, list[Use]]:
    """Namespace -> the most recent use of it by each user, newest first."""
    found: dict[str, dict[str, Use]] = {}
    for u in users:
        for key in u.access_keys.values():
            if key.last_used_date is None or not key.last_used_service:
                continue
            per = found.setdefault(key.last_used_service, {})
            prev = per.get(u.arn)
            if prev is None or key.last_used_date > prev.when:
                per[u.arn] = Use(u.arn, key.last_used_date, key.last_used_region)
    return {ns: sorted(v.values(), key=lambda x: x.when, reverse=True) for ns, v in
            found.items()}


def _job(call: Call, job_id: str) -> AccessJob:
    account = call.account
    job = account.state(ReportState).jobs.get(job_id) if account.has_state(
        ReportState) else None
    if job is None or job.kind != "service":
        raise NoSuchEntity(f"No job found with id {job_id}.")
    return job


@handler("iam", "GenerateServiceLastAccessedDetails")
def generate_service_last_accessed_details(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    arn = p["Arn"]
    kind, entity = _find(account, arn)
    users = _users_behind(account, kind, entity)
    used = usage(account, users)
    known = set(used) | set(SERVICE_NAMES)
    allowed: set[str] = set()
    for g in grants(account, kind, entity):
        allowed |= namespaces_of(g.document, known)
    services = []
    for ns in sorted(allowed):
        item: dict[str, Any] = {
            "ServiceName": SERVICE_NAMES.get(ns, ns),
            "ServiceNamespace": ns,
            "TotalAuthenticatedEntities": len(used.get(ns, [])),
        }
        uses = used.get(ns)
        if uses:
            item["LastAuthenticated"] = uses[0].when
            item["LastAuthenticatedEntity"] = uses[0].arn
            if uses[0].region:
                item["LastAuthenticatedRegion"] = uses[0].region
        services.append(item)
    entities = [
        {"Arn": u.arn, "Name": u.name, "Type": "USER", "Id": u.id, "Path": u.path}
        for u in users
    ]
    if isinstance(entity, Role):
        entities = [{"Arn": entity.arn, "Name": entity.name, "Type": "ROLE", "Id": entity.id,
                     "Path": entity.path}]
    job_id = str(uuid.UUID(bytes=account.ids.randbytes(16), version=4))
    account.state(ReportState).jobs[job_id] = AccessJob(
        id=job_id, kind="service", created=call.now, arn=arn,
        granularity=p.get("Granularity") or "SERVICE_LEVEL",
        data={"services": services, "entities": entities,
              "used": {ns: [(x.arn, x.when) for x in v] for ns, v in used.items()}},
    )
    return {"JobId": job_id}


@handler("iam", "GetServiceLastAccessedDetails")
def get_service_last_accessed_details(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    job = _job(call, p["JobId"])
    page, more = paginate_list(p, job.data["services"], key=lambda s: s["ServiceNamespace"])
    if job.granularity == "ACTION_LEVEL":
        # Key usage records the service, not the action: no action-level data is tracked.
        page = [{**s, "TrackedActionsLastAccessed": []} for s in page]
    return {
        "JobStatus": "COMPLETED",
        "JobType": job.granularity,
        "JobCreationDate": job.created,
        "ServicesLastAccessed": page,
        "JobCompletionDate": job.created,
        **more,
    }


@handler("iam", "GetServiceLastAccessedDetailsWithEntities")
def get_details_with_entities(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    job = _job(call, p["JobId"])
    ns = p["ServiceNamespace"]
    when = dict(job.data["used"].get(ns, []))
    details = []
    for info in job.data["entities"]:
        d: dict[str, Any] = {"EntityInfo": info}
        if info["Arn"] in when:
            d["LastAuthenticated"] = when[info["Arn"]]
        details.append(d)
    page, more = paginate_list(p, details, key=lambda d: d["EntityInfo"]["Arn"])
    return {
        "JobStatus": "COMPLETED",
        "JobCreationDate": job.created,
        "JobCompletionDate": job.created,
        "EntityDetailsList": page,
        **more,
    }


def grants_service(document: str, namespace: str) -> bool:
    """Whether an Allow statement of `document` covers some action of the service, whatever
    its Resource or Condition (a `Resource: "*"` grant matches as any other). An Action
    pattern covers the service when its prefix matches (`*`, `s3:*`, `s3:Get*`); a NotAction
    statement when some action of the service in AWS's service authorization reference is
    not excluded (for a service the reference does not list: unless `<service>:*` is)."""
    from ..data.catalog import actions_of
    from ..policy import PolicyEngineError, compile_policy
    from ..policy.glob import glob_match

    try:
        statements = compile_policy(document).statements
    except PolicyEngineError:
        return False
    ns = namespace.lower()
    for st in statements:
        if not st.allow:
            continue
        if not st.not_action:
            patterns = [*st.actions.exact, *st.actions.patterns]
            if any(glob_match(p.partition(":")[0], ns) if ":" in p else p == "*"
                   for p in patterns):
                return True
            continue
        names = [a.lower() for a in actions_of(ns)] or [f"{ns}:*"]
        if any(not st.actions.matches(a) for a in names):
            return True
    return False


@handler("iam", "ListPoliciesGrantingServiceAccess")
def list_policies_granting_service_access(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    kind, entity = _find(account, p["Arn"])
    if kind == "policy":
        raise InvalidInput("The ARN must be that of a user, group or role.")
    applied = grants(account, kind, entity)
    out = []
    for ns in p["ServiceNamespaces"]:
        policies = []
        for g in applied:
            if grants_service(g.document, ns):
                item: dict[str, Any] = {"PolicyName": g.name}
                if g.arn is not None:
                    item["PolicyType"] = "MANAGED"
                    item["PolicyArn"] = g.arn
                else:
                    item["PolicyType"] = "INLINE"
                    item["EntityType"] = g.owner_type
                    item["EntityName"] = g.owner_name
                policies.append(item)
        out.append({"ServiceNamespace": ns, "Policies": policies})
    return {"PoliciesGrantingServiceAccess": out, "IsTruncated": False}
