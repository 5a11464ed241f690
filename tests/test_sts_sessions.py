"""STS temporary credentials: AssumeRole (trust policies, durations, chaining, session
policies and tags), GetSessionToken (MFA), GetFederationToken, web identity and SAML
federation, expiry of sessions, and the operations a standalone account can only refuse."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import struct

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from freezegun import freeze_time

from .helpers import raises_aws

ACCOUNT = "123456789012"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
EXPIRED = "The security token included in the request is expired"


def trust(principal: object, action: object = "sts:AssumeRole", condition: dict | None = None,
          effect: str = "Allow", extra: list | None = None) -> str:
    st: dict = {"Effect": effect, "Principal": principal, "Action": action}
    if condition:
        st["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [st, *(extra or [])]})


def make_role(iam, name: str, doc: str, **kw) -> dict:
    return iam.create_role(RoleName=name, AssumeRolePolicyDocument=doc, **kw)["Role"]


def client(creds: dict, service: str = "sts", region: str = "us-east-1"):
    return boto3.client(
        service, region_name=region, aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
    )


def user_keys(iam, name: str) -> dict:
    iam.create_user(UserName=name)
    return iam.create_access_key(UserName=name)["AccessKey"]


def totp(seed: bytes, at: datetime.datetime) -> str:
    """RFC 6238, written independently of iamsim."""
    key = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at.timestamp()) // 30), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[o:o + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


@pytest.fixture(autouse=True)
def _clock():
    """Every test runs at T0 (credentials issued here must not have expired by real time)."""
    with freeze_time(T0) as frozen:
        yield frozen


@pytest.fixture
def sts(iam):
    """STS as an IAM user of the account: AWS never lets the root user assume a role."""
    return client(user_keys(iam, "caller"))


@pytest.fixture
def root_sts(iam_mock):
    return boto3.client("sts", region_name="us-east-1")


CALLER = f"arn:aws:iam::{ACCOUNT}:user/caller"


# AssumeRole ---------------------------------------------------------------------------------

def test_assume_role_returns_credentials_and_assumed_role_user(iam, sts):
    with freeze_time(T0):
        role = make_role(iam, "deploy", trust({"AWS": ROOT}), Path="/ci/")
        out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="build-42")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40
    assert len(creds["SessionToken"]) > 100
    assert creds["Expiration"] == T0 + datetime.timedelta(hours=1)
    # The role's path is not part of the assumed-role ARN.
    assert out["AssumedRoleUser"] == {
        "AssumedRoleId": f"{role['RoleId']}:build-42",
        "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/build-42",
    }
    assert "PackedPolicySize" not in out and "SourceIdentity" not in out


def test_assumed_role_credentials_identify_the_session(iam, sts):
    role = make_role(iam, "deploy", trust({"AWS": ACCOUNT}))
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="me")["Credentials"]
    ident = client(creds).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/me"
    assert ident["UserId"] == f"{role['RoleId']}:me"
    assert ident["Account"] == ACCOUNT
    assert client(creds).get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] \
        == ACCOUNT


@pytest.mark.parametrize("issued", [False, True])
def test_the_root_user_may_not_assume_a_role(iam, root_sts, issued):
    # The scope's fake key and any key iamsim did not issue are the root user, as is a root
    # access key iamsim issued: AWS refuses all of them.
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    sts = root_sts
    if issued:
        sts = client(iam.create_access_key()["AccessKey"])
    with raises_aws("AccessDenied", "Roles may not be assumed by root accounts.", 403):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="root")
    assert iam.get_role(RoleName="r")["Role"]["RoleLastUsed"] == {}


def test_assume_role_records_role_last_used_in_the_sts_region(iam, sts_mock_region):
    sts_eu, iam_client = sts_mock_region
    role = make_role(iam_client, "r", trust({"AWS": ROOT}))
    assert iam_client.get_role(RoleName="r")["Role"]["RoleLastUsed"] == {}
    with freeze_time(T0):
        sts_eu.assume_role(RoleArn=role["Arn"], RoleSessionName="ss")
    used = iam_client.get_role(RoleName="r")["Role"]["RoleLastUsed"]
    assert used == {"LastUsedDate": T0, "Region": "eu-west-1"}


@pytest.fixture
def sts_mock_region(iam):
    return (client(user_keys(iam, "caller"), region="eu-west-1"), iam)


def test_assume_role_as_iam_user_named_in_trust_policy(iam, client_for):
    keys = user_keys(iam, "alice")
    alice_arn = iam.get_user(UserName="alice")["User"]["Arn"]
    role = make_role(iam, "r", trust({"AWS": alice_arn}))
    creds = client_for(keys, "sts").assume_role(RoleArn=role["Arn"],
                                                RoleSessionName="alice")["Credentials"]
    assert client(creds).get_caller_identity()["Arn"].endswith(":assumed-role/r/alice")


def test_trust_policy_that_names_another_user_denies(iam, client_for):
    keys = user_keys(iam, "alice")
    iam.create_user(UserName="bob")
    bob = iam.get_user(UserName="bob")["User"]["Arn"]
    role = make_role(iam, "r", trust({"AWS": bob}))
    with raises_aws("AccessDenied", status=403, message=(
        f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized to perform: "
        f"sts:AssumeRole on resource: {role['Arn']}"
    )):
        client_for(keys, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="xx")
    # A failed call changed nothing.
    assert iam.get_role(RoleName="r")["Role"]["RoleLastUsed"] == {}


def test_trust_policy_account_principal_admits_users_of_the_account(iam, client_for):
    keys = user_keys(iam, "alice")
    role = make_role(iam, "r", trust({"AWS": [ACCOUNT]}))
    out = client_for(keys, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="a1")
    assert out["AssumedRoleUser"]["Arn"].endswith("/r/a1")


def test_root_access_key_may_not_assume_roles(iam, client_for):
    keys = iam.create_access_key()["AccessKey"]  # the root user's own key
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with raises_aws("AccessDenied", "Roles may not be assumed by root accounts.", 403):
        client_for(keys, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


@pytest.mark.parametrize("arn", [
    f"arn:aws:iam::{ACCOUNT}:role/missing",
    "arn:aws:iam::210987654321:role/theirs",
    f"arn:aws:iam::{ACCOUNT}:user/someone",
])
def test_unknown_or_foreign_role_is_access_denied(sts, arn):
    with raises_aws("AccessDenied", status=403, message=(
        f"User: {CALLER} is not authorized to perform: sts:AssumeRole on resource: {arn}"
    )):
        sts.assume_role(RoleArn=arn, RoleSessionName="xx")


def test_malformed_role_arn_is_a_validation_error(sts):
    with raises_aws("ValidationError", "this-is-not-an-arn-at-all is invalid", 400):
        sts.assume_role(RoleArn="this-is-not-an-arn-at-all", RoleSessionName="xx")


@pytest.mark.parametrize("arn", [
    "arn::b:::something/test-role", "arn:a::::something/test-role",
    "arn:a:::something/test-role", "arn:a:a::aaaaaaaaaa:",
])
def test_role_arn_without_partition_service_or_resource_is_invalid(sts, arn):
    # Recorded from AWS (2025).
    with raises_aws("ValidationError", f"{arn} is invalid", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="xx")


def test_explicit_deny_wins_over_allow(iam, sts):
    deny = {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:*"}
    role = make_role(iam, "r", trust({"AWS": ROOT}, extra=[deny]))
    with raises_aws("AccessDenied", match="sts:AssumeRole on resource"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


def test_action_wildcards_match_case_insensitively(iam, sts):
    role = make_role(iam, "r", trust({"AWS": "*"}, action=["STS:assume*"]))
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")["Credentials"]


def test_trust_for_another_action_does_not_allow_assume_role(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}, action="sts:TagSession"))
    with raises_aws("AccessDenied"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


def test_external_id_condition(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT},
                                     condition={"StringEquals": {"sts:ExternalId": "secret-1"}}))
    for kwargs in ({}, {"ExternalId": "wrong-1"}):
        with raises_aws("AccessDenied"):
            sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", **kwargs)
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", ExternalId="secret-1")


def test_principal_arn_condition_with_string_like(iam, client_for):
    keys = user_keys(iam, "ci-runner")
    other = user_keys(iam, "human")
    role = make_role(iam, "r", trust({"AWS": ACCOUNT}, condition={
        "StringLike": {"aws:PrincipalArn": f"arn:aws:iam::{ACCOUNT}:user/ci-*"}}))
    assert client_for(keys, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="xx")
    with raises_aws("AccessDenied"):
        client_for(other, "sts").assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


def test_date_conditions_on_the_current_time(iam, sts):
    after = make_role(iam, "after", trust({"AWS": ROOT}, condition={
        "DateGreaterThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}}))
    before = make_role(iam, "before", trust({"AWS": ROOT}, condition={
        "DateLessThan": {"aws:CurrentTime": "2000-01-01T00:00:00Z"}}))
    assert sts.assume_role(RoleArn=after["Arn"], RoleSessionName="xx")
    with raises_aws("AccessDenied"):
        sts.assume_role(RoleArn=before["Arn"], RoleSessionName="xx")


def test_ip_conditions_without_a_source_ip_never_allow(iam, sts):
    # aws:SourceIp is absent for calls iamsim answers in process: a positive operator fails.
    role = make_role(iam, "r", trust({"AWS": ROOT}, condition={
        "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    with raises_aws("AccessDenied"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


def test_negated_condition_on_absent_key_holds(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}, condition={
        "StringNotEquals": {"sts:ExternalId": "blocked"}}))
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


# Durations ----------------------------------------------------------------------------------

def test_duration_beyond_role_maximum_is_refused(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with raises_aws("ValidationError", status=400, message=(
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
    )):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", DurationSeconds=3601)


def test_duration_up_to_role_maximum(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}), MaxSessionDuration=43200)
    with freeze_time(T0):
        out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", DurationSeconds=43200)
        short = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", DurationSeconds=900)
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=12)
    assert short["Credentials"]["Expiration"] == T0 + datetime.timedelta(minutes=15)


def test_role_chaining_is_limited_to_one_hour(iam, sts):
    first = make_role(iam, "first", trust({"AWS": ROOT}))
    second = make_role(iam, "second", trust({"AWS": first["Arn"]}), MaxSessionDuration=43200)
    creds = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="aa")["Credentials"]
    chained = client(creds)
    with raises_aws("ValidationError", status=400, message=(
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
        "role chaining."
    )):
        chained.assume_role(RoleArn=second["Arn"], RoleSessionName="bb", DurationSeconds=3601)
    with freeze_time(T0):
        out = chained.assume_role(RoleArn=second["Arn"], RoleSessionName="bb")
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    ident = client(out["Credentials"]).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/second/bb"


def test_role_session_can_be_trusted_by_session_arn(iam, sts):
    first = make_role(iam, "first", trust({"AWS": ROOT}))
    session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/first/alpha"
    second = make_role(iam, "second", trust({"AWS": session_arn}))
    alpha = client(sts.assume_role(RoleArn=first["Arn"], RoleSessionName="alpha")["Credentials"])
    beta = client(sts.assume_role(RoleArn=first["Arn"], RoleSessionName="beta")["Credentials"])
    assert alpha.assume_role(RoleArn=second["Arn"], RoleSessionName="xx")
    with raises_aws("AccessDenied", match=f"User: arn:aws:sts::{ACCOUNT}:assumed-role/first/beta"):
        beta.assume_role(RoleArn=second["Arn"], RoleSessionName="xx")


# Session policies and tags --------------------------------------------------------------------

def test_session_policy_reports_packed_size(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", Policy=POLICY)
    assert 0 < out["PackedPolicySize"] <= 100


def test_malformed_session_policy(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with raises_aws("MalformedPolicyDocument", status=400):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", Policy="{not json")


def test_session_policy_too_large(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    statements = [{"Effect": "Allow", "Action": f"s3:Get{i}Object{i * 7919}",
                   "Resource": f"arn:aws:s3:::bucket-{i * 104729}/*"} for i in range(60)]
    big = json.dumps({"Version": "2012-10-17", "Statement": statements})
    with raises_aws("PackedPolicyTooLarge", status=400,
                    match=r"^Packed policy consumes \d+% of allotted space, please use smaller "
                          r"policy\.$"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", Policy=big)


def test_managed_session_policies_must_exist(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with raises_aws("InvalidParameterValue", status=400, match="does not match an existing"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                        PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/nope"}])
    arn = iam.create_policy(PolicyName="p", PolicyDocument=POLICY)["Policy"]["Arn"]
    out = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", PolicyArns=[{"arn": arn}])
    assert out["PackedPolicySize"] > 0


def test_more_than_ten_managed_session_policies(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    arns = [{"arn": f"arn:aws:iam::{ACCOUNT}:policy/p{i}"} for i in range(11)]
    with raises_aws("ValidationError", match="Member must have length less than or equal to 10"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", PolicyArns=arns)


def test_session_tags_need_tag_session_in_trust(iam, sts):
    tags = [{"Key": "team", "Value": "core"}]
    plain = make_role(iam, "plain", trust({"AWS": ROOT}))
    with raises_aws("AccessDenied", message=(
        f"User: {CALLER} is not authorized to perform: sts:TagSession on resource: {plain['Arn']}"
    )):
        sts.assume_role(RoleArn=plain["Arn"], RoleSessionName="xx", Tags=tags)
    tagging = make_role(iam, "tagging", trust({"AWS": ROOT},
                                              action=["sts:AssumeRole", "sts:TagSession"]))
    out = sts.assume_role(RoleArn=tagging["Arn"], RoleSessionName="xx", Tags=tags)
    assert out["PackedPolicySize"] > 0


def test_transitive_session_tags_pass_down_a_role_chain(iam, sts):
    first = make_role(iam, "first", trust({"AWS": ROOT},
                                          action=["sts:AssumeRole", "sts:TagSession"]))
    second = make_role(iam, "second", trust({"AWS": first["Arn"]}, condition={
        "StringEquals": {"aws:PrincipalTag/team": "core"}}))
    tags = [{"Key": "team", "Value": "core"}]
    kept = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="aa", Tags=tags,
                           TransitiveTagKeys=["team"])["Credentials"]
    assert client(kept).assume_role(RoleArn=second["Arn"], RoleSessionName="bb")
    third = make_role(iam, "third", trust({"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/second/bb"},
                                          condition={"StringEquals": {
                                              "aws:PrincipalTag/team": "core"}}))
    hop = client(kept).assume_role(RoleArn=second["Arn"], RoleSessionName="bb")["Credentials"]
    assert client(hop).assume_role(RoleArn=third["Arn"], RoleSessionName="cc")


def test_inherited_transitive_tag_cannot_be_overridden_down_the_chain(iam, sts):
    """IAM User Guide, "Chaining roles with session tags": passing Heart=3 when Heart=1 was
    inherited as a transitive tag makes the operation fail."""
    tagging = ["sts:AssumeRole", "sts:TagSession"]
    first = make_role(iam, "first", trust({"AWS": ROOT}, action=tagging))
    second = make_role(iam, "second", trust({"AWS": first["Arn"]}, action=tagging))
    kept = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="aa",
                           Tags=[{"Key": "Heart", "Value": "1"}],
                           TransitiveTagKeys=["Heart"])["Credentials"]
    chained = client(kept)
    for key in ("Heart", "heart"):
        with raises_aws("InvalidParameterValue", status=400):
            chained.assume_role(RoleArn=second["Arn"], RoleSessionName="bb",
                                Tags=[{"Key": key, "Value": "3"}])
    assert iam.get_role(RoleName="second")["Role"]["RoleLastUsed"] == {}
    # Other keys may still be added.
    assert chained.assume_role(RoleArn=second["Arn"], RoleSessionName="bb",
                               Tags=[{"Key": "Star", "Value": "2"}])


def test_source_identity_is_returned_and_inherited(iam, sts):
    actions = ["sts:AssumeRole", "sts:SetSourceIdentity"]
    first = make_role(iam, "first", trust({"AWS": ROOT}, action=actions))
    plain = make_role(iam, "plain", trust({"AWS": "*"}))
    second = make_role(iam, "second", trust({"AWS": first["Arn"]}, action=actions))
    with raises_aws("AccessDenied", message=(
        f"User: {CALLER} is not authorized to perform: sts:SetSourceIdentity on resource: "
        f"{plain['Arn']}"
    )):
        sts.assume_role(RoleArn=plain["Arn"], RoleSessionName="xx", SourceIdentity="alice")
    out = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="xx", SourceIdentity="alice")
    assert out["SourceIdentity"] == "alice"
    session = client(out["Credentials"])
    chained = session.assume_role(RoleArn=second["Arn"], RoleSessionName="yy")
    assert chained["SourceIdentity"] == "alice"
    # The inherited source identity needs the next role's trust too.
    with raises_aws("AccessDenied", match="sts:SetSourceIdentity"):
        session.assume_role(RoleArn=plain["Arn"], RoleSessionName="yy")


# Expiry and deleted principals ----------------------------------------------------------------

def test_session_is_refused_after_expiration(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with freeze_time(T0) as frozen:
        creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                                DurationSeconds=900)["Credentials"]
        session = client(creds)
        frozen.tick(datetime.timedelta(seconds=899))
        assert session.get_caller_identity()["Arn"].endswith("/r/xx")
        frozen.tick(datetime.timedelta(seconds=1))
        with raises_aws("ExpiredToken", EXPIRED, 403):
            session.get_caller_identity()
        with raises_aws("ExpiredToken", EXPIRED, 403):
            client(creds, "iam").list_users()


def test_session_of_a_deleted_role_still_authenticates(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")["Credentials"]
    iam.delete_role(RoleName="r")
    # AWS: temporary credentials stay valid until they expire; only permissions change.
    assert client(creds).get_caller_identity()["Arn"].endswith(":assumed-role/r/xx")
    with raises_aws("AccessDenied"):
        client(creds).assume_role(RoleArn=role["Arn"], RoleSessionName="again")


# GetSessionToken ------------------------------------------------------------------------------

def test_get_session_token_as_user(iam, client_for):
    keys = user_keys(iam, "alice")
    user = iam.get_user(UserName="alice")["User"]
    with freeze_time(T0):
        creds = client_for(keys, "sts").get_session_token()["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["Expiration"] == T0 + datetime.timedelta(hours=12)
    ident = client(creds).get_caller_identity()
    assert (ident["Arn"], ident["UserId"]) == (user["Arn"], user["UserId"])
    # Without MFA, GetSessionToken credentials cannot call IAM (GetSessionToken reference).
    with raises_aws("InvalidClientTokenId"):
        client(creds, "iam").get_user()


def test_get_session_token_duration(iam, client_for, root_sts):
    keys = user_keys(iam, "alice")
    with freeze_time(T0):
        user_creds = client_for(keys, "sts").get_session_token(DurationSeconds=129600)
        root_creds = root_sts.get_session_token(DurationSeconds=7200)
        root_default = root_sts.get_session_token()
    assert user_creds["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=36)
    # The root user's sessions are capped at (and default to) one hour.
    assert root_creds["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    assert root_default["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    assert client(root_creds["Credentials"]).get_caller_identity()["Arn"] == ROOT


def test_get_session_token_refuses_session_credentials(iam, sts):
    creds = sts.get_session_token()["Credentials"]
    with raises_aws("AccessDenied", "Cannot call GetSessionToken with session credentials", 403):
        client(creds).get_session_token()
    with raises_aws("AccessDenied", "Cannot call GetFederationToken with session credentials",
                    403):
        client(creds).get_federation_token(Name="bob")


def _user_with_mfa(iam, client_for):
    keys = user_keys(iam, "alice")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    iam.enable_mfa_device(UserName="alice", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1=totp(seed, T0 - datetime.timedelta(seconds=30)),
                          AuthenticationCode2=totp(seed, T0))
    return client_for(keys, "sts"), device["SerialNumber"], seed


def test_get_session_token_with_mfa(iam, client_for):
    with freeze_time(T0) as frozen:
        alice, serial, seed = _user_with_mfa(iam, client_for)
        frozen.tick(datetime.timedelta(seconds=60))
        now = T0 + datetime.timedelta(seconds=60)
        with raises_aws("AccessDenied", status=403, message=(
            "MultiFactorAuthentication failed with invalid MFA one time pass code."
        )):
            alice.get_session_token(SerialNumber=serial, TokenCode="000000"
                                    if totp(seed, now) != "000000" else "111111")
        with raises_aws("AccessDenied", status=403, message=(
            "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your "
            "MFA serial number is valid and associated with this user."
        )):
            alice.get_session_token(SerialNumber=f"arn:aws:iam::{ACCOUNT}:mfa/other",
                                    TokenCode=totp(seed, now))
        creds = alice.get_session_token(SerialNumber=serial, TokenCode=totp(seed, now))
        # With MFA, the session may call IAM (and acts as the user there).
        assert client(creds["Credentials"], "iam").get_user()["User"]["UserName"] == "alice"
        # A code is good once.
        with raises_aws("AccessDenied", match="invalid MFA one time pass code"):
            alice.get_session_token(SerialNumber=serial, TokenCode=totp(seed, now))
        mfa_only = make_role(iam, "mfa-only", trust({"AWS": ACCOUNT}, condition={
            "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
        assert client(creds["Credentials"]).assume_role(RoleArn=mfa_only["Arn"],
                                                        RoleSessionName="xx")
        plain = alice.get_session_token()["Credentials"]
        with raises_aws("AccessDenied"):
            client(plain).assume_role(RoleArn=mfa_only["Arn"], RoleSessionName="xx")


def test_assume_role_with_mfa_code(iam, client_for):
    with freeze_time(T0) as frozen:
        alice, serial, seed = _user_with_mfa(iam, client_for)
        role = make_role(iam, "r", trust({"AWS": ACCOUNT}, condition={
            "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
        with raises_aws("AccessDenied"):
            alice.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")
        frozen.tick(datetime.timedelta(seconds=30))
        code = totp(seed, T0 + datetime.timedelta(seconds=30))
        out = alice.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                                SerialNumber=serial, TokenCode=code)
        assert out["AssumedRoleUser"]["Arn"].endswith("/r/xx")


# GetFederationToken ---------------------------------------------------------------------------

def test_get_federation_token(iam, client_for):
    keys = user_keys(iam, "proxy")
    with freeze_time(T0):
        out = client_for(keys, "sts").get_federation_token(Name="carol", Policy=POLICY)
    assert out["FederatedUser"] == {
        "FederatedUserId": f"{ACCOUNT}:carol",
        "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/carol",
    }
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=12)
    assert 0 < out["PackedPolicySize"] <= 100
    ident = client(out["Credentials"]).get_caller_identity()
    assert ident["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/carol"
    assert ident["UserId"] == f"{ACCOUNT}:carol"


def test_federation_token_as_root_is_capped_at_an_hour(root_sts):
    with freeze_time(T0):
        out = root_sts.get_federation_token(Name="carol", DurationSeconds=129600)
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    assert out["PackedPolicySize"] == 0  # reported without a session policy (recorded 2024)


def test_federation_token_errors(iam, sts):
    with raises_aws("MalformedPolicyDocument"):
        sts.get_federation_token(Name="carol", Policy="[]")
    creds = sts.get_federation_token(Name="carol")["Credentials"]
    role = make_role(iam, "r", trust({"AWS": "*"}))
    # Federated users may call no STS operation but GetCallerIdentity.
    with raises_aws("AccessDenied", message=(
        f"User: arn:aws:sts::{ACCOUNT}:federated-user/carol is not authorized to perform: "
        f"sts:AssumeRole on resource: {role['Arn']}"
    )):
        client(creds).assume_role(RoleArn=role["Arn"], RoleSessionName="xx")
    with raises_aws("AccessDenied", "Cannot call GetFederationToken with session credentials"):
        client(creds).get_federation_token(Name="dave")


# AssumeRoleWithWebIdentity --------------------------------------------------------------------

GITHUB = "token.actions.githubusercontent.com"


def jwt(claims: dict, header: dict | None = None) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return ".".join([part(header or {"alg": "RS256", "typ": "JWT", "kid": "k1"}), part(claims),
                     "c2lnbmF0dXJl"])


def github_claims(**over) -> dict:
    claims = {"iss": f"https://{GITHUB}", "aud": "sts.amazonaws.com",
              "sub": "repo:octo/app:ref:refs/heads/main",
              "iat": int(T0.timestamp()), "exp": int(T0.timestamp()) + 600}
    claims.update(over)
    return claims


@pytest.fixture
def oidc_role(iam):
    provider = iam.create_open_id_connect_provider(
        Url=f"https://{GITHUB}", ClientIDList=["sts.amazonaws.com"],
        ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"],
    )["OpenIDConnectProviderArn"]
    role = make_role(iam, "gha", trust({"Federated": provider},
                                       action="sts:AssumeRoleWithWebIdentity", condition={
        "StringEquals": {f"{GITHUB}:aud": "sts.amazonaws.com"},
        "StringLike": {f"{GITHUB}:sub": "repo:octo/*"},
    }))
    return role, provider


def anonymous_sts():
    return boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))


def test_assume_role_with_web_identity(iam, oidc_role):
    role, _ = oidc_role
    with freeze_time(T0):
        out = anonymous_sts().assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="gha-run", WebIdentityToken=jwt(github_claims()))
    assert out["SubjectFromWebIdentityToken"] == "repo:octo/app:ref:refs/heads/main"
    assert out["Provider"] == f"https://{GITHUB}"
    assert out["Audience"] == "sts.amazonaws.com"
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/gha/gha-run"
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    assert client(out["Credentials"]).get_caller_identity()["UserId"] == \
        f"{role['RoleId']}:gha-run"


def test_web_identity_errors(iam, oidc_role):
    role, _ = oidc_role
    sts = anonymous_sts()

    def call(token: str, arn: str = role["Arn"]):
        return sts.assume_role_with_web_identity(RoleArn=arn, RoleSessionName="ss",
                                                 WebIdentityToken=token)

    with freeze_time(T0):
        with raises_aws("InvalidIdentityToken", status=400, match="not a valid JWT"):
            call("not-a-jwt-token")
        with raises_aws("InvalidIdentityToken", status=400, message=(
            "No OpenIDConnect provider found in your account for https://idp.example.com"
        )):
            call(jwt(github_claims(iss="https://idp.example.com")))
        with raises_aws("InvalidIdentityToken", "Incorrect token audience", 400):
            call(jwt(github_claims(aud="someone-else")))
        with raises_aws("ExpiredTokenException", status=400, match="^Token expired"):
            call(jwt(github_claims(exp=int(T0.timestamp()) - 1)))
        with raises_aws("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity",
                        403):
            call(jwt(github_claims(sub="repo:evil/app:ref:refs/heads/main")))
        with raises_aws("AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity"):
            call(jwt(github_claims()), f"arn:aws:iam::{ACCOUNT}:role/missing")
        with raises_aws("ValidationError", status=400, message=(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
        )):
            sts.assume_role_with_web_identity(RoleArn=role["Arn"], RoleSessionName="ss",
                                              WebIdentityToken=jwt(github_claims()),
                                              DurationSeconds=7200)
    assert iam.get_role(RoleName="gha")["Role"]["RoleLastUsed"] == {}


def test_web_identity_with_well_known_provider(iam):
    role = make_role(iam, "google", trust({"Federated": "accounts.google.com"},
                                          action="sts:AssumeRoleWithWebIdentity", condition={
        "StringEquals": {"accounts.google.com:aud": "my-app"}}))
    token = jwt({"iss": "https://accounts.google.com", "aud": "my-app", "sub": "1234567890",
                 "exp": 4102444800})
    out = anonymous_sts().assume_role_with_web_identity(
        RoleArn=role["Arn"], RoleSessionName="web", WebIdentityToken=token)
    assert out["SubjectFromWebIdentityToken"] == "1234567890"
    assert out["Audience"] == "my-app"


def test_web_identity_session_policy_and_token_tags(iam, oidc_role):
    _, provider = oidc_role
    role = make_role(iam, "tagged", trust({"Federated": provider}, action=[
        "sts:AssumeRoleWithWebIdentity", "sts:TagSession"]))
    claims = github_claims(**{"https://aws.amazon.com/tags": {
        "principal_tags": {"team": ["core"]}, "transitive_tag_keys": ["team"]}})
    with freeze_time(T0):
        out = anonymous_sts().assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="ss", WebIdentityToken=jwt(claims),
            Policy=POLICY)
    assert 0 < out["PackedPolicySize"] <= 100


@pytest.mark.parametrize("block", [
    {"principal_tags": ["team"]},
    {"principal_tags": {"team": ["core"]}, "transitive_tag_keys": 5},
])
def test_web_identity_malformed_tags_claim_is_an_invalid_token(iam, oidc_role, block):
    """A tags claim of the wrong shape is the token's fault (400), not a server failure."""
    _, provider = oidc_role
    role = make_role(iam, "tagged", trust({"Federated": provider}, action=[
        "sts:AssumeRoleWithWebIdentity", "sts:TagSession"]))
    claims = github_claims(**{"https://aws.amazon.com/tags": block})
    with freeze_time(T0), raises_aws("InvalidIdentityToken", status=400):
        anonymous_sts().assume_role_with_web_identity(
            RoleArn=role["Arn"], RoleSessionName="ss", WebIdentityToken=jwt(claims))
    assert iam.get_role(RoleName="tagged")["Role"]["RoleLastUsed"] == {}


# AssumeRoleWithSAML ---------------------------------------------------------------------------

IDP = "https://idp.example.com/metadata"
METADATA = f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
  <md:Organization>
    <md:OrganizationName xml:lang="en">Example Corporation Identity Services</md:OrganizationName>
    <md:OrganizationDisplayName xml:lang="en">Example Corp</md:OrganizationDisplayName>
    <md:OrganizationURL xml:lang="en">https://idp.example.com/</md:OrganizationURL>
  </md:Organization>
  <md:ContactPerson contactType="technical">
    <md:Company>Example Corporation</md:Company>
    <md:GivenName>Identity and Access Management</md:GivenName>
    <md:SurName>Team</md:SurName>
    <md:EmailAddress>mailto:identity-team@example.com</md:EmailAddress>
  </md:ContactPerson>
</md:EntityDescriptor>"""


def saml_response(role_arn: str, provider_arn: str, *, issuer: str = IDP,
                  session_name: str | None = "alice@example.com",
                  audience: str = "https://signin.aws.amazon.com/saml",
                  not_after: str = "2026-03-01T12:05:00Z", session_end: str | None = None,
                  status: str = "urn:oasis:names:tc:SAML:2.0:status:Success",
                  session_duration: str | None = None) -> str:
    attrs = [f'<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">'
             f'<saml:AttributeValue>{role_arn},{provider_arn}</saml:AttributeValue>'
             f'</saml:Attribute>']
    if session_name is not None:
        attrs.append('<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/'
                     f'RoleSessionName"><saml:AttributeValue>{session_name}'
                     '</saml:AttributeValue></saml:Attribute>')
    if session_duration is not None:
        attrs.append('<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/'
                     f'SessionDuration"><saml:AttributeValue>{session_duration}'
                     '</saml:AttributeValue></saml:Attribute>')
    authn = ("<saml:AuthnStatement AuthnInstant=\"2026-03-01T12:00:00Z\""
             + (f' SessionNotOnOrAfter="{session_end}"' if session_end else "") + "/>")
    xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
    xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0"
    IssueInstant="2026-03-01T12:00:00Z">
  <saml:Issuer>{issuer}</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="{status}"/></samlp:Status>
  <saml:Assertion ID="a1" Version="2.0" IssueInstant="2026-03-01T12:00:00Z">
    <saml:Issuer>{issuer}</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="{not_after}"
            Recipient="https://signin.aws.amazon.com/saml"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="2026-03-01T11:55:00Z" NotOnOrAfter="{not_after}">
      <saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    {authn}
    <saml:AttributeStatement>{''.join(attrs)}</saml:AttributeStatement>
  </saml:Assertion>
</samlp:Response>"""
    return base64.b64encode(xml.encode()).decode()


@pytest.fixture
def saml_role(iam):
    provider = iam.create_saml_provider(Name="corp", SAMLMetadataDocument=METADATA)[
        "SAMLProviderArn"]
    role = make_role(iam, "saml-admin", trust({"Federated": provider},
                                              action="sts:AssumeRoleWithSAML", condition={
        "StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}}))
    return role, provider


def test_assume_role_with_saml(saml_role):
    role, provider = saml_role
    with freeze_time(T0):
        out = anonymous_sts().assume_role_with_saml(
            RoleArn=role["Arn"], PrincipalArn=provider,
            SAMLAssertion=saml_response(role["Arn"], provider))
    qualifier = base64.b64encode(hashlib.sha1(f"{IDP}{ACCOUNT}/corp".encode()).digest()).decode()
    assert out["Subject"] == "alice"
    assert out["SubjectType"] == "persistent"
    assert out["Issuer"] == IDP
    assert out["Audience"] == "https://signin.aws.amazon.com/saml"
    assert out["NameQualifier"] == qualifier
    assert out["AssumedRoleUser"]["Arn"] == \
        f"arn:aws:sts::{ACCOUNT}:assumed-role/saml-admin/alice@example.com"
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=1)
    assert client(out["Credentials"]).get_caller_identity()["Arn"].endswith(
        "/saml-admin/alice@example.com")


def test_saml_session_not_on_or_after_shortens_the_session(saml_role):
    role, provider = saml_role
    with freeze_time(T0):
        out = anonymous_sts().assume_role_with_saml(
            RoleArn=role["Arn"], PrincipalArn=provider,
            SAMLAssertion=saml_response(role["Arn"], provider,
                                        session_end="2026-03-01T12:20:00Z"))
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(minutes=20)


@pytest.mark.parametrize(("value", "hours"), [("7200", 2), ("\u00b2", 1), ("\u0663", 1), ("", 1)])
def test_saml_session_duration_attribute_counts_only_when_it_is_a_number(iam, saml_role,
                                                                         value, hours):
    # '²' and Arabic-Indic digits pass str.isdigit(); only ASCII digits are a number here.
    role, provider = saml_role
    iam.update_role(RoleName="saml-admin", MaxSessionDuration=43200)
    with freeze_time(T0):
        out = anonymous_sts().assume_role_with_saml(
            RoleArn=role["Arn"], PrincipalArn=provider,
            SAMLAssertion=saml_response(role["Arn"], provider, not_after="2026-03-01T12:05:00Z",
                                        session_duration=value))
    assert out["Credentials"]["Expiration"] == T0 + datetime.timedelta(hours=hours)


def test_saml_errors(iam, saml_role):
    role, provider = saml_role
    sts = anonymous_sts()

    def call(assertion: str, principal: str = provider, arn: str = role["Arn"]):
        return sts.assume_role_with_saml(RoleArn=arn, PrincipalArn=principal,
                                         SAMLAssertion=assertion)

    other_role = make_role(iam, "other", trust({"Federated": provider},
                                               action="sts:AssumeRoleWithSAML"))
    missing = f"arn:aws:iam::{ACCOUNT}:saml-provider/missing"
    with freeze_time(T0):
        with raises_aws("InvalidIdentityToken", status=400):
            call(base64.b64encode(b"<not-saml/>").decode())
        with raises_aws("InvalidIdentityToken", "Specified provider doesn't exist.", 400):
            call(saml_response(role["Arn"], missing), principal=missing)
        with raises_aws("InvalidIdentityToken", "Issuer not present in specified provider"):
            call(saml_response(role["Arn"], provider, issuer="https://evil.example.com"))
        with raises_aws("InvalidIdentityToken",
                        "Response does not contain the required audience."):
            call(saml_response(role["Arn"], provider, audience="https://example.com/"))
        with raises_aws("InvalidIdentityToken", "RoleSessionName is required in AuthnResponse"):
            call(saml_response(role["Arn"], provider, session_name=None))
        with raises_aws("InvalidIdentityToken", match="RoleSessionName in AuthnResponse must"):
            call(saml_response(role["Arn"], provider, session_name="x"))
        with raises_aws("ExpiredTokenException", status=400):
            call(saml_response(role["Arn"], provider, not_after="2026-03-01T11:59:59Z"))
        with raises_aws("IDPRejectedClaim", status=403):
            call(saml_response(role["Arn"], provider,
                               status="urn:oasis:names:tc:SAML:2.0:status:Responder"))
        # The assertion maps the user to another role only.
        with raises_aws("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML", 403):
            call(saml_response(other_role["Arn"], provider))
    assert iam.get_role(RoleName="saml-admin")["Role"]["RoleLastUsed"] == {}


# Operations a standalone account can only refuse ------------------------------------------------

def test_assume_root_outside_an_organization(root_sts):
    with raises_aws("AccessDenied", status=403, message=(
        f"User: {ROOT} is not authorized to perform: sts:AssumeRoot on resource: "
        "arn:aws:iam::111122223333:root"
    )):
        root_sts.assume_root(TargetPrincipal="111122223333",
                        TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/root-task/"
                                              "S3UnlockBucketPolicy"})


def test_decode_authorization_message_rejects_foreign_messages(sts):
    with raises_aws("InvalidAuthorizationMessageException", status=400):
        sts.decode_authorization_message(EncodedMessage="bm90IGEgbWVzc2FnZQ==")


def test_get_delegated_access_token_has_no_trade_in_tokens(sts):
    with raises_aws("ExpiredTradeInTokenException", status=400):
        sts.get_delegated_access_token(TradeInToken="trade-in-token")


def test_get_web_identity_token_disabled_by_default(sts):
    with raises_aws("OutboundWebIdentityFederationDisabledException", status=403):
        sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="RS256")


def test_get_web_identity_token_when_enabled(iam, root_sts):
    sts = root_sts
    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    with freeze_time(T0):
        out = sts.get_web_identity_token(Audience=["https://api.example.com"],
                                         SigningAlgorithm="ES384", DurationSeconds=120)
    assert out["Expiration"] == T0 + datetime.timedelta(seconds=120)
    header, claims, _ = out["WebIdentityToken"].split(".")

    def decode(part: str) -> dict:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))

    assert decode(header)["alg"] == "ES384"
    body = decode(claims)
    assert (body["iss"], body["aud"], body["sub"]) == (issuer, "https://api.example.com", ROOT)
    assert body["exp"] - body["iat"] == 120
    with raises_aws("ValidationError", match="signingAlgorithm"):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="HS256")


def test_get_web_identity_token_cannot_outlive_the_session(iam, sts):
    iam.enable_outbound_web_identity_federation()
    role = make_role(iam, "r", trust({"AWS": ROOT}))
    with freeze_time(T0) as frozen:
        creds = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                                DurationSeconds=900)["Credentials"]
        frozen.tick(datetime.timedelta(seconds=800))
        with raises_aws("SessionDurationEscalationException", status=403):
            client(creds).get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")
        out = client(creds).get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                                   DurationSeconds=100)
    assert out["Expiration"] == T0 + datetime.timedelta(seconds=900)


def test_session_token_credentials_without_mfa_cannot_call_iam(iam, sts):
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    as_u = boto3.client("sts", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])
    creds = as_u.get_session_token()["Credentials"]
    session_iam = boto3.client("iam", aws_access_key_id=creds["AccessKeyId"],
                               aws_secret_access_key=creds["SecretAccessKey"],
                               aws_session_token=creds["SessionToken"])
    with raises_aws("InvalidClientTokenId", status=403):
        session_iam.list_users()
    session_sts = boto3.client("sts", aws_access_key_id=creds["AccessKeyId"],
                               aws_secret_access_key=creds["SecretAccessKey"],
                               aws_session_token=creds["SessionToken"])
    assert session_sts.get_caller_identity()["Arn"].endswith(":user/u")
    assert session_sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == \
        "123456789012"


def test_federation_token_credentials_cannot_call_iam(iam):
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    as_u = boto3.client("sts", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])
    creds = as_u.get_federation_token(Name="fed-user")["Credentials"]
    fed_iam = boto3.client("iam", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token=creds["SessionToken"])
    with raises_aws("InvalidClientTokenId"):
        fed_iam.get_user()


# Set operators on missing keys (IAM User Guide, multivalued context keys) -------------------

@pytest.mark.parametrize("operator", ["ForAnyValue:StringNotEquals",
                                      "ForAnyValue:StringEqualsIfExists"])
def test_for_any_value_on_a_missing_key_fails_even_negated_or_if_exists(iam, sts, operator):
    # No session tags: aws:TagKeys is absent, so ForAnyValue has no value to match.
    role = make_role(iam, "r", trust({"AWS": ROOT}, condition={
        operator: {"aws:TagKeys": "blocked"}}))
    with raises_aws("AccessDenied", match="sts:AssumeRole on resource"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")


def test_for_any_value_deny_does_not_apply_when_the_key_is_missing(iam, sts):
    deny = {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "sts:*",
            "Condition": {"ForAnyValue:StringNotLike": {"aws:TagKeys": "team"}}}
    role = make_role(iam, "r", trust({"AWS": ROOT}, action=["sts:AssumeRole", "sts:TagSession"],
                                     extra=[deny]))
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")["Credentials"]
    with raises_aws("AccessDenied"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                        Tags=[{"Key": "other", "Value": "v"}])


def test_for_all_values_on_a_missing_key_holds(iam, sts):
    role = make_role(iam, "r", trust({"AWS": ROOT}, condition={
        "ForAllValues:StringEquals": {"aws:TagKeys": "team"}}))
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx")["Credentials"]


def test_transitive_keys_must_be_among_the_session_tags(iam, sts):
    role = make_role(iam, "tagging", trust({"AWS": ROOT},
                                           action=["sts:AssumeRole", "sts:TagSession"]))
    # Recorded from AWS (2025).
    with raises_aws("InvalidParameterValue",
                    "The specified transitive tag key must be included in the requested tags.",
                    status=400):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                        Tags=[{"Key": "team", "Value": "core"}], TransitiveTagKeys=["other"])
    with raises_aws("InvalidParameterValue"):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx", TransitiveTagKeys=["team"])
    # The key matches regardless of case.
    assert sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                           Tags=[{"Key": "team", "Value": "core"}], TransitiveTagKeys=["Team"])


def test_session_tag_keys_differing_only_in_case_are_duplicates(iam, sts):
    role = make_role(iam, "tagging", trust({"AWS": ROOT},
                                           action=["sts:AssumeRole", "sts:TagSession"]))
    with raises_aws("InvalidParameterValue",
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                    status=400):
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="xx",
                        Tags=[{"Key": "team", "Value": "a"}, {"Key": "TEAM", "Value": "b"}])
