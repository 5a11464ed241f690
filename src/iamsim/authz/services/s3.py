"""S3: operations whose IAM action has another name, bucket and object ARNs, S3's keys.

Actions: the S3 User Guide's "Required permissions for Amazon S3 API operations" (ListObjects
and ListObjectsV2 need s3:ListBucket, HeadObject s3:GetObject, a multipart upload
s3:PutObject...). A request naming a version (VersionId) needs the *Version action.
"""

from __future__ import annotations

from typing import Any

from . import Check, Where, action_exists, mapper, tags_context

_RENAMED = {
    "ListObjects": "ListBucket",
    "ListObjectsV2": "ListBucket",
    "HeadBucket": "ListBucket",
    "ListObjectVersions": "ListBucketVersions",
    "ListBuckets": "ListAllMyBuckets",
    "HeadObject": "GetObject",
    "CreateMultipartUpload": "PutObject",
    "UploadPart": "PutObject",
    "CompleteMultipartUpload": "PutObject",
    "ListParts": "ListMultipartUploadParts",
    "ListMultipartUploads": "ListBucketMultipartUploads",
    "DeleteObjects": "DeleteObject",
    "CopyObject": "PutObject",
    "UploadPartCopy": "PutObject",
    "GetBucketEncryption": "GetEncryptionConfiguration",
    "PutBucketEncryption": "PutEncryptionConfiguration",
    "DeleteBucketEncryption": "PutEncryptionConfiguration",
    "GetBucketLifecycleConfiguration": "GetLifecycleConfiguration",
    "PutBucketLifecycleConfiguration": "PutLifecycleConfiguration",
    "DeleteBucketLifecycle": "PutLifecycleConfiguration",
    "GetBucketNotificationConfiguration": "GetBucketNotification",
    "PutBucketNotificationConfiguration": "PutBucketNotification",
    "GetBucketCors": "GetBucketCORS",
    "PutBucketCors": "PutBucketCORS",
    "DeleteBucketCors": "PutBucketCORS",
    "GetPublicAccessBlock": "GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeletePublicAccessBlock": "PutBucketPublicAccessBlock",
    "DeleteBucketTagging": "PutBucketTagging",
    "GetBucketReplication": "GetReplicationConfiguration",
    "PutBucketReplication": "PutReplicationConfiguration",
    "DeleteBucketReplication": "PutReplicationConfiguration",
    "GetBucketWebsite": "GetBucketWebsite",
    "DeleteBucketWebsite": "DeleteBucketWebsite",
    "GetObjectAttributes": "GetObject",
    "SelectObjectContent": "GetObject",
    "GetBucketAccelerateConfiguration": "GetAccelerateConfiguration",
    "PutBucketAccelerateConfiguration": "PutAccelerateConfiguration",
    "GetBucketAnalyticsConfiguration": "GetAnalyticsConfiguration",
    "ListBucketAnalyticsConfigurations": "GetAnalyticsConfiguration",
    "PutBucketAnalyticsConfiguration": "PutAnalyticsConfiguration",
    "DeleteBucketAnalyticsConfiguration": "PutAnalyticsConfiguration",
    "GetBucketIntelligentTieringConfiguration": "GetIntelligentTieringConfiguration",
    "ListBucketIntelligentTieringConfigurations": "GetIntelligentTieringConfiguration",
    "PutBucketIntelligentTieringConfiguration": "PutIntelligentTieringConfiguration",
    "DeleteBucketIntelligentTieringConfiguration": "PutIntelligentTieringConfiguration",
    "GetBucketInventoryConfiguration": "GetInventoryConfiguration",
    "ListBucketInventoryConfigurations": "GetInventoryConfiguration",
    "PutBucketInventoryConfiguration": "PutInventoryConfiguration",
    "DeleteBucketInventoryConfiguration": "PutInventoryConfiguration",
    "GetBucketMetricsConfiguration": "GetMetricsConfiguration",
    "ListBucketMetricsConfigurations": "GetMetricsConfiguration",
    "PutBucketMetricsConfiguration": "PutMetricsConfiguration",
    "DeleteBucketMetricsConfiguration": "PutMetricsConfiguration",
    "DeleteBucketOwnershipControls": "PutBucketOwnershipControls",
    "GetBucketLifecycle": "GetLifecycleConfiguration",
    "PutBucketLifecycle": "PutLifecycleConfiguration",
    "GetObjectLockConfiguration": "GetBucketObjectLockConfiguration",
    "PutObjectLockConfiguration": "PutBucketObjectLockConfiguration",
}
# Operations on an object whose action changes when the request names a version.
_VERSIONED = {"GetObject", "DeleteObject", "GetObjectAcl", "PutObjectAcl", "GetObjectTagging",
              "PutObjectTagging", "DeleteObjectTagging"}


def bucket_arn(where: Where, bucket: str) -> str:
    if bucket.startswith("arn:"):  # an access point (or Outposts bucket) given by its ARN
        return bucket
    return f"arn:{where.partition}:s3:::{bucket}"


def object_arn(where: Where, bucket: str, key: str) -> str:
    if bucket.startswith("arn:"):  # the access point's object resource type
        return f"{bucket}/object/{key}"
    return f"arn:{where.partition}:s3:::{bucket}/{key}"


def _list_context(params: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    for param, key in (("Prefix", "s3:prefix"), ("Delimiter", "s3:delimiter"),
                       ("MaxKeys", "s3:max-keys")):
        if param in params:
            ctx[key] = str(params[param])
    return ctx


def _put_context(params: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    for param, key in (("ServerSideEncryption", "s3:x-amz-server-side-encryption"),
                       ("SSEKMSKeyId", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
                       ("ACL", "s3:x-amz-acl"), ("StorageClass", "s3:x-amz-storage-class"),
                       ("MetadataDirective", "s3:x-amz-metadata-directive")):
        if param in params:
            ctx[key] = str(params[param])
    tagging = params.get("Tagging")
    if isinstance(tagging, str) and tagging:  # PutObject's URL-encoded tag set
        from urllib.parse import parse_qsl

        pairs = parse_qsl(tagging, keep_blank_values=True)
        ctx.update({f"s3:RequestObjectTag/{k}": v for k, v in pairs})
        ctx["s3:RequestObjectTagKeys"] = [k for k, _ in pairs]
    return ctx


def _copy_source(params: dict[str, Any]) -> tuple[str, str, str | None] | None:
    src = params.get("CopySource")
    if isinstance(src, dict):
        if "Bucket" in src and "Key" in src:
            return str(src["Bucket"]), str(src["Key"]), src.get("VersionId")
        return None
    if isinstance(src, str):
        from urllib.parse import unquote

        text, _, query = src.lstrip("/").partition("?versionId=")
        bucket, _, key = text.partition("/")
        if bucket and key:
            return bucket, unquote(key), query or None
    return None


@mapper("s3")
def s3_checks(operation: str, params: dict[str, Any], where: Where) -> list[Check] | None:
    name = _RENAMED.get(operation, operation)
    if name in _VERSIONED and params.get("VersionId"):
        name = f"{name.replace('Object', 'ObjectVersion', 1)}"
    if not action_exists("s3", name):
        return None
    action = f"s3:{name}"
    bucket = params.get("Bucket")
    if operation == "ListBuckets" or not isinstance(bucket, str):
        return [Check(action, "*")]
    key = params.get("Key")
    ctx: dict[str, Any] = {}
    if name in ("ListBucket", "ListBucketVersions"):
        ctx = _list_context(params)
    if name == "PutObject" or operation == "CopyObject":
        ctx = _put_context(params)
    if operation in ("PutBucketTagging", "PutObjectTagging"):
        tagset = (params.get("Tagging") or {}).get("TagSet")
        ctx = tags_context({"Tags": tagset}) if isinstance(tagset, list) else {}
    if operation == "DeleteObjects":
        objects = (params.get("Delete") or {}).get("Objects") or []
        return [Check(action, object_arn(where, bucket, str(o.get("Key", ""))))
                for o in objects if isinstance(o, dict)] or [Check(action, bucket_arn(where, bucket))]
    if operation in ("CopyObject", "UploadPartCopy"):
        checks = [Check("s3:PutObject", object_arn(where, bucket, str(key)), ctx)]
        src = _copy_source(params)
        if src is not None:
            get = "s3:GetObjectVersion" if src[2] else "s3:GetObject"
            checks.insert(0, Check(get, object_arn(where, src[0], src[1])))
        return checks
    if isinstance(key, str) and operation != "ListObjects":
        return [Check(action, object_arn(where, bucket, key), ctx)]
    return [Check(action, bucket_arn(where, bucket), ctx)]
