"""IAM groups: create, get (with members), list, rename/move, delete, membership."""

from __future__ import annotations

import pytest

from .helpers import raises_aws


def test_create_group_returns_the_group(iam):
    g = iam.create_group(GroupName="admins", Path="/ops/")["Group"]
    assert g["GroupName"] == "admins" and g["Path"] == "/ops/"
    assert g["Arn"] == "arn:aws:iam::123456789012:group/ops/admins"
    assert g["GroupId"].startswith("AGPA") and len(g["GroupId"]) == 21
    assert set(g) == {"Path", "GroupName", "GroupId", "Arn", "CreateDate"}
    assert g["CreateDate"].tzinfo is not None


def test_create_group_default_path(iam):
    assert iam.create_group(GroupName="g")["Group"]["Path"] == "/"


def test_create_group_duplicate_regardless_of_case(iam):
    iam.create_group(GroupName="Admins")
    with raises_aws("EntityAlreadyExists", "Group with name admins already exists.", status=409):
        iam.create_group(GroupName="admins")
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["Admins"]


def test_create_group_quota(iam_mock, iam):
    iam_mock.account.quotas._values["Groups"] = 2
    iam.create_group(GroupName="a")
    iam.create_group(GroupName="b")
    with raises_aws("LimitExceeded", "Cannot exceed quota for GroupsPerAccount: 2", status=409):
        iam.create_group(GroupName="c")
    assert len(iam.list_groups()["Groups"]) == 2


def test_create_group_invalid_name(iam):
    with raises_aws("ValidationError"):
        iam.create_group(GroupName="bad name")


def test_get_group_lists_members(iam):
    iam.create_group(GroupName="g")
    for name in ("carol", "alice", "bob"):
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="g", UserName=name)
    out = iam.get_group(GroupName="g")
    assert out["Group"]["GroupName"] == "g"
    assert [u["UserName"] for u in out["Users"]] == ["alice", "bob", "carol"]
    assert out["Users"][0]["Arn"] == "arn:aws:iam::123456789012:user/alice"
    assert out["IsTruncated"] is False


def test_get_group_paginates_users(iam):
    iam.create_group(GroupName="g")
    names = [f"u{i:02}" for i in range(7)]
    for n in names:
        iam.create_user(UserName=n)
        iam.add_user_to_group(GroupName="g", UserName=n)
    first = iam.get_group(GroupName="g", MaxItems=3)
    assert first["IsTruncated"] is True and len(first["Users"]) == 3
    second = iam.get_group(GroupName="g", MaxItems=3, Marker=first["Marker"])
    assert [u["UserName"] for u in second["Users"]] == names[3:6]
    pages = iam.get_paginator("get_group").paginate(GroupName="g", PaginationConfig={"PageSize": 2})
    assert [u["UserName"] for page in pages for u in page["Users"]] == names


def test_get_group_missing(iam):
    with raises_aws("NoSuchEntity", "The group with name ghost cannot be found.", status=404):
        iam.get_group(GroupName="ghost")


def test_list_groups_order_prefix_and_pages(iam):
    for name, path in (("b", "/x/"), ("a", "/"), ("c", "/x/y/")):
        iam.create_group(GroupName=name, Path=path)
    assert [g["GroupName"] for g in iam.list_groups()["Groups"]] == ["a", "b", "c"]
    assert [g["GroupName"] for g in iam.list_groups(PathPrefix="/x/")["Groups"]] == ["b", "c"]
    assert [g["GroupName"] for g in iam.list_groups(PathPrefix="/x/y")["Groups"]] == ["c"]
    page = iam.list_groups(MaxItems=2)
    assert page["IsTruncated"] is True
    rest = iam.list_groups(Marker=page["Marker"])
    assert [g["GroupName"] for g in rest["Groups"]] == ["c"]
    pages = iam.get_paginator("list_groups").paginate(PaginationConfig={"PageSize": 1})
    assert [g["GroupName"] for p in pages for g in p["Groups"]] == ["a", "b", "c"]


def test_update_group_renames_and_moves(iam):
    iam.create_group(GroupName="old")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="old", UserName="u")
    iam.update_group(GroupName="old", NewGroupName="new", NewPath="/p/")
    g = iam.get_group(GroupName="new")
    assert g["Group"]["Arn"] == "arn:aws:iam::123456789012:group/p/new"
    assert [u["UserName"] for u in g["Users"]] == ["u"]
    assert [x["GroupName"] for x in iam.list_groups_for_user(UserName="u")["Groups"]] == ["new"]
    with raises_aws("NoSuchEntity"):
        iam.get_group(GroupName="old")


def test_update_group_path_only_and_case_change(iam):
    iam.create_group(GroupName="g")
    iam.update_group(GroupName="g", NewPath="/q/")
    assert iam.get_group(GroupName="g")["Group"]["Path"] == "/q/"
    iam.update_group(GroupName="g", NewGroupName="G")
    assert iam.get_group(GroupName="g")["Group"]["GroupName"] == "G"


def test_update_group_to_existing_name(iam):
    iam.create_group(GroupName="a")
    iam.create_group(GroupName="b")
    with raises_aws("EntityAlreadyExists", "Group with name A already exists."):
        iam.update_group(GroupName="b", NewGroupName="A", NewPath="/z/")
    assert iam.get_group(GroupName="b")["Group"]["Path"] == "/"


def test_update_group_missing(iam):
    with raises_aws("NoSuchEntity", "The group with name ghost cannot be found."):
        iam.update_group(GroupName="ghost", NewGroupName="x")


def test_delete_group(iam):
    iam.create_group(GroupName="g")
    iam.delete_group(GroupName="g")
    with raises_aws("NoSuchEntity"):
        iam.get_group(GroupName="g")
    with raises_aws("NoSuchEntity", "The group with name g cannot be found."):
        iam.delete_group(GroupName="g")


def test_delete_group_with_members_conflicts(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="g", UserName="u")
    with raises_aws("DeleteConflict", "Cannot delete entity, must remove users from group first.",
                    status=409):
        iam.delete_group(GroupName="g")
    assert iam.get_group(GroupName="g")["Users"][0]["UserName"] == "u"
    iam.remove_user_from_group(GroupName="g", UserName="u")
    iam.delete_group(GroupName="g")


@pytest.mark.parametrize("field,message", [
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
])
def test_delete_group_with_policies_conflicts(iam_mock, iam, field, message):
    from iamsim.model.groups import GroupState

    iam.create_group(GroupName="g")
    group = iam_mock.account.state(GroupState).groups.get("g")
    # Put directly what the group-policy operations (another module) would store.
    getattr(group, field)["arn:aws:iam::aws:policy/ReadOnlyAccess"] = None
    with raises_aws("DeleteConflict", message):
        iam.delete_group(GroupName="g")
    assert iam.get_group(GroupName="g")


def test_add_and_remove_membership_both_sides(iam):
    iam.create_group(GroupName="g1")
    iam.create_group(GroupName="g2")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="g2", UserName="u")
    iam.add_user_to_group(GroupName="g1", UserName="u")
    iam.add_user_to_group(GroupName="g1", UserName="u")  # again: no error, no duplicate
    groups = iam.list_groups_for_user(UserName="u")
    assert [g["GroupName"] for g in groups["Groups"]] == ["g1", "g2"]
    assert groups["IsTruncated"] is False
    assert len(iam.get_group(GroupName="g1")["Users"]) == 1
    iam.remove_user_from_group(GroupName="g1", UserName="u")
    assert iam.get_group(GroupName="g1")["Users"] == []
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="u")["Groups"]] == ["g2"]


def test_user_in_group_cannot_be_deleted(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="g", UserName="u")
    with raises_aws("DeleteConflict", "Cannot delete entity, must remove users from group first."):
        iam.delete_user(UserName="u")
    iam.remove_user_from_group(GroupName="g", UserName="u")
    iam.delete_user(UserName="u")
    assert iam.get_group(GroupName="g")["Users"] == []


def test_add_user_to_group_quota(iam):
    iam.create_user(UserName="u")
    for i in range(10):
        iam.create_group(GroupName=f"g{i}")
        iam.add_user_to_group(GroupName=f"g{i}", UserName="u")
    iam.create_group(GroupName="g10")
    with raises_aws("LimitExceeded", "Cannot exceed quota for GroupsPerUser: 10", status=409):
        iam.add_user_to_group(GroupName="g10", UserName="u")
    assert iam.get_group(GroupName="g10")["Users"] == []
    assert len(iam.list_groups_for_user(UserName="u")["Groups"]) == 10


def test_add_user_to_group_missing_entities(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    with raises_aws("NoSuchEntity", "The group with name nope cannot be found."):
        iam.add_user_to_group(GroupName="nope", UserName="u")
    with raises_aws("NoSuchEntity", "The user with name nobody cannot be found."):
        iam.add_user_to_group(GroupName="g", UserName="nobody")
    assert iam.list_groups_for_user(UserName="u")["Groups"] == []


def test_remove_user_from_group_errors(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    with raises_aws("NoSuchEntity", "The group with name nope cannot be found."):
        iam.remove_user_from_group(GroupName="nope", UserName="u")
    with raises_aws("NoSuchEntity", "The user with name nobody cannot be found."):
        iam.remove_user_from_group(GroupName="g", UserName="nobody")
    # Neither exists: the user is reported (recorded 2026).
    with raises_aws("NoSuchEntity", "The user with name nobody cannot be found."):
        iam.remove_user_from_group(GroupName="nope", UserName="nobody")


def test_remove_user_who_is_not_a_member_succeeds(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    iam.remove_user_from_group(GroupName="g", UserName="u")
    iam.add_user_to_group(GroupName="g", UserName="u")
    iam.remove_user_from_group(GroupName="g", UserName="u")
    iam.remove_user_from_group(GroupName="g", UserName="u")
    assert iam.list_groups_for_user(UserName="u")["Groups"] == []
    assert iam.get_group(GroupName="g")["Users"] == []


def test_list_groups_for_user_pages_and_missing_user(iam):
    iam.create_user(UserName="u")
    for name in ("c", "a", "b"):
        iam.create_group(GroupName=name)
        iam.add_user_to_group(GroupName=name, UserName="u")
    first = iam.list_groups_for_user(UserName="u", MaxItems=2)
    assert [g["GroupName"] for g in first["Groups"]] == ["a", "b"] and first["IsTruncated"]
    rest = iam.list_groups_for_user(UserName="u", Marker=first["Marker"])
    assert [g["GroupName"] for g in rest["Groups"]] == ["c"]
    pages = iam.get_paginator("list_groups_for_user").paginate(
        UserName="u", PaginationConfig={"PageSize": 1})
    assert [g["GroupName"] for p in pages for g in p["Groups"]] == ["a", "b", "c"]
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.list_groups_for_user(UserName="ghost")


def test_renamed_user_still_member(iam):
    iam.create_group(GroupName="g")
    iam.create_user(UserName="u")
    iam.add_user_to_group(GroupName="g", UserName="u")
    iam.update_user(UserName="u", NewUserName="v")
    assert [u["UserName"] for u in iam.get_group(GroupName="g")["Users"]] == ["v"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="v")["Groups"]] == ["g"]
