"""IAM users: CreateUser, GetUser, ListUsers, UpdateUser, DeleteUser, tags, boundaries."""

from __future__ import annotations

import boto3
import pytest

from iamsim import mock_iam

from .helpers import raises_aws

TAGS = [{"Key": "team", "Value": "core"}]


def test_create_user_returns_the_user(iam):
    user = iam.create_user(UserName="alice", Path="/eng/", Tags=TAGS)["User"]
    assert user["UserName"] == "alice" and user["Path"] == "/eng/"
    assert user["Arn"] == "arn:aws:iam::123456789012:user/eng/alice"
    assert user["Tags"] == TAGS
    assert "PermissionsBoundary" not in user and "PasswordLastUsed" not in user


def test_create_user_default_path(iam):
    assert iam.create_user(UserName="a")["User"]["Path"] == "/"


def test_create_user_duplicate_regardless_of_case(iam):
    iam.create_user(UserName="Alice")
    with raises_aws("EntityAlreadyExists", "User with name alice already exists.", status=409):
        iam.create_user(UserName="alice")


def test_create_user_quota(iam_mock):
    iam = boto3.client("iam")
    iam_mock.account.quotas._values["Users"] = 3  # a small account for the test
    for i in range(3):
        iam.create_user(UserName=f"u{i}")
    with raises_aws("LimitExceeded", "Cannot exceed quota for UsersPerAccount: 3"):
        iam.create_user(UserName="one-too-many")
    assert len(iam.list_users()["Users"]) == 3


def test_create_user_with_unknown_boundary_fails_and_creates_nothing(iam):
    arn = "arn:aws:iam::123456789012:policy/missing"
    with raises_aws("NoSuchEntity", f"Scope ARN: {arn} does not exist or is not attachable."):
        iam.create_user(UserName="a", PermissionsBoundary=arn)
    with raises_aws("NoSuchEntity"):
        iam.get_user(UserName="a")


def test_create_user_boundary_must_be_an_arn(iam):
    with raises_aws("InvalidInput", "ARN not-an-arn-at-all-really is not valid."):
        iam.create_user(UserName="a", PermissionsBoundary="not-an-arn-at-all-really")


def test_create_user_duplicate_tag_keys(iam):
    with raises_aws("InvalidInput", match="Duplicate tag keys"):
        iam.create_user(UserName="a", Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])


def test_create_user_too_many_tags(iam):
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    with raises_aws("ValidationError", match="Member must have length less than or equal to 50"):
        iam.create_user(UserName="a", Tags=tags)


def test_get_user_by_name(iam):
    iam.create_user(UserName="alice", Tags=TAGS)
    user = iam.get_user(UserName="ALICE")["User"]  # lookups ignore case
    assert user["UserName"] == "alice" and user["Tags"] == TAGS


def test_get_user_without_name_as_root(iam):
    user = iam.get_user()["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:root"
    assert user["UserId"] == "123456789012"
    assert "UserName" not in user


def test_get_user_without_name_is_the_signing_user(iam, client_for):
    iam.create_user(UserName="alice", Path="/p/")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    me = client_for(key).get_user()["User"]
    assert me["UserName"] == "alice" and me["Path"] == "/p/"


def test_get_user_missing(iam):
    with raises_aws("NoSuchEntity", "The user with name bob cannot be found.", status=404):
        iam.get_user(UserName="bob")


def test_list_users_path_prefix_and_order(iam):
    for name, path in [("b", "/eng/"), ("A", "/eng/dev/"), ("c", "/ops/")]:
        iam.create_user(UserName=name, Path=path)
    everyone = [u["UserName"] for u in iam.list_users()["Users"]]
    assert everyone == ["A", "b", "c"]
    eng = [u["UserName"] for u in iam.list_users(PathPrefix="/eng/")["Users"]]
    assert eng == ["A", "b"]
    assert "Tags" not in iam.list_users()["Users"][0]


def test_list_users_leaves_out_boundary_and_tags(iam):
    """ListUsers documents that it does not return PermissionsBoundary or Tags."""
    arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    iam.create_user(UserName="a", PermissionsBoundary=arn, Tags=TAGS)
    listed = iam.list_users()["Users"][0]
    assert listed["UserName"] == "a"
    assert "PermissionsBoundary" not in listed and "Tags" not in listed
    assert iam.get_user(UserName="a")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn


def test_list_users_empty(iam):
    resp = iam.list_users()
    assert resp["Users"] == [] and resp["IsTruncated"] is False


def test_update_user_rename_and_move(iam):
    iam.create_user(UserName="bob", Tags=TAGS)
    iam.update_user(UserName="bob", NewUserName="robert", NewPath="/new/")
    user = iam.get_user(UserName="robert")["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:user/new/robert"
    assert user["Tags"] == TAGS
    with raises_aws("NoSuchEntity"):
        iam.get_user(UserName="bob")


def test_update_user_keeps_credentials_working(iam, client_for):
    iam.create_user(UserName="bob")
    key = iam.create_access_key(UserName="bob")["AccessKey"]
    iam.update_user(UserName="bob", NewUserName="robert")
    assert client_for(key).get_user()["User"]["UserName"] == "robert"
    assert iam.list_access_keys(UserName="robert")["AccessKeyMetadata"][0]["UserName"] == "robert"


def test_update_user_change_case_of_own_name(iam):
    iam.create_user(UserName="bob")
    iam.update_user(UserName="bob", NewUserName="Bob")
    assert iam.get_user(UserName="bob")["User"]["UserName"] == "Bob"


def test_update_user_to_existing_name(iam):
    iam.create_user(UserName="a")
    iam.create_user(UserName="b")
    with raises_aws("EntityAlreadyExists", "User with name A already exists."):
        iam.update_user(UserName="b", NewUserName="A")
    assert iam.get_user(UserName="b")["User"]["UserName"] == "b"


def test_update_user_missing(iam):
    with raises_aws("NoSuchEntity"):
        iam.update_user(UserName="nope", NewPath="/x/")


def test_delete_user(iam):
    iam.create_user(UserName="a")
    iam.delete_user(UserName="a")
    with raises_aws("NoSuchEntity"):
        iam.delete_user(UserName="a")
    iam.create_user(UserName="a")  # the name is free again


@pytest.mark.parametrize(
    "setup,message",
    [
        (lambda iam: iam.create_access_key(UserName="u"),
         "Cannot delete entity, must delete access keys first."),
        (lambda iam: iam.create_login_profile(UserName="u", Password="Sup3r!Secret"),
         "Cannot delete entity, must delete login profile first."),
    ],
)
def test_delete_user_conflicts(iam, setup, message):
    iam.create_user(UserName="u")
    setup(iam)
    with raises_aws("DeleteConflict", message, status=409):
        iam.delete_user(UserName="u")
    assert iam.get_user(UserName="u")["User"]["UserName"] == "u"


def test_tag_untag_list_user_tags(iam):
    iam.create_user(UserName="a", Tags=[{"Key": "z", "Value": "1"}])
    iam.tag_user(UserName="a", Tags=[{"Key": "b", "Value": "2"}, {"Key": "Z", "Value": "3"}])
    # keys match regardless of case: "Z" replaced "z"; the listing is sorted by key
    assert iam.list_user_tags(UserName="a")["Tags"] == [
        {"Key": "Z", "Value": "3"}, {"Key": "b", "Value": "2"}]
    iam.untag_user(UserName="a", TagKeys=["z", "missing"])
    assert iam.list_user_tags(UserName="a")["Tags"] == [{"Key": "b", "Value": "2"}]


def test_list_user_tags_pagination(iam):
    iam.create_user(UserName="a", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(5)])
    first = iam.list_user_tags(UserName="a", MaxItems=2)
    assert first["IsTruncated"] and len(first["Tags"]) == 2
    rest = iam.list_user_tags(UserName="a", Marker=first["Marker"])
    assert [t["Key"] for t in first["Tags"] + rest["Tags"]] == [f"k{i}" for i in range(5)]


def test_tag_quota_of_50(iam):
    iam.create_user(UserName="a", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_user(UserName="a", Tags=[{"Key": "one-more", "Value": "v"}])
    iam.tag_user(UserName="a", Tags=[{"Key": "k0", "Value": "overwrite"}])  # no growth: fine
    assert len(iam.list_user_tags(UserName="a")["Tags"]) == 50


def test_tag_key_with_aws_prefix_is_reserved(iam):
    iam.create_user(UserName="a")
    with raises_aws("InvalidInput"):
        iam.tag_user(UserName="a", Tags=[{"Key": "aws:owner", "Value": "x"}])


@pytest.mark.parametrize("op,kw", [
    ("tag_user", {"Tags": TAGS}),
    ("untag_user", {"TagKeys": ["team"]}),
    ("list_user_tags", {}),
    ("put_user_permissions_boundary",
     {"PermissionsBoundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
    ("delete_user_permissions_boundary", {}),
])
def test_user_operations_on_missing_user(iam, op, kw):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        getattr(iam, op)(UserName="ghost", **kw)


def test_permissions_boundary_missing_policy(iam):
    iam.create_user(UserName="a")
    arn = "arn:aws:iam::123456789012:policy/nope"
    with raises_aws("NoSuchEntity", f"Scope ARN: {arn} does not exist or is not attachable."):
        iam.put_user_permissions_boundary(UserName="a", PermissionsBoundary=arn)
    assert "PermissionsBoundary" not in iam.get_user(UserName="a")["User"]


def _has_policies() -> bool:
    from iamsim.dispatch import HANDLERS, load_handlers

    load_handlers()
    return ("iam", "CreatePolicy") in HANDLERS


@pytest.mark.skipif(not _has_policies(), reason="customer managed policies not implemented")
def test_permissions_boundary_with_customer_managed_policy(iam):
    doc = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    arn = iam.create_policy(PolicyName="bound", PolicyDocument=doc)["Policy"]["Arn"]
    iam.create_user(UserName="a", PermissionsBoundary=arn)
    assert iam.get_user(UserName="a")["User"]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "Policy", "PermissionsBoundaryArn": arn}
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_user_permissions_boundary(UserName="a")
    assert "PermissionsBoundary" not in iam.get_user(UserName="a")["User"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PermissionsBoundaryUsageCount"] == 0
    iam.put_user_permissions_boundary(UserName="a", PermissionsBoundary=arn)
    assert iam.get_user(UserName="a")["User"]["PermissionsBoundary"]["PermissionsBoundaryArn"] == arn


def test_account_id_option_shapes_arns():
    with mock_iam(account_id="000000000042"):
        arn = boto3.client("iam").create_user(UserName="x")["User"]["Arn"]
    assert arn == "arn:aws:iam::000000000042:user/x"
