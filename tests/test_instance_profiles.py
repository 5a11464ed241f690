"""Instance profiles: create, get, list, delete, one role per profile, tags."""

from __future__ import annotations

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


def test_create_instance_profile_returns_it(iam):
    p = iam.create_instance_profile(InstanceProfileName="web", Path="/p/", Tags=TAGS)
    ip = p["InstanceProfile"]
    assert ip["InstanceProfileName"] == "web" and ip["Path"] == "/p/"
    assert ip["Arn"] == "arn:aws:iam::123456789012:instance-profile/p/web"
    assert ip["InstanceProfileId"].startswith("AIPA") and len(ip["InstanceProfileId"]) == 21
    assert ip["Roles"] == [] and ip["Tags"] == TAGS


def test_create_instance_profile_minimal(iam):
    ip = iam.create_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert ip["Path"] == "/" and "Tags" not in ip


def test_create_instance_profile_duplicate_regardless_of_case(iam):
    iam.create_instance_profile(InstanceProfileName="Web")
    with raises_aws("EntityAlreadyExists", "Instance Profile web already exists.", status=409):
        iam.create_instance_profile(InstanceProfileName="web")


def test_create_instance_profile_quota(iam_mock, iam):
    iam_mock.account.quotas._values["InstanceProfiles"] = 1
    iam.create_instance_profile(InstanceProfileName="a")
    with raises_aws("LimitExceeded", "Cannot exceed quota for InstanceProfilesPerAccount: 1", status=409):
        iam.create_instance_profile(InstanceProfileName="b")
    assert len(iam.list_instance_profiles()["InstanceProfiles"]) == 1


def test_create_instance_profile_bad_tags_creates_nothing(iam):
    with raises_aws("InvalidInput", match="Duplicate tag keys"):
        iam.create_instance_profile(
            InstanceProfileName="p", Tags=[{"Key": "k", "Value": "1"}, {"Key": "K", "Value": "2"}])
    assert iam.list_instance_profiles()["InstanceProfiles"] == []


def test_get_instance_profile_with_role(iam):
    iam.create_instance_profile(InstanceProfileName="web", Tags=TAGS)
    role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Description="d")["Role"]
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="r")
    ip = iam.get_instance_profile(InstanceProfileName="WEB")["InstanceProfile"]
    assert ip["Tags"] == TAGS
    assert len(ip["Roles"]) == 1
    r = ip["Roles"][0]
    assert r["RoleName"] == "r" and r["RoleId"] == role["RoleId"] and r["Arn"] == role["Arn"]
    assert r["AssumeRolePolicyDocument"] == TRUST_DOC


def test_get_instance_profile_missing(iam):
    with raises_aws("NoSuchEntity", "Instance Profile ghost cannot be found.", status=404):
        iam.get_instance_profile(InstanceProfileName="ghost")


def test_list_instance_profiles_order_prefix_pages(iam):
    for name, path in (("b", "/x/"), ("a", "/"), ("c", "/x/y/")):
        iam.create_instance_profile(InstanceProfileName=name, Path=path, Tags=TAGS)
    profiles = iam.list_instance_profiles()["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in profiles] == ["a", "b", "c"]
    assert "Tags" not in profiles[0]  # listings leave tags out
    prefixed = iam.list_instance_profiles(PathPrefix="/x/")["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in prefixed] == ["b", "c"]
    first = iam.list_instance_profiles(MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_instance_profiles(Marker=first["Marker"])["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in rest] == ["c"]
    pages = iam.get_paginator("list_instance_profiles").paginate(PaginationConfig={"PageSize": 1})
    assert [p["InstanceProfileName"] for pg in pages for p in pg["InstanceProfiles"]] == \
        ["a", "b", "c"]


def test_list_instance_profiles_for_role(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=TRUST)
    for name in ("c", "a", "b", "z"):
        iam.create_instance_profile(InstanceProfileName=name)
    for name in ("c", "a", "b"):
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName="r")
    iam.add_role_to_instance_profile(InstanceProfileName="z", RoleName="other")
    out = iam.list_instance_profiles_for_role(RoleName="r")
    assert [p["InstanceProfileName"] for p in out["InstanceProfiles"]] == ["a", "b", "c"]
    assert out["InstanceProfiles"][0]["Roles"][0]["RoleName"] == "r"
    first = iam.list_instance_profiles_for_role(RoleName="r", MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_instance_profiles_for_role(RoleName="r", Marker=first["Marker"])
    assert [p["InstanceProfileName"] for p in rest["InstanceProfiles"]] == ["c"]
    pages = iam.get_paginator("list_instance_profiles_for_role").paginate(
        RoleName="r", PaginationConfig={"PageSize": 1})
    assert len([p for pg in pages for p in pg["InstanceProfiles"]]) == 3
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.list_instance_profiles_for_role(RoleName="ghost")


def test_one_role_per_instance_profile(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.create_role(RoleName="r1", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="r2", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r1")
    msg = "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    with raises_aws("LimitExceeded", msg, status=409):
        iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r2")
    with raises_aws("LimitExceeded", msg):
        iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r1")
    roles = iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Roles"]
    assert [r["RoleName"] for r in roles] == ["r1"]
    assert iam.list_instance_profiles_for_role(RoleName="r2")["InstanceProfiles"] == []


def test_add_role_missing_entities(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with raises_aws("NoSuchEntity", "Instance Profile nope cannot be found."):
        iam.add_role_to_instance_profile(InstanceProfileName="nope", RoleName="r")
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="ghost")
    assert iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Roles"] == []


def test_remove_role_from_instance_profile(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
    iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="r")
    assert iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Roles"] == []
    assert iam.list_instance_profiles_for_role(RoleName="r")["InstanceProfiles"] == []
    with raises_aws("NoSuchEntity", "The role with name r cannot be found."):
        iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="r")
    with raises_aws("NoSuchEntity", "Instance Profile nope cannot be found."):
        iam.remove_role_from_instance_profile(InstanceProfileName="nope", RoleName="r")
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found."):
        iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="ghost")


def test_delete_instance_profile(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.delete_instance_profile(InstanceProfileName="p")
    with raises_aws("NoSuchEntity", "Instance Profile p cannot be found."):
        iam.delete_instance_profile(InstanceProfileName="p")
    iam.create_instance_profile(InstanceProfileName="p")


def test_delete_instance_profile_with_role_conflicts(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
    with raises_aws("DeleteConflict",
                    "Cannot delete entity, must remove roles from instance profile first.",
                    status=409):
        iam.delete_instance_profile(InstanceProfileName="p")
    assert iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Roles"]
    iam.remove_role_from_instance_profile(InstanceProfileName="p", RoleName="r")
    iam.delete_instance_profile(InstanceProfileName="p")
    iam.delete_role(RoleName="r")


def test_tag_untag_list_instance_profile_tags(iam):
    iam.create_instance_profile(InstanceProfileName="p", Tags=TAGS)
    iam.tag_instance_profile(InstanceProfileName="p", Tags=[{"Key": "a", "Value": "1"}])
    out = iam.list_instance_profile_tags(InstanceProfileName="p")
    assert out["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "env", "Value": "dev"},
                           {"Key": "team", "Value": "core"}]
    first = iam.list_instance_profile_tags(InstanceProfileName="p", MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_instance_profile_tags(InstanceProfileName="p", Marker=first["Marker"])
    assert rest["Tags"] == [{"Key": "team", "Value": "core"}]
    iam.untag_instance_profile(InstanceProfileName="p", TagKeys=["TEAM", "a"])
    assert iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Tags"] == \
        [{"Key": "env", "Value": "dev"}]


def test_tag_instance_profile_quota_changes_nothing(iam):
    iam.create_instance_profile(InstanceProfileName="p",
                                Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_instance_profile(InstanceProfileName="p", Tags=[{"Key": "x", "Value": "1"}])
    assert len(iam.list_instance_profile_tags(InstanceProfileName="p")["Tags"]) == 50


@pytest.mark.parametrize("op,kw", [
    ("tag_instance_profile", {"Tags": TAGS}),
    ("untag_instance_profile", {"TagKeys": ["team"]}),
    ("list_instance_profile_tags", {}),
    ("delete_instance_profile", {}),
])
def test_instance_profile_operations_on_missing_profile(iam, op, kw):
    with raises_aws("NoSuchEntity", "Instance Profile ghost cannot be found."):
        getattr(iam, op)(InstanceProfileName="ghost", **kw)


def test_profile_shows_its_role_after_the_role_changes(iam):
    iam.create_instance_profile(InstanceProfileName="p")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="r")
    iam.update_role_description(RoleName="r", Description="now described")
    roles = iam.get_instance_profile(InstanceProfileName="p")["InstanceProfile"]["Roles"]
    assert roles[0]["RoleName"] == "r"


def test_get_instance_profile_without_tags_has_an_empty_list(iam):
    created = iam.create_instance_profile(InstanceProfileName="bare")["InstanceProfile"]
    assert "Tags" not in created
    got = iam.get_instance_profile(InstanceProfileName="bare")["InstanceProfile"]
    assert got["Tags"] == []  # recorded 2026
