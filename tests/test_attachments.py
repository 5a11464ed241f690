"""Managed policy attachments: Attach/Detach/ListAttached User/Group/Role policies."""

from __future__ import annotations

import json

import boto3
import pytest

from .helpers import raises_aws

TEXT = json.dumps({"Version": "2012-10-17",
                   "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
]})
AWS_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"


class Kind:
    def __init__(self, kind, param, create, counter, quota, quota_name):
        self.kind, self.param, self.create = kind, param, create
        self.counter, self.quota, self.quota_name = counter, quota, quota_name

    def attach(self, iam, name, arn):
        return getattr(iam, f"attach_{self.kind}_policy")(**{self.param: name}, PolicyArn=arn)

    def detach(self, iam, name, arn):
        return getattr(iam, f"detach_{self.kind}_policy")(**{self.param: name}, PolicyArn=arn)

    def list(self, iam, name, **kw):
        return getattr(iam, f"list_attached_{self.kind}_policies")(**{self.param: name}, **kw)


KINDS = [
    Kind("user", "UserName", lambda iam, n: iam.create_user(UserName=n), "PolicyUsers",
         "AttachedPoliciesPerUserQuota", "PoliciesPerUser"),
    Kind("group", "GroupName", lambda iam, n: iam.create_group(GroupName=n), "PolicyGroups",
         "AttachedPoliciesPerGroupQuota", "PoliciesPerGroup"),
    Kind("role", "RoleName",
         lambda iam, n: iam.create_role(RoleName=n, AssumeRolePolicyDocument=TRUST),
         "PolicyRoles", "AttachedPoliciesPerRoleQuota", "PoliciesPerRole"),
]


@pytest.fixture(params=KINDS, ids=lambda k: k.kind)
def k(request):
    return request.param


def policy(iam, name="p", path="/"):
    return iam.create_policy(PolicyName=name, Path=path, PolicyDocument=TEXT)["Policy"]["Arn"]


def attached(iam, k, name="e", **kw):
    return [(p["PolicyName"], p["PolicyArn"]) for p in k.list(iam, name, **kw)["AttachedPolicies"]]


def test_attach_and_list(iam, k):
    k.create(iam, "e")
    mine = policy(iam, "mine")
    k.attach(iam, "e", mine)
    k.attach(iam, "e", AWS_ARN)
    assert attached(iam, k) == [("mine", mine), ("ReadOnlyAccess", AWS_ARN)]
    for arn in (mine, AWS_ARN):
        assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
        entities = iam.list_entities_for_policy(PolicyArn=arn)
        assert len(entities[k.counter]) == 1


def test_attach_twice_is_harmless(iam, k):
    k.create(iam, "e")
    arn = policy(iam)
    k.attach(iam, "e", arn)
    k.attach(iam, "e", arn)
    assert len(attached(iam, k)) == 1
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1


def test_detach(iam, k):
    k.create(iam, "e")
    arn = policy(iam)
    k.attach(iam, "e", arn)
    k.detach(iam, "e", arn)
    assert attached(iam, k) == []
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 0
    assert iam.list_entities_for_policy(PolicyArn=arn)[k.counter] == []
    with raises_aws("NoSuchEntity", f"Policy {arn} was not found.", status=404):
        k.detach(iam, "e", arn)


def test_attach_missing_policy(iam, k):
    k.create(iam, "e")
    for arn in ("arn:aws:iam::123456789012:policy/none", "arn:aws:iam::aws:policy/NoSuchOne"):
        with raises_aws("NoSuchEntity", f"Policy {arn} does not exist or is not attachable.",
                        status=404):
            k.attach(iam, "e", arn)
    assert attached(iam, k) == []


def test_attach_invalid_arn(iam, k):
    k.create(iam, "e")
    # Attach* answers ValidationError here; a permissions boundary InvalidInput.
    with raises_aws("ValidationError", "ARN this-is-no-arn-at-all is not valid.", status=400):
        k.attach(iam, "e", "this-is-no-arn-at-all")


def test_missing_entity(iam, k):
    arn = policy(iam)
    msg = f"The {k.kind} with name nobody cannot be found."
    with raises_aws("NoSuchEntity", msg):
        k.attach(iam, "nobody", arn)
    with raises_aws("NoSuchEntity", msg):
        k.detach(iam, "nobody", arn)
    with raises_aws("NoSuchEntity", msg):
        k.list(iam, "nobody")
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 0


def test_quota_of_ten(iam, k):
    k.create(iam, "e")
    arns = [policy(iam, f"p{i:02d}") for i in range(11)]
    for arn in arns[:10]:
        k.attach(iam, "e", arn)
    with raises_aws("LimitExceeded", f"Cannot exceed quota for {k.quota_name}: 10", status=409):
        k.attach(iam, "e", arns[10])
    assert len(attached(iam, k)) == 10
    assert iam.get_policy(PolicyArn=arns[10])["Policy"]["AttachmentCount"] == 0
    k.attach(iam, "e", arns[0])  # re-attaching an attached policy is not a new attachment


@pytest.mark.parametrize("k", [KINDS[0], KINDS[2]], ids=["user", "role"])  # groups: fixed
def test_raised_quota(iam_mock, k):
    iam = boto3.client("iam", region_name="us-east-1")
    iam_mock.account.quotas.raise_to(k.quota, 12)
    k.create(iam, "e")
    for i in range(12):
        k.attach(iam, "e", policy(iam, f"p{i}"))
    with raises_aws("LimitExceeded", f"Cannot exceed quota for {k.quota_name}: 12"):
        k.attach(iam, "e", policy(iam, "last"))


def test_list_path_prefix_and_pagination(iam, k):
    k.create(iam, "e")
    a = policy(iam, "a", "/x/")
    b = policy(iam, "b", "/x/y/")
    c = policy(iam, "c")
    for arn in (c, b, a):
        k.attach(iam, "e", arn)
    assert attached(iam, k) == [("a", a), ("b", b), ("c", c)]
    assert attached(iam, k, PathPrefix="/x/") == [("a", a), ("b", b)]
    assert attached(iam, k, PathPrefix="/x/y/") == [("b", b)]
    first = k.list(iam, "e", MaxItems=2)
    assert len(first["AttachedPolicies"]) == 2 and first["IsTruncated"]
    rest = k.list(iam, "e", Marker=first["Marker"])
    assert [p["PolicyName"] for p in rest["AttachedPolicies"]] == ["c"]
    pages = iam.get_paginator(f"list_attached_{k.kind}_policies").paginate(
        **{k.param: "e"}, PaginationConfig={"PageSize": 1})
    assert [p["PolicyName"] for page in pages for p in page["AttachedPolicies"]] == [
        "a", "b", "c"]


def test_entity_with_attached_policy_cannot_be_deleted(iam, k):
    k.create(iam, "e")
    arn = policy(iam)
    k.attach(iam, "e", arn)
    delete = getattr(iam, f"delete_{k.kind}")
    with raises_aws("DeleteConflict", "Cannot delete entity, must detach all policies first."):
        delete(**{k.param: "e"})
    k.detach(iam, "e", arn)
    delete(**{k.param: "e"})


def test_counts_are_per_account_for_aws_policies(iam):
    from iamsim import mock_iam

    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=AWS_ARN)
    with mock_iam():
        other = boto3.client("iam", region_name="us-east-1")
        assert other.get_policy(PolicyArn=AWS_ARN)["Policy"]["AttachmentCount"] == 0


def test_service_linked_role_attachments_cannot_be_changed(iam):
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    name = role["RoleName"]
    before = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
    with raises_aws("UnmodifiableEntity", match=name):
        iam.attach_role_policy(RoleName=name, PolicyArn=policy(iam))
    for p in before:
        with raises_aws("UnmodifiableEntity", match=name):
            iam.detach_role_policy(RoleName=name, PolicyArn=p["PolicyArn"])
    assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == before


def test_policy_not_attachable(iam_mock):
    # AWS marks a few AWS managed policies unattachable; the catalog may carry none, so one
    # is marked here through the account's state.
    from iamsim.model.policies import PolicyState

    iam = boto3.client("iam", region_name="us-east-1")
    entity = iam_mock.account.state(PolicyState).get(AWS_ARN)
    entity.is_attachable = False
    iam.create_user(UserName="u")
    with raises_aws("PolicyNotAttachable", f"Policy {AWS_ARN} is not attachable.", status=400):
        iam.attach_user_policy(UserName="u", PolicyArn=AWS_ARN)
    assert iam.list_attached_user_policies(UserName="u")["AttachedPolicies"] == []
    assert iam.get_policy(PolicyArn=AWS_ARN)["Policy"]["IsAttachable"] is False
