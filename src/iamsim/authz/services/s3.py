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


# The ACL headers: a canned ACL and the grants (CreateBucket, PutObject, PutObjectAcl...).
_ACL = (("ACL", "s3:x-amz-acl"), ("GrantFullControl", "s3:x-amz-grant-full-control"),
        ("GrantRead", "s3:x-amz-grant-read"), ("GrantReadACP", "s3:x-amz-grant-read-acp"),
        ("GrantWrite", "s3:x-amz-grant-write"), ("GrantWriteACP", "s3:x-amz-grant-write-acp"))


def _acl_context(params: dict[str, Any]) -> dict[str, Any]:
    return {key: str(params[param]) for param, key in _ACL if param in params}


def _bucket_context(params: dict[str, Any]) -> dict[str, Any]:
    """CreateBucket's keys: s3:locationconstraint, s3:x-amz-object-ownership, the ACL's."""
    ctx = _acl_context(params)
    where = (params.get("CreateBucketConfiguration") or {}).get("LocationConstraint")
    if isinstance(where, str):
        ctx["s3:locationconstraint"] = where
    if "ObjectOwnership" in params:
        ctx["s3:x-amz-object-ownership"] = str(params["ObjectOwnership"])
    return ctx


def _object_tags(tags: list[tuple[str, str]]) -> dict[str, Any]:
    ctx: dict[str, Any] = {f"s3:RequestObjectTag/{k}": v for k, v in tags}
    ctx["s3:RequestObjectTagKeys"] = [k for k, _ in tags]
    return ctx


def _put_context(params: dict[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = _acl_context(params)
    for param, key in (("ServerSideEncryption", "s3:x-amz-server-side-encryption"),
                       ("SSEKMSKeyId", "s3:x-amz-server-side-encryption-aws-kms-key-id"),
                       ("SSECustomerAlgorithm",
                        "s3:x-amz-server-side-encryption-customer-algorithm"),
                       ("StorageClass", "s3:x-amz-storage-class"),
                       ("MetadataDirective", "s3:x-amz-metadata-directive"),
                       ("WebsiteRedirectLocation", "s3:x-amz-website-redirect-location"),
                       ("ObjectLockMode", "s3:object-lock-mode"),
                       ("ObjectLockLegalHoldStatus", "s3:object-lock-legal-hold"),
                       ("IfNoneMatch", "s3:if-none-match"), ("IfMatch", "s3:if-match")):
        if param in params:
            ctx[key] = str(params[param])
    until = params.get("ObjectLockRetainUntilDate")
    if until is not None:
        ctx["s3:object-lock-retain-until-date"] = (
            until.strftime("%Y-%m-%dT%H:%M:%SZ") if hasattr(until, "strftime") else str(until))
    src = _copy_source(params)
    if src is not None:  # the header's bucket/key, as the User Guide's examples match it
        ctx["s3:x-amz-copy-source"] = f"{src[0]}/{src[1]}"
    tagging = params.get("Tagging")
    if isinstance(tagging, str) and tagging:  # PutObject's URL-encoded tag set
        from urllib.parse import parse_qsl

        ctx.update(_object_tags(parse_qsl(tagging, keep_blank_values=True)))
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
    if operation == "CreateBucket":
        ctx = _bucket_context(params)
    if name in ("PutObjectAcl", "PutObjectVersionAcl", "PutBucketAcl"):
        ctx = _acl_context(params)
    tagset = (params.get("Tagging") or {}).get("TagSet") if isinstance(
        params.get("Tagging"), dict) else None
    if operation == "PutBucketTagging" and isinstance(tagset, list):
        ctx = tags_context({"Tags": tagset})
    if operation == "PutObjectTagging" and isinstance(tagset, list):
        # An object's tags are S3's own keys (s3:RequestObjectTag/*), not aws:RequestTag/*.
        ctx = _object_tags([(str(t.get("Key", "")), str(t.get("Value", "")))
                            for t in tagset if isinstance(t, dict)])
    if "ObjectVersion" in name and isinstance(params.get("VersionId"), str):
        ctx["s3:versionid"] = params["VersionId"]  # the *Version actions' key
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
