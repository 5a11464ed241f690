"""Enforcement of IAM and STS calls (mock_iam(enforce=True)): identity policies, groups,
boundaries, session policies, conditions, AWS's AccessDenied wording, nothing changed."""

from __future__ import annotations

import json

import boto3
import pytest

from iamsim import mock_iam

from .helpers import raises_aws

ACCOUNT = "123456789012"
PATHS = ["fast", "wire"]


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action, resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action, resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


@pytest.fixture(params=PATHS)
def sim(request):
    with mock_iam(path=request.param, enforce=True) as s:
        yield s


@pytest.fixture
def root():
    return boto3.client("iam", region_name="us-east-1")


def as_user(root, name: str, *statements: dict, service: str = "iam", **user_kw):
    root.create_user(UserName=name, **user_kw)
    if statements:
        root.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key = root.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])


def denied(action: str, resource: str, who: str = "alice", why: str | None = None) -> str:
    reason = why or f"because no identity-based policy allows the {action} action"
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{who} is not authorized to perform: {action} "
            f"on resource: {resource} {reason}")


def test_the_root_user_is_allowed_everything(sim, root):
    root.create_user(UserName="bob")
    assert root.list_users()["Users"][0]["UserName"] == "bob"


def test_no_policy_is_an_implicit_deny_in_aws_words_and_changes_nothing(sim, root):
    alice = as_user(root, "alice")
    with raises_aws("AccessDenied", denied("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/bob"),
                    403):
        alice.create_user(UserName="bob")
    assert [u["UserName"] for u in root.list_users()["Users"]] == ["alice"]


def test_the_resource_arn_carries_the_path_of_the_request_or_the_entity(sim, root):
    alice = as_user(root, "alice")
    with raises_aws("AccessDenied", denied("iam:CreateUser",
                                           f"arn:aws:iam::{ACCOUNT}:user/eng/bob")):
        alice.create_user(UserName="bob", Path="/eng/")
    root.create_role(RoleName="r", Path="/svc/", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}))
    with raises_aws("AccessDenied", denied("iam:GetRole", f"arn:aws:iam::{ACCOUNT}:role/svc/r")):
        alice.get_role(RoleName="r")
    with raises_aws("AccessDenied", denied("iam:ListUsers", "*")):
        alice.list_users()


def test_an_allow_on_the_named_resource_only(sim, root):
    alice = as_user(root, "alice", allow("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/team-*"))
    alice.create_user(UserName="team-a")
    with raises_aws("AccessDenied"):
        alice.create_user(UserName="other")


def test_explicit_deny_wins_and_names_the_managed_policy(sim, root):
    arn = root.create_policy(PolicyName="NoDelete", PolicyDocument=doc(
        deny("iam:DeleteUser")))["Policy"]["Arn"]
    alice = as_user(root, "alice", allow("iam:*"))
    root.attach_user_policy(UserName="alice", PolicyArn=arn)
    alice.create_user(UserName="bob")
    with raises_aws("AccessDenied", denied(
            "iam:DeleteUser", f"arn:aws:iam::{ACCOUNT}:user/bob",
            why=f"with an explicit deny in an identity-based policy: {arn}")):
        alice.delete_user(UserName="bob")
    assert root.get_user(UserName="bob")["User"]["UserName"] == "bob"


def test_an_inline_explicit_deny_names_no_policy(sim, root):
    alice = as_user(root, "alice", allow("iam:*"), deny("iam:CreateGroup"))
    with raises_aws("AccessDenied", denied(
            "iam:CreateGroup", f"arn:aws:iam::{ACCOUNT}:group/g",
            why="with an explicit deny in an identity-based policy")):
        alice.create_group(GroupName="g")


def test_group_policies_apply_to_their_members(sim, root):
    alice = as_user(root, "alice")
    root.create_group(GroupName="admins")
    root.put_group_policy(GroupName="admins", PolicyName="all", PolicyDocument=doc(allow("iam:*")))
    with raises_aws("AccessDenied"):
        alice.list_groups()
    root.add_user_to_group(UserName="alice", GroupName="admins")
    assert alice.list_groups()["Groups"][0]["GroupName"] == "admins"


def test_a_permissions_boundary_caps_what_policies_allow(sim, root):
    boundary = root.create_policy(PolicyName="OnlyRead", PolicyDocument=doc(
        allow(["iam:Get*", "iam:List*"])))["Policy"]["Arn"]
    alice = as_user(root, "alice", allow("iam:*"), PermissionsBoundary=boundary)
    alice.list_users()
    with raises_aws("AccessDenied", denied(
            "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/bob",
            why="because no permissions boundary allows the iam:CreateUser action")):
        alice.create_user(UserName="bob")


def test_conditions_on_request_tags_and_resource_tags(sim, root):
    alice = as_user(root, "alice",
                    allow("iam:CreateUser", Condition={"StringEquals": {"aws:RequestTag/team": "core"}}),
                    allow("iam:TagUser"),
                    allow("iam:DeleteUser", Condition={"StringEquals": {"iam:ResourceTag/team": "core"}}))
    with raises_aws("AccessDenied"):
        alice.create_user(UserName="untagged")
    alice.create_user(UserName="tagged", Tags=[{"Key": "team", "Value": "core"}])
    root.create_user(UserName="foreign", Tags=[{"Key": "team", "Value": "web"}])
    with raises_aws("AccessDenied"):
        alice.delete_user(UserName="foreign")
    alice.delete_user(UserName="tagged")


def test_policy_variables_use_the_callers_name(sim, root):
    alice = as_user(root, "alice", allow(["iam:CreateAccessKey", "iam:ListAccessKeys"],
                                         f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"))
    root.create_user(UserName="bob")
    assert alice.list_access_keys()["AccessKeyMetadata"]  # her own key, no UserName needed
    with raises_aws("AccessDenied", denied("iam:ListAccessKeys", f"arn:aws:iam::{ACCOUNT}:user/bob")):
        alice.list_access_keys(UserName="bob")


def test_attach_is_conditioned_on_the_policy_arn(sim, root):
    ro = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    alice = as_user(root, "alice", allow("iam:AttachUserPolicy", Condition={
        "ArnEquals": {"iam:PolicyARN": ro}}))
    root.create_user(UserName="bob")
    alice.attach_user_policy(UserName="bob", PolicyArn=ro)
    with raises_aws("AccessDenied"):
        alice.attach_user_policy(UserName="bob",
                                 PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    assert [p["PolicyArn"] for p in root.list_attached_user_policies(UserName="bob")[
        "AttachedPolicies"]] == [ro]


def test_role_sessions_are_decided_by_the_role_and_the_session_policy(sim, root):
    sts = as_user(root, "alice", service="sts")  # the trust policy names her: no policy needed
    role = root.create_role(RoleName="ops", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
         "Action": "sts:AssumeRole"}))["Role"]
    root.put_role_policy(RoleName="ops", PolicyName="iam", PolicyDocument=doc(allow("iam:*")))
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss",
                            Policy=doc(allow("iam:List*")))["Credentials"]
    session = boto3.client("iam", region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token=creds["SessionToken"])
    session.list_users()
    with raises_aws("AccessDenied", (
            f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ops/ss is not authorized to perform: "
            f"iam:CreateUser on resource: arn:aws:iam::{ACCOUNT}:user/x because no session "
            "policy allows the iam:CreateUser action")):
        session.create_user(UserName="x")


def test_assume_role_needs_the_identity_side_when_the_trust_names_the_account(sim, root):
    role = root.create_role(RoleName="ops", AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}))["Role"]
    sts = as_user(root, "alice", service="sts")
    with raises_aws("AccessDenied", denied("sts:AssumeRole", role["Arn"])):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss")
    root.put_user_policy(UserName="alice", PolicyName="p",
                         PolicyDocument=doc(allow("sts:AssumeRole", role["Arn"])))
    sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss")


def test_calls_aws_never_authorizes_stay_allowed(sim, root):
    sts = as_user(root, "alice", deny("*"), service="sts")
    assert sts.get_caller_identity()["Arn"].endswith(":user/alice")
    sts.get_session_token()


def test_enforcement_can_be_switched_off_for_set_up(root):
    with mock_iam(enforce=True) as sim:
        alice = as_user(boto3.client("iam", region_name="us-east-1"), "alice")
        with sim.unenforced():
            alice.create_user(UserName="made-in-set-up")
        with raises_aws("AccessDenied"):
            alice.create_user(UserName="made-by-the-code-under-test")
        sim.enforce = False
        alice.create_user(UserName="unchecked")


def test_enforcement_is_off_by_default():
    with mock_iam():
        root = boto3.client("iam", region_name="us-east-1")
        alice = as_user(root, "alice")
        alice.create_user(UserName="bob")


@pytest.mark.iamsim(enforce=True)
def test_the_pytest_marker_switches_it_on(iam_mock):
    alice = as_user(boto3.client("iam", region_name="us-east-1"), "alice")
    with raises_aws("AccessDenied"):
        alice.create_user(UserName="bob")


def _session_client(creds: dict, service: str = "iam"):
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def test_an_explicit_deny_in_a_boundary_or_a_session_policy_is_named(sim, root):
    boundary = root.create_policy(PolicyName="B", PolicyDocument=doc(
        allow("*"), deny("iam:DeleteRole")))["Policy"]["Arn"]
    sts = as_user(root, "alice", service="sts")
    role = root.create_role(RoleName="ops", PermissionsBoundary=boundary,
                            AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
         "Action": "sts:AssumeRole"}))["Role"]
    root.put_role_policy(RoleName="ops", PolicyName="all", PolicyDocument=doc(allow("*")))
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss",
                            Policy=doc(allow("*"), deny("iam:DeleteUser")))["Credentials"]
    session = _session_client(creds)
    prefix = f"User: arn:aws:sts::{ACCOUNT}:assumed-role/ops/ss is not authorized to perform: "
    with raises_aws("AccessDenied", prefix + f"iam:DeleteRole on resource: {role['Arn']} with an "
                    f"explicit deny in a permissions boundary: {boundary}"):
        session.delete_role(RoleName="ops")
    root.create_user(UserName="bob")
    with raises_aws("AccessDenied", prefix + f"iam:DeleteUser on resource: arn:aws:iam::{ACCOUNT}"
                    ":user/bob with an explicit deny in a session policy"):
        session.delete_user(UserName="bob")


def test_role_tags_and_session_tags_are_principal_tags(sim, root):
    sts = as_user(root, "alice", service="sts")
    role = root.create_role(RoleName="ops", Tags=[{"Key": "team", "Value": "web"}],
                            AssumeRolePolicyDocument=doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
         "Action": ["sts:AssumeRole", "sts:TagSession"]}))["Role"]
    root.put_role_policy(RoleName="ops", PolicyName="own-team", PolicyDocument=doc(
        allow("iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/team}}/*")))
    web = _session_client(sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss")["Credentials"])
    web.create_user(UserName="u1", Path="/web/")
    with raises_aws("AccessDenied"):
        web.create_user(UserName="u2", Path="/core/")
    core = _session_client(sts.assume_role(RoleArn=role["Arn"], RoleSessionName="ss", Tags=[
        {"Key": "team", "Value": "core"}])["Credentials"])  # a session tag overrides the role's
    core.create_user(UserName="u3", Path="/core/")


def test_mfa_conditions_see_how_the_session_was_made(sim, root):
    sts = as_user(root, "alice", allow("iam:ListUsers", Condition={
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}), service="sts")
    plain = _session_client(sts.get_session_token()["Credentials"])
    with raises_aws("InvalidClientTokenId"):  # without MFA such credentials cannot call IAM
        plain.list_users()


def test_sts_calls_are_authorized_too(sim, root):
    sts = as_user(root, "alice", service="sts")
    with raises_aws("AccessDenied", denied(
            "sts:GetFederationToken", f"arn:aws:sts::{ACCOUNT}:federated-user/carol")):
        sts.get_federation_token(Name="carol", Policy=doc(allow("s3:*")))
    root.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=doc(
        allow("sts:GetFederationToken", f"arn:aws:sts::{ACCOUNT}:federated-user/carol")))
    creds = sts.get_federation_token(Name="carol", Policy=doc(allow("s3:*")))["Credentials"]
    ident = _session_client(creds, "sts").get_caller_identity()  # never authorized
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/carol"


def test_the_scope_adds_context_keys_no_in_process_call_carries(root):
    with mock_iam(enforce=True, context={"aws:SourceIp": "203.0.113.7"}) as sim:
        iam = boto3.client("iam", region_name="us-east-1")
        alice = as_user(iam, "alice", allow("iam:ListUsers", Condition={
            "IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}))
        alice.list_users()
        sim.context["aws:SourceIp"] = "198.51.100.1"
        with raises_aws("AccessDenied"):
            alice.list_users()


@pytest.mark.parametrize("path", PATHS)
def test_cognito_user_pool_calls_are_authorized_with_cognitos_own_error(path):
    with mock_iam(path=path, enforce=True):
        root = boto3.client("iam", region_name="us-east-1")
        idp = as_user(root, "alice", service="cognito-idp")
        with pytest.raises(idp.exceptions.AccessDeniedException) as e:
            idp.create_user_pool(PoolName="p")
        assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
        assert "is not authorized to perform: cognito-idp:CreateUserPool" in str(e.value)
        assert boto3.client("cognito-idp", region_name="us-east-1").list_user_pools(
            MaxResults=10)["UserPools"] == []


def test_cached_decisions_follow_the_clock_the_policies_and_the_organization():
    from freezegun import freeze_time

    with freeze_time("2030-01-01 11:59:58"), mock_iam(enforce=True) as sim:
        iam = boto3.client("iam", region_name="us-east-1")
        alice = as_user(iam, "alice", allow("iam:ListUsers", Condition={
            "DateLessThan": {"aws:CurrentTime": "2030-01-01T12:00:00Z"}}))
        alice.list_users()
        alice.list_users()  # answered from the cache
        with freeze_time("2030-01-01 12:00:01"), raises_aws("AccessDenied"):
            alice.list_users()
        iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=doc(
            allow("iam:ListUsers")))
        alice.list_users()
        org = sim.organization(management_account="999999999999")
        org.add_account("123456789012")
        alice.list_users()
        org.attach_scp(doc(deny("iam:ListUsers")), target="123456789012")
        with raises_aws("AccessDenied", match="service control policy"):
            alice.list_users()
