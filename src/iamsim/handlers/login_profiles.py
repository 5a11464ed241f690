"""Console passwords (login profiles) and the caller's own ChangePassword."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import (
    AccessDenied,
    EntityAlreadyExists,
    InvalidUserType,
    NoSuchEntity,
    ValidationError,
)
from ..model.password_policy import check_password, remember_password
from ..model.users import LoginProfile, User
from ._common import signin_duration_update, user_or_caller


def _named_user(call: Call, name: str | None) -> User:
    user = user_or_caller(call, name)
    if user is None:
        raise ValidationError("Must specify userName when calling with root credentials")
    return user


def _profile(user: User) -> LoginProfile:
    if user.login_profile is None:
        raise NoSuchEntity(f"Login Profile for User {user.name} cannot be found.")
    return user.login_profile


def _out(user: User, lp: LoginProfile) -> dict[str, Any]:
    out: dict[str, Any] = {
        "UserName": user.name,
        "CreateDate": lp.create_date,
        "PasswordResetRequired": lp.password_reset_required,
    }
    if lp.max_signin_session_duration is not None:  # omitted while unset (LoginProfile docs)
        out["MaxSigninSessionDuration"] = lp.max_signin_session_duration
    return {"LoginProfile": out}


@handler("iam", "CreateLoginProfile")
def create_login_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = _named_user(call, p.get("UserName"))
    if user.login_profile is not None:
        raise EntityAlreadyExists(f"Login Profile for user {user.name} already exists.")
    password = p.get("Password")
    if password is None:
        raise ValidationError("Password is required when creating a login profile for a user")
    check_password(call.account, password, user.id)
    user.login_profile = LoginProfile(
        password=password,
        create_date=call.now,
        password_reset_required=bool(p.get("PasswordResetRequired", False)),
        max_signin_session_duration=p.get("MaxSigninSessionDuration"),
    )
    remember_password(call.account, user.id, password)
    return _out(user, user.login_profile)


@handler("iam", "GetLoginProfile")
def get_login_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = _named_user(call, p.get("UserName"))
    return _out(user, _profile(user))


@handler("iam", "UpdateLoginProfile")
def update_login_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = _named_user(call, p.get("UserName"))
    lp = _profile(user)
    signin = signin_duration_update(p, lp.max_signin_session_duration)
    password = p.get("Password")
    if password is not None:
        check_password(call.account, password, user.id)
    lp.max_signin_session_duration = signin
    if password is not None:
        lp.password = password
        remember_password(call.account, user.id, password)
    if p.get("PasswordResetRequired") is not None:
        lp.password_reset_required = p["PasswordResetRequired"]
    return {}


@handler("iam", "DeleteLoginProfile")
def delete_login_profile(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = _named_user(call, p.get("UserName"))
    _profile(user)
    user.login_profile = None
    return {}


@handler("iam", "ChangePassword")
def change_password(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = call.caller.user
    if user is None:
        raise InvalidUserType("Only IAM users can change their own password with this operation.")
    lp = _profile(user)
    if lp.password != p["OldPassword"]:
        raise AccessDenied("The old password is incorrect.")
    check_password(call.account, p["NewPassword"], user.id)
    lp.password = p["NewPassword"]
    lp.password_reset_required = False
    remember_password(call.account, user.id, p["NewPassword"])
    return {}
