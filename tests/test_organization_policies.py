"""An organization over the scope's accounts: SCPs and RCPs in enforcement, AssumeRole and the
simulator; the management account's exemption; aws:PrincipalOrgID and friends."""

from __future__ import annotations

import json

import boto3
import pytest

from iamsim import mock_iam

from .helpers import raises_aws

MGMT, MEMBER = "123456789012", "111122223333"
PATHS = ["fast", "wire"]


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def _user(iam, name: str, *statements: dict, service: str = "iam"):
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                        aws_secret_access_key=key["SecretAccessKey"])


@pytest.fixture(params=PATHS)
def sim(request):
    with mock_iam(path=request.param, accounts=[MEMBER], enforce=True) as s:
        org = s.organization()
        ou = org.create_ou("Workloads")
        org.add_account(MEMBER, parent=ou)
        s.ou = ou
        yield s


def test_an_scp_deny_binds_users_and_the_root_user_of_member_accounts(sim):
    org = sim.organization()
    org.attach_scp(doc({"Effect": "Deny", "Action": "iam:CreateGroup", "Resource": "*"}),
                   target=sim.ou, name="NoGroups")
    member = sim.client("iam", MEMBER)  # the member account's root user
    with raises_aws("AccessDenied", (
            f"User: arn:aws:iam::{MEMBER}:root is not authorized to perform: iam:CreateGroup on "
            f"resource: arn:aws:iam::{MEMBER}:group/g with an explicit deny in a service control "
            "policy")):
        member.create_group(GroupName="g")
    alice = _user(member, "alice", ALLOW_ALL)
    with raises_aws("AccessDenied", match="explicit deny in a service control policy"):
        alice.create_group(GroupName="g")
    alice.create_user(UserName="still-allowed")


def test_the_management_account_is_exempt(sim):
    sim.organization().attach_scp(doc({"Effect": "Deny", "Action": "*", "Resource": "*"}))
    mgmt = boto3.client("iam", region_name="us-east-1")
    _user(mgmt, "admin", ALLOW_ALL).create_group(GroupName="g")


def test_a_level_without_an_allow_denies_implicitly(sim):
    org = sim.organization()
    alice = _user(sim.client("iam", MEMBER), "alice", ALLOW_ALL)
    org.detach("p-FullAWSAccess", target=sim.ou)
    org.attach_scp(doc({"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}),
                   target=sim.ou)
    alice.list_users()
    with raises_aws("AccessDenied", match="because no service control policy allows the "
                    "iam:CreateUser action"):
        alice.create_user(UserName="bob")


def test_principal_org_id_in_a_trust_policy(sim):
    org = sim.organization()
    member = sim.client("iam", MEMBER)
    role = member.create_role(RoleName="shared", AssumeRolePolicyDocument=doc({
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
        "Condition": {"StringEquals": {"aws:PrincipalOrgID": org.id}}}))["Role"]
    member.put_role_policy(RoleName="shared", PolicyName="p", PolicyDocument=doc(ALLOW_ALL))
    mgmt = boto3.client("iam", region_name="us-east-1")
    alice = _user(mgmt, "alice", {"Effect": "Allow", "Action": "sts:AssumeRole",
                                  "Resource": role["Arn"]}, service="sts")
    assert alice.assume_role(RoleArn=role["Arn"], RoleSessionName="in-org")


def test_an_rcp_guards_the_role_of_a_member_account(sim):
    org = sim.organization()
    member = sim.client("iam", MEMBER)
    role = member.create_role(RoleName="r", AssumeRolePolicyDocument=doc({
        "Effect": "Allow", "Principal": {"AWS": MGMT}, "Action": "sts:AssumeRole"}))["Role"]
    mgmt = boto3.client("iam", region_name="us-east-1")
    alice = _user(mgmt, "alice", ALLOW_ALL, service="sts")
    assert alice.assume_role(RoleArn=role["Arn"], RoleSessionName="ok")
    org.attach_rcp(doc({"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                        "Resource": "*", "Condition": {"StringNotEquals": {
                            "aws:PrincipalAccount": MEMBER}}}), target=sim.ou)
    with raises_aws("AccessDenied", (
            f"User: arn:aws:iam::{MGMT}:user/alice is not authorized to perform: sts:AssumeRole "
            f"on resource: {role['Arn']} with an explicit deny in a resource control policy")):
        alice.assume_role(RoleArn=role["Arn"], RoleSessionName="no")


def test_the_simulator_applies_the_organizations_scps(sim):
    sim.organization().attach_scp(doc({"Effect": "Deny", "Action": "s3:*", "Resource": "*"}),
                                  target=sim.ou)
    member = sim.client("iam", MEMBER)
    member.create_user(UserName="alice")
    member.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=doc(ALLOW_ALL))
    result = member.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{MEMBER}:user/alice",
        ActionNames=["s3:GetObject", "iam:GetUser"])["EvaluationResults"]
    by_action = {r["EvalActionName"]: r for r in result}
    assert by_action["s3:GetObject"]["EvalDecision"] == "explicitDeny"
    assert by_action["s3:GetObject"]["OrganizationsDecisionDetail"] == {
        "AllowedByOrganizations": False}
    assert by_action["iam:GetUser"]["EvalDecision"] == "allowed"


def test_organization_structure_is_checked():
    with mock_iam(accounts=[MEMBER]) as sim:
        org = sim.organization()
        assert org.id.startswith("o-") and org.root_id.startswith("r-")
        ou = org.create_ou("A")
        child = org.create_ou("B", parent=ou)
        org.add_account(MEMBER, parent=child)
        assert org.org_path(MEMBER) == f"{org.id}/{org.root_id}/{ou}/{child}/"
        with pytest.raises(ValueError):
            org.add_account(MEMBER, parent=MGMT)
        with pytest.raises(ValueError):
            sim.organization(management_account=MEMBER)
        from iamsim.errors import MalformedPolicyDocument

        with pytest.raises(MalformedPolicyDocument):
            org.attach_scp("{not json")


def test_scps_also_bind_calls_another_mock_answers():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(accounts=[MEMBER], enforce=True) as sim:
        org = sim.organization()
        org.add_account(MEMBER)
        org.attach_scp(doc({"Effect": "Deny", "Action": "s3:CreateBucket", "Resource": "*"}),
                       target=MEMBER)
        s3 = sim.client("s3", MEMBER)  # the member's root user
        with raises_aws("AccessDenied", match="explicit deny in a service control policy"):
            s3.create_bucket(Bucket="member-bucket")
        mgmt_s3 = boto3.client("s3", region_name="us-east-1")  # the management account
        mgmt_s3.create_bucket(Bucket="mgmt-bucket")
        assert [b["Name"] for b in mgmt_s3.list_buckets()["Buckets"]] == ["mgmt-bucket"]
