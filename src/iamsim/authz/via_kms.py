"""KMS keys a service uses on the caller's behalf: S3 (SSE-KMS objects and buckets), SQS
(SSE-KMS queues), Secrets Manager (secrets under a customer managed key) and SSM (SecureString
parameters). AWS makes the KMS request in the caller's name, with kms:ViaService
`<service>.<region>.amazonaws.com` and kms:CallerAccount, so the caller's policies and the
key's policy must allow kms:GenerateDataKey (writing) or kms:Decrypt (reading): the KMS
Developer Guide's "How <service> uses AWS KMS" pages.

The key is the one the request names (SSEKMSKeyId, KmsKeyId, KeyId), else the one the
resource was made with, read through the mock's public API (HeadObject, GetBucketEncryption,
GetQueueAttributes, DescribeSecret, DescribeParameters). AWS managed keys (alias/aws/...)
allow every principal of the account through their service, so they add no check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .resource_policies import read
from .services import Check, Where
from .services.kms import key_arn

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from ..mock import IamSim
    from ..model.account import Account
    from ..policy import Decision

_WRITE, _READ = "kms:GenerateDataKey", "kms:Decrypt"
_S3_WRITES = {"PutObject", "CreateMultipartUpload", "CopyObject"}
_S3_READS = {"GetObject", "HeadObject"}
_SQS = {"SendMessage": _WRITE, "SendMessageBatch": _WRITE, "ReceiveMessage": _READ}
_SECRETS = {"GetSecretValue": _READ, "BatchGetSecretValue": None, "PutSecretValue": _WRITE,
            "CreateSecret": _WRITE, "UpdateSecret": _WRITE}


def _managed(ref: str | None) -> bool:
    return not ref or "alias/aws/" in ref


def _check(action: str, ref: str, where: Where, service: str,
           enc: dict[str, str]) -> Check:
    ctx: dict[str, Any] = {"kms:ViaService": f"{service}.{where.region}.amazonaws.com",
                           "kms:CallerAccount": where.account}
    ctx.update({f"kms:EncryptionContext:{k}": v for k, v in enc.items()})
    if enc:
        ctx["kms:EncryptionContextKeys"] = list(enc)
    return Check(action, key_arn(where, ref), ctx, via="kms")


def _s3(account: Account, operation: str, params: dict[str, Any], region: str,
        where: Where) -> list[Check]:
    bucket, key = params.get("Bucket"), params.get("Key")
    if not isinstance(bucket, str) or not isinstance(key, str) or bucket.startswith("arn:"):
        return []
    obj = f"arn:{where.partition}:s3:::{bucket}/{key}"
    enc = {"aws:s3:arn": obj}
    if operation in _S3_WRITES:
        sse, ref = params.get("ServerSideEncryption"), params.get("SSEKMSKeyId")
        if sse is None:  # the bucket's default encryption
            def default(client: Any) -> str | None:
                conf = client.get_bucket_encryption(Bucket=bucket)
                for rule in conf["ServerSideEncryptionConfiguration"]["Rules"]:
                    d = rule.get("ApplyServerSideEncryptionByDefault") or {}
                    if str(d.get("SSEAlgorithm", "")).startswith("aws:kms"):
                        return str(d.get("KMSMasterKeyID") or "alias/aws/s3")
                return None

            ref = read(account, "s3", region, "bucket-kms", bucket, default)
        elif not str(sse).startswith("aws:kms"):
            return []
        return [] if _managed(ref) else [_check(_WRITE, str(ref), where, "s3", enc)]
    if operation in _S3_READS:
        version = params.get("VersionId")

        def object_key(client: Any) -> str | None:
            kw = {"VersionId": version} if version else {}
            head = client.head_object(Bucket=bucket, Key=key, **kw)
            if str(head.get("ServerSideEncryption", "")).startswith("aws:kms"):
                return str(head.get("SSEKMSKeyId") or "alias/aws/s3")
            return None

        ref = read(account, "s3", region, "object-kms", f"{obj}?{version or ''}", object_key)
        return [] if _managed(ref) else [_check(_READ, str(ref), where, "s3", enc)]
    return []


def _sqs(account: Account, operation: str, params: dict[str, Any], region: str,
         where: Where) -> list[Check]:
    action, url = _SQS.get(operation), params.get("QueueUrl")
    if action is None or not isinstance(url, str):
        return []

    def queue_key(client: Any) -> str | None:
        attrs = client.get_queue_attributes(QueueUrl=url, AttributeNames=["KmsMasterKeyId"])
        return attrs.get("Attributes", {}).get("KmsMasterKeyId")

    ref = read(account, "sqs", region, "queue-kms", url, queue_key)
    if _managed(ref):
        return []
    name = url.rstrip("/").rsplit("/", 1)[-1]
    queue = f"arn:{where.partition}:sqs:{where.region}:{account.id}:{name}"
    return [_check(action, str(ref), where, "sqs", {"aws:sqs:arn": queue})]


def _secrets(account: Account, operation: str, params: dict[str, Any], region: str,
             where: Where) -> list[Check]:
    action = _SECRETS.get(operation)
    if action is None:
        return []
    if operation == "UpdateSecret" and not ("SecretString" in params or
                                            "SecretBinary" in params):
        return []
    ref = params.get("KmsKeyId")
    secret = params.get("SecretId") if operation != "CreateSecret" else None
    if ref is None and isinstance(secret, str):
        def secret_key(client: Any) -> str | None:
            return client.describe_secret(SecretId=secret).get("KmsKeyId")

        ref = read(account, "secretsmanager", region, "secret-kms", secret, secret_key)
    if _managed(ref) or not isinstance(ref, str):
        return []
    return [_check(action, ref, where, "secretsmanager",
                   {"SecretARN": secret} if isinstance(secret, str)
                   and secret.startswith("arn:") else {})]


def _ssm(account: Account, operation: str, params: dict[str, Any], region: str,
         where: Where) -> list[Check]:
    name = params.get("Name")
    if not isinstance(name, str):
        return []
    if operation == "PutParameter":
        ref = params.get("KeyId")
        if params.get("Type") != "SecureString" or not isinstance(ref, str) or _managed(ref):
            return []
        return [_check("kms:Encrypt", ref, where, "ssm", {})]
    if operation != "GetParameter" or not params.get("WithDecryption"):
        return []

    def parameter_key(client: Any) -> str | None:
        found = client.describe_parameters(ParameterFilters=[
            {"Key": "Name", "Option": "Equals", "Values": [name]}]).get("Parameters") or []
        if found and found[0].get("Type") == "SecureString":
            return found[0].get("KeyId") or "alias/aws/ssm"
        return None

    ref = read(account, "ssm", region, "parameter-kms", name, parameter_key)
    return [] if _managed(ref) else [_check(_READ, str(ref), where, "ssm", {})]


_BY_SERVICE = {"s3": _s3, "sqs": _sqs, "secretsmanager": _secrets, "ssm": _ssm}


def checks(sim: IamSim, account: Account, service: str, operation: str,
           params: dict[str, Any], region: str, where: Where) -> list[Check]:
    """The KMS checks of a call, read in `account` (the owner of what the call names)."""
    fn = _BY_SERVICE.get(service)
    return [] if fn is None else fn(account, operation, params, region, where)


def denied(model: OperationModel, arn: str, action: str, resource: str, decision: Decision,
           policy_arn: str | None, rid: str) -> tuple[Any, dict[str, Any]]:
    """Each service's answer when KMS refused it. Secrets Manager: AccessDeniedException
    "Access to KMS is not allowed" (recorded in public issue threads); SSM: KMS's own
    message wrapped by SSM (recorded); S3: AccessDenied with KMS's text; SQS:
    KMS.AccessDeniedException (its KmsAccessDenied error; the message is our choice)."""
    from ..policy import denial_reason
    from .external import _error
    from .external import denied as service_denied

    service = model.service_model.service_name
    if service == "secretsmanager":
        return _error(model, 400, "AccessDeniedException", "Access to KMS is not allowed", rid)
    if service == "ssm":
        return _error(model, 400, "AccessDeniedException",
                      "The ciphertext refers to a customer master key that does not exist, "
                      "does not exist in this region, or you are not allowed to access. "
                      "(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; "
                      f"Request ID: {rid})", rid)
    if service == "sqs":
        reason = denial_reason(decision, action, policy_arn)
        return _error(model, 400, "KMS.AccessDeniedException",
                      f"User: {arn} is not authorized to perform: {action} on resource: "
                      f"{resource} {reason}", rid)
    return service_denied(model, arn, action, resource, decision, policy_arn, rid)

