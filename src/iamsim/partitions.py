"""AWS partitions: which partition a region belongs to, where IAM is served in it, and the one
place ARNs are formatted.

The mapping comes from botocore's own data (partitions.json for regions and region patterns,
endpoints.json for IAM's signing region and rarer pseudo-regions), so a partition botocore
learns about is known here too.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .errors import InvalidClientTokenId, MalformedPolicyDocument, ValidationError

DEFAULT = "aws"


@functools.cache
def _partitions() -> tuple[dict[str, str], list[tuple[re.Pattern[str], str]], dict[str, str]]:
    """From partitions.json (small): (region -> partition, [(regionRegex, partition)],
    partition -> its implicit global region)."""
    from botocore.loaders import create_loader

    data: dict[str, Any] = create_loader().load_data("partitions")
    names: dict[str, str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    implicit: dict[str, str] = {}
    for part in data.get("partitions", []):
        pid = part["id"]
        patterns.append((re.compile(part["regionRegex"]), pid))
        names[pid + "-global"] = pid  # the pseudo-region of an IAM client (aws-cn-global...)
        for region in part.get("regions", {}):
            names.setdefault(region, pid)
        region = part.get("outputs", {}).get("implicitGlobalRegion")
        if region:
            implicit[pid] = region
    return names, patterns, implicit


@functools.cache
def _endpoints() -> tuple[dict[str, str], dict[str, str]]:
    """From endpoints.json (large, read only when needed): (endpoint name -> partition, for
    pseudo-regions such as fips-us-gov-west-1; partition -> IAM's signing region)."""
    from botocore.loaders import create_loader

    data: dict[str, Any] = create_loader().load_data("endpoints")
    names: dict[str, str] = {}
    iam_regions: dict[str, str] = {}
    for part in data.get("partitions", []):
        pid = part["partition"]
        services = part.get("services", {})
        for service in services.values():
            for endpoint in service.get("endpoints", {}):
                names.setdefault(endpoint, pid)
        iam = services.get("iam", {})
        global_ep = iam.get("endpoints", {}).get(iam.get("partitionEndpoint", ""), {})
        region = global_ep.get("credentialScope", {}).get("region")
        if region:
            iam_regions[pid] = region
    return names, iam_regions


@functools.lru_cache(maxsize=256)
def partition_of(region: str | None) -> str:
    """The partition a client region (or a pseudo-region like `aws-us-gov-global` or
    `fips-us-gov-west-1`) belongs to; `aws` for anything botocore does not know."""
    if not region:
        return DEFAULT
    names, patterns, _ = _partitions()
    found = names.get(region)
    if found is not None:
        return found
    for pattern, pid in patterns:
        if pattern.match(region):
            return pid
    return _endpoints()[0].get(region, DEFAULT)


@functools.lru_cache(maxsize=32)
def iam_region(partition: str) -> str:
    """The region IAM is served from in `partition` (IAM is global per partition): us-east-1
    in aws, cn-north-1 in aws-cn, us-gov-west-1 in aws-us-gov, as botocore's endpoint data
    gives the IAM endpoint's signing region. In aws that is the partition's implicit global
    region, so the large endpoint file is read only for the other partitions."""
    implicit = _partitions()[2]
    if partition == DEFAULT and DEFAULT in implicit:
        return implicit[DEFAULT]
    return _endpoints()[1].get(partition) or implicit.get(partition, "us-east-1")


def arn(partition: str, service: str, account: str, resource: str, region: str = "") -> str:
    return f"arn:{partition}:{service}:{region}:{account}:{resource}"


def arn_partition(text: str) -> str | None:
    """The partition field of an ARN, or None when `text` is not shaped like one."""
    if not text.startswith("arn:"):
        return None
    end = text.find(":", 4)
    return text[4:end] if end > 4 else None


def aws_policy_prefix(partition: str) -> str:
    """Where AWS managed policies live in `partition`: arn:<partition>:iam::aws:policy."""
    return f"arn:{partition}:iam::aws:policy"


def to_catalog(policy_arn: str, partition: str) -> str | None:
    """The catalog (aws partition) ARN of an AWS managed policy ARN of `partition`."""
    prefix = aws_policy_prefix(partition)
    if not policy_arn.startswith(prefix + "/"):
        return None
    return aws_policy_prefix(DEFAULT) + policy_arn[len(prefix):]


def from_catalog(catalog_arn: str, partition: str) -> str:
    """The ARN in `partition` of an AWS managed policy the catalog knows by its aws ARN."""
    if partition == DEFAULT:
        return catalog_arn
    return aws_policy_prefix(partition) + catalog_arn[len(aws_policy_prefix(DEFAULT)):]


def localize_document(document: str, partition: str) -> str:
    """An AWS managed policy document as published in `partition`: its ARNs name that
    partition. iamsim's choice: the catalog holds the aws partition's documents, and AWS
    publishes the same policies in the other partitions with their own ARNs."""
    if partition == DEFAULT:
        return document
    return document.replace("arn:aws:", f"arn:{partition}:")


def account_seed(seed: int | str | None, partition: str) -> int | str | None:
    """The ID seed of a scope's account in `partition`: the scope's own in aws (so seeded IDs
    stay as they were), derived elsewhere so two partitions never issue the same key."""
    if seed is None or partition == DEFAULT:
        return seed
    return f"{seed}/{partition}"


def check_key_partition(accounts: dict[Any, Any], account: Any, proof: Any) -> None:
    """Credentials work only in the partition that issued them: a key another partition's
    account issued is refused with InvalidClientTokenId (as China's STS answered a request
    signed with commercial credentials, recorded in BerriAI/litellm#38747), instead of
    standing for this account's root as a key iamsim never issued does."""
    if len(accounts) < 2 or proof is None:
        return
    key_id = proof.access_key_id
    if not key_id or key_id in account.access_keys:
        return
    from .model.sessions import SessionState

    for other in accounts.values():
        if other is account or other.partition == account.partition:
            continue
        if key_id in other.access_keys or (
                other.has_state(SessionState) and key_id in other.state(SessionState).sessions):
            raise InvalidClientTokenId("The security token included in the request is invalid.")


@functools.cache
def _known_partitions() -> frozenset[str]:
    from .policy.document import PARTITIONS

    return PARTITIONS | frozenset(_partitions()[2])


def _other(partition: str, text: str) -> str | None:
    """The partition `text` names when it is an ARN of another known partition."""
    if not text.startswith("arn:") or text.startswith(f"arn:{partition}:"):
        return None
    other = arn_partition(text)
    return other if other is not None and other in _known_partitions() else None


def check_arn_partition(partition: str, text: str) -> None:
    """An ARN naming another partition than the caller's, where IAM takes an ARN of its own
    (policy ARNs in Attach*, Get*, boundaries): ValidationError "Invalid ARN partition", as
    IAM answered AttachRolePolicy with arn:aws:iam::aws:policy/... from cn-northwest-1
    (recorded in pulumi/pulumi-aws-apigateway#347)."""
    if _other(partition, text) is not None:
        raise ValidationError("Invalid ARN partition")


def check_document_partition(doc: Any, partition: str, *, trust: bool = False) -> None:
    """Resources of another known partition are refused as IAM refuses them in aws-cn and
    aws-us-gov: 'Partition "aws" is not valid for resource "arn:aws:logs:*:*:*".' (many public
    reports). In a trust policy, an AWS or Federated principal ARN of another partition is an
    invalid principal (iamsim's choice: IAM cannot resolve it in this partition, and that is
    the message it gives for principals it cannot resolve)."""
    for st in doc.statements:
        for r in (st.resources or st.not_resources or ()):
            other = _other(partition, r)
            if other is not None:
                parts = r.split(":", 5)
                shown = ":".join(["arn", *parts[1:]] + ["*"] * (6 - len(parts)))
                raise MalformedPolicyDocument(
                    f'Partition "{other}" is not valid for resource "{shown}".')
        if trust:
            for kind in ("AWS", "Federated"):
                for value in (*(st.principals or {}).get(kind, ()),
                              *(st.not_principals or {}).get(kind, ())):
                    other = _other(partition, value) if isinstance(value, str) else None
                    if other is not None:
                        from .policy.document import invalid_principal

                        raise invalid_principal(kind, value)
