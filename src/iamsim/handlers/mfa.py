"""Virtual MFA devices: create with a real TOTP seed and QR code, enable/resync with two
consecutive codes (RFC 6238 at the scope's clock), deactivate, delete, list, tags."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import quote

from ..crypto import totp
from ..dispatch import Call, handler
from ..errors import (
    DeleteConflict,
    EntityAlreadyExists,
    InvalidAuthenticationCode,
    NoSuchEntity,
    ValidationError,
)
from ..model.credentials import MFAState, VirtualMFADevice
from ..model.users import User
from ..pagination import paginate, paginate_in_order
from ._common import get_user, tags_in, user_or_caller
from ._tags import tag_operations

# How far (in 30-second steps) the second code may lie behind or ahead of the clock. Enabling
# tolerates codes typed a few minutes late; resyncing exists to absorb larger drift.
ENABLE_BEHIND, ENABLE_AHEAD = 10, 1
RESYNC_BEHIND, RESYNC_AHEAD = 60, 60

BAD_CODE = "Authentication code for device is not valid."
IN_USE = "MFA Device is already in use."
NOT_FOR_USER = "MFA Device invalid for user."
ISSUER = "Amazon Web Services"


def _devices(call: Call) -> Any:
    return call.account.state(MFAState).devices


def _device(call: Call, serial: str) -> VirtualMFADevice:
    device: VirtualMFADevice | None = _devices(call).by_arn(serial)
    if device is None:
        raise NoSuchEntity(f"MFA Device with serial number {serial} does not exist.")
    return device


def _account_label(call: Call) -> str:
    """The account alias when one is set, else the account ID (what authenticator apps show)."""
    account = call.account
    try:
        from ..model.account_settings import AccountSettings
    except ImportError:  # pragma: no cover - the alias family is not present
        return account.id
    if account.has_state(AccountSettings):
        alias = account.state(AccountSettings).alias
        if alias:
            return str(alias)
    return account.id


@handler("iam", "CreateVirtualMFADevice")
def create_virtual_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    devices = _devices(call)
    name, path = p["VirtualMFADeviceName"], p.get("Path") or "/"
    if len(name) > 226:
        # The API reference caps the name at 226 characters; botocore's model omits the cap.
        raise ValidationError(
            "1 validation error detected: Value at 'virtualMFADeviceName' failed to "
            "satisfy constraint: Member must have length less than or equal to 226")
    if name in devices:
        raise EntityAlreadyExists("MFA device already exists.")
    tags = tags_in(p)
    account.quotas.check("TagsPerEntity", len(tags), 0)
    seed = base64.b32encode(account.ids.randbytes(20))  # 32 base32 characters, no padding
    uri = (
        f"otpauth://totp/{quote(ISSUER)}:{quote(name)}@{quote(_account_label(call))}"
        f"?secret={seed.decode()}&issuer={quote(ISSUER)}"
    )
    from ..crypto import qr

    device = VirtualMFADevice(
        name=name,
        path=path,
        serial=account.arn("iam", f"mfa{path}{name}"),
        seed=seed,
        qr_png=qr.png(uri),
        tags=tags,
    )
    devices.add(device)
    out: dict[str, Any] = {
        "SerialNumber": device.serial,
        "Base32StringSeed": device.seed,
        "QRCodePNG": device.qr_png,
    }
    if tags:
        out["Tags"] = device.tag_list()
    return {"VirtualMFADevice": out}


def _check_codes(call: Call, device: VirtualMFADevice, p: dict[str, Any],
                 behind: int, ahead: int) -> int:
    step = totp.consecutive_step(
        totp.secret_of(device.seed),
        p["AuthenticationCode1"],
        p["AuthenticationCode2"],
        totp.step_at(call.now),
        behind,
        ahead,
    )
    if step is None:
        raise InvalidAuthenticationCode(BAD_CODE)
    return step


@handler("iam", "EnableMFADevice")
def enable_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = get_user(call, p["UserName"])
    device = _device(call, p["SerialNumber"])
    if device.user_id is not None:
        raise EntityAlreadyExists(IN_USE)
    call.account.quotas.check("MFADevicesPerUser", len(user.mfa_devices))
    step = _check_codes(call, device, p, ENABLE_BEHIND, ENABLE_AHEAD)
    device.user_id = user.id
    device.enable_date = call.now
    device.last_step = step
    user.mfa_devices[device.serial] = device
    return {}


def _assigned(call: Call, user: User | None, serial: str) -> VirtualMFADevice:
    device = _device(call, serial)
    if user is None or device.user_id != user.id:
        raise NoSuchEntity(NOT_FOR_USER)
    return device


@handler("iam", "ResyncMFADevice")
def resync_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = get_user(call, p["UserName"])
    device = _assigned(call, user, p["SerialNumber"])
    device.last_step = _check_codes(call, device, p, RESYNC_BEHIND, RESYNC_AHEAD)
    return {}


@handler("iam", "DeactivateMFADevice")
def deactivate_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    device = _assigned(call, user, p["SerialNumber"])
    assert user is not None
    del user.mfa_devices[device.serial]
    device.user_id = None
    device.enable_date = None
    device.last_step = None
    return {}


@handler("iam", "DeleteVirtualMFADevice")
def delete_virtual_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    device = _device(call, p["SerialNumber"])
    if device.user_id is not None:
        raise DeleteConflict("MFA VirtualDevice in use. Must deactivate first.")
    _devices(call).remove(device)
    return {}


@handler("iam", "ListMFADevices")
def list_mfa_devices(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    if user is None:  # the root user: its devices are managed outside the IAM API
        return {"MFADevices": [], "IsTruncated": False}
    page, more = paginate_in_order(p, user.mfa_devices.values())  # enable order
    return {
        "MFADevices": [
            {"UserName": user.name, "SerialNumber": d.serial, "EnableDate": d.enable_date}
            for d in page
        ],
        **more,
    }


@handler("iam", "ListVirtualMFADevices")
def list_virtual_mfa_devices(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    status = p.get("AssignmentStatus") or "Any"
    accept = None
    if status == "Assigned":
        accept = lambda d: d.user_id is not None  # noqa: E731
    elif status == "Unassigned":
        accept = lambda d: d.user_id is None  # noqa: E731
    page, more = paginate(p, _devices(call).items_from, accept)
    users = call.account.users
    out = []
    for d in page:
        item: dict[str, Any] = {"SerialNumber": d.serial}
        owner = users.by_id(d.user_id) if d.user_id is not None else None
        if owner is not None:
            item["User"] = owner.out()
            item["EnableDate"] = d.enable_date
        out.append(item)
    return {"VirtualMFADevices": out, **more}


@handler("iam", "GetMFADevice")
def get_mfa_device(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    device = _assigned(call, user, p["SerialNumber"])
    assert user is not None
    return {"UserName": user.name, "SerialNumber": device.serial, "EnableDate": device.enable_date}


tag_operations("MFADevice", "SerialNumber", _device)
