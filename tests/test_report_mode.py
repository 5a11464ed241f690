"""Report mode (mock_iam(enforce="report")): every decision is recorded and none refused, so a
test can assert which permissions its code needs and derive a least-privilege policy."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError

from iamsim import mock_iam

from .enforce_services_helpers import (
    ACCOUNT,
    REGION,
    allow,
    client,
    deny,
    doc,
    role_session,
    root,
    session_arn,
    user,
    user_arn,
)
from .helpers import raises_aws

moto = pytest.importorskip("moto")
PATHS = ["fast", "wire"]


@pytest.fixture(params=PATHS)
def sim(request):
    with moto.mock_aws(), mock_iam(path=request.param, enforce="report") as s:
        yield s


def test_denied_calls_go_through_and_are_recorded_with_aws_message(sim):
    with sim.unenforced():
        creds = user("alice", allow("s3:GetObject", "arn:aws:s3:::data/*"))
        root("s3").create_bucket(Bucket="data")
    s3 = client("s3", creds)
    s3.put_object(Bucket="data", Key="k", Body=b"x")  # not allowed: recorded, not refused
    assert s3.get_object(Bucket="data", Key="k")["Body"].read() == b"x"
    put, get = list(sim.decisions)
    assert (put.principal, put.action, put.resource, put.decision) == (
        user_arn("alice"), "s3:PutObject", "arn:aws:s3:::data/k", "implicitDeny")
    assert not put.allowed and put.policy is None
    assert put.policy_type == "identity-based policy"
    assert put.message == (f"User: {user_arn('alice')} is not authorized to perform: "
                           's3:PutObject on resource: "arn:aws:s3:::data/k" because no '
                           "identity-based policy allows the s3:PutObject action")
    assert (put.service, put.operation, put.account, put.region) == (
        "s3", "PutObject", ACCOUNT, REGION)
    assert get.allowed and get.policy == "user_alice_p" and get.message is None
    assert sim.decisions.denied() == [put]


def test_the_deciding_managed_policy_is_named_by_its_arn(sim):
    with sim.unenforced():
        iam = root("iam")
        arn = iam.create_policy(PolicyName="readers", PolicyDocument=doc(
            allow("sqs:ReceiveMessage"), deny("sqs:DeleteMessage")))["Policy"]["Arn"]
        creds = user("bob")
        iam.attach_user_policy(UserName="bob", PolicyArn=arn)
        url = root("sqs").create_queue(QueueName="q")["QueueUrl"]
    sqs = client("sqs", creds)
    sqs.receive_message(QueueUrl=url)
    with pytest.raises(ClientError):  # recorded, then moto says the handle is not valid
        sqs.delete_message(QueueUrl=url, ReceiptHandle="nope")
    receive, delete = list(sim.decisions)
    assert receive.allowed and receive.policy == arn
    assert delete.decision == "explicitDeny" and delete.policy == arn
    assert delete.message.endswith(
        f"with an explicit deny in an identity-based policy: {arn}")


def test_iam_and_sts_decisions_are_recorded_and_not_refused(sim):
    with sim.unenforced():
        iam = root("iam")
        creds = user("carol", allow("iam:GetUser"))
    me = client("iam", creds)
    me.get_user(UserName="carol")
    me.create_user(UserName="dave")  # not allowed, made all the same
    assert root("iam").get_user(UserName="dave")["User"]["UserName"] == "dave"
    actions = [(r.action, r.decision) for r in sim.decisions]
    assert actions == [("iam:GetUser", "allowed"), ("iam:CreateUser", "implicitDeny")]
    assert iam is not None


def test_assume_role_records_the_identity_side_but_the_trust_policy_still_decides(sim):
    with sim.unenforced():
        iam = root("iam")
        trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                     "Action": "sts:AssumeRole"})
        arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        closed = iam.create_role(RoleName="closed", AssumeRolePolicyDocument=doc(
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
             "Action": "sts:AssumeRole"}))["Role"]["Arn"]
        creds = user("erin")  # no identity policy: the identity side denies
    sts = client("sts", creds)
    sts.assume_role(RoleArn=arn, RoleSessionName="ss")
    with raises_aws("AccessDenied"):
        sts.assume_role(RoleArn=closed, RoleSessionName="ss")
    first, second = list(sim.decisions)
    assert (first.action, first.resource, first.decision) == ("sts:AssumeRole", arn,
                                                             "implicitDeny")
    assert second.resource == closed and not second.allowed


def test_permissions_and_a_least_privilege_policy_that_then_passes_enforcement(sim):
    with sim.unenforced():
        iam = root("iam")
        trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                     "Action": "sts:AssumeRole"})
        role_arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
        root("s3").create_bucket(Bucket="inbox")
        table = root("dynamodb").create_table(
            TableName="t", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
        creds = user("runner", allow("sts:AssumeRole", role_arn))
        c = client("sts", creds).assume_role(RoleArn=role_arn,
                                             RoleSessionName="run")["Credentials"]
    app = {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
           "aws_session_token": c["SessionToken"]}

    def code_under_test() -> None:
        s3, ddb = client("s3", app), client("dynamodb", app)
        s3.put_object(Bucket="inbox", Key="a.txt", Body=b"1")
        s3.put_object(Bucket="inbox", Key="b.txt", Body=b"2")
        s3.list_objects_v2(Bucket="inbox")
        ddb.put_item(TableName="t", Item={"pk": {"S": "x"}})

    code_under_test()
    assert sim.decisions.permissions(role_arn) == {
        "dynamodb:PutItem": [table],
        "s3:ListBucket": ["arn:aws:s3:::inbox"],
        "s3:PutObject": ["arn:aws:s3:::inbox/a.txt", "arn:aws:s3:::inbox/b.txt"],
    }
    assert sim.decisions.permissions(session_arn("app", "run")) == \
        sim.decisions.permissions(role_arn)
    assert sim.decisions.permissions(user_arn("runner")) == {}
    policy = sim.decisions.policy(role_arn)
    assert json.loads(sim.decisions.policy_json(role_arn)) == policy
    # The derived policy is enough: with it, enforcement refuses nothing the code does.
    with sim.unenforced():
        iam.put_role_policy(RoleName="app", PolicyName="derived",
                            PolicyDocument=json.dumps(policy))
    sim.decisions.clear()
    sim.enforce = True
    code_under_test()
    assert len(sim.decisions) == 0  # enforce=True refuses; it does not record
    with raises_aws("AccessDenied"):
        client("s3", app).put_object(Bucket="inbox", Key="c.txt", Body=b"3")


def test_report_mode_can_be_switched_on_inside_a_scope():
    with moto.mock_aws(), mock_iam() as sim:
        creds = user("frank")
        root("sqs").create_queue(QueueName="q")
        assert not sim.reporting
        sim.enforce = "report"
        assert sim.enforce and sim.reporting
        client("sqs", creds).list_queues()
        with sim.unenforced():
            assert not sim.enforce
            client("sqs", creds).list_queues()
        assert sim.reporting
        assert [(r.action, r.decision) for r in sim.decisions] == [
            ("sqs:ListQueues", "implicitDeny")]
        with pytest.raises(ValueError):
            sim.enforce = "yes"  # type: ignore[assignment]


def test_a_role_session_s_denial_is_recorded_against_the_session(sim):
    with sim.unenforced():
        creds = role_session("worker", allow("sns:Publish", "arn:aws:sns:us-east-1:*:ok"))
        sns = root("sns")
        ok = sns.create_topic(Name="ok")["TopicArn"]
        other = sns.create_topic(Name="other")["TopicArn"]
    pub = client("sns", creds)
    pub.publish(TopicArn=ok, Message="m")
    pub.publish(TopicArn=other, Message="m")
    a, b = list(sim.decisions)
    assert a.principal == b.principal == session_arn("worker")
    assert a.allowed and not b.allowed
    assert b.message.startswith(f"User: {session_arn('worker')} is not authorized to perform: "
                                f"SNS:Publish on resource: {other} because")


def test_decorator_and_fixture_accept_report_mode():
    @mock_iam(enforce="report")
    def run() -> int:
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="x")
        return 1

    assert run() == 1


def _denial_messages(mode: bool | str, path: str) -> list[str | None]:
    """The messages of a KMS use refused through Secrets Manager and of a cross-account SQS
    send denied by the caller's managed policy, raised (enforce=True) or recorded."""
    other = "222222222222"
    with moto.mock_aws(), mock_iam(path=path, enforce=mode, accounts=[other]) as sim:
        with sim.unenforced():
            iam = root("iam")
            arn = iam.create_policy(PolicyName="no-send", PolicyDocument=doc(
                deny("sqs:SendMessage")))["Policy"]["Arn"]
            alice = user("alice", allow(["sqs:*", "secretsmanager:*"]))
            iam.attach_user_policy(UserName="alice", PolicyArn=arn)
            url = sim.client("sqs", other).create_queue(QueueName="q")["QueueUrl"]
            key = root("kms").create_key(Policy=doc({
                "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/x"},
                "Action": "kms:*", "Resource": "*"}),
                BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
            root("secretsmanager").create_secret(Name="s", SecretString="v", KmsKeyId=key)
        raised: list[str | None] = []
        for call in (lambda: client("sqs", alice).send_message(QueueUrl=url, MessageBody="m"),
                     lambda: client("secretsmanager", alice).get_secret_value(SecretId="s")):
            try:
                call()
                raised.append(None)
            except ClientError as e:
                raised.append(e.response["Error"]["Message"])
        if mode == "report":
            return [r.message for r in sim.decisions if not r.allowed]
        return raised


@pytest.mark.parametrize("path", PATHS)
def test_a_recorded_denial_has_the_message_enforcement_raises(path):
    raised = _denial_messages(True, path)
    assert raised[1] == "Access to KMS is not allowed"
    assert raised[0] is not None and raised[0].endswith("an identity-based policy")
    assert _denial_messages("report", path) == raised


def test_a_head_request_s_recorded_denial_spells_aws_text(sim):
    # A HEAD answer has no body (botocore reads "Forbidden"); the record keeps AWS's text.
    with sim.unenforced():
        root("s3").create_bucket(Bucket="head-bucket")
        root("s3").put_object(Bucket="head-bucket", Key="k", Body=b"x")
        alice = user("alice")
    client("s3", alice).head_object(Bucket="head-bucket", Key="k")
    (record,) = sim.decisions.denied()
    assert record.message == (
        f'User: {user_arn("alice")} is not authorized to perform: s3:GetObject on resource: '
        '"arn:aws:s3:::head-bucket/k" because no identity-based policy allows the '
        's3:GetObject action')
