"""aws:ResourceTag/* (and s3:ExistingObjectTag/*) conditions on resources moto keeps: the
resource's tags are read through the service's tagging API, and a later tagging call is seen."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest

from .enforce_services_helpers import (
    ACCOUNT,
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    doc,
    not_allowed,
    root,
    scope,
    user,
    user_arn,
)
from .helpers import raises_aws

BLUE = {"StringEquals": {"aws:ResourceTag/team": "blue"}}


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("h.py", "def h(event, context):\n    return 1\n")
    return buf.getvalue()


# Each service: (IAM action, make(name, tagged) -> handle, call(client, handle),
# tag(handle), error code, HTTP status, resource ARN of the handle)
def _sqs() -> tuple[Any, ...]:
    sqs = root("sqs")

    def make(name: str, tagged: bool) -> str:
        return sqs.create_queue(QueueName=name, tags={"team": "blue"} if tagged else {})[
            "QueueUrl"]

    return ("sqs:SendMessage", make, lambda c, h: c.send_message(QueueUrl=h, MessageBody="m"),
            lambda h: sqs.tag_queue(QueueUrl=h, Tags={"team": "blue"}), "AccessDenied", 403,
            lambda h: f"arn:aws:sqs:us-east-1:{ACCOUNT}:{h.rsplit('/', 1)[1]}", "sqs")


def _sns() -> tuple[Any, ...]:
    sns = root("sns")

    def make(name: str, tagged: bool) -> str:
        tags = [{"Key": "team", "Value": "blue"}] if tagged else []
        return sns.create_topic(Name=name, Tags=tags)["TopicArn"]

    return ("sns:Publish", make, lambda c, h: c.publish(TopicArn=h, Message="m"),
            lambda h: sns.tag_resource(ResourceArn=h, Tags=[{"Key": "team", "Value": "blue"}]),
            "AuthorizationError", 403, lambda h: h, "sns")


def _kms() -> tuple[Any, ...]:
    kms = root("kms")

    def make(name: str, tagged: bool) -> str:
        tags = [{"TagKey": "team", "TagValue": "blue"}] if tagged else []
        return kms.create_key(Tags=tags)["KeyMetadata"]["Arn"]

    return ("kms:Encrypt", make, lambda c, h: c.encrypt(KeyId=h, Plaintext=b"x"),
            lambda h: kms.tag_resource(KeyId=h, Tags=[{"TagKey": "team", "TagValue": "blue"}]),
            "AccessDeniedException", 400, lambda h: h, "kms")


def _secrets() -> tuple[Any, ...]:
    sm = root("secretsmanager")

    def make(name: str, tagged: bool) -> str:
        tags = [{"Key": "team", "Value": "blue"}] if tagged else []
        return sm.create_secret(Name=name, SecretString="s", Tags=tags)["ARN"]

    return ("secretsmanager:GetSecretValue", make,
            lambda c, h: c.get_secret_value(SecretId=h),
            lambda h: sm.tag_resource(SecretId=h, Tags=[{"Key": "team", "Value": "blue"}]),
            "AccessDeniedException", 400, lambda h: h, "secretsmanager")


def _dynamodb() -> tuple[Any, ...]:
    ddb = root("dynamodb")

    def make(name: str, tagged: bool) -> str:
        tags = [{"Key": "team", "Value": "blue"}] if tagged else []
        return ddb.create_table(
            TableName=name, KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST", Tags=tags)["TableDescription"]["TableArn"]

    return ("dynamodb:GetItem", make,
            lambda c, h: c.get_item(TableName=h.rsplit("/", 1)[1], Key={"pk": {"S": "a"}}),
            lambda h: ddb.tag_resource(ResourceArn=h, Tags=[{"Key": "team", "Value": "blue"}]),
            "AccessDeniedException", 400, lambda h: h, "dynamodb")


def _lambda() -> tuple[Any, ...]:
    iam, lam = root("iam"), root("lambda")
    trust = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                 "Action": "sts:AssumeRole"})
    role = iam.create_role(RoleName="fn-role", AssumeRolePolicyDocument=trust)["Role"]["Arn"]

    def make(name: str, tagged: bool) -> str:
        return lam.create_function(FunctionName=name, Runtime="python3.12", Role=role,
                                   Handler="h.h", Code={"ZipFile": _zip()},
                                   Tags={"team": "blue"} if tagged else {})["FunctionArn"]

    return ("lambda:GetFunction", make, lambda c, h: c.get_function(FunctionName=h),
            lambda h: lam.tag_resource(Resource=h, Tags={"team": "blue"}),
            "AccessDeniedException", 403, lambda h: h, "lambda")


def _ssm() -> tuple[Any, ...]:
    ssm = root("ssm")

    def make(name: str, tagged: bool) -> str:
        tags = [{"Key": "team", "Value": "blue"}] if tagged else []
        ssm.put_parameter(Name=f"/app/{name}", Value="v", Type="String", Tags=tags)
        return f"/app/{name}"

    return ("ssm:GetParameter", make, lambda c, h: c.get_parameter(Name=h),
            lambda h: ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId=h,
                                               Tags=[{"Key": "team", "Value": "blue"}]),
            "AccessDeniedException", 400,
            lambda h: f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter{h}", "ssm")


def _s3() -> tuple[Any, ...]:
    s3 = root("s3")

    def make(name: str, tagged: bool) -> str:
        s3.create_bucket(Bucket=f"bkt-{name}")
        if tagged:
            s3.put_bucket_tagging(Bucket=f"bkt-{name}",
                                  Tagging={"TagSet": [{"Key": "team", "Value": "blue"}]})
        return f"bkt-{name}"

    return ("s3:ListBucket", make, lambda c, h: c.list_objects_v2(Bucket=h),
            lambda h: s3.put_bucket_tagging(
                Bucket=h, Tagging={"TagSet": [{"Key": "team", "Value": "blue"}]}),
            "AccessDenied", 403, lambda h: f'"arn:aws:s3:::{h}"', "s3")


SERVICES: dict[str, Callable[[], tuple[Any, ...]]] = {
    "sqs": _sqs, "sns": _sns, "kms": _kms, "secretsmanager": _secrets, "dynamodb": _dynamodb,
    "lambda": _lambda, "ssm": _ssm, "s3": _s3}


@pytest.mark.parametrize("service", list(SERVICES))
def test_a_resource_tag_condition_allows_tagged_resources_only(sim, service):
    with sim.unenforced():
        action, make, call, tag, code, status, arn_of, svc = SERVICES[service]()
        tagged = make("tagged", True)
        plain = make("plain", False)
        creds = user("alice", allow(action, Condition=BLUE))
    c = client(svc, creds)
    call(c, tagged)
    shown = {"sqs": action.lower(), "sns": "SNS:Publish"}.get(service, action)
    with raises_aws(code, not_allowed(user_arn("alice"), shown, arn_of(plain)), status):
        call(c, plain)
    with sim.unenforced():
        tag(plain)  # a tagging call through the scope is seen at once
    call(c, plain)


@pytest.mark.parametrize("service", ["sqs", "kms", "dynamodb"])
def test_a_deny_on_a_resource_tag_wins(sim, service):
    with sim.unenforced():
        action, make, call, _tag, code, status, _arn, svc = SERVICES[service]()
        tagged = make("tagged", True)
        plain = make("plain", False)
        creds = user("bob", allow(action), deny(action, Condition=BLUE))
    c = client(svc, creds)
    call(c, plain)
    with raises_aws(code, status=status, match="with an explicit deny in an identity-based"):
        call(c, tagged)


def test_s3_existing_object_tag_condition(sim):
    with sim.unenforced():
        s3 = root("s3")
        s3.create_bucket(Bucket="docs-bkt")
        s3.put_object(Bucket="docs-bkt", Key="public.txt", Body=b"p",
                      Tagging="class=public")
        s3.put_object(Bucket="docs-bkt", Key="secret.txt", Body=b"s")
        creds = user("carol", allow("s3:GetObject", Condition={
            "StringEquals": {"s3:ExistingObjectTag/class": "public"}}))
    c = client("s3", creds)
    assert c.get_object(Bucket="docs-bkt", Key="public.txt")["Body"].read() == b"p"
    with raises_aws("AccessDenied", not_allowed(user_arn("carol"), "s3:GetObject",
                                                '"arn:aws:s3:::docs-bkt/secret.txt"'), 403):
        c.get_object(Bucket="docs-bkt", Key="secret.txt")
    with sim.unenforced():
        s3.put_object_tagging(Bucket="docs-bkt", Key="secret.txt",
                              Tagging={"TagSet": [{"Key": "class", "Value": "public"}]})
    assert c.get_object(Bucket="docs-bkt", Key="secret.txt")["Body"].read() == b"s"
