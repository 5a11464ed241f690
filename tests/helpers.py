"""Assertions shared by the test modules."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from botocore.exceptions import ClientError


@contextlib.contextmanager
def raises_aws(code: str, message: str | None = None, status: int | None = None,
               match: str | None = None) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """Expect a ClientError with AWS's code (and, if given, exact message / HTTP status)."""
    with pytest.raises(ClientError) as info:
        yield info
    err = info.value.response["Error"]
    assert err["Code"] == code, err
    if message is not None:
        assert err["Message"] == message, err
    if match is not None:
        import re

        assert re.search(match, err["Message"]), err
    if status is not None:
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


def user_client(service: str = "sts", region: str = "us-east-1", name: str = "caller"):
    """A client of a new IAM user of the active scope (AWS never lets the root user assume a
    role, so tests that assume roles call as a user)."""
    import boto3

    iam = boto3.client("iam", region_name=region)
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(service, region_name=region, aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])
