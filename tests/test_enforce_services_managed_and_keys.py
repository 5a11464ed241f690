"""Enforcement of S3, DynamoDB, SQS and SNS calls moto answers, beyond their own files: an
explicit deny in a managed policy (AWS names its ARN at the end of the message), request tag
conditions on creating a table or tagging an object, SNS's Subscribe keys (sns:Protocol,
sns:Endpoint) and a permissions boundary on SNS."""

from __future__ import annotations

import pytest

from .enforce_services_helpers import (
    ACCOUNT,
    SOME_SCOPE_IDS,
    SOME_SCOPES,
    allow,
    client,
    deny,
    explicit,
    not_allowed,
    root,
    scope,
    user,
    user_arn,
)
from .helpers import raises_aws

pytestmark = pytest.mark.usefixtures("some")
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table"
Q = f"arn:aws:sqs:us-east-1:{ACCOUNT}"


@pytest.fixture(params=SOME_SCOPES, ids=SOME_SCOPE_IDS)
def some(request):
    with scope(*request.param) as s:
        yield s


def managed_deny(name: str) -> str:
    return f"an identity-based policy: arn:aws:iam::{ACCOUNT}:policy/{name}-m0"


def create_table(ddb, name: str, **extra) -> None:
    ddb.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], **extra)


def test_dynamodb_create_table_request_tags_and_a_managed_deny():
    ddb = client("dynamodb", user(
        "alice", allow("dynamodb:CreateTable", f"{TABLE}/*", Condition={
            "StringEquals": {"aws:RequestTag/team": "blue"}}), allow("dynamodb:DeleteTable"),
        managed=[deny("dynamodb:DeleteTable", f"{TABLE}/keep")]))
    create_table(ddb, "keep", Tags=[{"Key": "team", "Value": "blue"}])
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:CreateTable",
                                                         f"{TABLE}/red"), 400):
        create_table(ddb, "red", Tags=[{"Key": "team", "Value": "red"}])
    with raises_aws("AccessDeniedException", explicit(
            user_arn("alice"), "dynamodb:DeleteTable", f"{TABLE}/keep", managed_deny("alice")),
            400):
        ddb.delete_table(TableName="keep")
    assert root("dynamodb").list_tables()["TableNames"] == ["keep"]


def test_sqs_an_explicit_deny_in_a_managed_policy_names_it():
    url = root("sqs").create_queue(QueueName="q1")["QueueUrl"]
    sqs = client("sqs", user("alice", allow("sqs:*"), managed=[deny("sqs:DeleteQueue", f"{Q}:*")]))
    sqs.send_message(QueueUrl=url, MessageBody="x")
    with raises_aws("AccessDenied", explicit(user_arn("alice"), "sqs:deletequeue", f"{Q}:q1",
                                             managed_deny("alice")), 403):
        sqs.delete_queue(QueueUrl=url)
    assert root("sqs").list_queues()["QueueUrls"] == [url]


def test_sns_subscribe_protocol_and_endpoint_conditions():
    t = root("sns").create_topic(Name="t1")["TopicArn"]
    sns = client("sns", user(
        "alice", allow("sns:Subscribe", t, Condition={"StringEquals": {"sns:Protocol": "sqs"}}),
        deny("sns:Subscribe", t, Condition={"StringLike": {"sns:Endpoint": "*:untrusted-*"}})))
    sns.subscribe(TopicArn=t, Protocol="sqs", Endpoint=f"{Q}:mine")
    with raises_aws("AuthorizationError", not_allowed(user_arn("alice"), "SNS:Subscribe", t), 403):
        sns.subscribe(TopicArn=t, Protocol="email", Endpoint="a@example.com")
    with raises_aws("AuthorizationError", explicit(user_arn("alice"), "SNS:Subscribe", t), 403):
        sns.subscribe(TopicArn=t, Protocol="sqs", Endpoint=f"{Q}:untrusted-q")
    subs = root("sns").list_subscriptions_by_topic(TopicArn=t)["Subscriptions"]
    assert [s["Endpoint"] for s in subs] == [f"{Q}:mine"]


def test_sns_a_permissions_boundary_and_a_managed_deny():
    t = root("sns").create_topic(Name="t1")["TopicArn"]
    bounded = client("sns", user("alice", allow("sns:*"), boundary=[allow("sns:Publish")]))
    bounded.publish(TopicArn=t, Message="x")
    with raises_aws("AuthorizationError", not_allowed(user_arn("alice"), "SNS:DeleteTopic", t,
                                                      "permissions boundary"), 403):
        bounded.delete_topic(TopicArn=t)
    denied = client("sns", user("bob", allow("sns:*"), managed=[deny("sns:DeleteTopic")]))
    with raises_aws("AuthorizationError", explicit(user_arn("bob"), "SNS:DeleteTopic", t,
                                                   managed_deny("bob")), 403):
        denied.delete_topic(TopicArn=t)
    assert [x["TopicArn"] for x in root("sns").list_topics()["Topics"]] == [t]


def test_s3_object_tag_conditions_of_put_object():
    root("s3").create_bucket(Bucket="bkt")
    s3 = client("s3", user("alice", allow("s3:PutObject", "arn:aws:s3:::bkt/*", Condition={
        "StringEquals": {"s3:RequestObjectTag/class": "public"}})))
    s3.put_object(Bucket="bkt", Key="ok", Body=b"x", Tagging="class=public")
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:PutObject",
                                                '"arn:aws:s3:::bkt/secret"'), 403):
        s3.put_object(Bucket="bkt", Key="secret", Body=b"x", Tagging="class=secret")
    listed = root("s3").list_objects_v2(Bucket="bkt")["Contents"]
    assert [o["Key"] for o in listed] == ["ok"]


def test_dynamodb_attributes_of_a_projection_and_of_a_put():
    ddb = root("dynamodb")
    create_table(ddb, "scores")
    ddb.put_item(TableName="scores", Item={"pk": {"S": "u1"}, "top": {"N": "9"},
                                            "secret": {"S": "s"}})
    # The IAM User Guide's example: only these attributes, read or written.
    c = client("dynamodb", user("alice", allow(
        ["dynamodb:GetItem", "dynamodb:PutItem"], f"{TABLE}/scores", Condition={
            "ForAllValues:StringEquals": {"dynamodb:Attributes": ["pk", "top"]},
            "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}})))
    got = c.get_item(TableName="scores", Key={"pk": {"S": "u1"}}, ProjectionExpression="pk, #t",
                     ExpressionAttributeNames={"#t": "top"})["Item"]
    assert got == {"pk": {"S": "u1"}, "top": {"N": "9"}}
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:GetItem",
                                                         f"{TABLE}/scores")):
        c.get_item(TableName="scores", Key={"pk": {"S": "u1"}}, ProjectionExpression="pk, secret")
    c.put_item(TableName="scores", Item={"pk": {"S": "u2"}, "top": {"N": "1"}})
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "dynamodb:PutItem",
                                                         f"{TABLE}/scores")):
        c.put_item(TableName="scores", Item={"pk": {"S": "u3"}, "secret": {"S": "x"}})
    assert root("dynamodb").scan(TableName="scores")["Count"] == 2


def test_s3_object_tagging_and_copy_source_conditions():
    s3r = root("s3")
    s3r.create_bucket(Bucket="src")
    s3r.create_bucket(Bucket="dst")
    for key in ("public/a", "private/b"):
        s3r.put_object(Bucket="src", Key=key, Body=b"x")
    s3 = client("s3", user(
        "alice", allow("s3:PutObjectTagging", "arn:aws:s3:::src/*", Condition={
            "ForAllValues:StringEquals": {"s3:RequestObjectTagKeys": ["class"]}}),
        allow("s3:GetObject", "arn:aws:s3:::src/*"),
        allow("s3:PutObject", "arn:aws:s3:::dst/*", Condition={
            "StringLike": {"s3:x-amz-copy-source": "src/public/*"}})))
    s3.put_object_tagging(Bucket="src", Key="public/a",
                          Tagging={"TagSet": [{"Key": "class", "Value": "open"}]})
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:PutObjectTagging",
                                                '"arn:aws:s3:::src/private/b"'), 403):
        s3.put_object_tagging(Bucket="src", Key="private/b",
                              Tagging={"TagSet": [{"Key": "owner", "Value": "x"}]})
    s3.copy_object(Bucket="dst", Key="a", CopySource={"Bucket": "src", "Key": "public/a"})
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:PutObject",
                                                '"arn:aws:s3:::dst/b"')):
        s3.copy_object(Bucket="dst", Key="b", CopySource="src/private/b")
    assert [o["Key"] for o in s3r.list_objects_v2(Bucket="dst")["Contents"]] == ["a"]
    assert s3r.get_object_tagging(Bucket="src", Key="private/b")["TagSet"] == []


def test_s3_location_constraint_and_version_id_conditions():
    creds = user("alice", allow("s3:CreateBucket", "*", Condition={
        "StringEquals": {"s3:locationconstraint": "eu-west-1"}}))
    client("s3", creds, "eu-west-1").create_bucket(
        Bucket="eu-bkt", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:CreateBucket",
                                                '"arn:aws:s3:::us-bkt"'), 403):
        client("s3", creds, "us-west-2").create_bucket(
            Bucket="us-bkt", CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    s3r = root("s3")
    assert [b["Name"] for b in s3r.list_buckets()["Buckets"]] == ["eu-bkt"]
    s3r.create_bucket(Bucket="ver")
    s3r.put_bucket_versioning(Bucket="ver", VersioningConfiguration={"Status": "Enabled"})
    first = s3r.put_object(Bucket="ver", Key="k", Body=b"1")["VersionId"]
    second = s3r.put_object(Bucket="ver", Key="k", Body=b"2")["VersionId"]
    s3 = client("s3", user("bob", allow("s3:GetObjectVersion", "arn:aws:s3:::ver/*", Condition={
        "StringEquals": {"s3:versionid": first}})))
    assert s3.get_object(Bucket="ver", Key="k", VersionId=first)["Body"].read() == b"1"
    with raises_aws("AccessDenied", not_allowed(user_arn("bob"), "s3:GetObjectVersion",
                                                '"arn:aws:s3:::ver/k"')):
        s3.get_object(Bucket="ver", Key="k", VersionId=second)
