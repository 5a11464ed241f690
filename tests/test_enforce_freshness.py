"""What iamsim reads of moto's resources (policies, tags, keys) is read again after a call that
changes them, also when the changing call was itself authorized (and so read the old state
while it was being decided)."""

from __future__ import annotations

import boto3
import pytest

from .enforce_services_helpers import (
    ACCOUNT,
    REGION,
    SOME_SCOPE_IDS,
    SOME_SCOPES,
    allow,
    client,
    doc,
    scope,
    user,
)

BOB = f"arn:aws:iam::{ACCOUNT}:user/bob"


@pytest.fixture(params=SOME_SCOPES, ids=SOME_SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def grant(action: str, resource: str = "*") -> str:
    return doc({"Effect": "Allow", "Principal": {"AWS": BOB}, "Action": action,
                "Resource": resource})


def test_a_bucket_policy_put_by_an_authorized_user_takes_effect(sim):
    admin = user("admin", allow("*"))
    bob = user("bob")  # granted by the bucket's policy only
    s3 = client("s3", admin)
    s3.create_bucket(Bucket="shared-bucket")
    s3.put_object(Bucket="shared-bucket", Key="k", Body=b"x")
    s3.put_bucket_policy(Bucket="shared-bucket",
                         Policy=grant("s3:GetObject", "arn:aws:s3:::shared-bucket/*"))
    assert client("s3", bob).get_object(Bucket="shared-bucket", Key="k")["Body"].read() == b"x"
    s3.delete_bucket_policy(Bucket="shared-bucket")
    with pytest.raises(client("s3", bob).exceptions.ClientError, match="AccessDenied"):
        client("s3", bob).get_object(Bucket="shared-bucket", Key="k")


def test_a_queue_policy_set_by_an_authorized_user_takes_effect(sim):
    admin = user("admin", allow("*"))
    bob = user("bob")
    sqs = client("sqs", admin)
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"Policy": grant("sqs:SendMessage")})
    client("sqs", bob).send_message(QueueUrl=url, MessageBody="m")
    assert boto3.client("sqs", region_name=REGION).get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"][
        "ApproximateNumberOfMessages"] == "1"
