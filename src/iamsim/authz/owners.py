"""Which of the scope's accounts owns what a call to another service names.

In AWS each account has its own queues, topics, keys, functions, secrets, tables, parameters;
moto keeps accounts apart too, by the account its documented `x-moto-account-id` header
names. iamsim sends that header with each call to another mock, naming the resource's owner:
the account in the ARN or queue URL the request names, when it is one of the scope's; for an
S3 bucket (whose ARN has no account) the account that created it through the scope; else the
caller's own account. So a role of account B creates its resources in B, and a caller of A
reaches B's queue by its URL, as in AWS. (moto finds an S3 bucket of any account by name
itself, as bucket names are global.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..mock import IamSim

HEADER = "x-moto-account-id"


def account_in(value: str) -> str | None:
    """The account ID an ARN (`arn:p:svc:region:ACCOUNT:...`) or an SQS queue URL
    (`https://sqs.region.amazonaws.com/ACCOUNT/name`) holds."""
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        aid = parts[4] if len(parts) == 6 else ""
    elif value.startswith(("https://", "http://")):
        bits = value.split("/")
        aid = bits[3] if len(bits) > 4 else ""
    else:
        return None
    return aid if len(aid) == 12 and aid.isdigit() else None


def owner_of(sim: IamSim, caller_account: str, service: str, params: dict[str, Any],
             resources: Iterable[str] = ()) -> str:
    known = sim._known
    for r in resources:
        aid = account_in(r)
        if aid in known:
            return str(aid)
    if service == "s3":
        bucket = params.get("Bucket")
        if isinstance(bucket, str):
            return sim._bucket_owners.get(bucket, caller_account)
        return caller_account
    for v in params.values():
        if isinstance(v, str):
            aid = account_in(v)
            if aid in known:
                return str(aid)
    return caller_account


def route(request_dict: Any, account: str) -> None:
    """Have the other mock answer in `account`."""
    if isinstance(request_dict, dict):
        request_dict.setdefault("headers", {})[HEADER] = account


def after_call(sim: IamSim, operation: str, params: dict[str, Any], status: int,
               account: str | None) -> None:
    """Keep the owner of each bucket the scope creates (and forget those it deletes)."""
    bucket = params.get("Bucket")
    if not isinstance(bucket, str) or status >= 300:
        return
    if operation == "CreateBucket" and account is not None:
        sim._bucket_owners.setdefault(bucket, account)
    elif operation == "DeleteBucket":
        sim._bucket_owners.pop(bucket, None)
