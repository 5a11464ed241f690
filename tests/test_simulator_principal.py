"""SimulatePrincipalPolicy and the GetContextKeysFor*Policy operations through boto3: the
entity's real policies (inline, attached, groups', boundary), exclusions, and errors."""

from __future__ import annotations

import json

import pytest

from .helpers import raises_aws
from .test_simulator import allow, deny, doc

ACCOUNT = "123456789012"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})


def arn(kind: str, name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:{kind}{path}{name}"


def simulate(iam, source, actions=("s3:GetObject",), **kw):
    return iam.simulate_principal_policy(PolicySourceArn=source, ActionNames=list(actions),
                                         **kw)["EvaluationResults"]


def managed(iam, name, document) -> str:
    return iam.create_policy(PolicyName=name, PolicyDocument=document)["Policy"]["Arn"]


@pytest.fixture
def alice(iam):
    """alice: an inline policy, an attached customer policy, and a group with its own."""
    iam.create_user(UserName="alice", Path="/eng/")
    iam.put_user_policy(UserName="alice", PolicyName="read", PolicyDocument=doc(allow()))
    iam.attach_user_policy(UserName="alice",
                           PolicyArn=managed(iam, "put", doc(allow("s3:PutObject"))))
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_group_policy(GroupName="devs", PolicyName="ddb", PolicyDocument=doc(
        allow("dynamodb:GetItem")))
    iam.attach_group_policy(GroupName="devs", PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
    return arn("user", "alice", "/eng/")


def ids(result) -> list[str]:
    return [m["SourcePolicyId"] for m in result["MatchedStatements"]]


def test_user_policies_with_their_groups_and_aws_ids(iam, alice):
    results = simulate(iam, alice, ["s3:GetObject", "s3:PutObject", "dynamodb:GetItem",
                                    "iam:GetUser", "ec2:RunInstances"])
    decisions = {r["EvalActionName"]: r["EvalDecision"] for r in results}
    assert decisions == {"s3:GetObject": "allowed", "s3:PutObject": "allowed",
                         "dynamodb:GetItem": "allowed", "iam:GetUser": "allowed",
                         "ec2:RunInstances": "implicitDeny"}
    by_action = {r["EvalActionName"]: r for r in results}
    assert ids(by_action["s3:GetObject"]) == ["user_alice_read"]
    assert ids(by_action["s3:PutObject"]) == ["put"]
    assert ids(by_action["dynamodb:GetItem"]) == ["group_devs_ddb"]
    assert ids(by_action["iam:GetUser"]) == ["IAMReadOnlyAccess"]
    assert all(m["SourcePolicyType"] == "IAM Policy" for r in results
               for m in r["MatchedStatements"])


def test_recorded_shape_for_a_role_with_an_attached_policy(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="app", PolicyArn=managed(iam, "p", doc(allow())))
    out = iam.simulate_principal_policy(PolicySourceArn=arn("role", "app"),
                                        ActionNames=["s3:GetObject"],
                                        ResourceArns=["arn:aws:s3:::b/k"])
    assert out["IsTruncated"] is False
    r = out["EvaluationResults"][0]
    assert r["EvalDecision"] == "allowed"
    assert r["EvalDecisionDetails"] == {}
    assert r["MissingContextValues"] == []
    assert r["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": True}
    assert len(r["ResourceSpecificResults"]) == 1
    assert r["ResourceSpecificResults"][0]["MatchedStatements"] == r["MatchedStatements"]
    assert ids(r) == ["p"]


def test_role_inline_policy_id(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.put_role_policy(RoleName="app", PolicyName="inl", PolicyDocument=doc(allow()))
    assert ids(simulate(iam, arn("role", "app"))[0]) == ["role_app_inl"]


def test_group_source(iam, alice):
    r = simulate(iam, arn("group", "devs"), ["dynamodb:GetItem", "s3:GetObject"])
    assert [x["EvalDecision"] for x in r] == ["allowed", "implicitDeny"]


def test_extra_inputs_join_the_entity_policies(iam, alice):
    r = simulate(iam, alice, ["s3:DeleteObject"], PolicyInputList=[doc(allow("s3:DeleteObject"))])
    assert (r[0]["EvalDecision"], ids(r[0])) == ("allowed", ["PolicyInputList.1"])
    r = simulate(iam, alice, PolicyInputList=[doc(deny())])[0]
    assert (r["EvalDecision"], ids(r)) == ("explicitDeny", ["PolicyInputList.1"])


def test_attached_boundary_applies_and_an_input_boundary_replaces_it(iam, alice):
    iam.put_user_permissions_boundary(UserName="alice",
                                      PermissionsBoundary=managed(iam, "pb", doc(allow("s3:Get*"))))
    get, put = simulate(iam, alice, ["s3:GetObject", "s3:PutObject"])
    assert (get["EvalDecision"], put["EvalDecision"]) == ("allowed", "implicitDeny")
    assert put["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    assert "pb" in ids(get)
    get, put = simulate(iam, alice, ["s3:GetObject", "s3:PutObject"],
                        PermissionsBoundaryPolicyInputList=[doc(allow("s3:Put*"))])
    assert (get["EvalDecision"], put["EvalDecision"]) == ("implicitDeny", "allowed")


# --- PolicyExclusionList ----------------------------------------------------------------------

ACTIONS = ["s3:GetObject", "s3:PutObject", "dynamodb:GetItem", "iam:GetUser"]


def decisions(iam, source, exclusions) -> list[str]:
    return [r["EvalDecision"] for r in simulate(iam, source, ACTIONS,
                                                PolicyExclusionList=exclusions)]


def test_exclude_by_policy_type(iam, alice):
    a, d = "allowed", "implicitDeny"
    assert decisions(iam, alice, [{"PolicyType": "inline"}]) == [d, a, d, a]
    assert decisions(iam, alice, [{"PolicyType": "user-managed"}]) == [a, d, a, a]
    assert decisions(iam, alice, [{"PolicyType": "aws-managed"}]) == [a, a, a, d]
    assert decisions(iam, alice, [{"PolicyType": "rcp"}]) == [a, a, a, a]  # not simulated
    assert decisions(iam, alice, [{"PolicyType": "scp"}]) == [a, a, a, a]


def test_exclude_the_boundary(iam, alice):
    iam.put_user_permissions_boundary(UserName="alice",
                                      PermissionsBoundary=managed(iam, "pb", doc(allow("s3:Get*"))))
    assert decisions(iam, alice, [])[1] == "implicitDeny"
    r = simulate(iam, alice, ["s3:PutObject"],
                 PolicyExclusionList=[{"PolicyType": "permission-boundary"}])[0]
    assert r["EvalDecision"] == "allowed"
    assert "PermissionsBoundaryDecisionDetail" not in r


def test_exclude_by_arn_with_wildcards(iam, alice):
    a, d = "allowed", "implicitDeny"
    assert decisions(iam, alice, [{"PolicyArn": arn("policy", "put")}]) == [a, d, a, a]
    assert decisions(iam, alice, [{"PolicyArn": "arn:aws:iam::aws:policy/IAM*"}]) == [a, a, a, d]
    assert decisions(iam, alice, [{"PolicyArn": arn("policy", "p?t")}]) == [a, d, a, a]
    assert decisions(iam, alice, [{"PolicyArn": arn("policy", "unrelated")}]) == [a, a, a, a]


def test_exclude_by_inline_identifier(iam, alice):
    a, d = "allowed", "implicitDeny"
    one = {"PolicyName": "ddb", "AttachmentType": "group", "AttachmentName": "devs"}
    assert decisions(iam, alice, [{"InlinePolicyIdentifier": one}]) == [a, a, d, a]
    mine = {"PolicyName": "read", "AttachmentType": "user", "AttachmentName": "alice"}
    assert decisions(iam, alice, [{"InlinePolicyIdentifier": mine}]) == [d, a, a, a]
    wrong_type = {"PolicyName": "read", "AttachmentType": "group", "AttachmentName": "alice"}
    assert decisions(iam, alice, [{"InlinePolicyIdentifier": wrong_type}]) == [a, a, a, a]


@pytest.mark.parametrize("identifier", [
    {"PolicyArn": "arn:aws:iam::*:policy/put"},
    {"PolicyArn": "arn:aws:iam::123456789012:policy/*a*"},
    {"PolicyArn": "not-an-arn-at-all:policy/x"},
])
def test_invalid_exclusions(iam, alice, identifier):
    with raises_aws("InvalidInput", status=400):
        simulate(iam, alice, PolicyExclusionList=[identifier])


def test_inline_identifier_names_follow_the_model_pattern(iam, alice):
    # The documentation speaks of wildcards in AttachmentName, but the model's pattern
    # ([\w+=,.@-]+) refuses them, and the server checks the model's constraints.
    star = {"PolicyName": "read", "AttachmentType": "user", "AttachmentName": "al*"}
    with raises_aws("ValidationError"):
        simulate(iam, alice, PolicyExclusionList=[{"InlinePolicyIdentifier": star}])


# --- caller, resource policy, errors --------------------------------------------------------

BUCKET = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": arn("user", "alice", "/eng/")},
     "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::b/*"}]})


def test_user_source_with_a_resource_policy(iam, alice):
    r = simulate(iam, alice, ["s3:DeleteObject"], ResourcePolicy=BUCKET,
                 ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert (r["EvalDecision"], ids(r)) == ("allowed", ["ResourcePolicy"])
    assert r["MatchedStatements"][0]["SourcePolicyType"] == "Resource Policy"


def test_caller_arn_simulates_another_user_with_these_policies(iam, alice):
    bob = arn("user", "bob")
    r = simulate(iam, alice, ["s3:DeleteObject"], ResourcePolicy=BUCKET, CallerArn=bob,
                 ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalDecision"] == "implicitDeny"  # the bucket names alice, not bob
    assert simulate(iam, alice, CallerArn=bob)[0]["EvalDecision"] == "allowed"


def test_role_source_with_a_resource_policy_needs_a_user_caller(iam, alice):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    with raises_aws("InvalidInput", "Invalid caller - Caller must be an IAM user in this context."):
        simulate(iam, arn("role", "app"), ResourcePolicy=BUCKET)
    r = simulate(iam, arn("role", "app"), ["s3:DeleteObject"], ResourcePolicy=BUCKET,
                 CallerArn=alice, ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalDecision"] == "allowed"


@pytest.mark.parametrize("source", [
    arn("user", "nobody"), arn("role", "nobody"), arn("group", "nobody"),
    "arn:aws:iam::210987654321:user/alice",  # another account's
    arn("user", "alice", "/other/"),  # the right name on the wrong path
])
def test_unknown_source_is_no_such_entity(iam, alice, source):
    with raises_aws("NoSuchEntity", status=404):
        simulate(iam, source)


def test_source_that_is_not_an_entity(iam):
    with raises_aws("InvalidInput"):
        simulate(iam, arn("policy", "x"))


def test_bad_resource_owner_and_malformed_input(iam, alice):
    with raises_aws("InvalidInput"):
        simulate(iam, alice, ResourceOwner=ACCOUNT)
    with raises_aws("MalformedPolicyDocument"):
        simulate(iam, alice, PolicyInputList=["{"])


def test_principal_results_paginate(iam, alice):
    out = iam.simulate_principal_policy(PolicySourceArn=alice, ActionNames=ACTIONS, MaxItems=3)
    assert out["IsTruncated"] is True
    rest = iam.simulate_principal_policy(PolicySourceArn=alice, ActionNames=ACTIONS,
                                         Marker=out["Marker"])
    assert [r["EvalActionName"] for r in out["EvaluationResults"] + rest["EvaluationResults"]] \
        == ACTIONS
    assert rest["IsTruncated"] is False


def test_simulation_changes_nothing(iam, alice):
    before = iam.get_account_authorization_details()["UserDetailList"]
    simulate(iam, alice, PolicyExclusionList=[{"PolicyType": "inline"}],
             PolicyInputList=[doc(deny())])
    assert iam.get_account_authorization_details()["UserDetailList"] == before


# --- GetContextKeysFor*Policy ---------------------------------------------------------------

KEYED = doc(allow(resource="arn:aws:s3:::home/${aws:username}/*",
                  Condition={"StringEquals": {"aws:PrincipalTag/team": "core"},
                             "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}),
            deny(Condition={"Bool": {"aws:SecureTransport": "false"},
                            "StringLike": {"s3:prefix": "${aws:userid}/*"}}))


def test_context_keys_for_custom_policy(iam):
    keys = iam.get_context_keys_for_custom_policy(PolicyInputList=[KEYED])["ContextKeyNames"]
    assert sorted(keys) == sorted(["aws:username", "aws:PrincipalTag/team", "aws:SourceIp",
                                   "aws:SecureTransport", "s3:prefix", "aws:userid"])
    assert iam.get_context_keys_for_custom_policy(
        PolicyInputList=[doc(allow())])["ContextKeyNames"] == []
    with raises_aws("MalformedPolicyDocument"):
        iam.get_context_keys_for_custom_policy(PolicyInputList=["{"])


def test_context_keys_are_listed_once(iam):
    a = doc(allow(Condition={"StringEquals": {"aws:SourceVpc": "vpc-1"}}))
    b = doc(allow(Condition={"StringEquals": {"AWS:SOURCEVPC": "vpc-2"}}))
    assert iam.get_context_keys_for_custom_policy(
        PolicyInputList=[a, b])["ContextKeyNames"] == ["aws:SourceVpc"]


def test_context_keys_for_principal_policy(iam, alice):
    iam.put_group_policy(GroupName="devs", PolicyName="tagged", PolicyDocument=doc(
        allow(Condition={"StringEquals": {"aws:RequestedRegion": "eu-west-1"}})))
    keys = iam.get_context_keys_for_principal_policy(PolicySourceArn=alice)["ContextKeyNames"]
    assert keys == ["aws:RequestedRegion"]  # from the user's group
    extra = doc(allow(Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    keys = iam.get_context_keys_for_principal_policy(
        PolicySourceArn=alice, PolicyInputList=[extra])["ContextKeyNames"]
    assert sorted(keys) == ["aws:MultiFactorAuthPresent", "aws:RequestedRegion"]
    with raises_aws("NoSuchEntity"):
        iam.get_context_keys_for_principal_policy(PolicySourceArn=arn("user", "nobody"))
    with raises_aws("MalformedPolicyDocument"):
        iam.get_context_keys_for_principal_policy(PolicySourceArn=alice, PolicyInputList=["x"])
