"""Virtual MFA devices: create (seed, QR code), enable/resync with TOTP codes, deactivate,
delete, list, get, tags; the per-user quota and DeleteUser's conflict."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import struct

import pytest
from freezegun import freeze_time

from .helpers import raises_aws

T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
TAGS = [{"Key": "team", "Value": "core"}]
BAD_CODE = "Authentication code for device is not valid."


def totp(seed: bytes, at: datetime.datetime) -> str:
    """RFC 6238 (HMAC-SHA1, 6 digits, 30 s), written independently of iamsim."""
    key = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    counter = int(at.timestamp()) // 30
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[o:o + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def codes(device: dict, at: datetime.datetime) -> dict:
    """Two consecutive codes, the second being the one current at `at`."""
    seed = device["Base32StringSeed"]
    return {
        "SerialNumber": device["SerialNumber"],
        "AuthenticationCode1": totp(seed, at - datetime.timedelta(seconds=30)),
        "AuthenticationCode2": totp(seed, at),
    }


@pytest.fixture
def clock():
    with freeze_time(T0) as frozen:
        yield frozen


def make(iam, name="dev", **kw):
    return iam.create_virtual_mfa_device(VirtualMFADeviceName=name, **kw)["VirtualMFADevice"]


def enable(iam, user, device, at=T0):
    iam.enable_mfa_device(UserName=user, **codes(device, at))


# --- CreateVirtualMFADevice -------------------------------------------------------------


def test_create_returns_serial_seed_and_qr_code(iam):
    device = make(iam, "phone", Path="/team/")
    assert device["SerialNumber"] == "arn:aws:iam::123456789012:mfa/team/phone"
    seed = device["Base32StringSeed"]
    assert isinstance(seed, bytes) and len(seed) == 32
    assert len(base64.b32decode(seed)) == 20  # a 20-byte secret, base32 text
    assert device["QRCodePNG"].startswith(b"\x89PNG\r\n\x1a\n")
    assert "Tags" not in device and "User" not in device


def test_qr_code_encodes_the_otpauth_uri(iam):
    from iamsim.crypto import qr

    device = make(iam, "phone")
    seed = device["Base32StringSeed"].decode()
    uri = (
        "otpauth://totp/Amazon%20Web%20Services:phone@123456789012"
        f"?secret={seed}&issuer=Amazon%20Web%20Services"
    )
    assert device["QRCodePNG"] == qr.png(uri)


def test_qr_code_names_the_account_alias(iam):
    from iamsim.crypto import qr

    iam.create_account_alias(AccountAlias="acme-prod")
    device = make(iam, "phone")
    seed = device["Base32StringSeed"].decode()
    uri = (
        "otpauth://totp/Amazon%20Web%20Services:phone@acme-prod"
        f"?secret={seed}&issuer=Amazon%20Web%20Services"
    )
    assert device["QRCodePNG"] == qr.png(uri)


def test_each_device_has_its_own_seed(iam):
    assert make(iam, "a")["Base32StringSeed"] != make(iam, "b")["Base32StringSeed"]


def test_create_with_tags(iam):
    device = make(iam, "dev", Tags=TAGS)
    assert device["Tags"] == TAGS
    assert iam.list_mfa_device_tags(SerialNumber=device["SerialNumber"])["Tags"] == TAGS


def test_create_duplicate_name_regardless_of_case(iam):
    make(iam, "dev")
    with raises_aws("EntityAlreadyExists", "MFA device already exists.", status=409):
        make(iam, "DEV")
    assert len(iam.list_virtual_mfa_devices()["VirtualMFADevices"]) == 1


def test_create_with_duplicate_tag_keys_creates_nothing(iam):
    with raises_aws("InvalidInput"):
        make(iam, "dev", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []


# --- EnableMFADevice --------------------------------------------------------------------


def test_enable_with_two_consecutive_codes(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    listed = iam.list_mfa_devices(UserName="u")["MFADevices"]
    assert listed == [{"UserName": "u", "SerialNumber": device["SerialNumber"], "EnableDate": T0}]


def test_enable_accepts_codes_typed_a_little_late(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device, at=T0 - datetime.timedelta(minutes=2))
    assert len(iam.list_mfa_devices(UserName="u")["MFADevices"]) == 1


def test_enable_rejects_stale_codes(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    with raises_aws("InvalidAuthenticationCode", BAD_CODE, status=403):
        enable(iam, "u", device, at=T0 - datetime.timedelta(minutes=30))
    assert iam.list_mfa_devices(UserName="u")["MFADevices"] == []


@pytest.mark.parametrize("which", ["same twice", "reversed", "wrong"])
def test_enable_rejects_codes_that_are_not_consecutive(iam, clock, which):
    iam.create_user(UserName="u")
    device = make(iam)
    c = codes(device, T0)
    if which == "same twice":
        c["AuthenticationCode1"] = c["AuthenticationCode2"]
    elif which == "reversed":
        c["AuthenticationCode1"], c["AuthenticationCode2"] = (
            c["AuthenticationCode2"], c["AuthenticationCode1"])
    else:
        c["AuthenticationCode2"] = f"{(int(c['AuthenticationCode2']) + 1) % 1_000_000:06d}"
    with raises_aws("InvalidAuthenticationCode", BAD_CODE, status=403):
        iam.enable_mfa_device(UserName="u", **c)
    listed = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert [d["SerialNumber"] for d in listed] == [device["SerialNumber"]]


def test_enable_for_missing_user(iam, clock):
    device = make(iam)
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found.", status=404):
        enable(iam, "ghost", device)


def test_enable_missing_device(iam, clock):
    iam.create_user(UserName="u")
    serial = "arn:aws:iam::123456789012:mfa/nothing"
    with raises_aws("NoSuchEntity", f"MFA Device with serial number {serial} does not exist.",
                    status=404):
        iam.enable_mfa_device(UserName="u", SerialNumber=serial, AuthenticationCode1="123456",
                              AuthenticationCode2="234567")


def test_enable_device_already_assigned(iam, clock):
    iam.create_user(UserName="u")
    iam.create_user(UserName="v")
    device = make(iam)
    enable(iam, "u", device)
    with raises_aws("EntityAlreadyExists", "MFA Device is already in use.", status=409):
        enable(iam, "v", device)
    assert iam.list_mfa_devices(UserName="v")["MFADevices"] == []


def test_eight_mfa_devices_per_user(iam, clock):
    iam.create_user(UserName="u")
    devices = [make(iam, f"d{i}") for i in range(9)]
    for d in devices[:8]:
        enable(iam, "u", d)
    with raises_aws("LimitExceeded", "Cannot exceed quota for MFADevicesPerUser: 8", status=409):
        enable(iam, "u", devices[8])
    assert len(iam.list_mfa_devices(UserName="u")["MFADevices"]) == 8


# --- ResyncMFADevice --------------------------------------------------------------------


def test_resync_with_codes_from_a_drifted_device(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    clock.tick(3600)
    drifted = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    iam.resync_mfa_device(UserName="u", **codes(device, drifted))


def test_resync_rejects_wrong_codes(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    with raises_aws("InvalidAuthenticationCode", BAD_CODE, status=403):
        iam.resync_mfa_device(UserName="u", SerialNumber=device["SerialNumber"],
                              AuthenticationCode1="000000", AuthenticationCode2="000000")


def test_resync_device_not_assigned_to_user(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    with raises_aws("NoSuchEntity", "MFA Device invalid for user.", status=404):
        iam.resync_mfa_device(UserName="u", **codes(device, T0))


def test_resync_missing_user(iam, clock):
    device = make(iam)
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.resync_mfa_device(UserName="ghost", **codes(device, T0))


# --- DeactivateMFADevice ----------------------------------------------------------------


def test_deactivate_unassigns_the_device(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    iam.deactivate_mfa_device(UserName="u", SerialNumber=device["SerialNumber"])
    assert iam.list_mfa_devices(UserName="u")["MFADevices"] == []
    listed = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    assert listed == [{"SerialNumber": device["SerialNumber"]}]
    enable(iam, "u", device)  # it can be enabled again


def test_deactivate_device_of_another_user(iam, clock):
    iam.create_user(UserName="u")
    iam.create_user(UserName="v")
    device = make(iam)
    enable(iam, "u", device)
    with raises_aws("NoSuchEntity", "MFA Device invalid for user.", status=404):
        iam.deactivate_mfa_device(UserName="v", SerialNumber=device["SerialNumber"])
    assert len(iam.list_mfa_devices(UserName="u")["MFADevices"]) == 1


def test_deactivate_missing_device(iam):
    iam.create_user(UserName="u")
    with raises_aws("NoSuchEntity"):
        iam.deactivate_mfa_device(UserName="u", SerialNumber="arn:aws:iam::123456789012:mfa/x")


def test_deactivate_own_device_without_user_name(iam, clock, client_for):
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    device = make(iam)
    enable(iam, "u", device)
    me = client_for(key)
    assert [d["SerialNumber"] for d in me.list_mfa_devices()["MFADevices"]] == [
        device["SerialNumber"]]
    me.deactivate_mfa_device(SerialNumber=device["SerialNumber"])
    assert me.list_mfa_devices()["MFADevices"] == []


# --- DeleteVirtualMFADevice -------------------------------------------------------------


def test_delete_unassigned_device(iam):
    device = make(iam)
    iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    make(iam)  # the name is free again


def test_delete_assigned_device_conflicts(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    with raises_aws("DeleteConflict", "MFA VirtualDevice in use. Must deactivate first.",
                    status=409):
        iam.delete_virtual_mfa_device(SerialNumber=device["SerialNumber"])
    assert len(iam.list_mfa_devices(UserName="u")["MFADevices"]) == 1


def test_delete_missing_device(iam):
    serial = "arn:aws:iam::123456789012:mfa/none"
    with raises_aws("NoSuchEntity", f"MFA Device with serial number {serial} does not exist."):
        iam.delete_virtual_mfa_device(SerialNumber=serial)


def test_delete_user_with_mfa_device_conflicts(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    with raises_aws("DeleteConflict", "Cannot delete entity, must delete MFA device first."):
        iam.delete_user(UserName="u")
    iam.deactivate_mfa_device(UserName="u", SerialNumber=device["SerialNumber"])
    iam.delete_user(UserName="u")


# --- ListMFADevices / ListVirtualMFADevices / GetMFADevice ------------------------------


def test_list_mfa_devices_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.list_mfa_devices(UserName="ghost")


def test_list_mfa_devices_as_root_without_name(iam):
    assert iam.list_mfa_devices()["MFADevices"] == []


def test_list_mfa_devices_pages(iam, clock):
    iam.create_user(UserName="u")
    devices = [make(iam, f"d{i}") for i in range(3)]
    for d in devices:
        enable(iam, "u", d)
    first = iam.list_mfa_devices(UserName="u", MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_mfa_devices(UserName="u", Marker=first["Marker"])
    assert rest["IsTruncated"] is False
    got = [d["SerialNumber"] for d in first["MFADevices"] + rest["MFADevices"]]
    assert got == [d["SerialNumber"] for d in devices]
    pages = iam.get_paginator("list_mfa_devices").paginate(
        UserName="u", PaginationConfig={"PageSize": 1})
    assert [d["SerialNumber"] for p in pages for d in p["MFADevices"]] == got


def test_list_virtual_devices_by_assignment_status(iam, clock):
    iam.create_user(UserName="u", Path="/eng/")
    a, b = make(iam, "a"), make(iam, "b")
    enable(iam, "u", a)
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert len(assigned) == 1
    assert assigned[0]["SerialNumber"] == a["SerialNumber"]
    assert assigned[0]["EnableDate"] == T0
    assert assigned[0]["User"]["UserName"] == "u"
    assert assigned[0]["User"]["Arn"] == "arn:aws:iam::123456789012:user/eng/u"
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert unassigned == [{"SerialNumber": b["SerialNumber"]}]
    every = iam.list_virtual_mfa_devices(AssignmentStatus="Any")["VirtualMFADevices"]
    assert [d["SerialNumber"] for d in every] == [a["SerialNumber"], b["SerialNumber"]]
    assert all("Base32StringSeed" not in d and "Tags" not in d for d in every)


def test_list_virtual_devices_follows_user_rename(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    iam.update_user(UserName="u", NewUserName="w")
    listed = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    assert listed[0]["User"]["UserName"] == "w"
    assert iam.list_mfa_devices(UserName="w")["MFADevices"][0]["UserName"] == "w"


def test_list_virtual_devices_pages(iam):
    names = [f"d{i}" for i in range(5)]
    for n in names:
        make(iam, n)
    first = iam.list_virtual_mfa_devices(MaxItems=2)
    assert first["IsTruncated"] is True and len(first["VirtualMFADevices"]) == 2
    second = iam.list_virtual_mfa_devices(MaxItems=2, Marker=first["Marker"])
    assert [d["SerialNumber"][-2:] for d in second["VirtualMFADevices"]] == ["d2", "d3"]
    pages = iam.get_paginator("list_virtual_mfa_devices").paginate(
        PaginationConfig={"PageSize": 2})
    assert [d["SerialNumber"][-2:] for p in pages for d in p["VirtualMFADevices"]] == names


def test_get_mfa_device(iam, clock):
    iam.create_user(UserName="u")
    device = make(iam)
    enable(iam, "u", device)
    got = iam.get_mfa_device(UserName="u", SerialNumber=device["SerialNumber"])
    assert got["UserName"] == "u" and got["SerialNumber"] == device["SerialNumber"]
    assert got["EnableDate"] == T0


def test_get_mfa_device_not_assigned(iam):
    iam.create_user(UserName="u")
    device = make(iam)
    with raises_aws("NoSuchEntity", "MFA Device invalid for user."):
        iam.get_mfa_device(UserName="u", SerialNumber=device["SerialNumber"])


# --- Tags -------------------------------------------------------------------------------


def test_tag_untag_list(iam):
    serial = make(iam, Tags=TAGS)["SerialNumber"]
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "b", "Value": "2"},
                                                  {"Key": "TEAM", "Value": "x"}])
    tags = iam.list_mfa_device_tags(SerialNumber=serial)["Tags"]
    assert tags == [{"Key": "TEAM", "Value": "x"}, {"Key": "b", "Value": "2"}]
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["b"])
    assert iam.list_mfa_device_tags(SerialNumber=serial)["Tags"] == [{"Key": "TEAM", "Value": "x"}]


def test_list_tags_pages(iam):
    serial = make(iam, Tags=[{"Key": f"k{i}", "Value": ""} for i in range(3)])["SerialNumber"]
    first = iam.list_mfa_device_tags(SerialNumber=serial, MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_mfa_device_tags(SerialNumber=serial, Marker=first["Marker"])
    assert [t["Key"] for t in first["Tags"] + rest["Tags"]] == ["k0", "k1", "k2"]


def test_tag_quota(iam):
    serial = make(iam, Tags=[{"Key": f"k{i}", "Value": ""} for i in range(50)])["SerialNumber"]
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "one", "Value": "more"}])
    assert len(iam.list_mfa_device_tags(SerialNumber=serial)["Tags"]) == 50


@pytest.mark.parametrize("op", ["tag", "untag", "list"])
def test_tags_of_missing_device(iam, op):
    serial = "arn:aws:iam::123456789012:mfa/none"
    with raises_aws("NoSuchEntity"):
        if op == "tag":
            iam.tag_mfa_device(SerialNumber=serial, Tags=TAGS)
        elif op == "untag":
            iam.untag_mfa_device(SerialNumber=serial, TagKeys=["a"])
        else:
            iam.list_mfa_device_tags(SerialNumber=serial)


def test_virtual_mfa_device_name_is_capped_at_226(iam):
    from .helpers import raises_aws as _raises

    with _raises("ValidationError", match="less than or equal to 226"):
        iam.create_virtual_mfa_device(VirtualMFADeviceName="x" * 227)
    assert iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
    iam.create_virtual_mfa_device(VirtualMFADeviceName="x" * 226)


@pytest.mark.parametrize("path", ["no-leading/", "/no-trailing"])
def test_create_with_a_bad_path_is_worded_by_iam(iam, path):
    with raises_aws("ValidationError",
                    "The specified value for path is invalid. It must begin and end with / and "
                    "contain only alphanumeric characters and/or / characters.", status=400):
        make(iam, "d", Path=path)


def test_create_with_a_long_path_is_a_length_error(iam):
    with raises_aws("ValidationError",
                    "1 validation error detected: Value at 'path' failed to satisfy constraint: "
                    "Member must have length less than or equal to 512"):
        make(iam, "d", Path="/" + "a" * 512 + "/")
