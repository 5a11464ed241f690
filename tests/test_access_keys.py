"""Access keys: create, list, activate/deactivate, delete, last used; caller identity."""

from __future__ import annotations

import datetime

import boto3
from freezegun import freeze_time

from .helpers import raises_aws


def test_create_access_key(iam):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]
    assert key["UserName"] == "a" and key["Status"] == "Active"
    assert set(key) == {"UserName", "AccessKeyId", "Status", "SecretAccessKey", "CreateDate"}


def test_two_keys_per_user(iam):
    iam.create_user(UserName="a")
    iam.create_access_key(UserName="a")
    iam.create_access_key(UserName="a")
    with raises_aws("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", status=409):
        iam.create_access_key(UserName="a")
    assert len(iam.list_access_keys(UserName="a")["AccessKeyMetadata"]) == 2


def test_create_access_key_for_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.create_access_key(UserName="ghost")


def test_create_access_key_for_self(iam, client_for):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]
    second = client_for(key).create_access_key()["AccessKey"]
    assert second["UserName"] == "a"


def test_root_access_keys(iam):
    key = iam.create_access_key()["AccessKey"]
    assert "UserName" not in key
    listed = iam.list_access_keys()["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [key["AccessKeyId"]]


def test_list_access_keys_pagination_and_metadata(iam):
    iam.create_user(UserName="a")
    k1 = iam.create_access_key(UserName="a")["AccessKey"]
    k2 = iam.create_access_key(UserName="a")["AccessKey"]
    first = iam.list_access_keys(UserName="a", MaxItems=1)
    assert first["IsTruncated"] is True
    second = iam.list_access_keys(UserName="a", Marker=first["Marker"])
    ids = [m["AccessKeyId"] for m in first["AccessKeyMetadata"] + second["AccessKeyMetadata"]]
    assert ids == [k1["AccessKeyId"], k2["AccessKeyId"]]
    assert "SecretAccessKey" not in first["AccessKeyMetadata"][0]


def test_list_access_keys_missing_user(iam):
    with raises_aws("NoSuchEntity"):
        iam.list_access_keys(UserName="ghost")


def test_inactive_key_cannot_authenticate(iam, client_for):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]
    as_a = client_for(key)
    assert as_a.get_user()["User"]["UserName"] == "a"
    iam.update_access_key(UserName="a", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with raises_aws("InvalidClientTokenId",
                    "The security token included in the request is invalid.", status=403):
        as_a.get_user()
    with raises_aws("InvalidClientTokenId"):
        client_for(key, "sts").get_caller_identity()
    iam.update_access_key(UserName="a", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert as_a.get_user()["User"]["UserName"] == "a"


def test_update_access_key_errors(iam):
    iam.create_user(UserName="a")
    iam.create_user(UserName="b")
    key = iam.create_access_key(UserName="a")["AccessKey"]["AccessKeyId"]
    with raises_aws("NoSuchEntity", f"The Access Key with id {key} cannot be found."):
        iam.update_access_key(UserName="b", AccessKeyId=key, Status="Inactive")
    with raises_aws("NoSuchEntity"):
        iam.update_access_key(UserName="ghost", AccessKeyId=key, Status="Inactive")
    assert iam.list_access_keys(UserName="a")["AccessKeyMetadata"][0]["Status"] == "Active"


def test_delete_access_key(iam, client_for):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]
    iam.delete_access_key(UserName="a", AccessKeyId=key["AccessKeyId"])
    assert iam.list_access_keys(UserName="a")["AccessKeyMetadata"] == []
    with raises_aws("NoSuchEntity"):
        iam.delete_access_key(UserName="a", AccessKeyId=key["AccessKeyId"])
    # AWS refuses a deleted key forever; it never falls back to the root user
    with raises_aws("InvalidClientTokenId", "The security token included in the request is invalid."):
        client_for(key, "sts").get_caller_identity()
    iam.delete_user(UserName="a")
    with raises_aws("InvalidClientTokenId"):
        client_for(key, "iam").list_users()


def test_last_used_is_recorded_when_a_client_signs_with_the_key(iam, client_for):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]
    never = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert never["UserName"] == "a"
    assert never["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    with freeze_time("2030-01-02 03:04:05"):
        client_for(key, "sts", region="eu-west-1").get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used == {
        "LastUsedDate": datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "ServiceName": "sts",
        "Region": "eu-west-1",
    }
    client_for(key, "iam", region="ap-south-1").list_users()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "iam" and used["Region"] == "us-east-1"


def test_last_used_of_unknown_key(iam):
    with raises_aws("AccessDenied"):
        iam.get_access_key_last_used(AccessKeyId="AKIAAAAAAAAAAAAAAAAA")


def test_caller_identity_root_and_user(iam, sts, client_for):
    ident = sts.get_caller_identity()
    assert (ident["UserId"], ident["Account"], ident["Arn"]) == (
        "123456789012", "123456789012", "arn:aws:iam::123456789012:root")
    user = iam.create_user(UserName="alice", Path="/eng/")["User"]
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    ident = client_for(key, "sts").get_caller_identity()
    assert ident["UserId"] == user["UserId"]
    assert ident["Arn"] == "arn:aws:iam::123456789012:user/eng/alice"


def test_unknown_keys_are_the_root(iam_mock):
    sts = boto3.client("sts", aws_access_key_id="AKIAUNKNOWNUNKNOWN00",
                       aws_secret_access_key="x" * 40)
    assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:root"


def test_get_access_key_info(iam, sts):
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]["AccessKeyId"]
    assert sts.get_access_key_info(AccessKeyId=key)["Account"] == "123456789012"
    # AWS's documented example key decodes to the account it encodes
    assert sts.get_access_key_info(AccessKeyId="AKIAIOSFODNN7EXAMPLE")["Account"] == "581039954779"


def test_access_key_ids_encode_the_account(iam_mock):
    from iamsim.sts.identity import account_of_key

    iam = boto3.client("iam")
    iam.create_user(UserName="a")
    key = iam.create_access_key(UserName="a")["AccessKey"]["AccessKeyId"]
    assert account_of_key(key) == "123456789012"


def test_wrong_secret_is_refused_on_both_paths(iam_mock):
    from iamsim import mock_iam

    for path in ("fast", "wire"):
        with mock_iam(path=path):
            iam = boto3.client("iam")
            iam.create_user(UserName="a")
            key = iam.create_access_key(UserName="a")["AccessKey"]
            bad = boto3.client("iam", aws_access_key_id=key["AccessKeyId"],
                               aws_secret_access_key="W" * 40)
            with raises_aws("SignatureDoesNotMatch", status=403, match="does not match"):
                bad.get_user()
            good = boto3.client("iam", aws_access_key_id=key["AccessKeyId"],
                                aws_secret_access_key=key["SecretAccessKey"])
            assert good.get_user()["User"]["UserName"] == "a"
            # a refused request is not a use of the key
            last = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
            assert last["AccessKeyLastUsed"]["ServiceName"] == "iam"
