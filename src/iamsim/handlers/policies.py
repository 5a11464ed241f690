"""Managed policies: customer managed ones (create, versions, tags, delete) and listings that
include the AWS managed catalog without building an entity per catalog entry."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..data.managed_policies import add_older_versions, aws_policy_arns, aws_policy_summary
from ..dispatch import Call, handler
from ..errors import AccessDenied, DeleteConflict, EntityAlreadyExists, NoSuchEntity
from ..model.groups import GroupState
from ..model.policies import ManagedPolicy, PolicyState, PolicyVersion, customer_policy_arn
from ..model.roles import RoleState
from ..pagination import paginate, paginate_list, sorted_source
from ..partitions import check_arn_partition, check_document_partition, from_catalog, to_catalog
from ..policy.document import policy_size, validate_document
from ._common import check_arn, tags_in
from ._tags import tag_operations

AWS_PREFIX = "arn:aws:iam::aws:policy"


def policies_of(call: Call) -> PolicyState:
    return call.account.state(PolicyState)


def find_policy(call: Call, arn: str, version_id: str | None = None) -> ManagedPolicy:
    """A managed policy (customer or AWS) by ARN, or NoSuchEntity as GetPolicy words it; the
    version operations name the version (recorded 2026: "Policy X version v1 does not exist
    or is not attachable." for a policy that does not exist)."""
    check_arn(arn)
    check_arn_partition(call.account.partition, arn)
    policy = policies_of(call).get(arn)
    if policy is None:
        if version_id is not None:
            raise NoSuchEntity(
                f"Policy {arn} version {version_id} does not exist or is not attachable.")
        raise NoSuchEntity(f"Policy {arn} was not found.")
    return policy


def own_policy(call: Call, arn: str, version_id: str | None = None) -> ManagedPolicy:
    """A policy the caller may change: AWS managed policies belong to AWS's account, so
    changing one is a cross-account request that nothing allows."""
    policy = find_policy(call, arn, version_id)
    if policy.aws_managed:
        raise AccessDenied(
            f"User: {call.caller.arn} is not authorized to perform: iam:{call.operation} "
            f"on resource: policy {arn}"
        )
    return policy


def checked_document(call: Call, text: str) -> str:
    """Grammar first, then the managed policy size quota (non-whitespace characters)."""
    check_document_partition(validate_document(text, "identity", managed=True),
                             call.account.partition)
    call.account.quotas.check("PolicySizeQuota", policy_size(text), 0)
    return text


def find_version(policy: ManagedPolicy, version_id: str) -> PolicyVersion:
    v = policy.versions.get(version_id)
    if v is None:
        raise NoSuchEntity(
            f"Policy {policy.arn} version {version_id} does not exist or is not attachable."
        )
    return v


@handler("iam", "CreatePolicy")
def create_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    state = policies_of(call)
    name, path = p["PolicyName"], p.get("Path") or "/"
    text = checked_document(call, p["PolicyDocument"])
    if name in state.customer:
        raise EntityAlreadyExists(
            f"A policy called {name} already exists. Duplicate names are not allowed."
        )
    tags = tags_in(p, case_sensitive=True)
    account.quotas.check("TagsPerEntity", len(tags), 0)
    call.account.quotas.check("Policies", len(state.customer))
    policy = ManagedPolicy(
        name=name,
        path=path,
        id=account.ids.unique_id("policy"),
        arn=customer_policy_arn(account, path, name),
        create_date=call.now,
        update_date=call.now,
        description=p.get("Description") or None,
        versions={"v1": PolicyVersion(version_id="v1", document=text, create_date=call.now)},
        tags=tags,
    )
    state.customer.add(policy)
    # CreatePolicy's response carries no Description (recorded 2026), tags in request order.
    return {"Policy": policy.out(description=False, tags=True)}


@handler("iam", "GetPolicy")
def get_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"Policy": find_policy(call, p["PolicyArn"]).out(tags=True, empty_tags=True)}


@handler("iam", "DeletePolicy")
def delete_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = own_policy(call, p["PolicyArn"])
    if policy.in_use:
        raise DeleteConflict("Cannot delete a policy attached to entities.")
    if len(policy.versions) > 1:
        raise DeleteConflict(
            "This policy has more than one version. Before you delete a policy, you must "
            "delete the policy's versions. The default version is deleted with the policy."
        )
    policies_of(call).customer.remove(policy)
    return {}


# --- ListPolicies ---------------------------------------------------------------------------
# One ordered sequence: the account's own policies (keys "l" + folded name), then the AWS
# managed catalog (keys "w" + catalog index). AWS lists a customer policy just created on the
# first page of Scope=All (recorded 2024-2026), so the account's own come first; the order of
# the AWS managed ones among themselves is not established (kept by name). A page touches
# only the entries it returns, except
# where a filter needs per-account usage: then only the AWS policies this account has
# touched can qualify, and only those are scanned.


def _usage_filter(p: dict[str, Any]) -> Callable[[ManagedPolicy], bool] | None:
    usage = p.get("PolicyUsageFilter")
    if usage == "PermissionsBoundary":
        return lambda pol: bool(pol.boundary_of)
    if p.get("OnlyAttached"):
        return lambda pol: pol.attachment_count > 0
    return None


_index: dict[str, int] | None = None


def _catalog_index() -> dict[str, int]:
    """Catalog position of each AWS managed policy ARN (built once, on first need)."""
    global _index
    if _index is None:
        _index = {arn: i for i, arn in enumerate(aws_policy_arns())}
    return _index


def _path_of_aws(arn: str) -> str:
    rest = arn[len(AWS_PREFIX):]
    return rest[: rest.rfind("/") + 1]


def _aws_entries(
    state: PolicyState, start: str | None, usage: Callable[[ManagedPolicy], bool] | None
) -> Iterator[tuple[str, Any]]:
    arns = aws_policy_arns()
    first = 0
    if start is not None:
        if start.startswith("w") and start[1:].isascii() and start[1:].isdigit():
            first = int(start[1:])
        elif start > "w":
            return
    if usage is None:
        for i in range(first, len(arns)):
            yield f"w{i:06d}", arns[i]
        return
    index = _catalog_index()
    partition = state.account.partition
    used = sorted(index[c] for arn, pol in state.aws.items()
                  if (c := to_catalog(arn, partition) or "") in index and usage(pol))
    for i in used:
        if i >= first:
            yield f"w{i:06d}", arns[i]


def _aws_out(state: PolicyState, arn: str) -> dict[str, Any]:
    """The ListPolicies entry of the AWS managed policy the catalog knows as `arn`."""
    partition = state.account.partition
    pol = state.cached_aws(from_catalog(arn, partition))
    if pol is not None:
        return pol.out(description=False)
    s = aws_policy_summary(arn)
    assert s is not None
    return {
        "PolicyName": s.name,
        "PolicyId": s.id,
        "Arn": from_catalog(s.arn, partition),
        "Path": s.path,
        "DefaultVersionId": s.default_version_id,
        "AttachmentCount": 0,
        "PermissionsBoundaryUsageCount": 0,
        "IsAttachable": s.is_attachable,
        "CreateDate": s.create_date,
        "UpdateDate": s.update_date,
    }


@handler("iam", "ListPolicies")
def list_policies(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    state = policies_of(call)
    scope = p.get("Scope") or "All"
    prefix = p.get("PathPrefix") or "/"
    usage = _usage_filter(p)

    def items_from(start: str | None) -> Iterator[tuple[str, Any]]:
        if scope in ("All", "Local") and (start is None or start < "w"):
            local_start = start[1:] if start is not None and start.startswith("l") else None
            for key, pol in state.customer.items_from(local_start):
                yield "l" + key, pol
        if scope in ("All", "AWS"):
            yield from _aws_entries(state, start if start is None or start >= "w" else None,
                                    usage)

    def accept(item: Any) -> bool:
        if isinstance(item, str):  # an AWS managed policy's ARN
            return _path_of_aws(item).startswith(prefix)
        return item.path.startswith(prefix) and (usage is None or usage(item))

    page, more = paginate(p, items_from, accept)
    out = [_aws_out(state, i) if isinstance(i, str) else i.out(description=False) for i in page]
    return {"Policies": out, **more}


# --- versions --------------------------------------------------------------------------------


@handler("iam", "CreatePolicyVersion")
def create_policy_version(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = own_policy(call, p["PolicyArn"])
    text = checked_document(call, p["PolicyDocument"])
    limit = call.account.quotas["VersionsPerPolicyQuota"]
    call.account.quotas.check(
        "VersionsPerPolicyQuota",
        len(policy.versions),
        message=(
            f"A managed policy can have up to {limit} versions. Before you create a new "
            "version, you must delete an existing version."
        ),
    )
    vid = f"v{policy.next_version}"
    version = PolicyVersion(version_id=vid, document=text, create_date=call.now)
    policy.versions[vid] = version
    policy.next_version += 1
    policy.update_date = call.now
    if p.get("SetAsDefault"):
        policy.default_version_id = vid
    return {"PolicyVersion": policy.version_out(version, document=False)}


@handler("iam", "GetPolicyVersion")
def get_policy_version(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = find_policy(call, p["PolicyArn"], p["VersionId"])
    if policy.aws_managed and p["VersionId"] not in policy.versions:
        add_older_versions(policy)
    version = find_version(policy, p["VersionId"])
    return {"PolicyVersion": policy.version_out(version, document=True)}


@handler("iam", "ListPolicyVersions")
def list_policy_versions(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Newest first, as AWS lists them."""
    policy = find_policy(call, p["PolicyArn"])
    if policy.aws_managed:
        add_older_versions(policy)
    pairs = sorted(
        ((f"{10**9 - int(v.version_id[1:]):010d}", v) for v in policy.versions.values()),
        key=lambda kv: kv[0],
    )
    page, more = paginate(p, sorted_source(pairs))
    return {"Versions": [policy.version_out(v, document=False) for v in page], **more}


@handler("iam", "DeletePolicyVersion")
def delete_policy_version(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = own_policy(call, p["PolicyArn"], p["VersionId"])
    version = find_version(policy, p["VersionId"])
    if version.version_id == policy.default_version_id:
        raise DeleteConflict("Cannot delete the default version of a policy.")
    del policy.versions[version.version_id]
    # UpdateDate is the creation date of the newest version, or of the policy once only
    # one version is left (as the Policy shape documents it).
    if len(policy.versions) == 1:
        policy.update_date = policy.create_date
    else:
        policy.update_date = max(v.create_date for v in policy.versions.values())
    return {}


@handler("iam", "SetDefaultPolicyVersion")
def set_default_policy_version(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = own_policy(call, p["PolicyArn"], p["VersionId"])
    policy.default_version_id = find_version(policy, p["VersionId"]).version_id
    return {}


# --- who uses a policy -------------------------------------------------------------------------


@handler("iam", "ListEntitiesForPolicy")
def list_entities_for_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Users, groups and roles the policy is attached to (PermissionsPolicy) and/or bounds
    (PermissionsBoundary; users and roles only)."""
    policy = find_policy(call, p["PolicyArn"])
    kind = p.get("EntityFilter")
    usage = p.get("PolicyUsageFilter")
    prefix = p.get("PathPrefix") or "/"
    if kind in ("LocalManagedPolicy", "AWSManagedPolicy"):
        # Filters on the policy's own kind: all of its entities, or none.
        kind = None if (kind == "AWSManagedPolicy") == policy.aws_managed else "none"

    account = call.account
    groups = account.state(GroupState).groups if account.has_state(GroupState) else None
    roles = account.state(RoleState).roles if account.has_state(RoleState) else None
    found: list[tuple[str, str, Any]] = []  # (entity kind, sort key, entity)

    def add(which: str, ids: dict[str, None], lookup: Any) -> None:
        if lookup is None or kind not in (None, which):
            return
        for eid in ids:
            e = lookup.by_id(eid)
            if e is not None and e.path.startswith(prefix):
                found.append((which, f"{which}:{e.name.lower()}", e))

    if usage in (None, "PermissionsPolicy"):
        add("User", policy.attached_users, account.users)
        add("Group", policy.attached_groups, groups)
        add("Role", policy.attached_roles, roles)
    if usage in (None, "PermissionsBoundary"):
        boundary_users = {i: None for i in policy.boundary_of if account.users.by_id(i)}
        boundary_roles = {i: None for i in policy.boundary_of if i not in boundary_users}
        add("User", boundary_users, account.users)
        add("Role", boundary_roles, roles)

    unique = {key: (which, e) for which, key, e in found}
    page, more = paginate_list(p, unique.items(), key=lambda kv: kv[0])
    out: dict[str, list[dict[str, str]]] = {
        "PolicyGroups": [], "PolicyUsers": [], "PolicyRoles": []
    }
    for _, (which, e) in page:
        out[f"Policy{which}s"].append({f"{which}Name": e.name, f"{which}Id": e.id})
    return {**out, **more}


# --- tags ------------------------------------------------------------------------------------


tag_operations("Policy", "PolicyArn", own_policy, find_policy, case_sensitive=True)
