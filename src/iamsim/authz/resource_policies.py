"""What iamsim reads of the services another mock answers: resource-based policies (S3
bucket, SQS queue, SNS topic, KMS key, Lambda function, Secrets Manager secret and DynamoDB
table policies), the real ARN behind a KMS alias or a Secrets Manager secret's name, and a
DynamoDB table's partition key (dynamodb:LeadingKeys).

Read through the answering mock's public API (GetBucketPolicy, GetQueueAttributes,
GetKeyPolicy, GetPolicy, GetResourcePolicy...) with a client of the scope's own, in the
account that owns the resource (moto's documented `x-moto-account-id` header, set by the
interception hook while `reading()`), never authorized, and kept per account until a call that
may change them passes through the scope (PutBucketPolicy, AddPermission, PutKeyPolicy...). A
change made behind botocore's back (in the mock's internals) is not seen.
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

# What a call may make stale: the kinds of cached reads of its service ("*": all of them).
_POLICY = frozenset({"policy"})
_TAGS = frozenset({"tags"})
_ALL = frozenset({"*"})
WRITES: dict[str, dict[str, frozenset[str]]] = {
    "s3": {"PutBucketPolicy": _POLICY, "DeleteBucketPolicy": _POLICY, "DeleteBucket": _ALL,
           "CreateBucket": _ALL, "PutBucketTagging": _TAGS, "DeleteBucketTagging": _TAGS,
           "PutBucketEncryption": frozenset({"bucket-kms"}),
           "DeleteBucketEncryption": frozenset({"bucket-kms"}),
           **dict.fromkeys(("PutObjectTagging", "DeleteObjectTagging"),
                           frozenset({"object-tags"})),
           **dict.fromkeys(("PutObject", "CopyObject", "DeleteObject", "DeleteObjects",
                            "CompleteMultipartUpload"), frozenset({"object-tags", "object-kms"}))},
    "sqs": {"SetQueueAttributes": frozenset({"policy", "queue-kms"}),
            **dict.fromkeys(("AddPermission", "RemovePermission"), _POLICY),
            "DeleteQueue": _ALL, "CreateQueue": _ALL, "TagQueue": _TAGS, "UntagQueue": _TAGS},
    "sns": {**dict.fromkeys(("SetTopicAttributes", "AddPermission", "RemovePermission"),
                            _POLICY),
            "DeleteTopic": _ALL, "CreateTopic": _ALL, "TagResource": _TAGS,
            "UntagResource": _TAGS},
    "kms": {**dict.fromkeys(("CreateAlias", "UpdateAlias", "DeleteAlias"),
                            frozenset({"arn-of", "aliases"})),
            "PutKeyPolicy": _POLICY, "CreateKey": _ALL, "ReplicateKey": _ALL,
            "TagResource": _TAGS,
            "UntagResource": _TAGS},
    "lambda": {**dict.fromkeys(("AddPermission", "RemovePermission"), _POLICY),
               **dict.fromkeys(("CreateFunction", "DeleteFunction", "CreateAlias",
                                "DeleteAlias", "PublishVersion"), _ALL),
               "TagResource": _TAGS, "UntagResource": _TAGS},
    "secretsmanager": {**dict.fromkeys(("CreateSecret", "DeleteSecret", "RestoreSecret",
                                        "ReplicateSecretToRegions"), _ALL),
                       "PutResourcePolicy": _POLICY, "DeleteResourcePolicy": _POLICY,
                       "UpdateSecret": frozenset({"secret-kms"}),
                       "TagResource": _TAGS, "UntagResource": _TAGS},
    "dynamodb": {**dict.fromkeys(("CreateTable", "DeleteTable", "RestoreTableFromBackup",
                                  "RestoreTableToPointInTime", "ImportTable"), _ALL),
                 "UpdateTable": frozenset({"hash-key"}),  # a new index has its own key
                 "PutResourcePolicy": _POLICY,
                 "DeleteResourcePolicy": _POLICY, "TagResource": _TAGS,
                 "UntagResource": _TAGS},
    "ecr": {"SetRepositoryPolicy": _POLICY, "DeleteRepositoryPolicy": _POLICY,
            "DeleteRepository": _ALL, "CreateRepository": _ALL, "TagResource": _TAGS,
            "UntagResource": _TAGS},
    "kinesis": {"PutResourcePolicy": _POLICY, "DeleteResourcePolicy": _POLICY,
                "DeleteStream": _ALL, "CreateStream": _ALL},
    "events": {"PutPermission": _POLICY, "RemovePermission": _POLICY, "DeleteEventBus": _ALL,
               "CreateEventBus": _ALL},
    "ssm": {**dict.fromkeys(("PutParameter", "DeleteParameter", "DeleteParameters"),
                            frozenset({"tags", "parameter-kms"})),
            **dict.fromkeys(("AddTagsToResource", "RemoveTagsFromResource"), _TAGS)},
}
POLICY_SERVICES = frozenset({"s3", "sqs", "sns", "kms", "lambda", "secretsmanager", "dynamodb",
                             "ecr", "kinesis", "events"})


def reading() -> str | None:
    """The account this thread is reading for iamsim (a call never authorized), or None."""
    return getattr(_reading, "account", None)


class _Reading:
    def __init__(self, account: Account) -> None:
        self.account = account.id

    def __enter__(self) -> None:
        _reading.account = self.account

    def __exit__(self, *exc: object) -> None:
        _reading.account = None


def observe(sim: IamSim, service: str, operation: str) -> None:
    """Forget the cached reads of `service` that this call may change."""
    writes = WRITES.get(service)
    kinds = writes.get(operation) if writes is not None else None
    if kinds is None:
        return
    for account in list(sim._accounts.values()):
        hit = account.derived.get(_KEY)
        if hit is not None:
            cache = hit[1]
            # list(): another thread may be adding a read meanwhile
            for ck in [ck for ck in list(cache)
                       if ck[0] == service and ("*" in kinds or ck[1] in kinds)]:
                cache.pop(ck, None)


def _cache(account: Account, service: str, kind: str) -> dict[str, Any]:
    hit = account.derived.get(_KEY)
    if hit is None:
        hit = account.derived[_KEY] = (0, {})
    return hit[1].setdefault((service, kind), {})


def _client(account: Account, service: str, region: str) -> Any:
    key = ("external-reader", service, region)
    hit = account.derived.get(key)
    if hit is None:
        import boto3

        from ..ids import FAKE_ACCESS_KEY, FAKE_SECRET_KEY

        client = boto3.client(service, region_name=region, aws_access_key_id=FAKE_ACCESS_KEY,
                              aws_secret_access_key=FAKE_SECRET_KEY)
        hit = account.derived[key] = (0, client)
    return hit[1]


def read(account: Account, service: str, region: str, kind: str, ref: str, fn: Any) -> Any:
    """`fn(client)` run once per (service, kind, ref) in `account` until a call that may
    change it passes; a ClientError (no such resource, no policy), or any other failure of
    the read, reads as None: the call itself will say what is wrong."""
    from botocore.exceptions import ClientError

    cache = _cache(account, service, kind)
    # By region too: a secret's or a parameter's name, a table's name, mean another resource
    # in each region of the account.
    ref = f"{region}|{ref}"
    if ref in cache:
        return cache[ref]
    with _Reading(account):
        try:
            value = fn(_client(account, service, region))
        except ClientError:
            value = None
        except Exception:
            # The read is iamsim's own: a mock that crashes on it (moto answers some reads
            # with a Python error), or no mock at all (refused, naming the read's operation),
            # must not become the caller's error; the call itself then says what it says.
            value = None
    cache[ref] = value
    return value


def _split(arn: str) -> list[str] | None:
    parts = arn.split(":", 5)
    return parts if arn.startswith("arn:") and len(parts) == 6 else None


def _policy_ref(service: str, resource: str, params: dict[str, Any]) -> str | None:
    """What holds the policy that governs `resource`: the bucket (for its objects too), the
    queue URL, a DynamoDB table (for its indexes too) or stream, the resource itself."""
    parts = _split(resource)
    if parts is None:
        return None
    if service == "s3":
        bucket = parts[5].split("/", 1)[0]
        return f"{':'.join(parts[:5])}:{bucket}" if bucket else None
    if service == "sqs":
        return queue_url(resource, params)
    if service == "dynamodb":
        segs = parts[5].split("/")
        if len(segs) < 2 or segs[0] != "table":
            return None
        if len(segs) >= 4 and segs[2] == "stream":
            return resource
        return f"{':'.join(parts[:5])}:table/{segs[1]}"
    if service == "kms" and not parts[5].startswith("key/"):
        return None
    if service == "ecr":  # a repository's policy
        return resource if parts[5].startswith("repository/") else None
    if service == "kinesis":  # a stream's (its consumers have their own)
        return resource if parts[5].startswith("stream/") else None
    if service == "events":  # an event bus's policy governs its rules too
        rest = parts[5]
        if rest.startswith("event-bus/"):
            return resource
        if rest.startswith("rule/"):
            bits = rest.split("/")
            bus = bits[1] if len(bits) > 2 else "default"
            return f"{':'.join(parts[:5])}:event-bus/{bus}"
        return None
    if service == "lambda" and not parts[5].startswith("function:"):
        return None
    return resource


def queue_url(resource: str, params: dict[str, Any]) -> str | None:
    """The URL of the queue a call names: its QueueUrl, else (GetQueueUrl by QueueName and
    QueueOwnerAWSAccountId) the one its queue ARN stands for."""
    url = params.get("QueueUrl")
    if isinstance(url, str):
        return url
    parts = _split(resource)
    if parts is None or not parts[3] or not parts[4] or not parts[5] or "/" in parts[5]:
        return None
    return f"https://sqs.{parts[3]}.amazonaws.com/{parts[4]}/{parts[5]}"


def _policy_text(client: Any, service: str, ref: str) -> str | None:
    if service == "s3":
        return str(client.get_bucket_policy(Bucket=ref.split(":", 5)[5])["Policy"])
    if service == "sqs":
        attrs = client.get_queue_attributes(QueueUrl=ref, AttributeNames=["Policy"])
        return attrs.get("Attributes", {}).get("Policy")
    if service == "sns":
        return client.get_topic_attributes(TopicArn=ref).get("Attributes", {}).get("Policy")
    if service == "kms":
        return str(client.get_key_policy(KeyId=ref, PolicyName="default")["Policy"])
    if service == "lambda":
        bits = ref.split(":")
        kw = {"Qualifier": bits[7]} if len(bits) > 7 else {}
        return _aws_principals(str(client.get_policy(FunctionName=":".join(bits[:7]),
                                                     **kw)["Policy"]), bits[1])
    if service == "secretsmanager":
        return client.get_resource_policy(SecretId=ref).get("ResourcePolicy")
    if service == "dynamodb":
        return client.get_resource_policy(ResourceArn=ref).get("Policy")
    if service == "ecr":
        parts = ref.split(":", 5)
        return client.get_repository_policy(
            registryId=parts[4], repositoryName=parts[5][len("repository/"):]).get("policyText")
    if service == "kinesis":
        return client.get_resource_policy(ResourceARN=ref).get("Policy")
    if service == "events":
        name = ref.split(":", 5)[5][len("event-bus/"):]
        return client.describe_event_bus(Name=name).get("Policy")
    return None


def _aws_principals(text: str, partition: str) -> str:
    """AWS answers GetPolicy with each AddPermission principal as a structure ({"AWS":
    "arn:aws:iam::<account>:root"}, {"Service": "s3.amazonaws.com"}); a mock that echoes the
    bare string AddPermission took is read as AWS would have written it."""
    import json

    try:
        doc = json.loads(text)
    except ValueError:
        return text
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    for st in statements if isinstance(statements, list) else []:
        p = st.get("Principal") if isinstance(st, dict) else None
        if isinstance(p, str) and p != "*":
            if p.isdigit():
                st["Principal"] = {"AWS": f"arn:{partition}:iam::{p}:root"}
            elif p.startswith("arn:"):
                st["Principal"] = {"AWS": p}
            else:
                st["Principal"] = {"Service": p}
    return json.dumps(doc)


def resource_policy(sim: IamSim, account: Account, service: str, region: str, resource: str,
                    params: dict[str, Any]) -> Policy | None:
    """The resource-based policy that applies to `resource` in its owning `account`."""
    if service not in POLICY_SERVICES:
        return None
    ref = _policy_ref(service, resource, params)
    if ref is None:
        return None

    def policy(client: Any) -> Policy | None:
        text = _policy_text(client, service, str(ref))
        if not text:
            return None
        try:
            return Policy(compile_policy(text), f"{service}-resource-policy", "resource")
        except PolicyEngineError:
            return None  # a text the engine cannot read grants nothing

    found: Policy | None = read(account, service, region, "policy", ref, policy)
    return found


def _lookup(client: Any, service: str, ref: str) -> str | None:
    if service == "kms":
        return str(client.describe_key(KeyId=ref)["KeyMetadata"]["Arn"])
    if service == "secretsmanager":
        return str(client.describe_secret(SecretId=ref)["ARN"])
    return None


def _ciphertext_key(account: Account, region: str, params: dict[str, Any]) -> str | None:
    """A Decrypt (or ReEncrypt) without a key ID is authorized on the key the ciphertext was
    made with (KMS Developer Guide, Decrypt): the KeyId the mock's own Decrypt answers for
    the same blob, asked once per blob and never authorized."""
    blob = params.get("CiphertextBlob")
    if not isinstance(blob, (bytes, bytearray)):
        return None
    import hashlib

    enc = params.get("EncryptionContext")
    kw = {"EncryptionContext": enc} if isinstance(enc, dict) else {}

    def key_of(client: Any) -> str | None:
        return client.decrypt(CiphertextBlob=bytes(blob), **kw).get("KeyId")

    # The encryption context too: a Decrypt with the wrong one fails (read as None), and
    # must not stand for the right one.
    digest = hashlib.sha256(bytes(blob) + repr(sorted(kw.get("EncryptionContext", {}).items()))
                            .encode()).hexdigest()
    found = read(account, "kms", region, "ciphertext-key", digest, key_of)
    return str(found) if found else None


_ALIAS_OPERATIONS = frozenset({"CreateAlias", "UpdateAlias", "DeleteAlias"})


def real_arn(sim: IamSim, account: Account, service: str, operation: str, region: str,
             resource: str, params: dict[str, Any]) -> str:
    """AWS authorizes a KMS request naming an alias against the alias's key, and a Secrets
    Manager request naming a secret by name against the secret's full ARN (with its six
    random characters); what the mock answers for them, when it has them."""
    ref: str | None = None
    if service == "kms" and resource == "*" and operation in ("Decrypt", "ReEncrypt"):
        return _ciphertext_key(account, region, params) or resource
    if service == "kms" and ":alias/" in resource and operation not in _ALIAS_OPERATIONS:
        ref = resource
    elif service == "secretsmanager" and operation != "CreateSecret":
        given = params.get("SecretId")
        ref = given if isinstance(given, str) and not given.startswith("arn:") else None
    if ref is None:
        return resource
    found = read(account, service, region, "arn-of", ref, lambda c: _lookup(c, service, ref))
    return str(found) if found else resource


_ITEM_OPERATIONS = {"GetItem": "Key", "DeleteItem": "Key", "UpdateItem": "Key", "PutItem": "Item"}


def _partition_keys(sim: IamSim, account: Account, region: str,
                    table: str) -> dict[str, str]:
    """The partition key attribute of a table ("") and of each of its indexes (by name)."""
    def hash_keys(client: Any) -> dict[str, str]:
        t = client.describe_table(TableName=table)["Table"]
        out: dict[str, str] = {}
        for name, schema in [("", t.get("KeySchema") or [])] + [
                (i["IndexName"], i.get("KeySchema") or [])
                for i in (t.get("GlobalSecondaryIndexes") or []) +
                (t.get("LocalSecondaryIndexes") or [])]:
            found = next((k["AttributeName"] for k in schema if k["KeyType"] == "HASH"), None)
            if found:
                out[name] = str(found)
        return out

    return read(account, "dynamodb", region, "hash-key", table, hash_keys) or {}


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


def _item_value(item: Any, hash_key: str) -> str | None:
    return _scalar(item.get(hash_key)) if isinstance(item, dict) else None


def _values(keys: list[str | None]) -> list[str] | None:
    """All values, or None when one of them cannot be told (the key is then absent)."""
    return None if not keys or any(k is None for k in keys) else [str(k) for k in keys]


def leading_keys(sim: IamSim, account: Account, region: str, operation: str,
                 params: dict[str, Any]) -> list[list[str] | None] | None:
    """dynamodb:LeadingKeys of each check of a call (in the order authz/services/dynamodb.py
    makes them): the partition key values it touches, read against the table's key schema
    (DescribeTable). A Query on an index uses the index's partition key (our reading of the
    Developer Guide's fine-grained access control, which names the table's). A batch's check
    per table carries every value of that table (multi-valued, for ForAllValues)."""
    if operation in ("BatchGetItem", "BatchWriteItem"):
        out: list[list[str] | None] = []
        for table, body in (params.get("RequestItems") or {}).items():
            hk = _partition_keys(sim, account, region, str(table)).get("")
            if hk is None:
                out.append(None)
                continue
            if operation == "BatchGetItem":
                items = (body or {}).get("Keys") or [] if isinstance(body, dict) else []
            else:
                items = [(r.get("PutRequest") or {}).get("Item") or
                         (r.get("DeleteRequest") or {}).get("Key")
                         for r in body or [] if isinstance(r, dict)]
            out.append(_values([_item_value(i, hk) for i in items]))
        return out
    if operation in ("TransactWriteItems", "TransactGetItems"):
        out = []
        from .services.dynamodb import _TRANSACT

        for entry in params.get("TransactItems") or []:
            for kind, body in (entry or {}).items():
                if kind in _TRANSACT and isinstance(body, dict) and "TableName" in body:
                    hk = _partition_keys(sim, account, region, str(body["TableName"])).get("")
                    value = _item_value(body.get("Item") or body.get("Key"), hk) if hk else None
                    out.append(_values([value]))
        return out
    if operation not in _ITEM_OPERATIONS and operation != "Query":
        return None
    table = params.get("TableName")
    if not isinstance(table, str):
        return None
    keys = _partition_keys(sim, account, region, table)
    if operation == "Query":
        hash_key = keys.get(str(params.get("IndexName") or ""))
        value = _query_value(params, hash_key) if hash_key else None
    else:
        hash_key = keys.get("")
        value = _item_value(params.get(_ITEM_OPERATIONS[operation]), hash_key) \
            if hash_key else None
    return [[value] if value is not None else None]
