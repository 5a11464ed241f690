"""Login profiles (console passwords) and ChangePassword."""

from __future__ import annotations

import datetime

from freezegun import freeze_time

from .helpers import raises_aws

GOOD = "Corr3ct-Horse"
OTHER = "Batt3ry!Staple"


def test_create_get_login_profile(iam):
    iam.create_user(UserName="a")
    with freeze_time("2029-09-09 09:09:09"):
        lp = iam.create_login_profile(UserName="a", Password=GOOD,
                                      PasswordResetRequired=True)["LoginProfile"]
    expected = {
        "UserName": "a",
        "CreateDate": datetime.datetime(2029, 9, 9, 9, 9, 9, tzinfo=datetime.timezone.utc),
        "PasswordResetRequired": True,
    }
    assert lp == expected
    assert iam.get_login_profile(UserName="a")["LoginProfile"] == expected


def test_reset_required_defaults_to_false(iam):
    iam.create_user(UserName="a")
    lp = iam.create_login_profile(UserName="a", Password=GOOD)["LoginProfile"]
    assert lp["PasswordResetRequired"] is False


def test_user_without_password(iam):
    iam.create_user(UserName="a")
    with raises_aws("NoSuchEntity", "Login Profile for User a cannot be found.", status=404):
        iam.get_login_profile(UserName="a")
    with raises_aws("NoSuchEntity"):
        iam.update_login_profile(UserName="a", Password=GOOD)
    with raises_aws("NoSuchEntity"):
        iam.delete_login_profile(UserName="a")


def test_missing_user(iam):
    for call in (lambda: iam.create_login_profile(UserName="ghost", Password=GOOD),
                 lambda: iam.get_login_profile(UserName="ghost"),
                 lambda: iam.delete_login_profile(UserName="ghost")):
        with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
            call()


def test_create_twice(iam):
    iam.create_user(UserName="a")
    iam.create_login_profile(UserName="a", Password=GOOD)
    with raises_aws("EntityAlreadyExists", "Login Profile for user a already exists.", status=409):
        iam.create_login_profile(UserName="a", Password=OTHER)


def test_default_password_policy_is_enforced(iam):
    iam.create_user(UserName="a")
    for weak in ("short1!", "alllowercase", "lowercase123", "NoDigitsOrSymbols"):
        with raises_aws("PasswordPolicyViolation",
                        "Password does not conform to the account password policy.", status=400):
            iam.create_login_profile(UserName="a", Password=weak)
    with raises_aws("NoSuchEntity"):
        iam.get_login_profile(UserName="a")  # nothing was created


def test_update_login_profile(iam):
    iam.create_user(UserName="a")
    iam.create_login_profile(UserName="a", Password=GOOD)
    iam.update_login_profile(UserName="a", Password=OTHER, PasswordResetRequired=True)
    assert iam.get_login_profile(UserName="a")["LoginProfile"]["PasswordResetRequired"] is True
    with raises_aws("PasswordPolicyViolation"):
        iam.update_login_profile(UserName="a", Password="weak", PasswordResetRequired=False)
    # the failed update changed nothing
    assert iam.get_login_profile(UserName="a")["LoginProfile"]["PasswordResetRequired"] is True


def test_delete_login_profile_then_user(iam):
    iam.create_user(UserName="a")
    iam.create_login_profile(UserName="a", Password=GOOD)
    iam.delete_login_profile(UserName="a")
    iam.delete_user(UserName="a")


def test_change_password(iam, client_for):
    iam.create_user(UserName="a")
    iam.create_login_profile(UserName="a", Password=GOOD, PasswordResetRequired=True)
    me = client_for(iam.create_access_key(UserName="a")["AccessKey"])
    me.change_password(OldPassword=GOOD, NewPassword=OTHER)
    assert iam.get_login_profile(UserName="a")["LoginProfile"]["PasswordResetRequired"] is False
    with raises_aws("AccessDenied"):
        me.change_password(OldPassword=GOOD, NewPassword="An0ther!One")  # old one is stale now
    me.change_password(OldPassword=OTHER, NewPassword="An0ther!One")


def test_change_password_checks_policy(iam, client_for):
    iam.create_user(UserName="a")
    iam.create_login_profile(UserName="a", Password=GOOD)
    me = client_for(iam.create_access_key(UserName="a")["AccessKey"])
    with raises_aws("PasswordPolicyViolation"):
        me.change_password(OldPassword=GOOD, NewPassword="weak")
    me.change_password(OldPassword=GOOD, NewPassword=OTHER)  # old password still valid


def test_change_password_without_login_profile(iam, client_for):
    iam.create_user(UserName="a")
    me = client_for(iam.create_access_key(UserName="a")["AccessKey"])
    with raises_aws("NoSuchEntity"):
        me.change_password(OldPassword=GOOD, NewPassword=OTHER)


def test_change_password_as_root(iam):
    with raises_aws("InvalidUserType", status=400):
        iam.change_password(OldPassword=GOOD, NewPassword=OTHER)


def test_login_profile_for_caller(iam, client_for):
    iam.create_user(UserName="a")
    me = client_for(iam.create_access_key(UserName="a")["AccessKey"])
    me.create_login_profile(Password=GOOD)
    assert me.get_login_profile()["LoginProfile"]["UserName"] == "a"
