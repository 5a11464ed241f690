"""Several accounts in one scope: keys pick their account, cross-account roles, isolation."""

from __future__ import annotations

import json

import boto3
import pytest

from iamsim import mock_iam

from .helpers import raises_aws

A, B = "123456789012", "111122223333"
PATHS = ["fast", "wire"]


def _trust(principal: str, action: str = "sts:AssumeRole") -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action}]})


def _keyed(service: str, key: dict, token: str | None = None):
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"], aws_session_token=token)


def _user(iam, name: str = "alice") -> dict:
    iam.create_user(UserName=name)
    return iam.create_access_key(UserName=name)["AccessKey"]


@pytest.fixture(params=PATHS)
def sim(request):
    with mock_iam(path=request.param, accounts=[B]) as s:
        yield s


def test_each_accounts_keys_call_that_account(sim):
    a = boto3.client("iam", region_name="us-east-1")
    b = sim.client("iam", B)
    a.create_user(UserName="in-a")
    b.create_user(UserName="in-b")
    assert [u["UserName"] for u in a.list_users()["Users"]] == ["in-a"]
    assert [u["UserName"] for u in b.list_users()["Users"]] == ["in-b"]
    assert b.get_user(UserName="in-b")["User"]["Arn"] == f"arn:aws:iam::{B}:user/in-b"
    bob = _keyed("sts", _user(b, "bob"))
    assert bob.get_caller_identity()["Arn"] == f"arn:aws:iam::{B}:user/bob"
    key = _user(b, "carol")["AccessKeyId"]
    assert boto3.client("sts", region_name="us-east-1").get_access_key_info(
        AccessKeyId=key)["Account"] == B


def test_a_role_of_another_account_is_assumed_when_its_trust_policy_names_the_caller(sim):
    a = boto3.client("iam", region_name="us-east-1")
    alice = _keyed("sts", _user(a))
    b = sim.client("iam", B)
    role = b.create_role(RoleName="deploy", AssumeRolePolicyDocument=_trust(A))["Role"]
    b.create_user(UserName="only-in-b")
    out = alice.assume_role(RoleArn=role["Arn"], RoleSessionName="cross")
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{B}:assumed-role/deploy/cross"
    creds = out["Credentials"]
    in_b = _keyed("iam", creds, creds["SessionToken"])
    # the session is the role's account's: it sees B's users, not A's
    assert [u["UserName"] for u in in_b.list_users()["Users"]] == ["only-in-b"]
    ident = _keyed("sts", creds, creds["SessionToken"]).get_caller_identity()
    assert ident["Account"] == B and ident["Arn"].endswith("assumed-role/deploy/cross")
    assert b.get_role(RoleName="deploy")["Role"]["RoleLastUsed"]["Region"] == "us-east-1"


def test_a_trust_policy_that_does_not_name_the_caller_denies(sim):
    a = boto3.client("iam", region_name="us-east-1")
    alice = _keyed("sts", _user(a))
    b = sim.client("iam", B)
    role = b.create_role(RoleName="private", AssumeRolePolicyDocument=_trust(B))["Role"]
    with raises_aws("AccessDenied", f"User: arn:aws:iam::{A}:user/alice is not authorized to "
                    f"perform: sts:AssumeRole on resource: {role['Arn']}"):
        alice.assume_role(RoleArn=role["Arn"], RoleSessionName="cross")


def test_a_role_of_an_account_outside_the_scope_is_denied(sim):
    alice = _keyed("sts", _user(boto3.client("iam", region_name="us-east-1")))
    with raises_aws("AccessDenied"):
        alice.assume_role(RoleArn="arn:aws:iam::999988887777:role/x", RoleSessionName="cross")


@pytest.mark.parametrize("path", PATHS)
def test_with_enforcement_both_sides_must_allow(path):
    with mock_iam(path=path, accounts=[B], enforce=True) as sim:
        a = boto3.client("iam", region_name="us-east-1")
        alice = _keyed("sts", _user(a))
        b = sim.client("iam", B)
        # naming the user itself is not enough across accounts: her account must allow too
        role = b.create_role(RoleName="deploy", AssumeRolePolicyDocument=_trust(
            f"arn:aws:iam::{A}:user/alice"))["Role"]
        with raises_aws("AccessDenied", (
                f"User: arn:aws:iam::{A}:user/alice is not authorized to perform: sts:AssumeRole "
                f"on resource: {role['Arn']} because no identity-based policy allows the "
                "sts:AssumeRole action")):
            alice.assume_role(RoleArn=role["Arn"], RoleSessionName="cross")
        a.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role["Arn"]}]}))
        assert alice.assume_role(RoleArn=role["Arn"], RoleSessionName="cross")


def test_accounts_can_be_added_while_the_scope_runs():
    with mock_iam() as sim:
        c = sim.client("iam", "444455556666")
        c.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(A))
        alice = _keyed("sts", _user(boto3.client("iam", region_name="us-east-1")))
        out = alice.assume_role(RoleArn="arn:aws:iam::444455556666:role/r",
                                RoleSessionName="late")
        assert out["AssumedRoleUser"]["Arn"].startswith("arn:aws:sts::444455556666:")
        assert sim.account_for("444455556666").id == "444455556666"


def test_root_credentials_of_another_account_are_that_accounts_root(sim):
    creds = sim.root_credentials(B)
    sts = _keyed("sts", creds)
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{B}:root"
    assert any(k["AccessKeyId"] == creds["AccessKeyId"]
               for k in _keyed("iam", creds).list_access_keys()["AccessKeyMetadata"])


def test_options_are_checked():
    with pytest.raises(ValueError):
        mock_iam(accounts=["12"])
