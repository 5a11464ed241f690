"""Enforcement of Secrets Manager and SSM calls moto answers: one secret or parameter allowed
and another not, the services' condition keys (secretsmanager:Name, secretsmanager:VersionStage,
ssm:Overwrite, ssm:Recursive, request tags), permissions boundaries, session policies, explicit
denies in managed policies, the services' error (AccessDeniedException, 400)."""

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
    role_session,
    root,
    scope,
    session_arn,
    user,
    user_arn,
)
from .helpers import raises_aws

SECRET = f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret"
PARAM = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter"


@pytest.fixture(params=SOME_SCOPES, ids=SOME_SCOPE_IDS)
def some(request):
    with scope(*request.param) as s:
        yield s


def managed_deny(name: str) -> str:
    return f"an identity-based policy: arn:aws:iam::{ACCOUNT}:policy/{name}-m0"


def secret(name: str, value: str = "v") -> str:
    return str(root("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"])


def value_of(ref: str) -> str:
    return str(root("secretsmanager").get_secret_value(SecretId=ref)["SecretString"])


def secret_names() -> list[str]:
    return sorted(s["Name"] for s in root("secretsmanager").list_secrets()["SecretList"])


def parameter(name: str, value: str = "1") -> None:
    root("ssm").put_parameter(Name=name, Value=value, Type="String")


def param_value(name: str) -> str:
    return str(root("ssm").get_parameter(Name=name)["Parameter"]["Value"])


# -- Secrets Manager -------------------------------------------------------------------------
@pytest.mark.usefixtures("some")
def test_secrets_a_policy_on_one_secret_allows_it_and_not_another():
    secret("app/good", "g")
    other = secret("app/other", "o")
    sm = client("secretsmanager", user("alice", allow(
        ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue"],
        f"{SECRET}:app/good-??????")))
    assert sm.get_secret_value(SecretId="app/good")["SecretString"] == "g"
    sm.put_secret_value(SecretId="app/good", SecretString="g2")
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "secretsmanager:PutSecretValue", other), 400):
        sm.put_secret_value(SecretId="app/other", SecretString="changed")
    # A name no secret has is authorized, and shown, as the bare name.
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "secretsmanager:GetSecretValue", "app/missing"), 400):
        sm.get_secret_value(SecretId="app/missing")
    anything = client("secretsmanager", user("bob", allow("secretsmanager:GetSecretValue")))
    with raises_aws("ResourceNotFoundException"):  # allowed on `*`: moto answers
        anything.get_secret_value(SecretId="app/missing")
    assert (value_of("app/good"), value_of(other)) == ("g2", "o")


@pytest.mark.usefixtures("some")
def test_secrets_create_secret_name_and_request_tag_conditions():
    sm = client("secretsmanager", user("alice", allow("secretsmanager:CreateSecret", "*", Condition={
        "StringLike": {"secretsmanager:Name": "app/*"},
        "StringEquals": {"aws:RequestTag/team": "blue"}})))
    blue = [{"Key": "team", "Value": "blue"}]
    sm.create_secret(Name="app/x", SecretString="x", Tags=blue)
    # CreateSecret is authorized on the ARN the new secret gets: six random characters.
    with raises_aws("AccessDeniedException", match=(
            rf"^User: {user_arn('alice')} is not authorized to perform: "
            rf"secretsmanager:CreateSecret on resource: {SECRET}:other/x-[A-Za-z0-9]{{6}} "
            r"because no identity-based policy allows the secretsmanager:CreateSecret action$")):
        sm.create_secret(Name="other/x", SecretString="x", Tags=blue)
    with raises_aws("AccessDeniedException"):
        sm.create_secret(Name="app/y", SecretString="y", Tags=[{"Key": "team", "Value": "red"}])
    # ...so a policy naming the secret's ARN pattern allows creating it.
    named = client("secretsmanager", user("bob", allow("secretsmanager:CreateSecret",
                                                       f"{SECRET}:app/db-??????")))
    named.create_secret(Name="app/db", SecretString="d")
    assert secret_names() == ["app/db", "app/x"]


@pytest.mark.usefixtures("some")
def test_secrets_version_stage_condition_allows_and_denies():
    arn = secret("app/s", "old")
    root("secretsmanager").put_secret_value(SecretId=arn, SecretString="new")
    sm = client("secretsmanager", user(
        "alice", allow("secretsmanager:GetSecretValue", f"{SECRET}:app/*"),
        deny("secretsmanager:GetSecretValue", "*", Condition={
            "StringEquals": {"secretsmanager:VersionStage": "AWSPREVIOUS"}})))
    assert sm.get_secret_value(SecretId=arn, VersionStage="AWSCURRENT")["SecretString"] == "new"
    assert sm.get_secret_value(SecretId=arn)["SecretString"] == "new"
    with raises_aws("AccessDeniedException", explicit(
            user_arn("alice"), "secretsmanager:GetSecretValue", arn)):
        sm.get_secret_value(SecretId=arn, VersionStage="AWSPREVIOUS")


@pytest.mark.usefixtures("some")
def test_secrets_a_permissions_boundary_a_session_policy_and_a_managed_deny():
    arn = secret("app/s", "v")
    bounded = client("secretsmanager", user("alice", allow("secretsmanager:*"),
                                            boundary=[allow("secretsmanager:DescribeSecret")]))
    assert bounded.describe_secret(SecretId="app/s")["ARN"] == arn
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "secretsmanager:GetSecretValue", arn, "permissions boundary")):
        bounded.get_secret_value(SecretId="app/s")
    sess = client("secretsmanager", role_session(
        "app", allow("secretsmanager:*"), session_policy=[allow("secretsmanager:DescribeSecret")]))
    with raises_aws("AccessDeniedException", not_allowed(
            session_arn("app"), "secretsmanager:GetSecretValue", arn, "session policy")):
        sess.get_secret_value(SecretId=arn)
    denied = client("secretsmanager", user("bob", allow("secretsmanager:*"), managed=[
        deny("secretsmanager:DeleteSecret", f"{SECRET}:app/*")]))
    with raises_aws("AccessDeniedException", explicit(
            user_arn("bob"), "secretsmanager:DeleteSecret", arn, managed_deny("bob")), 400):
        denied.delete_secret(SecretId="app/s", ForceDeleteWithoutRecovery=True)
    assert root("secretsmanager").describe_secret(SecretId=arn).get("DeletedDate") is None


# -- SSM -------------------------------------------------------------------------------------
@pytest.mark.usefixtures("some")
def test_ssm_a_policy_on_some_parameters_allows_them_and_not_others():
    parameter("/app/a")
    parameter("/other/b")
    ssm = client("ssm", user("alice", allow(["ssm:GetParameters", "ssm:DeleteParameter"],
                                            f"{PARAM}/app/*")))
    assert [p["Name"] for p in ssm.get_parameters(Names=["/app/a"])["Parameters"]] == ["/app/a"]
    # Every name of GetParameters is authorized: one outside the policy denies the call.
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "ssm:GetParameters",
                                                         f"{PARAM}/other/b"), 400):
        ssm.get_parameters(Names=["/app/a", "/other/b"])
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "ssm:DeleteParameter",
                                                         f"{PARAM}/other/b"), 400):
        ssm.delete_parameter(Name="/other/b")
    assert param_value("/other/b") == "1"


@pytest.mark.usefixtures("some")
def test_ssm_overwrite_and_recursive_conditions():
    parameter("/app/a")
    parameter("/app/deep/b")
    ssm = client("ssm", user(
        "alice", allow(["ssm:PutParameter", "ssm:GetParametersByPath"], f"{PARAM}/app*"),
        deny("ssm:PutParameter", "*", Condition={"StringEquals": {"ssm:Overwrite": "true"}}),
        deny("ssm:GetParametersByPath", "*", Condition={
            "StringEquals": {"ssm:Recursive": "true"}})))
    ssm.put_parameter(Name="/app/new", Value="n", Type="String")
    with raises_aws("AccessDeniedException", explicit(user_arn("alice"), "ssm:PutParameter",
                                                      f"{PARAM}/app/a")):
        ssm.put_parameter(Name="/app/a", Value="changed", Type="String", Overwrite=True)
    assert param_value("/app/a") == "1"
    names = [p["Name"] for p in ssm.get_parameters_by_path(Path="/app")["Parameters"]]
    assert sorted(names) == ["/app/a", "/app/new"]
    with raises_aws("AccessDeniedException", explicit(
            user_arn("alice"), "ssm:GetParametersByPath", f"{PARAM}/app")):
        ssm.get_parameters_by_path(Path="/app", Recursive=True)


@pytest.mark.usefixtures("some")
def test_ssm_request_tags_of_put_parameter_and_of_tagging_a_parameter():
    parameter("/other/p")
    ssm = client("ssm", user(
        "alice", allow("ssm:PutParameter", f"{PARAM}/app/*", Condition={
            "StringEquals": {"aws:RequestTag/team": "blue"}}),
        allow("ssm:AddTagsToResource", f"{PARAM}/app/*", Condition={
            "ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}})))
    ssm.put_parameter(Name="/app/t", Value="1", Type="String",
                      Tags=[{"Key": "team", "Value": "blue"}])
    with raises_aws("AccessDeniedException", not_allowed(user_arn("alice"), "ssm:PutParameter",
                                                         f"{PARAM}/app/u")):
        ssm.put_parameter(Name="/app/u", Value="1", Type="String",
                          Tags=[{"Key": "team", "Value": "red"}])
    # A parameter's tagging operations are on the parameter (ResourceType Parameter).
    ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/app/t",
                             Tags=[{"Key": "team", "Value": "green"}])
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "ssm:AddTagsToResource", f"{PARAM}/app/t")):
        ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/app/t",
                                 Tags=[{"Key": "cost", "Value": "1"}])
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "ssm:AddTagsToResource", f"{PARAM}/other/p")):
        ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/other/p",
                                 Tags=[{"Key": "team", "Value": "x"}])
    tags = root("ssm").list_tags_for_resource(ResourceType="Parameter", ResourceId="/app/t")
    assert tags["TagList"] == [{"Key": "team", "Value": "green"}]
    assert root("ssm").list_tags_for_resource(ResourceType="Parameter",
                                              ResourceId="/other/p")["TagList"] == []


@pytest.mark.usefixtures("some")
def test_ssm_a_permissions_boundary_a_session_policy_and_a_managed_deny():
    parameter("/app/a")
    bounded = client("ssm", user("alice", allow("ssm:*"), boundary=[allow("ssm:GetParameter")]))
    assert bounded.get_parameter(Name="/app/a")["Parameter"]["Value"] == "1"
    with raises_aws("AccessDeniedException", not_allowed(
            user_arn("alice"), "ssm:PutParameter", f"{PARAM}/app/a", "permissions boundary")):
        bounded.put_parameter(Name="/app/a", Value="2", Type="String", Overwrite=True)
    sess = client("ssm", role_session("app", allow("ssm:*"),
                                      session_policy=[allow("ssm:GetParameter")]))
    with raises_aws("AccessDeniedException", not_allowed(
            session_arn("app"), "ssm:DeleteParameter", f"{PARAM}/app/a", "session policy")):
        sess.delete_parameter(Name="/app/a")
    denied = client("ssm", user("bob", allow("ssm:*"), managed=[
        deny("ssm:DeleteParameter", f"{PARAM}/app/*")]))
    with raises_aws("AccessDeniedException", explicit(
            user_arn("bob"), "ssm:DeleteParameter", f"{PARAM}/app/a", managed_deny("bob")), 400):
        denied.delete_parameter(Name="/app/a")
    assert param_value("/app/a") == "1"
