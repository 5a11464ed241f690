"""What iamsim reads of the services another mock answers: S3 bucket policies, SQS queue
policies, SNS topic policies (resource-based policies), and the real ARN behind a KMS alias or
a Secrets Manager secret's name, and a DynamoDB table's partition key (dynamodb:LeadingKeys).

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
    "dynamodb": frozenset({"CreateTable", "DeleteTable"}),
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


_ITEM_OPERATIONS = {"GetItem": "Key", "DeleteItem": "Key", "UpdateItem": "Key", "PutItem": "Item"}


def _partition_key(sim: IamSim, account: Account, region: str, table: str) -> str | None:
    cache = _cache(account)
    key = ("dynamodb", f"hash-key:{region}:{table}")
    if key not in cache:
        from botocore.exceptions import ClientError

        _reading.on = True
        try:
            schema = _client(account, "dynamodb", region).describe_table(
                TableName=table)["Table"]["KeySchema"]
            cache[key] = next((k["AttributeName"] for k in schema if k["KeyType"] == "HASH"),
                              None)
        except ClientError:
            cache[key] = None  # no such table: the call itself will say so
        finally:
            _reading.on = False
    found = cache[key]
    return str(found) if found else None


def _scalar(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1:
        (kind, v), = value.items()
        if kind in ("S", "N") and isinstance(v, str):
            return v
    return None


def _query_value(params: dict[str, Any], hash_key: str) -> str | None:
    """The partition key value of a Query's key condition (`pk = :v`, `#n = :v`)."""
    legacy = params.get("KeyConditions")
    if isinstance(legacy, dict) and isinstance(legacy.get(hash_key), dict):
        values = legacy[hash_key].get("AttributeValueList") or []
        return _scalar(values[0]) if values else None
    expr = params.get("KeyConditionExpression")
    if not isinstance(expr, str):
        return None
    names = {v: k for k, v in (params.get("ExpressionAttributeNames") or {}).items()}
    values = params.get("ExpressionAttributeValues") or {}
    import re

    for left, right in re.findall(r"([#\w.]+)\s*=\s*(:\w+)", expr):
        if names.get(hash_key) == left or left == hash_key:
            return _scalar(values.get(right))
    return None


def leading_keys(sim: IamSim, account: Account, region: str, operation: str,
                 params: dict[str, Any]) -> list[str] | None:
    """dynamodb:LeadingKeys of an item operation or a Query on a table given by name: the
    partition key value, read against the table's key schema (DescribeTable)."""
    if operation not in _ITEM_OPERATIONS and operation != "Query":
        return None
    table = params.get("TableName")
    if not isinstance(table, str) or table.startswith("arn:"):
        return None
    hash_key = _partition_key(sim, account, region, table)
    if hash_key is None:
        return None
    if operation == "Query":
        if params.get("IndexName"):
            return None  # an index has its own key schema: not read yet
        value = _query_value(params, hash_key)
    else:
        item = params.get(_ITEM_OPERATIONS[operation])
        value = _scalar(item.get(hash_key)) if isinstance(item, dict) else None
    return [value] if value is not None else None
