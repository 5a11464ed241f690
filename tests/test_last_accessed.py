"""Service last accessed details and policies granting service access."""

from __future__ import annotations

import datetime
import json

import pytest
from freezegun import freeze_time

from tests.helpers import raises_aws

ACCOUNT = "123456789012"
S3_STS = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "sts:GetCallerIdentity"], "Resource": "*"}]}
EC2 = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}


@pytest.fixture
def setup(iam, client_for):
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="devs")
    for u in ("alice", "bob"):
        iam.add_user_to_group(GroupName="devs", UserName=u)
    iam.put_group_policy(GroupName="devs", PolicyName="gp", PolicyDocument=json.dumps(S3_STS))
    arn = iam.create_policy(PolicyName="ec2", PolicyDocument=json.dumps(EC2))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with freeze_time("2026-02-02 10:00:00"):
        client_for(key, service="sts", region="eu-west-1").get_caller_identity()
    return arn


def _job(iam, arn, **kw):
    return iam.generate_service_last_accessed_details(Arn=arn, **kw)["JobId"]


def test_user_report(iam, setup):
    job = _job(iam, f"arn:aws:iam::{ACCOUNT}:user/alice")
    out = iam.get_service_last_accessed_details(JobId=job)
    assert out["JobStatus"] == "COMPLETED" and out["JobType"] == "SERVICE_LEVEL"
    by_ns = {s["ServiceNamespace"]: s for s in out["ServicesLastAccessed"]}
    assert sorted(by_ns) == ["ec2", "s3", "sts"]
    sts = by_ns["sts"]
    assert sts["LastAuthenticated"] == datetime.datetime(2026, 2, 2, 10,
                                                         tzinfo=datetime.timezone.utc)
    assert sts["LastAuthenticatedEntity"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert sts["LastAuthenticatedRegion"] == "eu-west-1"
    assert sts["TotalAuthenticatedEntities"] == 1
    assert "LastAuthenticated" not in by_ns["s3"]
    assert by_ns["s3"]["TotalAuthenticatedEntities"] == 0


def test_report_pagination(iam, setup):
    job = _job(iam, f"arn:aws:iam::{ACCOUNT}:user/alice")
    page = iam.get_service_last_accessed_details(JobId=job, MaxItems=2)
    assert page["IsTruncated"] is True and len(page["ServicesLastAccessed"]) == 2
    rest = iam.get_service_last_accessed_details(JobId=job, Marker=page["Marker"])
    assert [s["ServiceNamespace"] for s in rest["ServicesLastAccessed"]] == ["sts"]


def test_action_level_granularity(iam, setup):
    job = _job(iam, f"arn:aws:iam::{ACCOUNT}:user/alice", Granularity="ACTION_LEVEL")
    out = iam.get_service_last_accessed_details(JobId=job)
    assert out["JobType"] == "ACTION_LEVEL"
    assert all(s["TrackedActionsLastAccessed"] == [] for s in out["ServicesLastAccessed"])


def test_group_report_with_entities(iam, setup):
    job = _job(iam, f"arn:aws:iam::{ACCOUNT}:group/devs")
    out = iam.get_service_last_accessed_details(JobId=job)
    assert [s["ServiceNamespace"] for s in out["ServicesLastAccessed"]] == ["s3", "sts"]
    ent = iam.get_service_last_accessed_details_with_entities(JobId=job, ServiceNamespace="sts")
    assert ent["JobStatus"] == "COMPLETED"
    details = {d["EntityInfo"]["Name"]: d for d in ent["EntityDetailsList"]}
    assert set(details) == {"alice", "bob"}
    assert details["alice"]["EntityInfo"]["Type"] == "USER"
    assert "LastAuthenticated" in details["alice"]
    assert "LastAuthenticated" not in details["bob"]


def test_policy_report(iam, setup):
    job = _job(iam, setup)
    out = iam.get_service_last_accessed_details(JobId=job)
    assert [s["ServiceNamespace"] for s in out["ServicesLastAccessed"]] == ["ec2"]


def test_role_report(iam):
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {
        "Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="r", PolicyName="p", PolicyDocument=json.dumps(EC2))
    job = _job(iam, f"arn:aws:iam::{ACCOUNT}:role/r")
    out = iam.get_service_last_accessed_details(JobId=job)
    assert [s["ServiceNamespace"] for s in out["ServicesLastAccessed"]] == ["ec2"]


def test_errors(iam):
    with raises_aws("NoSuchEntity", status=404):
        _job(iam, f"arn:aws:iam::{ACCOUNT}:user/nobody")
    with raises_aws("InvalidInput", status=400):
        _job(iam, f"arn:aws:iam::{ACCOUNT}:server-certificate/x")
    with raises_aws("NoSuchEntity", status=404):
        iam.get_service_last_accessed_details(JobId="0" * 36)
    with raises_aws("NoSuchEntity", status=404):
        iam.get_service_last_accessed_details_with_entities(JobId="0" * 36,
                                                            ServiceNamespace="s3")


def test_policies_granting_service_access(iam, setup):
    out = iam.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCOUNT}:user/alice", ServiceNamespaces=["s3", "ec2", "kms"])
    by_ns = {e["ServiceNamespace"]: e["Policies"] for e in out["PoliciesGrantingServiceAccess"]}
    assert by_ns["s3"] == [{"PolicyName": "gp", "PolicyType": "INLINE", "EntityType": "GROUP",
                            "EntityName": "devs"}]
    assert by_ns["ec2"] == [{"PolicyName": "ec2", "PolicyType": "MANAGED", "PolicyArn": setup}]
    assert by_ns["kms"] == []
    assert out["IsTruncated"] is False


def test_policies_granting_service_access_errors(iam, setup):
    with raises_aws("NoSuchEntity"):
        iam.list_policies_granting_service_access(
            Arn=f"arn:aws:iam::{ACCOUNT}:role/none", ServiceNamespaces=["s3"])
    with raises_aws("InvalidInput"):
        iam.list_policies_granting_service_access(Arn=setup, ServiceNamespaces=["s3"])


def test_not_action_and_resource_scoped_grants_count(iam):
    # PowerUserAccess-style: everything but IAM (the catalog knows its actions); a grant
    # scoped to some resources still counts.
    power = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}
    prefixed = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "S3:Get*", "Resource": "arn:aws:s3:::b/*"}]}
    partial = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": "iam:Get*", "Resource": "*"}]}
    iam.create_user(UserName="u")
    iam.put_user_policy(UserName="u", PolicyName="partial", PolicyDocument=json.dumps(partial))
    iam.put_user_policy(UserName="u", PolicyName="power", PolicyDocument=json.dumps(power))
    iam.put_user_policy(UserName="u", PolicyName="prefixed", PolicyDocument=json.dumps(prefixed))
    out = iam.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCOUNT}:user/u", ServiceNamespaces=["s3", "iam", "kms", "sqs"])
    names = {e["ServiceNamespace"]: [p["PolicyName"] for p in e["Policies"]]
             for e in out["PoliciesGrantingServiceAccess"]}
    assert names == {"s3": ["partial", "power", "prefixed"], "iam": ["partial"],
                     "kms": ["partial", "power"], "sqs": ["partial", "power"]}
