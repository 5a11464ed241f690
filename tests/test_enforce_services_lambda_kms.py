"""Enforcement of Lambda and KMS calls moto answers: one resource allowed and another not,
the services' condition keys (request tags, lambda:FunctionUrlAuthType, iam:PassRole of an
execution role, kms:RequestAlias, kms:CallerAccount, kms:KeySpec), permissions boundaries,
session policies, explicit denies in managed policies, each service's error (Lambda
AccessDeniedException 403, KMS AccessDeniedException 400)."""

from __future__ import annotations

import pytest

from iamsim.authz.services import Where, checks_for

from .enforce_services_helpers import (
    ACCOUNT,
    SCOPE_IDS,
    SCOPES,
    SOME_SCOPE_IDS,
    SOME_SCOPES,
    allow,
    client,
    deny,
    execution_role,
    explicit,
    function_zip,
    not_allowed,
    role_session,
    root,
    scope,
    session_arn,
    user,
    user_arn,
)
from .helpers import raises_aws

FN = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key"


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


@pytest.fixture(params=SOME_SCOPES, ids=SOME_SCOPE_IDS)
def some(request):
    with scope(*request.param) as s:
        yield s


def functions(*names: str) -> str:
    """Functions made by the root user; their execution role's ARN."""
    role = execution_role("fn-exec")
    lam = root("lambda")
    for n in names:
        lam.create_function(FunctionName=n, Runtime="python3.12", Role=role,
                            Handler="f.handler", Code={"ZipFile": function_zip()})
    return role


def function_names() -> list[str]:
    return sorted(f["FunctionName"] for f in root("lambda").list_functions()["Functions"])


def managed_deny(name: str, policy: int = 0) -> str:
    return f"an identity-based policy: arn:aws:iam::{ACCOUNT}:policy/{name}-m{policy}"


# -- Lambda ----------------------------------------------------------------------------------
@pytest.mark.usefixtures("sim")
def test_lambda_a_policy_on_one_function_allows_it_and_not_another():
    functions("good", "other")
    root("lambda").publish_version(FunctionName="good")
    root("lambda").create_alias(FunctionName="good", Name="live", FunctionVersion="1")
    lam = client("lambda", user("alice", allow(
        ["lambda:GetFunction", "lambda:UpdateFunctionConfiguration"], f"{FN}:good")))
    assert lam.get_function(FunctionName="good")["Configuration"]["FunctionName"] == "good"
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "lambda:GetFunction",
                                                         f"{FN}:other"), 403):
        lam.get_function(FunctionName="other")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "lambda:UpdateFunctionConfiguration", f"{FN}:other"), 403):
        lam.update_function_configuration(FunctionName="other", Timeout=9)
    # A qualifier names another resource: the alias is not the unqualified function.
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "lambda:GetFunction",
                                                         f"{FN}:good:live"), 403):
        lam.get_function(FunctionName="good", Qualifier="live")
    assert root("lambda").get_function_configuration(FunctionName="other")["Timeout"] != 9


@pytest.mark.usefixtures("some")
def test_lambda_create_function_request_tags_and_the_pass_role_it_needs():
    role = functions()
    creds = user("alice", allow("lambda:CreateFunction", "*", Condition={
        "StringEquals": {"aws:RequestTag/team": "blue"}}), allow("iam:PassRole", role, Condition={
            "StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}))
    lam = client("lambda", creds)
    new = {"Runtime": "python3.12", "Role": role, "Handler": "f.handler",
           "Code": {"ZipFile": function_zip()}}
    lam.create_function(FunctionName="blue-fn", Tags={"team": "blue"}, **new)
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "lambda:CreateFunction",
                                                         f"{FN}:red-fn"), 403):
        lam.create_function(FunctionName="red-fn", Tags={"team": "red"}, **new)
    # Without iam:PassRole on the execution role the function is not created either.
    bob = client("lambda", user("bob", allow("lambda:CreateFunction")))
    with raises_aws("AccessDeniedException", not_allowed(user_arn("bob"), "iam:PassRole", role),
                    403):
        bob.create_function(FunctionName="bob-fn", **new)
    assert function_names() == ["blue-fn"]


@pytest.mark.usefixtures("some")
def test_lambda_function_url_auth_type_condition_and_a_managed_deny():
    functions("good")
    lam = client("lambda", user(
        "alice", allow(["lambda:CreateFunctionUrlConfig", "lambda:GetFunctionUrlConfig"],
                       f"{FN}:*"),
        managed=[deny("lambda:CreateFunctionUrlConfig", "*", Condition={
            "StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}})]))
    with raises_aws("AccessDeniedException", explicit(
            user_arn("alice"), "lambda:CreateFunctionUrlConfig", f"{FN}:good",
            managed_deny("alice")), 403):
        lam.create_function_url_config(FunctionName="good", AuthType="NONE")
    lam.create_function_url_config(FunctionName="good", AuthType="AWS_IAM")
    assert lam.get_function_url_config(FunctionName="good")["AuthType"] == "AWS_IAM"


@pytest.mark.usefixtures("some")
def test_lambda_a_permissions_boundary_and_a_session_policy():
    functions("f1")
    bounded = client("lambda", user("alice", allow("lambda:*"),
                                    boundary=[allow("lambda:Get*")]))
    assert bounded.get_function(FunctionName="f1")["Configuration"]["FunctionName"] == "f1"
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "lambda:DeleteFunction", f"{FN}:f1", "permissions boundary"), 403):
        bounded.delete_function(FunctionName="f1")
    sess = client("lambda", role_session("app", allow("lambda:*"),
                                         session_policy=[allow("lambda:GetFunction")]))
    sess.get_function(FunctionName="f1")
    with raises_aws("AccessDeniedException", not_allowed(
            session_arn("app"), "lambda:DeleteFunction", f"{FN}:f1", "session policy"), 403):
        sess.delete_function(FunctionName="f1")
    assert function_names() == ["f1"]


# -- KMS -------------------------------------------------------------------------------------
@pytest.mark.usefixtures("some")
def test_kms_a_permissions_boundary_a_session_policy_and_a_managed_deny():
    kms = root("kms")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    bounded = client("kms", user("alice", allow("kms:*"), boundary=[allow("kms:Encrypt")]))
    bounded.encrypt(KeyId=key, Plaintext=b"x")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "kms:GenerateDataKey", f"{KEY}/{key}", "permissions boundary"),
            400):
        bounded.generate_data_key(KeyId=key, KeySpec="AES_256")
    sess = client("kms", role_session("app", allow("kms:*"),
                                      session_policy=[allow("kms:Encrypt")]))
    with raises_aws("AccessDeniedException", not_allowed(
            session_arn("app"), "kms:Decrypt", f"{KEY}/{key}", "session policy"), 400):
        sess.decrypt(KeyId=key, CiphertextBlob=blob)
    denied = client("kms", user("bob", allow("kms:*"),
                                managed=[deny("kms:ScheduleKeyDeletion", f"{KEY}/*")]))
    assert denied.decrypt(KeyId=key, CiphertextBlob=blob)["Plaintext"] == b"x"
    with raises_aws("AccessDeniedException", explicit(
            user_arn("bob"), "kms:ScheduleKeyDeletion", f"{KEY}/{key}", managed_deny("bob")),
            400):
        denied.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Enabled"


@pytest.mark.usefixtures("some")
def test_kms_request_alias_and_caller_account_conditions():
    kms = root("kms")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/good", TargetKeyId=key)
    kms.create_alias(AliasName="alias/other", TargetKeyId=key)
    c = client("kms", user("alice", allow("kms:Encrypt", "*", Condition={"StringEquals": {
        "kms:RequestAlias": "alias/good", "kms:CallerAccount": ACCOUNT}})))
    c.encrypt(KeyId="alias/good", Plaintext=b"x")
    c.encrypt(KeyId=f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/good", Plaintext=b"x")
    # The same key by its ID or by another alias: the request names no allowed alias.
    for ref in (key, "alias/other"):
        with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:Encrypt",
                                                             f"{KEY}/{key}"), 400):
            c.encrypt(KeyId=ref, Plaintext=b"x")
    other_account = client("kms", user("bob", allow("kms:Encrypt", "*", Condition={
        "StringEquals": {"kms:CallerAccount": "111122223333"}})))
    with raises_aws("AccessDeniedException", not_allowed(user_arn("bob"), "kms:Encrypt",
                                                         f"{KEY}/{key}")):
        other_account.encrypt(KeyId=key, Plaintext=b"x")


@pytest.mark.usefixtures("some")
def test_kms_create_key_tags_and_key_spec_conditions():
    c = client("kms", user(
        "alice", allow("kms:CreateKey", "*", Condition={
            "StringEquals": {"aws:RequestTag/team": "blue"}}),
        # No asymmetric keys; a CreateKey without KeySpec creates a SYMMETRIC_DEFAULT key.
        deny("kms:CreateKey", "*", Condition={
            "StringNotEquals": {"kms:KeySpec": "SYMMETRIC_DEFAULT"}})))
    key = c.create_key(Tags=[{"TagKey": "team", "TagValue": "blue"}])["KeyMetadata"]["KeyId"]
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "kms:CreateKey", "*"),
                    400):
        c.create_key(Tags=[{"TagKey": "team", "TagValue": "red"}])
    with raises_aws("AccessDeniedException", explicit(user_arn("alice"), "kms:CreateKey", "*")):
        c.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY",
                     Tags=[{"TagKey": "team", "TagValue": "blue"}])
    assert [k["KeyId"] for k in root("kms").list_keys()["Keys"]] == [key]


W = Where("aws", "us-east-1", ACCOUNT)


@pytest.mark.parametrize(("op", "params", "context"), [
    # A data key's KeySpec is no condition key: kms:KeySpec is the KMS key's.
    ("GenerateDataKey", {"KeyId": "k", "KeySpec": "AES_256"}, {"kms:CallerAccount": ACCOUNT}),
    ("GenerateDataKeyPair", {"KeyId": "alias/a", "KeyPairSpec": "RSA_2048"},
     {"kms:CallerAccount": ACCOUNT, "kms:DataKeyPairSpec": "RSA_2048",
      "kms:RequestAlias": "alias/a"}),
    ("CreateKey", {"KeyUsage": "SIGN_VERIFY", "KeySpec": "ECC_NIST_P256", "MultiRegion": True},
     {"kms:CallerAccount": ACCOUNT, "kms:KeySpec": "ECC_NIST_P256",
      "kms:KeyUsage": "SIGN_VERIFY", "kms:KeyOrigin": "AWS_KMS", "kms:MultiRegion": "true"}),
    ("CreateGrant", {"KeyId": "k", "GranteePrincipal": "arn:aws:iam::111122223333:root",
                     "Operations": ["Decrypt"],
                     "Constraints": {"EncryptionContextSubset": {"app": "x"}}},
     {"kms:CallerAccount": ACCOUNT, "kms:GranteePrincipal": "arn:aws:iam::111122223333:root",
      "kms:GrantOperations": ["Decrypt"], "kms:GrantConstraintType": "EncryptionContextSubset",
      "kms:EncryptionContext:app": "x", "kms:EncryptionContextKeys": ["app"]}),
])
def test_kms_condition_keys_of_a_request(op, params, context):
    checks = checks_for("kms", op, params, W)
    assert checks is not None and [c.context for c in checks] == [context]


@pytest.mark.parametrize(("service", "op", "params", "checks"), [
    # Actions the reference gives no resource type are on `*`, whatever the request names.
    ("kms", "ListAliases", {"KeyId": "k"}, [("kms:ListAliases", "*")]),
    ("lambda", "ListEventSourceMappings", {"FunctionName": "f"},
     [("lambda:ListEventSourceMappings", "*")]),
    ("lambda", "CreateEventSourceMapping", {"FunctionName": "f"},
     [("lambda:CreateEventSourceMapping", "*")]),
    ("dynamodb", "ListBackups", {"TableName": "t"}, [("dynamodb:ListBackups", "*")]),
    ("lambda", "UpdateFunctionConfiguration",
     {"FunctionName": "f", "Role": f"arn:aws:iam::{ACCOUNT}:role/r"},
     [("lambda:UpdateFunctionConfiguration", f"{FN}:f"),
      ("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/r")]),
])
def test_action_and_resource_of_a_request(service, op, params, checks):
    found = checks_for(service, op, params, W)
    assert found is not None and [(c.action, c.resource) for c in found] == checks
