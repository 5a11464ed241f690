"""KMS keys that S3, SQS, Secrets Manager and SSM use on the caller's behalf: the caller needs
kms:GenerateDataKey / kms:Decrypt on the key, asked with kms:ViaService, and each service
answers a KMS refusal its own way."""

from __future__ import annotations

import pytest

from .enforce_services_helpers import (
    ACCOUNT,
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    doc,
    not_allowed,
    root,
    scope,
    user,
    user_arn,
)
from .helpers import raises_aws


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def via(service: str) -> dict:
    return {"StringEquals": {"kms:ViaService": f"{service}.us-east-1.amazonaws.com"}}


def test_s3_put_with_sse_kms_needs_generate_data_key_through_s3(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        root("s3").create_bucket(Bucket="enc-bkt")
        no_kms = user("alice", allow("s3:PutObject"))
        with_kms = user("bob", allow("s3:PutObject"),
                        allow("kms:GenerateDataKey", key, Condition=via("s3")))
    put = {"Bucket": "enc-bkt", "Key": "k", "Body": b"x", "ServerSideEncryption": "aws:kms",
           "SSEKMSKeyId": key}
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "kms:GenerateDataKey",
                                                f'"{key}"'), 403):
        client("s3", no_kms).put_object(**put)
    client("s3", with_kms).put_object(**put)
    # Outside S3 the same permission does not apply: kms:ViaService is absent.
    with raises_aws("AccessDeniedException", not_allowed(user_arn("bob"),
                                                         "kms:GenerateDataKey", key), 400):
        client("kms", with_kms).generate_data_key(KeyId=key, KeySpec="AES_256")


def test_s3_get_of_a_kms_object_needs_decrypt_and_a_plain_object_does_not(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        s3 = root("s3")
        s3.create_bucket(Bucket="enc-bkt")
        s3.put_object(Bucket="enc-bkt", Key="secret", Body=b"s",
                      ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
        s3.put_object(Bucket="enc-bkt", Key="plain", Body=b"p")
        reader = user("carol", allow("s3:GetObject"))
        decrypter = user("dave", allow("s3:GetObject"), allow("kms:Decrypt", key))
    assert client("s3", reader).get_object(Bucket="enc-bkt", Key="plain")["Body"].read() == b"p"
    with raises_aws("AccessDenied", not_allowed(user_arn("carol"), "kms:Decrypt", f'"{key}"'),
                    403):
        client("s3", reader).get_object(Bucket="enc-bkt", Key="secret")
    assert client("s3", decrypter).get_object(Bucket="enc-bkt",
                                              Key="secret")["Body"].read() == b"s"


def test_s3_bucket_default_encryption_with_a_customer_key(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        s3 = root("s3")
        s3.create_bucket(Bucket="dflt-bkt")
        writer = user("erin", allow("s3:PutObject"))
    client("s3", writer).put_object(Bucket="dflt-bkt", Key="a", Body=b"1")  # no default yet
    with sim.unenforced():
        s3.put_bucket_encryption(Bucket="dflt-bkt", ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {
                "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}]})
    with raises_aws("AccessDenied", match="kms:GenerateDataKey"):
        client("s3", writer).put_object(Bucket="dflt-bkt", Key="b", Body=b"2")


def test_a_key_policy_that_leaves_the_caller_out_refuses_through_s3(sim):
    with sim.unenforced():
        other = f"arn:aws:iam::{ACCOUNT}:user/someone-else"
        root("iam").create_user(UserName="someone-else")
        key = root("kms").create_key(Policy=doc(
            {"Effect": "Allow", "Principal": {"AWS": other}, "Action": "kms:*",
             "Resource": "*"}))["KeyMetadata"]["Arn"]
        root("s3").create_bucket(Bucket="enc-bkt")
        creds = user("frank", allow("s3:PutObject"), allow("kms:GenerateDataKey"))
    with raises_aws("AccessDenied", not_allowed(user_arn("frank"), "kms:GenerateDataKey",
                                                f'"{key}"', "resource-based policy"), 403):
        client("s3", creds).put_object(Bucket="enc-bkt", Key="k", Body=b"x",
                                       ServerSideEncryption="aws:kms", SSEKMSKeyId=key)


def test_sqs_a_kms_queue_needs_the_key_to_send_and_receive(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        url = root("sqs").create_queue(QueueName="enc", Attributes={
            "KmsMasterKeyId": key})["QueueUrl"]
        plain = root("sqs").create_queue(QueueName="plain")["QueueUrl"]
        sender = user("gina", allow("sqs:SendMessage"))
        keyed = user("hank", allow("sqs:SendMessage"),
                     allow("kms:GenerateDataKey", key, Condition=via("sqs")))
    client("sqs", sender).send_message(QueueUrl=plain, MessageBody="m")
    with raises_aws("KMS.AccessDeniedException", not_allowed(
            user_arn("gina"), "kms:GenerateDataKey", key), 400):
        client("sqs", sender).send_message(QueueUrl=url, MessageBody="m")
    client("sqs", keyed).send_message(QueueUrl=url, MessageBody="m")


def test_secrets_manager_a_secret_under_a_customer_key_needs_decrypt(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        sm = root("secretsmanager")
        arn = sm.create_secret(Name="db", SecretString="pw", KmsKeyId=key)["ARN"]
        plain = sm.create_secret(Name="plain", SecretString="p")["ARN"]
        reader = user("ivy", allow("secretsmanager:GetSecretValue"))
        decrypter = user("jack", allow("secretsmanager:GetSecretValue"),
                         allow("kms:Decrypt", key, Condition=via("secretsmanager")))
    assert client("secretsmanager", reader).get_secret_value(SecretId=plain)["SecretString"] \
        == "p"
    with raises_aws("AccessDeniedException", "Access to KMS is not allowed", 400):
        client("secretsmanager", reader).get_secret_value(SecretId=arn)
    assert client("secretsmanager", decrypter).get_secret_value(
        SecretId=arn)["SecretString"] == "pw"


def test_ssm_a_secure_string_under_a_customer_key_needs_decrypt(sim):
    with sim.unenforced():
        key = root("kms").create_key()["KeyMetadata"]["Arn"]
        root("ssm").put_parameter(Name="/app/pw", Value="pw", Type="SecureString", KeyId=key)
        reader = user("kate", allow("ssm:GetParameter"))
        decrypter = user("liam", allow("ssm:GetParameter"), allow("kms:Decrypt", key))
    with raises_aws("AccessDeniedException", status=400,
                    match=r"^The ciphertext refers to a customer master key .*"
                          r"\(Service: AWSKMS; Status Code: 400"):
        client("ssm", reader).get_parameter(Name="/app/pw", WithDecryption=True)
    # Without decryption the value stays encrypted and KMS is not asked.
    client("ssm", reader).get_parameter(Name="/app/pw")
    got = client("ssm", decrypter).get_parameter(Name="/app/pw", WithDecryption=True)
    assert got["Parameter"]["Value"] == "pw"
