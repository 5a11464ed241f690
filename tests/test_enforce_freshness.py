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
from .helpers import raises_aws

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


def test_a_read_the_mock_fails_to_answer_does_not_fail_the_call(sim):
    # moto answers ListTagsForResource with a Python IndexError (not an AWS error) for a
    # parameter a failed LabelParameterVersion named; the tag read iamsim makes for a policy
    # that looks aws:ResourceTag up is its own, so it reads as "no tags" and the call goes on.
    alice = user("alice", allow("ssm:*"),
                 {"Effect": "Deny", "Action": "ssm:*", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:ResourceTag/locked": "yes"}}})
    ssm = client("ssm", alice)
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.label_parameter_version(Name="fresh", Labels=["l"])
    assert ssm.put_parameter(Name="fresh", Value="v", Type="String")["Version"] == 1


def test_without_another_mock_the_refusal_names_the_call_not_iamsims_read():
    from iamsim import mock_iam
    from iamsim.errors import UnmockedServiceError

    with mock_iam(enforce=True):
        alice = user("alice", allow("s3:*"))
        with pytest.raises(UnmockedServiceError, match="s3:GetObject"):
            client("s3", alice).get_object(Bucket="some-bucket", Key="k")


def test_a_secret_name_means_another_secret_in_each_region(sim):
    for region in ("us-east-1", "eu-west-1"):
        boto3.client("secretsmanager", region_name=region).create_secret(
            Name="db", SecretString=f"in-{region}")
    alice = user("alice", allow("secretsmanager:GetSecretValue",
                                "arn:aws:secretsmanager:eu-west-1:*:secret:db-*"))
    with raises_aws("AccessDeniedException", match="secret:db-"):
        client("secretsmanager", alice).get_secret_value(SecretId="db")
    assert client("secretsmanager", alice, "eu-west-1").get_secret_value(
        SecretId="db")["SecretString"] == "in-eu-west-1"


def test_an_index_added_by_update_table_has_its_own_leading_key(sim):
    alice = user("alice", allow("dynamodb:*", Condition={
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["alice"]},
        "Null": {"dynamodb:LeadingKeys": "false"}}),
        allow(["dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DescribeTable"]))
    ddb = client("dynamodb", alice)
    ddb.create_table(TableName="docs", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="docs", Item={"pk": {"S": "alice"}, "owner": {"S": "alice"}})
    ddb.update_table(TableName="docs",
                     AttributeDefinitions=[{"AttributeName": "owner", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {
                         "IndexName": "by-owner",
                         "KeySchema": [{"AttributeName": "owner", "KeyType": "HASH"}],
                         "Projection": {"ProjectionType": "ALL"}}}])
    found = ddb.query(TableName="docs", IndexName="by-owner", KeyConditionExpression="#o = :v",
                      ExpressionAttributeNames={"#o": "owner"},
                      ExpressionAttributeValues={":v": {"S": "alice"}})
    assert found["Count"] == 1


def test_a_decrypt_with_the_wrong_context_does_not_hide_the_ciphertexts_key(sim):
    kms = boto3.client("kms", region_name=REGION)
    key = kms.create_key()["KeyMetadata"]["Arn"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"x",
                       EncryptionContext={"app": "a"})["CiphertextBlob"]
    alice = user("alice", allow("kms:Decrypt", key))
    k = client("kms", alice)
    # (The key of a blob the mock cannot decrypt cannot be told: authorized on "*".)
    with pytest.raises(k.exceptions.ClientError):
        k.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "wrong"})
    assert k.decrypt(CiphertextBlob=blob, EncryptionContext={"app": "a"})["Plaintext"] == b"x"
