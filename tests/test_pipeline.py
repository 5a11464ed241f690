"""The request pipeline: validation, errors, pagination, time, IDs, threads, both paths."""

from __future__ import annotations

import datetime
import re
import threading

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iamsim import mock_iam
from iamsim.dispatch import HANDLERS, load_handlers

from .helpers import raises_aws

NAME_RE = re.compile(r"[\w+=,.@-]+", re.ASCII)


def test_validation_error_message_format(iam):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'userName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+",
        status=400,
    ):
        iam.create_user(UserName="bad name")


def test_iam_reports_a_list_of_scalars_at_list_level(iam):
    # Recorded from AWS (2026): UntagPolicy with a 129-character key.
    iam.create_user(UserName="a")
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'tagKeys' failed to satisfy constraint: Member "
        "must satisfy constraint: [Member must have length less than or equal to 128, Member "
        "must have length greater than or equal to 1, Member must satisfy regular expression "
        "pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+, Member must not be null]",
    ):
        iam.untag_user(UserName="a", TagKeys=["ok", "k" * 129, "bad!"])


def test_iam_lists_structures_member_by_member(iam):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value at 'tags.2.member.value' failed to satisfy "
        "constraint: Member must have length less than or equal to 256",
    ):
        iam.create_user(UserName="a", Tags=[{"Key": "k", "Value": "v"},
                                            {"Key": "l", "Value": "v" * 257}])


def test_sts_messages_still_quote_the_value(sts):
    with raises_aws(
        "ValidationError",
        "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    ):
        sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="a b")


def test_validation_lists_every_violation_in_one_error(iam):
    with raises_aws("ValidationError") as info:
        iam.create_user(UserName="x" * 65 + " ", Path="no-slashes")
    msg = info.value.response["Error"]["Message"]
    assert msg.startswith("3 validation errors detected: ")
    assert "at 'path' failed to satisfy constraint: Member must satisfy regular expression" in msg
    assert "at 'userName' failed to satisfy constraint: Member must have length less than or " \
           "equal to 64" in msg
    assert msg.count("; ") == 2


def test_numeric_range_validation(iam):
    with raises_aws("ValidationError",
                    "1 validation error detected: Value at 'maxItems' failed to satisfy "
                    "constraint: Member must have value less than or equal to 1000"):
        iam.list_users(MaxItems=1001)


def test_nested_member_validation_names_the_path(iam):
    with raises_aws("ValidationError", match=r"at 'tags\.1\.member\.key' failed"):
        iam.create_user(UserName="a", Tags=[{"Key": "bad key!", "Value": "v"}])


def test_enum_validation(iam):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]["AccessKeyId"]
    # IAM names no allowed values (recorded 2025-2026).
    with raises_aws("ValidationError",
                    "1 validation error detected: Value at 'status' failed to satisfy constraint: "
                    "Member must satisfy enum value set"):
        iam.update_access_key(UserName="a", AccessKeyId=key, Status="Paused")


def test_sensitive_values_are_not_echoed(iam):
    iam.create_user(UserName="a")
    with raises_aws("ValidationError") as info:
        iam.create_login_profile(UserName="a", Password="P" * 129)
    assert "PPPP" not in info.value.response["Error"]["Message"]
    assert "Value at 'password'" in info.value.response["Error"]["Message"]


def test_botocore_client_side_checks_still_apply(iam):
    with pytest.raises(ParamValidationError):
        iam.create_user()


def test_validation_failure_changes_nothing(iam):
    with raises_aws("ValidationError"):
        iam.create_user(UserName="ok", Path="bad")
    assert iam.list_users()["Users"] == []


def test_modelled_exceptions_are_raised(iam):
    with pytest.raises(iam.exceptions.NoSuchEntityException) as info:
        iam.get_user(UserName="ghost")
    resp = info.value.response
    assert resp["Error"] == {"Type": "Sender", "Code": "NoSuchEntity",
                             "Message": "The user with name ghost cannot be found."}
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert re.fullmatch(r"[0-9a-f-]{36}", resp["ResponseMetadata"]["RequestId"])


def test_not_implemented_operation(iam, monkeypatch):
    load_handlers()
    monkeypatch.delitem(HANDLERS, ("iam", "ListUsers"))
    with raises_aws("NotImplemented", status=501) as info:
        iam.list_users()
    assert "ListUsers" in info.value.response["Error"]["Message"]


def test_error_classes_match_the_model():
    """Every error class's code and HTTP status is the one botocore's model declares."""
    import botocore.session

    import iamsim.errors as errors

    shapes = {}
    for svc in ("iam", "sts"):
        model = botocore.session.get_session().get_service_model(svc)
        for name in model.shape_names:
            meta = model.shape_for(name).metadata.get("error")
            if meta:
                shapes[meta["code"]] = meta.get("httpStatusCode")
    checked = 0
    for obj in vars(errors).values():
        if isinstance(obj, type) and issubclass(obj, errors.IAMError) and obj.code in shapes:
            assert obj.status == shapes[obj.code], obj
            checked += 1
    assert checked >= 10


# -- pagination -------------------------------------------------------------------------------

def test_pagination_max_items_and_marker(iam):
    for i in range(7):
        iam.create_user(UserName=f"user{i}")
    first = iam.list_users(MaxItems=3)
    assert first["IsTruncated"] is True and len(first["Users"]) == 3
    second = iam.list_users(MaxItems=3, Marker=first["Marker"])
    third = iam.list_users(MaxItems=3, Marker=second["Marker"])
    assert third["IsTruncated"] is False and "Marker" not in third
    names = [u["UserName"] for page in (first, second, third) for u in page["Users"]]
    assert names == [f"user{i}" for i in range(7)]


def test_default_page_size_is_100(iam):
    for i in range(101):
        iam.create_user(UserName=f"u{i:03d}")
    page = iam.list_users()
    assert len(page["Users"]) == 100 and page["IsTruncated"] is True


def test_boto3_paginator(iam):
    for i in range(25):
        iam.create_user(UserName=f"p{i:02d}")
    pages = list(iam.get_paginator("list_users").paginate(PaginationConfig={"PageSize": 10}))
    assert [len(p["Users"]) for p in pages] == [10, 10, 5]
    result = iam.get_paginator("list_users").paginate().build_full_result()
    assert len(result["Users"]) == 25


def test_marker_survives_deletion_of_the_next_item(iam):
    for n in ("a", "b", "c", "d"):
        iam.create_user(UserName=n)
    page = iam.list_users(MaxItems=2)
    iam.delete_user(UserName="c")  # the item the marker points at
    rest = iam.list_users(Marker=page["Marker"])
    assert [u["UserName"] for u in rest["Users"]] == ["d"]


def test_invalid_marker(iam):
    with raises_aws("ValidationError", "Invalid Marker.", status=400):
        iam.list_users(Marker="not-a-marker")


# -- time and identifiers ---------------------------------------------------------------------

def test_timestamps_follow_freezegun(iam):
    with freeze_time("2030-05-06 07:08:09"):
        created = iam.create_user(UserName="frozen")["User"]["CreateDate"]
    assert created == datetime.datetime(2030, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    assert created.tzinfo is not None
    with freeze_time("2031-01-01"):
        assert iam.get_user(UserName="frozen")["User"]["CreateDate"] == created


def test_ids_have_aws_formats(iam):
    user = iam.create_user(UserName="a")["User"]
    key = iam.create_access_key(UserName="a")["AccessKey"]
    assert re.fullmatch(r"AIDA[A-Z2-7]{17}", user["UserId"])
    assert re.fullmatch(r"AKIA[A-Z2-7]{16}", key["AccessKeyId"])
    assert re.fullmatch(r"[A-Za-z0-9+/]{40}", key["SecretAccessKey"])


# -- concurrency and both paths ----------------------------------------------------------------

def test_concurrent_clients_in_threads(iam_mock):
    errors: list[Exception] = []

    def worker(n: int) -> None:
        client = boto3.client("iam", region_name="us-east-1")
        try:
            for i in range(20):
                client.create_user(UserName=f"t{n}-{i}")
                try:
                    client.create_user(UserName="contended")
                except ClientError as e:
                    assert e.response["Error"]["Code"] == "EntityAlreadyExists"
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    users = boto3.client("iam").get_paginator("list_users").paginate().build_full_result()
    assert len(users["Users"]) == 81


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_both_paths_run_the_example(path):
    with mock_iam(path=path):
        iam = boto3.client("iam")
        iam.create_user(UserName="alice", Path="/eng/", Tags=[{"Key": "team", "Value": "core"}])
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        sts = boto3.client("sts", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
        assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/eng/alice"


def test_path_from_environment(monkeypatch):
    monkeypatch.setenv("IAMSIM_PATH", "wire")
    with mock_iam() as sim:
        assert sim.path == "wire"
        resp = boto3.client("iam").list_users()
        assert "content-length" in resp["ResponseMetadata"]["HTTPHeaders"]


# -- property-based: names, paths, tags --------------------------------------------------------

name_chars = st.sampled_from("abcXYZ019_+=,.@- !#é")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(name_chars, min_size=1, max_size=70))
def test_user_names_accepted_exactly_when_aws_accepts_them(iam, name):
    valid = len(name) <= 64 and NAME_RE.fullmatch(name) is not None
    try:
        iam.create_user(UserName=name)
        created = True
    except ClientError as e:
        assert e.response["Error"]["Code"] in ("ValidationError", "EntityAlreadyExists")
        created = e.response["Error"]["Code"] == "EntityAlreadyExists"
    assert created == valid
    if valid:
        iam.delete_user(UserName=name)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.text(st.sampled_from("/ab~\x7f é"), min_size=1, max_size=12))
def test_paths_accepted_exactly_when_aws_accepts_them(iam, path):
    valid = re.fullmatch(r"(\u002F)|(\u002F[\u0021-\u007E]+\u002F)", path) is not None
    try:
        iam.create_user(UserName="p", Path=path)
        iam.delete_user(UserName="p")
        ok = True
    except ClientError as e:
        assert e.response["Error"]["Code"] == "ValidationError"
        ok = False
    assert ok == valid


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.text(st.sampled_from("ab:/=+-@_. é!#"), min_size=1, max_size=10),
       value=st.text(st.sampled_from("ab:/=+-@_. é!#"), max_size=10))
def test_tag_keys_and_values(iam, key, value):
    pattern = re.compile(r"[\w\s_.:/=+\-@]*")
    valid = (pattern.fullmatch(key) is not None and pattern.fullmatch(value) is not None
             and not key.lower().startswith("aws:"))
    try:
        iam.create_user(UserName="t", Tags=[{"Key": key, "Value": value}])
        assert iam.list_user_tags(UserName="t")["Tags"] == [{"Key": key, "Value": value}]
        iam.delete_user(UserName="t")
        ok = True
    except ClientError as e:
        assert e.response["Error"]["Code"] in ("ValidationError", "InvalidInput")
        ok = False
    assert ok == valid


def test_first_use_under_freezegun_leaves_iamsim_usable_afterwards(pytester):
    """Models first built while the clock is frozen must still take real datetimes later."""
    pytester.makepyfile(
        """
        import boto3
        from freezegun import freeze_time
        from iamsim import mock_iam

        def test_frozen_first_then_real():
            with freeze_time("2030-01-01"), mock_iam():
                iam = boto3.client("iam", region_name="us-east-1")
                iam.create_user(UserName="a")
                iam.create_group(GroupName="g")
                iam.create_access_key(UserName="a")
            with mock_iam():
                iam = boto3.client("iam", region_name="us-east-1")
                iam.create_user(UserName="a")
                iam.create_group(GroupName="g")
                iam.create_access_key(UserName="a")
                iam.create_virtual_mfa_device(VirtualMFADeviceName="m")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
