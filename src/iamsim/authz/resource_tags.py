"""aws:ResourceTag/* (and S3's s3:ExistingObjectTag/*) of a resource another mock keeps,
read through its public tagging API (ListQueueTags, ListResourceTags, GetObjectTagging...)
only when a policy of the decision looked such a key up, so a decision that needs no tag
costs no read. Cached with the other reads (authz/resource_policies.py) until a tagging
call of the service passes through the scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .resource_policies import queue_url, read

if TYPE_CHECKING:
    from ..model.account import Account

# Keys of the resource itself, read only when looked up. The KMS ones describe an existing key
# (the service authorization reference: kms:KeySpec... "of the KMS key in the request").
_KEY_PROPERTIES = {"kms:keyspec": ("KeySpec", "kms:KeySpec"),
                   "kms:keyusage": ("KeyUsage", "kms:KeyUsage"),
                   "kms:keyorigin": ("Origin", "kms:KeyOrigin"),
                   "kms:multiregion": ("MultiRegion", "kms:MultiRegion"),
                   "kms:multiregionkeytype": ("MultiRegionConfiguration", "kms:MultiRegionKeyType")}
_PREFIXES = ("aws:resourcetag/", "s3:existingobjecttag/", "kms:resourcealiases",
             *_KEY_PROPERTIES)


def wanted(missing: Iterable[str]) -> bool:
    """Did the evaluation look up a resource tag the request did not carry?"""
    return any(k.lower().startswith(_PREFIXES) for k in missing)


def _pairs(tags: Any, key: str = "Key", value: str = "Value") -> dict[str, str]:
    if isinstance(tags, dict):
        return {str(k): str(v) for k, v in tags.items()}
    if isinstance(tags, list):
        return {str(t[key]): str(t.get(value, "")) for t in tags
                if isinstance(t, dict) and key in t}
    return {}


def _arn_parts(arn: str) -> list[str] | None:
    parts = arn.split(":", 5)
    return parts if arn.startswith("arn:") and len(parts) == 6 else None


def _read_tags(client: Any, service: str, resource: str, params: dict[str, Any],
               objects: bool) -> dict[str, str] | None:
    parts = _arn_parts(resource)
    if parts is None:
        return None
    rest = parts[5]
    if service == "s3":
        bucket, _, key = rest.partition("/")
        if objects:
            if not key:
                return None
            kw = {"VersionId": params["VersionId"]} if params.get("VersionId") else {}
            return _pairs(client.get_object_tagging(Bucket=bucket, Key=key, **kw)["TagSet"])
        return _pairs(client.get_bucket_tagging(Bucket=bucket)["TagSet"])
    if objects:
        return None
    if service == "sqs":
        url = queue_url(resource, params)
        return _pairs(client.list_queue_tags(QueueUrl=url).get("Tags")) \
            if isinstance(url, str) else None
    if service == "sns":
        return _pairs(client.list_tags_for_resource(ResourceArn=resource).get("Tags"))
    if service == "kms":
        if not rest.startswith("key/"):
            return None
        return _pairs(client.list_resource_tags(KeyId=resource).get("Tags"), "TagKey",
                      "TagValue")
    if service == "lambda":
        bits = resource.split(":")
        if len(bits) < 7 or bits[5] != "function":
            return None
        return _pairs(client.list_tags(Resource=":".join(bits[:7])).get("Tags"))
    if service == "secretsmanager":
        return _pairs(client.describe_secret(SecretId=resource).get("Tags"))
    if service == "dynamodb":
        segs = rest.split("/")
        if len(segs) < 2 or segs[0] != "table":
            return None
        table = f"{':'.join(parts[:5])}:table/{segs[1]}"
        return _pairs(client.list_tags_of_resource(ResourceArn=table).get("Tags"))
    if service == "ssm":
        if not rest.startswith("parameter/"):
            return None
        given = params.get("Name")
        name = given if isinstance(given, str) and not given.startswith("arn:") else \
            "/" + rest[len("parameter/"):]
        return _pairs(client.list_tags_for_resource(ResourceType="Parameter",
                                                    ResourceId=name).get("TagList"))
    return None


def tag_context(account: Account, service: str, region: str, resource: str,
                params: dict[str, Any]) -> dict[str, Any]:
    """The resource's tags as condition keys (empty when the mock keeps none)."""
    ref = resource
    if service == "sqs":
        ref = str(queue_url(resource, params))
    elif service == "s3":  # the bucket's tags, for its objects too (our reading of S3 ABAC)
        ref = resource.split("/", 1)[0]
    tags = read(account, service, region, "tags", ref,
                lambda c: _read_tags(c, service, ref if service == "s3" else resource,
                                     params, False)) or {}
    ctx: dict[str, Any] = {f"aws:ResourceTag/{k}": v for k, v in tags.items()}
    if service == "kms" and ":key/" in resource:
        def aliases(client: Any) -> list[str]:
            found = client.list_aliases(KeyId=resource).get("Aliases") or []
            return [str(a["AliasName"]) for a in found if "AliasName" in a]

        ctx["kms:ResourceAliases"] = read(account, service, region, "aliases", resource,
                                          aliases) or []

        def properties(client: Any) -> dict[str, Any]:
            meta = client.describe_key(KeyId=resource)["KeyMetadata"]
            out: dict[str, Any] = {}
            for field, key in _KEY_PROPERTIES.values():
                v = meta.get(field)
                if field == "MultiRegionConfiguration":
                    v = (v or {}).get("MultiRegionKeyType")
                if v is not None:
                    out[key] = v
            return out

        ctx.update(read(account, service, region, "key-properties", resource, properties) or {})
    if service == "s3" and "/" in resource.split(":", 5)[-1]:
        objtags = read(account, service, region, "object-tags",
                       f"{resource}?{params.get('VersionId') or ''}",
                       lambda c: _read_tags(c, service, resource, params, True)) or {}
        ctx.update({f"s3:ExistingObjectTag/{k}": v for k, v in objtags.items()})
    return ctx
