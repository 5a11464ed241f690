"""Enforcement of calls moto answers, beyond S3, DynamoDB, SQS and SNS: KMS keys, SSM
parameters, Secrets Manager secrets, Lambda functions; operations whose action iamsim cannot
tell; a scope without enforcement."""

from __future__ import annotations

import contextlib

import boto3
import pytest

from iamsim import mock_iam
from iamsim.authz.external import UnmappedOperationWarning
from iamsim.authz.services import Where, checks_for

from .enforce_services_helpers import (
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    explicit,
    moto,
    not_allowed,
    root,
    scope,
    user,
    user_arn,
)
from .helpers import raises_aws

ACCT = "123456789012"


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


@pytest.mark.usefixtures("sim")
def test_kms_a_key_named_by_id_or_arn_is_that_key():
    kms = root("kms")
    good = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    c = client("kms", user("alice", allow(["kms:Encrypt", "kms:DescribeKey"], good["Arn"])))
    c.encrypt(KeyId=good["KeyId"], Plaintext=b"x")
    c.describe_key(KeyId=good["Arn"])
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Encrypt",
                                                         other["Arn"]), 400):
        c.encrypt(KeyId=other["KeyId"], Plaintext=b"x")


@pytest.mark.usefixtures("sim")
def test_kms_an_alias_is_authorized_as_its_key():
    kms = root("kms")
    good = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/good", TargetKeyId=good["KeyId"])
    kms.create_alias(AliasName="alias/other", TargetKeyId=other["KeyId"])
    c = client("kms", user("alice", allow("kms:Encrypt", good["Arn"])))
    c.encrypt(KeyId="alias/good", Plaintext=b"x")
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Encrypt",
                                                         other["Arn"])):
        c.encrypt(KeyId="alias/other", Plaintext=b"x")
    kms.update_alias(AliasName="alias/other", TargetKeyId=good["KeyId"])  # seen at once
    c.encrypt(KeyId="alias/other", Plaintext=b"x")


@pytest.mark.usefixtures("sim")
def test_secrets_manager_a_secret_named_by_name_is_its_full_arn():
    sm = root("secretsmanager")
    good = sm.create_secret(Name="app/good", SecretString="g")["ARN"]
    c = client("secretsmanager", user("alice", allow(
        "secretsmanager:GetSecretValue",
        f"arn:aws:secretsmanager:us-east-1:{ACCT}:secret:app/good-??????")))
    assert c.get_secret_value(SecretId="app/good")["SecretString"] == "g"
    assert c.get_secret_value(SecretId=good)["SecretString"] == "g"
    other = sm.create_secret(Name="app/other", SecretString="o")["ARN"]
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "secretsmanager:GetSecretValue", other)):
        c.get_secret_value(SecretId="app/other")


@pytest.mark.usefixtures("sim")
def test_kms_encryption_context_condition_allows_and_denies():
    key = root("kms").create_key()["KeyMetadata"]
    c = client("kms", user("alice", allow("kms:Encrypt", key["Arn"], Condition={
        "StringEquals": {"kms:EncryptionContext:app": "billing"}})))
    c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"app": "billing"})
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Encrypt",
                                                         key["Arn"])):
        c.encrypt(KeyId=key["KeyId"], Plaintext=b"x", EncryptionContext={"app": "hr"})


@pytest.mark.usefixtures("sim")
def test_ssm_parameters_by_path():
    ssm = root("ssm")
    ssm.put_parameter(Name="/app/db", Value="1", Type="String")
    ssm.put_parameter(Name="/other/db", Value="2", Type="String")
    c = client("ssm", user("alice", allow(["ssm:GetParameter", "ssm:PutParameter"],
                                          f"arn:aws:ssm:us-east-1:{ACCT}:parameter/app/*")))
    assert c.get_parameter(Name="/app/db")["Parameter"]["Value"] == "1"
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "ssm:GetParameter",
            f"arn:aws:ssm:us-east-1:{ACCT}:parameter/other/db")):
        c.get_parameter(Name="/other/db")
    with raises_aws("AccessDeniedException"):
        c.put_parameter(Name="/other/db", Value="changed", Type="String", Overwrite=True)
    assert ssm.get_parameter(Name="/other/db")["Parameter"]["Value"] == "2"


@pytest.mark.usefixtures("sim")
def test_secrets_manager_a_secret_named_by_arn():
    sm = root("secretsmanager")
    good = sm.create_secret(Name="good", SecretString="g")["ARN"]
    other = sm.create_secret(Name="other", SecretString="o")["ARN"]
    c = client("secretsmanager", user("alice", allow("secretsmanager:GetSecretValue", good),
                                      deny("secretsmanager:DeleteSecret")))
    assert c.get_secret_value(SecretId=good)["SecretString"] == "g"
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "secretsmanager:GetSecretValue", other)):
        c.get_secret_value(SecretId=other)
    with raises_aws("AccessDeniedException", explicit(
            user_arn("alice"), "secretsmanager:DeleteSecret", other)):
        c.delete_secret(SecretId=other)
    assert sm.describe_secret(SecretId=other).get("DeletedDate") is None


@pytest.mark.usefixtures("sim")
def test_lambda_invoke_needs_invoke_function_on_the_function():
    c = client("lambda", user("alice", allow("lambda:InvokeFunction",
                                             f"arn:aws:lambda:us-east-1:{ACCT}:function:mine")))
    # Allowed: the call reaches moto, which has no such function.
    with raises_aws("ResourceNotFoundException"):
        c.invoke(FunctionName="mine")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "lambda:InvokeFunction",
            f"arn:aws:lambda:us-east-1:{ACCT}:function:theirs:live"), 403):
        c.invoke(FunctionName="theirs", Qualifier="live")


@pytest.mark.usefixtures("sim")
def test_an_operation_whose_action_is_unknown_is_allowed_with_a_warning():
    c = client("dynamodb", user("alice"))
    with pytest.warns(UnmappedOperationWarning, match="dynamodb:ExecuteStatement"), \
            contextlib.suppress(Exception):  # whatever moto answers: it was reached
        c.execute_statement(Statement="SELECT * FROM t")
    with raises_aws("AccessDeniedException"):  # a known one is still decided
        c.list_tables()


def test_without_enforcement_nothing_is_checked():
    with moto.mock_aws(), mock_iam():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bkt")
        s3 = client("s3", user("alice"))
        s3.put_object(Bucket="bkt", Key="k", Body=b"x")
        assert root("s3").list_objects_v2(Bucket="bkt")["KeyCount"] == 1


W = Where("aws", "us-east-1", ACCT)
T = f"arn:aws:dynamodb:us-east-1:{ACCT}:table/t"


@pytest.mark.parametrize(("service", "op", "params", "action", "resource"), [
    ("lambda", "GetFunction", {"FunctionName": f"{ACCT}:function:f"}, "lambda:GetFunction",
     f"arn:aws:lambda:us-east-1:{ACCT}:function:f"),
    ("lambda", "Invoke", {"FunctionName": f"arn:aws:lambda:us-east-1:{ACCT}:function:f:3"},
     "lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{ACCT}:function:f:3"),
    ("kms", "Decrypt", {"KeyId": "alias/app"}, "kms:Decrypt",
     f"arn:aws:kms:us-east-1:{ACCT}:alias/app"),
    ("sns", "Unsubscribe", {"SubscriptionArn": f"arn:aws:sns:us-east-1:{ACCT}:t:abc"},
     "sns:Unsubscribe", f"arn:aws:sns:us-east-1:{ACCT}:t"),
    ("sqs", "GetQueueUrl", {"QueueName": "q", "QueueOwnerAWSAccountId": "111122223333"},
     "sqs:GetQueueUrl", "arn:aws:sqs:us-east-1:111122223333:q"),
    ("s3", "GetObject", {"Bucket": "bkt", "Key": "k", "VersionId": "v1"},
     "s3:GetObjectVersion", "arn:aws:s3:::bkt/k"),
    ("s3", "ListObjectVersions", {"Bucket": "bkt"}, "s3:ListBucketVersions", "arn:aws:s3:::bkt"),
    ("dynamodb", "DescribeStream", {"StreamArn": f"{T}/stream/2026-01-01T00:00:00.000"},
     "dynamodb:DescribeStream", f"{T}/stream/2026-01-01T00:00:00.000"),
    ("dynamodb", "Query", {"TableName": "t", "IndexName": "i"}, "dynamodb:Query", f"{T}/index/i"),
    ("s3", "GetObject", {"Bucket": f"arn:aws:s3:us-east-1:{ACCT}:accesspoint/ap", "Key": "k"},
     "s3:GetObject", f"arn:aws:s3:us-east-1:{ACCT}:accesspoint/ap/object/k"),
    ("s3", "UploadPart", {"Bucket": "bkt", "Key": "k"}, "s3:PutObject", "arn:aws:s3:::bkt/k"),
    ("sqs", "ListQueues", {}, "sqs:ListQueues", "*"),
    ("athena", "ListWorkGroups", {}, "athena:ListWorkGroups", "*"),
])
def test_action_and_resource_of_a_request(service, op, params, action, resource):
    checks = checks_for(service, op, params, W)
    assert checks is not None
    assert [(c.action, c.resource) for c in checks] == [(action, resource)]


@pytest.mark.usefixtures("sim")
def test_kms_request_alias_and_resource_aliases_conditions():
    kms = root("kms")
    key = kms.create_key()["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName="alias/app", TargetKeyId=key)
    other = kms.create_key()["KeyMetadata"]["Arn"]
    by_alias = client("kms", user("alice", allow("kms:Encrypt", "*", Condition={
        "StringEquals": {"kms:RequestAlias": "alias/app"}})))
    by_alias.encrypt(KeyId="alias/app", Plaintext=b"x")
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Encrypt", key)):
        by_alias.encrypt(KeyId=key, Plaintext=b"x")  # the same key, not named by its alias
    having = client("kms", user("bob", allow("kms:Encrypt", "*", Condition={
        "ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/app"}})))
    having.encrypt(KeyId=key, Plaintext=b"x")
    with raises_aws("AccessDeniedException", not_allowed(user_arn("bob"), "kms:Encrypt", other)):
        having.encrypt(KeyId=other, Plaintext=b"x")
    kms.create_alias(AliasName="alias/app2", TargetKeyId=other)
    with raises_aws("AccessDeniedException"):
        having.encrypt(KeyId=other, Plaintext=b"x")
    kms.update_alias(AliasName="alias/app", TargetKeyId=other)  # seen at once
    having.encrypt(KeyId=other, Plaintext=b"x")


@pytest.mark.usefixtures("sim")
def test_kms_decrypt_without_a_key_id_is_authorized_on_the_ciphertext_s_key():
    kms = root("kms")
    good = kms.create_key()["KeyMetadata"]["Arn"]
    other = kms.create_key()["KeyMetadata"]["Arn"]
    mine = kms.encrypt(KeyId=good, Plaintext=b"a")["CiphertextBlob"]
    theirs = kms.encrypt(KeyId=other, Plaintext=b"b")["CiphertextBlob"]
    c = client("kms", user("alice", allow("kms:Decrypt", good)))
    assert c.decrypt(CiphertextBlob=mine)["Plaintext"] == b"a"
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Decrypt",
                                                         other)):
        c.decrypt(CiphertextBlob=theirs)


@pytest.mark.parametrize(("service", "call", "code", "status"), [
    ("codebuild", lambda c: c.list_projects(), "AccessDeniedException", 400),  # RPC v2 CBOR
    ("cloudwatch", lambda c: c.list_metrics(), "AccessDenied", 403),  # CBOR, query-compatible
    ("autoscaling", lambda c: c.describe_auto_scaling_groups(), "AccessDenied", 403),  # query
    ("athena", lambda c: c.list_work_groups(), "AccessDeniedException", 400),  # JSON
    ("apigateway", lambda c: c.get_rest_apis(), "AccessDeniedException", 403),  # REST-JSON
    ("route53", lambda c: c.list_hosted_zones(), "AccessDenied", 403),  # REST-XML
])
def test_a_denial_is_sent_in_every_protocol_botocore_parses(service, call, code, status):
    with moto.mock_aws(), mock_iam(enforce=True) as sim:
        with sim.unenforced():
            creds = user("alice")
        with raises_aws(code, status=status,
                        match=f"^User: {user_arn('alice')} is not authorized to perform: "):
            call(client(service, creds))


@pytest.mark.usefixtures("sim")
def test_kms_the_key_s_own_properties_are_read_when_a_policy_looks_them_up():
    kms = root("kms")
    sym = kms.create_key()["KeyMetadata"]["Arn"]
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
    c = client("kms", user("alice", allow(["kms:Encrypt", "kms:Sign"]), deny(
        "kms:*", Condition={"StringNotEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT"}})))
    c.encrypt(KeyId=sym, Plaintext=b"x")  # the guard does not deny a symmetric key
    with raises_aws("AccessDeniedException", match="kms:Sign on resource: .* with an explicit "
                                                   "deny in an identity-based policy"):
        c.sign(KeyId=rsa, Message=b"m", SigningAlgorithm="RSASSA_PSS_SHA_256")
