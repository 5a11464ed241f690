"""IAM roles: create, get, list, update, trust policy, delete, tags, permissions boundaries."""

from __future__ import annotations

import datetime
import json

import pytest

from .helpers import raises_aws

TRUST_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
}
TRUST = json.dumps(TRUST_DOC)
TAGS = [{"Key": "team", "Value": "core"}, {"Key": "env", "Value": "dev"}]
BOUNDARY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def _trust_with(n_accounts: int, indent: int | None = None) -> str:
    principals = [f"arn:aws:iam::{100000000000 + i}:root" for i in range(n_accounts)]
    doc = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}]}
    return json.dumps(doc, indent=indent)


def test_create_role_returns_the_role(iam):
    role = iam.create_role(RoleName="app", Path="/svc/", AssumeRolePolicyDocument=TRUST,
                           Description="the app", Tags=TAGS)["Role"]
    assert role["RoleName"] == "app" and role["Path"] == "/svc/"
    assert role["Arn"] == "arn:aws:iam::123456789012:role/svc/app"
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["AssumeRolePolicyDocument"] == TRUST_DOC
    # CreateRole's response has no Description (recorded 2026); GetRole has it.
    assert "Description" not in role
    assert iam.get_role(RoleName="app")["Role"]["Description"] == "the app"
    assert role["Tags"] == TAGS
    assert "RoleLastUsed" not in role and "PermissionsBoundary" not in role


def test_create_role_minimal(iam):
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)["Role"]
    assert role["Path"] == "/"
    assert "Tags" not in role and "Description" not in role
    assert isinstance(role["CreateDate"], datetime.datetime)


def test_create_role_duplicate_regardless_of_case(iam):
    iam.create_role(RoleName="App", AssumeRolePolicyDocument=TRUST)
    with raises_aws("EntityAlreadyExists", "Role with name app already exists.", status=409):
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)


def test_create_role_quota(iam_mock, iam):
    iam_mock.account.quotas._values["Roles"] = 2
    iam.create_role(RoleName="a", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="b", AssumeRolePolicyDocument=TRUST)
    with raises_aws("LimitExceeded", "Cannot exceed quota for RolesPerAccount: 2", status=409):
        iam.create_role(RoleName="c", AssumeRolePolicyDocument=TRUST)
    assert len(iam.list_roles()["Roles"]) == 2


def test_create_role_malformed_trust_policy_creates_nothing(iam):
    with raises_aws("MalformedPolicyDocument", "This policy contains invalid Json", status=400):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument="{not json")
    with raises_aws("MalformedPolicyDocument"):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    with raises_aws("NoSuchEntity"):
        iam.get_role(RoleName="r")


def _trusting(principal: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"}]})


@pytest.mark.parametrize("kind", ["user", "role"])
def test_create_role_trusting_a_missing_principal_of_the_account(iam, kind):
    """IAM resolves user and role principals to unique IDs when saving a trust policy,
    so naming one that does not exist is an invalid principal."""
    arn = f"arn:aws:iam::123456789012:{kind}/nobody"
    with raises_aws("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{arn}"',
                    status=400):
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=_trusting(arn))
    assert iam.list_roles()["Roles"] == []


def test_create_role_may_not_trust_itself_before_it_exists(iam):
    arn = "arn:aws:iam::123456789012:role/app"
    with raises_aws("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{arn}"'):
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=_trusting(arn))
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.update_assume_role_policy(RoleName="app", PolicyDocument=_trusting(arn))
    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == json.loads(
        _trusting(arn))


def test_trust_policy_principals_that_exist_or_are_elsewhere(iam):
    iam.create_user(UserName="bob", Path="/eng/")
    for principal in ["arn:aws:iam::123456789012:user/eng/bob",
                      "arn:aws:iam::123456789012:root",
                      "arn:aws:iam::111122223333:role/in-another-account"]:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trusting(principal))
        iam.delete_role(RoleName="r")


@pytest.mark.parametrize("principal", [{"AWS": []}, {"AWS": [], "Service": []}])
def test_create_role_trust_policy_with_no_principals(iam, principal):
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]})
    with raises_aws("MalformedPolicyDocument",
                    "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: "
                    "The passed in policy has a statement with no principals!"):
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=trust)
    assert iam.list_roles()["Roles"] == []


def test_update_assume_role_policy_missing_principal_changes_nothing(iam):
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    arn = "arn:aws:iam::123456789012:user/nobody"
    with raises_aws("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{arn}"'):
        iam.update_assume_role_policy(RoleName="app", PolicyDocument=_trusting(arn))
    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == TRUST_DOC


def test_create_role_trust_policy_size_quota(iam):
    big = _trust_with(80)
    with raises_aws("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048", status=409):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=big)
    assert iam.list_roles()["Roles"] == []


def test_trust_policy_size_ignores_white_space(iam):
    doc = _trust_with(55, indent=8)  # under 2,048 characters once white space is left out
    assert len(doc) > 2048
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=doc)["Role"]
    assert len(role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["AWS"]) == 55


@pytest.mark.iamsim(quotas={"AssumeRolePolicySizeQuota": 4096})
def test_trust_policy_size_quota_can_be_raised(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust_with(80))


def test_create_role_max_session_duration(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=43200)
    assert iam.get_role(RoleName="r")["Role"]["MaxSessionDuration"] == 43200
    with raises_aws("ValidationError"):
        iam.create_role(RoleName="s", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=43201)


def test_create_role_with_boundary(iam):
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST,
                           PermissionsBoundary=BOUNDARY)["Role"]
    expected = {"PermissionsBoundaryType": "Policy",
                "PermissionsBoundaryArn": BOUNDARY}
    assert role["PermissionsBoundary"] == expected
    assert iam.get_role(RoleName="r")["Role"]["PermissionsBoundary"] == expected


def test_create_role_with_missing_boundary_creates_nothing(iam):
    arn = "arn:aws:iam::123456789012:policy/missing"
    with raises_aws("NoSuchEntity", f"Scope ARN: {arn} does not exist or is not attachable."):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=arn)
    with raises_aws("NoSuchEntity"):
        iam.get_role(RoleName="r")


def test_create_role_tag_errors(iam):
    with raises_aws("InvalidInput", match="Duplicate tag keys"):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST,
                        Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])
    too_many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    with raises_aws("ValidationError", match="Member must have length less than or equal to 50"):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Tags=too_many)
    assert iam.list_roles()["Roles"] == []


def test_get_role_full_structure(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Description="d", Tags=TAGS)
    role = iam.get_role(RoleName="R")["Role"]
    assert role["RoleName"] == "r"
    assert role["AssumeRolePolicyDocument"] == TRUST_DOC
    assert role["MaxSessionDuration"] == 3600
    assert role["Description"] == "d"
    assert role["Tags"] == TAGS
    assert role["RoleLastUsed"] == {}


def test_get_role_last_used(iam_mock, iam):
    from iamsim.model.roles import RoleState

    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    role = iam_mock.account.state(RoleState).roles.get("r")
    role.last_used_date, role.last_used_region = when, "eu-west-1"
    assert iam.get_role(RoleName="r")["Role"]["RoleLastUsed"] == {
        "LastUsedDate": when, "Region": "eu-west-1"}


def test_get_role_missing(iam):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", status=404):
        iam.get_role(RoleName="ghost")


def test_list_roles_members_order_prefix_and_pages(iam):
    for name, path in (("b", "/x/"), ("a", "/"), ("c", "/x/y/")):
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=TRUST,
                        Tags=TAGS, Description="desc", PermissionsBoundary=BOUNDARY)
    roles = iam.list_roles()["Roles"]
    assert [r["RoleName"] for r in roles] == ["a", "b", "c"]
    # ListRoles leaves out PermissionsBoundary, RoleLastUsed and Tags.
    assert set(roles[0]) == {"Path", "RoleName", "RoleId", "Arn", "CreateDate",
                             "AssumeRolePolicyDocument", "Description", "MaxSessionDuration"}
    assert roles[0]["AssumeRolePolicyDocument"] == TRUST_DOC
    assert [r["RoleName"] for r in iam.list_roles(PathPrefix="/x/")["Roles"]] == ["b", "c"]
    first = iam.list_roles(MaxItems=2)
    assert first["IsTruncated"] is True
    assert [r["RoleName"] for r in iam.list_roles(Marker=first["Marker"])["Roles"]] == ["c"]
    pages = iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 1})
    assert [r["RoleName"] for p in pages for r in p["Roles"]] == ["a", "b", "c"]


def test_list_roles_bad_marker(iam):
    with raises_aws("ValidationError", "Invalid Marker.", status=400):
        iam.list_roles(Marker="garbage!")


def test_update_role(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Description="old")
    assert iam.update_role(RoleName="r", Description="new", MaxSessionDuration=7200)
    role = iam.get_role(RoleName="r")["Role"]
    assert role["Description"] == "new" and role["MaxSessionDuration"] == 7200
    iam.update_role(RoleName="r", MaxSessionDuration=3600)
    assert iam.get_role(RoleName="r")["Role"]["Description"] == "new"
    iam.update_role(RoleName="r", Description="")
    assert "Description" not in iam.get_role(RoleName="r")["Role"]


def test_update_role_errors(iam):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.update_role(RoleName="ghost", Description="x")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with raises_aws("ValidationError"):
        iam.update_role(RoleName="r", MaxSessionDuration=50000)
    assert iam.get_role(RoleName="r")["Role"]["MaxSessionDuration"] == 3600


def test_update_role_description_returns_role(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Tags=TAGS)
    role = iam.update_role_description(RoleName="r", Description="hello")["Role"]
    assert role["Description"] == "hello" and role["RoleName"] == "r"
    # Recorded (2026): no MaxSessionDuration and no RoleLastUsed in this response.
    assert role["Tags"] == TAGS
    assert "MaxSessionDuration" not in role and "RoleLastUsed" not in role
    assert iam.get_role(RoleName="r")["Role"]["Description"] == "hello"
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.update_role_description(RoleName="ghost", Description="x")


def test_update_assume_role_policy(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    new = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
         "Action": "sts:AssumeRole"}]}
    iam.update_assume_role_policy(RoleName="r", PolicyDocument=json.dumps(new))
    assert iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == new


def test_update_assume_role_policy_errors_change_nothing(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with raises_aws("MalformedPolicyDocument", "This policy contains invalid Json"):
        iam.update_assume_role_policy(RoleName="r", PolicyDocument="{oops")
    with raises_aws("LimitExceeded", "Cannot exceed quota for ACLSizePerRole: 2048"):
        iam.update_assume_role_policy(RoleName="r", PolicyDocument=_trust_with(80))
    assert iam.get_role(RoleName="r")["Role"]["AssumeRolePolicyDocument"] == TRUST_DOC
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.update_assume_role_policy(RoleName="ghost", PolicyDocument=TRUST)


def test_delete_role(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=BOUNDARY)
    iam.delete_role(RoleName="r")
    with raises_aws("NoSuchEntity"):
        iam.get_role(RoleName="r")
    with raises_aws("NoSuchEntity", "The role with name r cannot be found."):
        iam.delete_role(RoleName="r")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)  # the name is free again


@pytest.mark.parametrize("field,message", [
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
])
def test_delete_role_with_policies_conflicts(iam_mock, iam, field, message):
    from iamsim.model.roles import RoleState

    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    role = iam_mock.account.state(RoleState).roles.get("r")
    # Put directly what the role-policy operations (another module) would store.
    getattr(role, field)["arn:aws:iam::aws:policy/ReadOnlyAccess"] = None
    with raises_aws("DeleteConflict", message, status=409):
        iam.delete_role(RoleName="r")
    assert iam.get_role(RoleName="r")


def test_delete_role_in_instance_profile_conflicts(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="p")
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
    with raises_aws("DeleteConflict",
                    "Cannot delete entity, must remove roles from instance profile first."):
        iam.delete_role(RoleName="r")
    iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="r")
    iam.delete_role(RoleName="r")


def test_tag_untag_list_role_tags(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Tags=TAGS)
    iam.tag_role(RoleName="r", Tags=[{"Key": "TEAM", "Value": "ops"}, {"Key": "a", "Value": "1"}])
    tags = iam.list_role_tags(RoleName="r")
    assert tags["Tags"] == [{"Key": "TEAM", "Value": "ops"}, {"Key": "a", "Value": "1"},
                            {"Key": "env", "Value": "dev"}]
    assert tags["IsTruncated"] is False
    iam.untag_role(RoleName="r", TagKeys=["team", "missing"])
    assert [t["Key"] for t in iam.list_role_tags(RoleName="r")["Tags"]] == ["a", "env"]
    first = iam.list_role_tags(RoleName="r", MaxItems=1)
    assert first["IsTruncated"] is True and first["Tags"] == [{"Key": "a", "Value": "1"}]
    rest = iam.list_role_tags(RoleName="r", Marker=first["Marker"])
    assert rest["Tags"] == [{"Key": "env", "Value": "dev"}]
    assert {t["Key"] for t in iam.get_role(RoleName="r")["Role"]["Tags"]} == {"a", "env"}


def test_tag_role_quota_changes_nothing(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST,
                    Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_role(RoleName="r", Tags=[{"Key": "x", "Value": "1"}, {"Key": "y", "Value": "2"}])
    assert len(iam.list_role_tags(RoleName="r")["Tags"]) == 49
    with raises_aws("InvalidInput"):
        iam.tag_role(RoleName="r", Tags=[{"Key": "aws:x", "Value": "1"}])


@pytest.mark.parametrize("op,kw", [
    ("tag_role", {"Tags": TAGS}),
    ("untag_role", {"TagKeys": ["team"]}),
    ("list_role_tags", {}),
    ("put_role_permissions_boundary", {"PermissionsBoundary": BOUNDARY}),
    ("delete_role_permissions_boundary", {}),
    ("delete_role", {}),
])
def test_role_operations_on_missing_role(iam, op, kw):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        getattr(iam, op)(RoleName="ghost", **kw)


def test_put_and_delete_role_permissions_boundary(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary=BOUNDARY)
    assert iam.get_role(RoleName="r")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"] \
        == BOUNDARY
    iam.delete_role_permissions_boundary(RoleName="r")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="r")["Role"]
    iam.delete_role_permissions_boundary(RoleName="r")  # none set: still succeeds


def test_put_role_permissions_boundary_errors(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    missing = "arn:aws:iam::123456789012:policy/nope"
    with raises_aws("NoSuchEntity", f"Scope ARN: {missing} does not exist or is not attachable.",
                    status=404):
        iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary=missing)
    bad = "not-an-arn-at-all-really"
    with raises_aws("InvalidInput", f"ARN {bad} is not valid."):
        iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary=bad)
    assert "PermissionsBoundary" not in iam.get_role(RoleName="r")["Role"]
