"""GetAccountAuthorizationDetails and GetAccountSummary counts."""

from __future__ import annotations

import json

import boto3

from iamsim import mock_iam
from tests.helpers import raises_aws

DOC = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
AWS_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def _setup(iam) -> str:
    iam.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "core"}])
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=json.dumps(DOC))
    arn = iam.create_policy(PolicyName="local", PolicyDocument=json.dumps(DOC))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(DOC), SetAsDefault=True)
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arn)
    iam.attach_group_policy(GroupName="devs", PolicyArn=AWS_POLICY)
    iam.put_group_policy(GroupName="devs", PolicyName="gp", PolicyDocument=json.dumps(DOC))
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.put_role_policy(RoleName="app", PolicyName="rp", PolicyDocument=json.dumps(DOC))
    iam.create_instance_profile(InstanceProfileName="app-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app")
    return arn


def test_full_details(iam):
    local = _setup(iam)
    out = iam.get_account_authorization_details()
    assert out["IsTruncated"] is False
    [user] = out["UserDetailList"]
    assert user["UserName"] == "alice" and user["GroupList"] == ["devs"]
    assert user["UserPolicyList"] == [{"PolicyName": "inline", "PolicyDocument": DOC}]
    assert user["AttachedManagedPolicies"] == [{"PolicyName": "local", "PolicyArn": local}]
    assert user["PermissionsBoundary"]["PermissionsBoundaryArn"] == local
    assert user["Tags"] == [{"Key": "team", "Value": "core"}]
    [group] = out["GroupDetailList"]
    assert group["GroupPolicyList"] == [{"PolicyName": "gp", "PolicyDocument": DOC}]
    assert group["AttachedManagedPolicies"] == [
        {"PolicyName": "ReadOnlyAccess", "PolicyArn": AWS_POLICY}]
    [role] = out["RoleDetailList"]
    assert role["AssumeRolePolicyDocument"] == TRUST
    assert role["RolePolicyList"] == [{"PolicyName": "rp", "PolicyDocument": DOC}]
    assert [p["InstanceProfileName"] for p in role["InstanceProfileList"]] == ["app-profile"]
    assert role["InstanceProfileList"][0]["Roles"][0]["RoleName"] == "app"
    assert role["RoleLastUsed"] == {}
    policies = {p["Arn"]: p for p in out["Policies"]}
    assert set(policies) == {local, AWS_POLICY}
    mine = policies[local]
    assert [v["VersionId"] for v in mine["PolicyVersionList"]] == ["v1", "v2"]
    assert [v["IsDefaultVersion"] for v in mine["PolicyVersionList"]] == [False, True]
    assert mine["PolicyVersionList"][0]["Document"] == DOC
    assert mine["PermissionsBoundaryUsageCount"] == 1
    assert policies[AWS_POLICY]["AttachmentCount"] == 1


def test_filters(iam):
    local = _setup(iam)
    out = iam.get_account_authorization_details(Filter=["Role"])
    assert [r["RoleName"] for r in out["RoleDetailList"]] == ["app"]
    assert out["UserDetailList"] == [] and out["Policies"] == []
    local_only = iam.get_account_authorization_details(Filter=["LocalManagedPolicy"])
    assert [p["Arn"] for p in local_only["Policies"]] == [local]
    aws_only = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])
    assert [p["Arn"] for p in aws_only["Policies"]] == [AWS_POLICY]
    both = iam.get_account_authorization_details(Filter=["User", "Group"])
    assert len(both["UserDetailList"]) == 1 and len(both["GroupDetailList"]) == 1
    with raises_aws("ValidationError"):
        iam.get_account_authorization_details(Filter=["Nope"])


def test_unattached_aws_policy_not_listed(iam):
    iam.create_group(GroupName="g")
    iam.attach_group_policy(GroupName="g", PolicyArn=AWS_POLICY)
    iam.detach_group_policy(GroupName="g", PolicyArn=AWS_POLICY)
    out = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])
    assert out["Policies"] == []


def test_pagination_across_lists(iam):
    _setup(iam)
    full = iam.get_account_authorization_details()
    seen: list[str] = []
    marker = None
    while True:
        kw = {"MaxItems": 1, **({"Marker": marker} if marker else {})}
        page = iam.get_account_authorization_details(**kw)
        items = (page["UserDetailList"] + page["GroupDetailList"] + page["RoleDetailList"]
                 + page["Policies"])
        assert len(items) == 1
        seen.append(items[0].get("Arn"))
        if not page["IsTruncated"]:
            break
        marker = page["Marker"]
    expected = [x["Arn"] for k in ("UserDetailList", "GroupDetailList", "RoleDetailList",
                                   "Policies") for x in full[k]]
    assert seen == expected and len(seen) == 5


def test_paginator(iam):
    _setup(iam)
    pages = iam.get_paginator("get_account_authorization_details").paginate(
        PaginationConfig={"PageSize": 2})
    users = [u["UserName"] for pg in pages for u in pg["UserDetailList"]]
    assert users == ["alice"]


def test_empty_account(iam):
    out = iam.get_account_authorization_details()
    assert out["UserDetailList"] == [] and out["Policies"] == []


def test_account_summary_counts(iam):
    _setup(iam)
    iam.create_access_key()  # a root access key
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 1
    assert summary["Groups"] == 1
    assert summary["Roles"] == 1
    assert summary["Policies"] == 1
    assert summary["InstanceProfiles"] == 1
    assert summary["PolicyVersionsInUse"] == 2
    assert summary["AccountAccessKeysPresent"] == 1
    assert summary["AccountMFAEnabled"] == 0
    assert summary["UsersQuota"] == 5000
    assert summary["RolesQuota"] == 1000
    assert summary["AttachedPoliciesPerRoleQuota"] == 10
    assert summary["GlobalEndpointTokenVersion"] == 1


def test_account_summary_every_key(iam):
    keys = set(iam.get_account_summary()["SummaryMap"])
    assert keys >= {
        "Users", "UsersQuota", "Groups", "GroupsQuota", "Roles", "RolesQuota", "Policies",
        "PoliciesQuota", "InstanceProfiles", "InstanceProfilesQuota", "ServerCertificates",
        "ServerCertificatesQuota", "Providers", "MFADevices", "MFADevicesInUse",
        "AccountMFAEnabled", "AccountAccessKeysPresent", "AccountSigningCertificatesPresent",
        "GroupPolicySizeQuota", "UserPolicySizeQuota", "RolePolicySizeQuota", "PolicySizeQuota",
        "VersionsPerPolicyQuota", "AttachedPoliciesPerGroupQuota",
        "AttachedPoliciesPerRoleQuota", "AttachedPoliciesPerUserQuota", "GroupsPerUserQuota",
        "AccessKeysPerUserQuota", "SigningCertificatesPerUserQuota", "PolicyVersionsInUse",
        "PolicyVersionsInUseQuota", "GlobalEndpointTokenVersion", "AssumeRolePolicySizeQuota",
    }


def test_account_summary_shows_raised_quotas():
    with mock_iam(quotas={"Roles": 5000, "AttachedPoliciesPerRoleQuota": 25}):
        iam = boto3.client("iam", region_name="us-east-1")
        summary = iam.get_account_summary()["SummaryMap"]
        assert summary["RolesQuota"] == 5000
        assert summary["AttachedPoliciesPerRoleQuota"] == 25


def test_account_summary_has_account_password_present(iam):
    # GetAccountSummary lists it (recorded 2026); the root user's password is never removed.
    assert iam.get_account_summary()["SummaryMap"]["AccountPasswordPresent"] == 1


def test_per_entity_lists_as_aws_returns_them(iam):
    """Recorded (2026): a user without inline policies has no UserPolicyList; a group's
    GroupPolicyList and a role's RolePolicyList, InstanceProfileList and Tags are there empty."""
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    out = iam.get_account_authorization_details()
    user = out["UserDetailList"][0]
    assert "UserPolicyList" not in user
    assert user["GroupList"] == [] and user["AttachedManagedPolicies"] == []
    assert user["Tags"] == []
    group = out["GroupDetailList"][0]
    assert group["GroupPolicyList"] == [] and group["AttachedManagedPolicies"] == []
    role = out["RoleDetailList"][0]
    assert role["RolePolicyList"] == [] and role["InstanceProfileList"] == []
    assert role["Tags"] == [] and role["RoleLastUsed"] == {}
    assert out["Policies"] == []


def test_local_managed_policy_filter_lists_only_customer_policies(iam):
    _setup(iam)
    out = iam.get_account_authorization_details(Filter=["LocalManagedPolicy"])
    assert out["UserDetailList"] == [] and out["GroupDetailList"] == []
    assert out["RoleDetailList"] == []
    assert [p["PolicyName"] for p in out["Policies"]] == ["local"]
