"""What iamsim reads of the services another mock answers: S3 bucket policies, SQS queue
policies, SNS topic policies (resource-based policies), and the real ARN behind a KMS alias or
a Secrets Manager secret's name.

Read through the answering mock's public API (GetBucketPolicy, GetQueueAttributes,
GetTopicAttributes) with a client of the scope's own, never authorized, and kept per account
until a call that may change them passes through the scope (PutBucketPolicy, SetQueueAttributes,
DeleteTopic...). A change made behind botocore's back (in the mock's internals) is not seen.
Same-account only for now: a policy is taken as the caller's account's.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from ..policy import Policy, PolicyEngineError, compile_policy

if TYPE_CHECKING:
    from ..mock import IamSim
    from ..model.account import Account

_reading = threading.local()
_KEY = ("external-resource-policies",)

# Operations after which a service's cached policies may be stale.
WRITES = {
    "s3": frozenset({"PutBucketPolicy", "DeleteBucketPolicy", "DeleteBucket", "CreateBucket"}),
    "sqs": frozenset({"SetQueueAttributes", "AddPermission", "RemovePermission", "DeleteQueue",
                      "CreateQueue"}),
    "sns": frozenset({"SetTopicAttributes", "AddPermission", "RemovePermission", "DeleteTopic",
                      "CreateTopic"}),
    "kms": frozenset({"CreateAlias", "UpdateAlias", "DeleteAlias"}),
    "secretsmanager": frozenset({"CreateSecret", "DeleteSecret", "RestoreSecret"}),
}
_POLICIES = ("s3", "sqs", "sns")


def reading() -> bool:
    """Is this thread reading a policy for iamsim (a call never authorized)?"""
    return bool(getattr(_reading, "on", False))


def observe(sim: IamSim, service: str, operation: str) -> None:
    """Forget the cached policies of `service` when this call may change them."""
    writes = WRITES.get(service)
    if writes is None or operation not in writes:
        return
    for account in list(sim._accounts.values()):
        hit = account.derived.get(_KEY)
        if hit is not None:
            for k in [k for k in hit[1] if k[0] == service]:
                del hit[1][k]


def _cache(account: Account) -> dict[tuple[str, str], Any]:
    hit = account.derived.get(_KEY)
    if hit is None:
        hit = account.derived[_KEY] = (0, {})
    return hit[1]


def _client(account: Account, service: str, region: str) -> Any:
    key = ("external-reader", service, region)
    hit = account.derived.get(key)
    if hit is None:
        import boto3

        from ..interception.credentials import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

        client = boto3.client(service, region_name=region, aws_access_key_id=FAKE_ACCESS_KEY,
                              aws_secret_access_key=FAKE_SECRET_KEY)
        hit = account.derived[key] = (0, client)
    return hit[1]


def _read(client: Any, service: str, ref: str) -> str | None:
    from botocore.exceptions import ClientError

    try:
        if service == "s3":
            return str(client.get_bucket_policy(Bucket=ref)["Policy"])
        if service == "sqs":
            attrs = client.get_queue_attributes(QueueUrl=ref, AttributeNames=["Policy"])
            return attrs.get("Attributes", {}).get("Policy")
        if service == "sns":
            return client.get_topic_attributes(TopicArn=ref).get("Attributes", {}).get("Policy")
    except ClientError:
        return None  # no policy, or no such resource: the call itself will say so
    return None


def _reference(service: str, resource: str, params: dict[str, Any]) -> str | None:
    """What the reading call names: the bucket, the queue URL, the topic ARN."""
    if service == "s3" and resource.startswith("arn:") and resource.count(":") == 5:
        bucket = resource.split(":", 5)[5].split("/", 1)[0]
        return bucket or None
    if service == "sqs" and isinstance(params.get("QueueUrl"), str):
        return str(params["QueueUrl"])
    if service == "sns" and resource.startswith("arn:") and resource.count(":") == 5:
        return resource
    return None


def resource_policy(sim: IamSim, account: Account, service: str, region: str, resource: str,
                    params: dict[str, Any]) -> Policy | None:
    """The resource-based policy that applies to `resource`, if the service has one."""
    if service not in _POLICIES:
        return None
    ref = _reference(service, resource, params)
    if ref is None:
        return None
    cache = _cache(account)
    key = (service, ref)
    if key in cache:
        return cache[key]
    _reading.on = True
    try:
        text = _read(_client(account, service, region), service, ref)
    finally:
        _reading.on = False
    policy: Policy | None = None
    if text:
        try:
            policy = Policy(compile_policy(text), f"{service}-resource-policy", "resource")
        except PolicyEngineError:
            policy = None  # a text the engine cannot read grants nothing
    cache[key] = policy
    return policy


def _lookup(client: Any, service: str, ref: str) -> str | None:
    from botocore.exceptions import ClientError

    try:
        if service == "kms":
            return str(client.describe_key(KeyId=ref)["KeyMetadata"]["Arn"])
        if service == "secretsmanager":
            return str(client.describe_secret(SecretId=ref)["ARN"])
    except ClientError:
        return None  # no such alias or secret: the call itself will say so
    return None


_ALIAS_OPERATIONS = frozenset({"CreateAlias", "UpdateAlias", "DeleteAlias"})


def real_arn(sim: IamSim, account: Account, service: str, operation: str, region: str,
             resource: str, params: dict[str, Any]) -> str:
    """AWS authorizes a KMS request naming an alias against the alias's key, and a Secrets
    Manager request naming a secret by name against the secret's full ARN (with its six
    random characters); what the mock answers for them, when it has them."""
    ref: str | None = None
    if service == "kms" and ":alias/" in resource and operation not in _ALIAS_OPERATIONS:
        ref = resource
    elif service == "secretsmanager" and operation != "CreateSecret":
        given = params.get("SecretId")
        ref = given if isinstance(given, str) and not given.startswith("arn:") else None
    if ref is None:
        return resource
    cache = _cache(account)
    key = (service, f"arn-of:{ref}")
    if key not in cache:
        _reading.on = True
        try:
            found = _lookup(_client(account, service, region), service, ref)
        finally:
            _reading.on = False
        cache[key] = found
    found = cache[key]
    return str(found) if found else resource
