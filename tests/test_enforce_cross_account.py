"""Resources of several accounts beside moto: each lives in its owner's account, and a caller
of another account reaches it only when the resource's policy grants that account and the
caller's own policies allow it (IAM User Guide, "Cross-account policy evaluation logic").
KMS key policies must allow even within the account."""

from __future__ import annotations

import io
import json
import zipfile

import boto3
import pytest

from iamsim import mock_iam

from .enforce_services_helpers import REGION, allow, doc, not_allowed
from .helpers import raises_aws

moto = pytest.importorskip("moto")

A, B = "123456789012", "222222222222"
PATHS = ["fast", "wire"]


@pytest.fixture(params=PATHS)
def sim(request):
    with moto.mock_aws(), mock_iam(path=request.param, enforce=True, accounts=[B]) as s:
        yield s


def user_of(sim, account: str, name: str, *statements: dict) -> dict[str, str]:
    iam = sim.client("iam", account)
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}


def as_(creds: dict[str, str], service: str) -> object:
    return boto3.client(service, region_name=REGION, **creds)


def grant(principal: str, action: str, resource: str = "*") -> str:
    return doc({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action,
                "Resource": resource})


ALICE = f"arn:aws:iam::{A}:user/alice"
A_ROOT = f"arn:aws:iam::{A}:root"


def test_resources_made_by_another_account_live_in_that_account(sim):
    with sim.unenforced():
        url = sim.client("sqs", B).create_queue(QueueName="jobs")["QueueUrl"]
        topic = sim.client("sns", B).create_topic(Name="news")["TopicArn"]
        key = sim.client("kms", B).create_key()["KeyMetadata"]["Arn"]
    assert url == f"https://sqs.us-east-1.amazonaws.com/{B}/jobs"
    assert topic == f"arn:aws:sns:us-east-1:{B}:news"
    assert key.startswith(f"arn:aws:kms:us-east-1:{B}:key/")
    with sim.unenforced():
        assert "QueueUrls" not in sim.client("sqs", A).list_queues()
        assert sim.client("sqs", B).list_queues()["QueueUrls"] == [url]


def test_sqs_queue_policy_granting_another_account(sim):
    with sim.unenforced():
        sqs_b = sim.client("sqs", B)
        url = sqs_b.create_queue(QueueName="jobs")["QueueUrl"]
        alice = user_of(sim, A, "alice", allow("sqs:SendMessage"))
        bob = user_of(sim, A, "bob")  # granted by the queue, not by his own account
    arn = f"arn:aws:sqs:us-east-1:{B}:jobs"
    with raises_aws("AccessDenied", not_allowed(ALICE, "sqs:sendmessage", arn,
                                                "resource-based policy"), 403):
        as_(alice, "sqs").send_message(QueueUrl=url, MessageBody="m")
    with sim.unenforced():
        sqs_b.set_queue_attributes(QueueUrl=url, Attributes={
            "Policy": grant(A_ROOT, "sqs:SendMessage", arn)})
    as_(alice, "sqs").send_message(QueueUrl=url, MessageBody="m")
    with raises_aws("AccessDenied", not_allowed(f"arn:aws:iam::{A}:user/bob",
                                                "sqs:sendmessage", arn), 403):
        as_(bob, "sqs").send_message(QueueUrl=url, MessageBody="m")
    with sim.unenforced():
        got = sqs_b.receive_message(QueueUrl=url)["Messages"]
    assert [m["Body"] for m in got] == ["m"]


def test_sqs_get_queue_url_of_another_accounts_queue_reads_its_policy(sim):
    # GetQueueUrl names the queue by QueueName and QueueOwnerAWSAccountId, not by its URL.
    with sim.unenforced():
        sqs_b = sim.client("sqs", B)
        url = sqs_b.create_queue(QueueName="jobs")["QueueUrl"]
        alice = user_of(sim, A, "alice", allow("sqs:GetQueueUrl"))
    arn = f"arn:aws:sqs:us-east-1:{B}:jobs"
    sqs = as_(alice, "sqs")
    with raises_aws("AccessDenied", not_allowed(ALICE, "sqs:getqueueurl", arn,
                                                "resource-based policy"), 403):
        sqs.get_queue_url(QueueName="jobs", QueueOwnerAWSAccountId=B)
    with sim.unenforced():
        sqs_b.set_queue_attributes(QueueUrl=url, Attributes={
            "Policy": grant(A_ROOT, "sqs:GetQueueUrl", arn)})
    assert sqs.get_queue_url(QueueName="jobs", QueueOwnerAWSAccountId=B)["QueueUrl"] == url


def test_s3_bucket_policy_granting_another_account(sim):
    with sim.unenforced():
        s3_b = sim.client("s3", B)
        s3_b.create_bucket(Bucket="shared-bkt")
        s3_b.put_object(Bucket="shared-bkt", Key="k", Body=b"x")
        alice = user_of(sim, A, "alice", allow("s3:GetObject"))
    obj = "arn:aws:s3:::shared-bkt/k"
    with raises_aws("AccessDenied", not_allowed(ALICE, "s3:GetObject", f'"{obj}"',
                                                "resource-based policy"), 403):
        as_(alice, "s3").get_object(Bucket="shared-bkt", Key="k")
    with sim.unenforced():
        s3_b.put_bucket_policy(Bucket="shared-bkt", Policy=grant(A, "s3:GetObject",
                                                                  "arn:aws:s3:::shared-bkt/*"))
    assert as_(alice, "s3").get_object(Bucket="shared-bkt", Key="k")["Body"].read() == b"x"
    # The owner's root user is not limited by the grant.
    with sim.unenforced():
        s3_b.put_object(Bucket="shared-bkt", Key="k2", Body=b"y")
    assert s3_b.get_object(Bucket="shared-bkt", Key="k2")["Body"].read() == b"y"


def test_s3_copy_from_another_accounts_bucket_needs_its_bucket_policy(sim):
    # Each check of a call is decided in the account of its own resource: the source of a
    # copy into alice's own bucket belongs to B, so B's bucket policy must grant it.
    with sim.unenforced():
        s3_b = sim.client("s3", B)
        s3_b.create_bucket(Bucket="source-bkt")
        s3_b.put_object(Bucket="source-bkt", Key="k", Body=b"x")
        sim.client("s3", A).create_bucket(Bucket="target-bkt")
        alice = user_of(sim, A, "alice", allow(["s3:GetObject", "s3:PutObject"]))
    s3 = as_(alice, "s3")
    src = '"arn:aws:s3:::source-bkt/k"'
    for copy_source in ({"Bucket": "source-bkt", "Key": "k"}, "source-bkt/k"):
        with raises_aws("AccessDenied", not_allowed(ALICE, "s3:GetObject", src,
                                                    "resource-based policy"), 403):
            s3.copy_object(Bucket="target-bkt", Key="copy", CopySource=copy_source)
    with sim.unenforced():
        s3_b.put_bucket_policy(Bucket="source-bkt", Policy=grant(A, "s3:GetObject",
                                                                  "arn:aws:s3:::source-bkt/*"))
    s3.copy_object(Bucket="target-bkt", Key="copy", CopySource="source-bkt/k")
    assert s3.get_object(Bucket="target-bkt", Key="copy")["Body"].read() == b"x"


def test_the_root_user_of_another_account_needs_the_resource_policy(sim):
    with sim.unenforced():
        s3_b = sim.client("s3", B)
        s3_b.create_bucket(Bucket="private-bkt")
    with raises_aws("AccessDenied", match=f"arn:aws:iam::{A}:root is not authorized"):
        sim.client("s3", A).list_objects_v2(Bucket="private-bkt")


def test_sns_topic_policy_granting_another_account(sim):
    with sim.unenforced():
        sns_b = sim.client("sns", B)
        topic = sns_b.create_topic(Name="news")["TopicArn"]
        alice = user_of(sim, A, "alice", allow("sns:Publish"))
    with raises_aws("AuthorizationError", not_allowed(ALICE, "SNS:Publish", topic,
                                                      "resource-based policy"), 403):
        as_(alice, "sns").publish(TopicArn=topic, Message="m")
    with sim.unenforced():
        sns_b.set_topic_attributes(TopicArn=topic, AttributeName="Policy",
                                   AttributeValue=grant(A_ROOT, "sns:Publish", topic))
    assert as_(alice, "sns").publish(TopicArn=topic, Message="m")["MessageId"]


def test_kms_key_policy_granting_another_account(sim):
    with sim.unenforced():
        kms_b = sim.client("kms", B)
        key = kms_b.create_key()["KeyMetadata"]["Arn"]  # default policy: account B only
        alice = user_of(sim, A, "alice", allow("kms:Encrypt"))
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "kms:Encrypt", key,
                                                         "resource-based policy"), 400):
        as_(alice, "kms").encrypt(KeyId=key, Plaintext=b"x")
    with sim.unenforced():
        policy = json.loads(kms_b.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
        policy["Statement"].append({"Effect": "Allow", "Principal": {"AWS": A_ROOT},
                                    "Action": "kms:Encrypt", "Resource": "*"})
        kms_b.put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps(policy))
    assert as_(alice, "kms").encrypt(KeyId=key, Plaintext=b"x")["KeyId"] == key


def test_kms_a_key_policy_that_leaves_the_account_out_makes_iam_policies_void(sim):
    with sim.unenforced():
        kms = sim.client("kms", A)
        alice = user_of(sim, A, "alice", allow("kms:Encrypt"))
        bob = user_of(sim, A, "bob")
        only_bob = grant(f"arn:aws:iam::{A}:user/bob", "kms:Encrypt")
        key = kms.create_key(Policy=only_bob)["KeyMetadata"]["Arn"]
        default = kms.create_key()["KeyMetadata"]["Arn"]  # delegates to IAM policies
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "kms:Encrypt", key,
                                                         "resource-based policy"), 400):
        as_(alice, "kms").encrypt(KeyId=key, Plaintext=b"x")
    assert as_(bob, "kms").encrypt(KeyId=key, Plaintext=b"x")["KeyId"] == key
    assert as_(alice, "kms").encrypt(KeyId=default, Plaintext=b"x")["KeyId"] == default
    with raises_aws("AccessDeniedException", not_allowed(
            f"arn:aws:iam::{A}:user/bob", "kms:Encrypt", default), 400):
        as_(bob, "kms").encrypt(KeyId=default, Plaintext=b"x")


def test_secrets_manager_resource_policy_granting_another_account(sim):
    with sim.unenforced():
        sm_b = sim.client("secretsmanager", B)
        arn = sm_b.create_secret(Name="db", SecretString="pw")["ARN"]
        alice = user_of(sim, A, "alice", allow("secretsmanager:GetSecretValue"))
    with raises_aws("AccessDeniedException", not_allowed(
            ALICE, "secretsmanager:GetSecretValue", arn, "resource-based policy"), 400):
        as_(alice, "secretsmanager").get_secret_value(SecretId=arn)
    with sim.unenforced():
        sm_b.put_resource_policy(SecretId=arn, ResourcePolicy=grant(
            A_ROOT, "secretsmanager:GetSecretValue"))
    assert as_(alice, "secretsmanager").get_secret_value(SecretId=arn)["SecretString"] == "pw"


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("h.py", "def h(event, context):\n    return 1\n")
    return buf.getvalue()


def test_lambda_function_policy_granting_another_account(sim):
    with sim.unenforced():
        iam_b = sim.client("iam", B)
        trust = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                     "Action": "sts:AssumeRole"})
        role = iam_b.create_role(RoleName="fn", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        lam_b = sim.client("lambda", B)
        fn = lam_b.create_function(FunctionName="f", Runtime="python3.12", Role=role,
                                   Handler="h.h", Code={"ZipFile": _zip()})["FunctionArn"]
        alice = user_of(sim, A, "alice", allow("lambda:GetFunction"))
    assert fn == f"arn:aws:lambda:us-east-1:{B}:function:f"
    with raises_aws("AccessDeniedException", not_allowed(
            ALICE, "lambda:GetFunction", fn, "resource-based policy"), 403):
        as_(alice, "lambda").get_function(FunctionName=fn)
    with sim.unenforced():
        lam_b.add_permission(FunctionName="f", StatementId="a", Action="lambda:GetFunction",
                             Principal=A)
    got = as_(alice, "lambda").get_function(FunctionName=fn)
    assert got["Configuration"]["FunctionArn"] == fn


def test_dynamodb_resource_policy_granting_another_account(sim):
    with sim.unenforced():
        ddb_b = sim.client("dynamodb", B)
        table = ddb_b.create_table(
            TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        ddb_b.put_item(TableName="t", Item={"pk": {"S": "a"}})
        alice = user_of(sim, A, "alice", allow("dynamodb:GetItem"))
    assert table == f"arn:aws:dynamodb:us-east-1:{B}:table/t"
    with raises_aws("AccessDeniedException", not_allowed(
            ALICE, "dynamodb:GetItem", table, "resource-based policy"), 400):
        as_(alice, "dynamodb").get_item(TableName=table, Key={"pk": {"S": "a"}})
    with sim.unenforced():
        ddb_b.put_resource_policy(ResourceArn=table, Policy=grant(A_ROOT, "dynamodb:GetItem",
                                                                  table))
    got = as_(alice, "dynamodb").get_item(TableName=table, Key={"pk": {"S": "a"}})
    assert got["Item"] == {"pk": {"S": "a"}}


def test_ssm_parameters_of_another_account_are_not_reachable(sim):
    # Parameters have no resource policy iamsim reads: another account is always refused.
    with sim.unenforced():
        sim.client("ssm", B).put_parameter(Name="/app/x", Value="1", Type="String")
        alice = user_of(sim, A, "alice", allow("ssm:GetParameter"))
    arn = f"arn:aws:ssm:us-east-1:{B}:parameter/app/x"
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "ssm:GetParameter", arn,
                                                         "resource-based policy"), 400):
        as_(alice, "ssm").get_parameter(Name=arn)


def test_a_role_of_another_account_assumed_across_accounts_works_in_its_account(sim):
    with sim.unenforced():
        iam_b = sim.client("iam", B)
        trust = doc({"Effect": "Allow", "Principal": {"AWS": A_ROOT},
                     "Action": "sts:AssumeRole"})
        role = iam_b.create_role(RoleName="ops", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        iam_b.put_role_policy(RoleName="ops", PolicyName="p",
                              PolicyDocument=doc(allow("sqs:*")))
        alice = user_of(sim, A, "alice", allow("sts:AssumeRole", role))
    c = as_(alice, "sts").assume_role(RoleArn=role, RoleSessionName="ops")["Credentials"]
    ops = boto3.client("sqs", region_name=REGION, aws_access_key_id=c["AccessKeyId"],
                       aws_secret_access_key=c["SecretAccessKey"],
                       aws_session_token=c["SessionToken"])
    url = ops.create_queue(QueueName="made-by-ops")["QueueUrl"]
    assert url == f"https://sqs.us-east-1.amazonaws.com/{B}/made-by-ops"


def test_without_enforcement_resources_still_live_in_their_account():
    with moto.mock_aws(), mock_iam(accounts=[B]) as sim:
        url = sim.client("sqs", B).create_queue(QueueName="q")["QueueUrl"]
        assert url.split("/")[3] == B
        assert "QueueUrls" not in sim.client("sqs", A).list_queues()
        sim.client("s3", B).create_bucket(Bucket="b-bucket")
        names = [b["Name"] for b in sim.client("s3", B).list_buckets()["Buckets"]]
        assert names == ["b-bucket"]
        assert sim.client("s3", A).list_buckets()["Buckets"] == []


def test_a_scope_of_another_default_account_makes_moto_resources_there():
    with moto.mock_aws(), mock_iam(account_id="111122223333"):
        url = boto3.client("sqs", region_name=REGION).create_queue(QueueName="q")["QueueUrl"]
        assert url == "https://sqs.us-east-1.amazonaws.com/111122223333/q"


def test_ecr_repository_policy_granting_another_account(sim):
    with sim.unenforced():
        ecr_b = sim.client("ecr", B)
        arn = ecr_b.create_repository(repositoryName="team/app")["repository"]["repositoryArn"]
        alice = user_of(sim, A, "alice", allow("ecr:DescribeImages"))
    assert arn == f"arn:aws:ecr:us-east-1:{B}:repository/team/app"
    ecr = as_(alice, "ecr")
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "ecr:DescribeImages", arn,
                                                         "resource-based policy"), 400):
        ecr.describe_images(registryId=B, repositoryName="team/app")
    with sim.unenforced():
        ecr_b.set_repository_policy(repositoryName="team/app",
                                    policyText=grant(A_ROOT, "ecr:DescribeImages"))
    assert ecr.describe_images(registryId=B, repositoryName="team/app")["imageDetails"] == []


def test_kinesis_stream_policy_granting_another_account(sim):
    with sim.unenforced():
        kin_b = sim.client("kinesis", B)
        kin_b.create_stream(StreamName="events", ShardCount=1)
        arn = kin_b.describe_stream_summary(
            StreamName="events")["StreamDescriptionSummary"]["StreamARN"]
        alice = user_of(sim, A, "alice", allow("kinesis:PutRecord"))
    kin = as_(alice, "kinesis")
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "kinesis:PutRecord", arn,
                                                         "resource-based policy"), 400):
        kin.put_record(StreamARN=arn, Data=b"x", PartitionKey="k")
    with sim.unenforced():
        kin_b.put_resource_policy(ResourceARN=arn, Policy=grant(A_ROOT, "kinesis:PutRecord",
                                                                arn))
    assert kin.put_record(StreamARN=arn, Data=b"x", PartitionKey="k")["ShardId"]


def test_eventbridge_bus_policy_granting_another_account(sim):
    with sim.unenforced():
        ev_b = sim.client("events", B)
        bus = ev_b.create_event_bus(Name="shared")["EventBusArn"]
        alice = user_of(sim, A, "alice", allow("events:PutEvents"))
    entry = {"Source": "app", "DetailType": "t", "Detail": "{}", "EventBusName": bus}
    ev = as_(alice, "events")
    with raises_aws("AccessDeniedException", not_allowed(ALICE, "events:PutEvents", bus,
                                                         "resource-based policy"), 400):
        ev.put_events(Entries=[entry])
    with sim.unenforced():
        ev_b.put_permission(EventBusName="shared", Action="events:PutEvents", Principal=A,
                            StatementId="a")
    assert ev.put_events(Entries=[entry])["FailedEntryCount"] == 0
