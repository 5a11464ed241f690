"""Cognito users: administrator APIs and self-service sign-up / recovery, with the codes
readable through sim.cognito."""

from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from tests.cognito_helpers import PASSWORD, idp, make_client, make_pool, make_user, sign_in
from tests.helpers import raises_aws


@pytest.fixture
def env(iam_mock):
    cog = idp()
    pool_id = make_pool(cog, Schema=[{"Name": "team", "AttributeDataType": "String",
                                      "StringAttributeConstraints": {"MaxLength": "5"}}])
    client = make_client(cog, pool_id)
    return cog, pool_id, client["ClientId"], iam_mock


def test_admin_create_user_temporary_password_and_invitation(env):
    cog, pool_id, client_id, sim = env
    user = cog.admin_create_user(UserPoolId=pool_id, Username="alice",
                                 UserAttributes=[{"Name": "email",
                                                  "Value": "alice@example.com"}],
                                 DesiredDeliveryMediums=["EMAIL"])["User"]
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD" and user["Enabled"] is True
    attrs = {a["Name"]: a["Value"] for a in user["Attributes"]}
    assert set(attrs) == {"sub", "email"}
    invitation = sim.cognito.messages(pool_id, "alice", "invitation")[-1]
    assert invitation.destination == "alice@example.com" and invitation.medium == "EMAIL"
    out = cog.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "alice", "PASSWORD": invitation.code})
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_admin_create_user_suppress_sends_nothing(env):
    cog, pool_id, _, sim = env
    make_user(cog, pool_id)
    assert sim.cognito.messages(pool_id, "alice") == []
    with raises_aws("UsernameExistsException", "User account already exists"):
        make_user(cog, pool_id)


def test_admin_create_user_weak_temporary_password(env):
    cog, pool_id, _, _ = env
    with raises_aws("InvalidPasswordException",
                    "Password did not conform with password policy: Password must have "
                    "symbol characters"):
        cog.admin_create_user(UserPoolId=pool_id, Username="a", TemporaryPassword="Passw0rdX")
    with raises_aws("UserNotFoundException", "User does not exist."):
        cog.admin_get_user(UserPoolId=pool_id, Username="a")


def test_attribute_schema_checked(env):
    cog, pool_id, _, _ = env
    with raises_aws("InvalidParameterException", match="custom:team"):
        cog.admin_create_user(UserPoolId=pool_id, Username="a", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "custom:team", "Value": "toolong"}])
    with raises_aws("InvalidParameterException", match="Attribute does not exist"):
        cog.admin_create_user(UserPoolId=pool_id, Username="a", MessageAction="SUPPRESS",
                              UserAttributes=[{"Name": "custom:other", "Value": "x"}])


def test_admin_get_update_delete_attributes(env):
    cog, pool_id, _, _ = env
    make_user(cog, pool_id, custom__team="core")
    cog.admin_update_user_attributes(UserPoolId=pool_id, Username="alice",
                                     UserAttributes=[{"Name": "name", "Value": "Alice"}])
    got = cog.admin_get_user(UserPoolId=pool_id, Username="alice")
    attrs = {a["Name"]: a["Value"] for a in got["UserAttributes"]}
    assert attrs["name"] == "Alice" and attrs["custom:team"] == "core"
    assert got["UserStatus"] == "CONFIRMED"
    cog.admin_delete_user_attributes(UserPoolId=pool_id, Username="alice",
                                     UserAttributeNames=["name", "custom:team"])
    got = cog.admin_get_user(UserPoolId=pool_id, Username="alice")
    assert {a["Name"] for a in got["UserAttributes"]} == {"sub", "email", "email_verified"}


def test_changed_email_is_unverified_and_gets_a_code(env):
    cog, pool_id, _, sim = env
    make_user(cog, pool_id)
    cog.admin_update_user_attributes(UserPoolId=pool_id, Username="alice",
                                     UserAttributes=[{"Name": "email", "Value": "a@new.example"}])
    attrs = {a["Name"]: a["Value"] for a in
             cog.admin_get_user(UserPoolId=pool_id, Username="alice")["UserAttributes"]}
    assert attrs["email_verified"] == "false"
    assert sim.cognito.messages(pool_id, "alice", "verify_attribute")[-1].destination == \
        "a@new.example"


def test_list_users_filter_and_pagination(env):
    cog, pool_id, _, _ = env
    for i in range(5):
        make_user(cog, pool_id, f"user{i}", f"u{i}@example.com")
    make_user(cog, pool_id, "zed", "zed@other.example")
    prefixed = cog.list_users(UserPoolId=pool_id, Filter='email ^= "u"')["Users"]
    assert sorted(u["Username"] for u in prefixed) == [f"user{i}" for i in range(5)]
    exact = cog.list_users(UserPoolId=pool_id, Filter='username = "zed"')["Users"]
    assert [u["Username"] for u in exact] == ["zed"]
    paginator = cog.get_paginator("list_users")
    pages = list(paginator.paginate(UserPoolId=pool_id, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3 and sum(len(p["Users"]) for p in pages) == 6
    only = cog.list_users(UserPoolId=pool_id, AttributesToGet=["email"], Limit=1)["Users"][0]
    assert [a["Name"] for a in only["Attributes"]] == ["email"]
    with raises_aws("InvalidParameterException"):
        cog.list_users(UserPoolId=pool_id, Filter="email = alice")


def test_enable_disable_delete(env):
    cog, pool_id, client_id, _ = env
    make_user(cog, pool_id)
    cog.admin_disable_user(UserPoolId=pool_id, Username="alice")
    assert cog.admin_get_user(UserPoolId=pool_id, Username="alice")["Enabled"] is False
    with raises_aws("NotAuthorizedException", "User is disabled."):
        sign_in(cog, client_id)
    cog.admin_enable_user(UserPoolId=pool_id, Username="alice")
    sign_in(cog, client_id)
    cog.admin_delete_user(UserPoolId=pool_id, Username="alice")
    with raises_aws("UserNotFoundException", "User does not exist."):
        cog.admin_delete_user(UserPoolId=pool_id, Username="alice")


def test_admin_set_user_password_not_permanent(env):
    cog, pool_id, client_id, _ = env
    make_user(cog, pool_id)
    cog.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password="Other-Passw0rd")
    got = cog.admin_get_user(UserPoolId=pool_id, Username="alice")
    assert got["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    out = cog.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "alice", "PASSWORD": "Other-Passw0rd"})
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_sign_up_confirm_with_code(env):
    cog, pool_id, client_id, sim = env
    out = cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD,
                      UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
    assert out["UserConfirmed"] is False
    assert out["CodeDeliveryDetails"] == {"Destination": "b***@e***", "DeliveryMedium": "EMAIL",
                                          "AttributeName": "email"}
    with raises_aws("UserNotConfirmedException", "User is not confirmed."):
        sign_in(cog, client_id, "bob")
    with raises_aws("CodeMismatchException",
                    "Invalid verification code provided, please try again."):
        cog.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode="000000"
                            if sim.cognito.code(pool_id, "bob") != "000000" else "111111")
    cog.confirm_sign_up(ClientId=client_id, Username="bob",
                        ConfirmationCode=sim.cognito.code(pool_id, "bob", "signup"))
    got = cog.admin_get_user(UserPoolId=pool_id, Username="bob")
    assert got["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in got["UserAttributes"]
    assert sign_in(cog, client_id, "bob")["TokenType"] == "Bearer"
    with raises_aws("NotAuthorizedException",
                    "User cannot be confirmed. Current status is CONFIRMED"):
        cog.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode="123456")


def test_sign_up_errors(env):
    cog, pool_id, client_id, _ = env
    cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    with raises_aws("UsernameExistsException", "User already exists"):
        cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    with raises_aws("InvalidPasswordException",
                    "Password did not conform with policy: Password not long enough"):
        cog.sign_up(ClientId=client_id, Username="carl", Password="Sh0rt!")
    with raises_aws("ResourceNotFoundException"):
        cog.sign_up(ClientId="nosuchclient", Username="carl", Password=PASSWORD)
    assert [u["Username"] for u in cog.list_users(UserPoolId=pool_id)["Users"]] == ["bob"]


def test_confirmation_code_expires_after_24_hours(env):
    cog, pool_id, client_id, sim = env
    start = datetime.datetime(2026, 5, 1, 12, 0, 0)
    with freeze_time(start) as clock:
        cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD,
                    UserAttributes=[{"Name": "email", "Value": "bob@example.com"}])
        code = sim.cognito.code(pool_id, "bob")
        clock.tick(datetime.timedelta(hours=24, seconds=1))
        with raises_aws("ExpiredCodeException",
                        "Invalid code provided, please request a code again."):
            cog.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode=code)
        cog.resend_confirmation_code(ClientId=client_id, Username="bob")
        fresh = sim.cognito.code(pool_id, "bob")
        cog.confirm_sign_up(ClientId=client_id, Username="bob", ConfirmationCode=fresh)


def test_admin_confirm_sign_up(env):
    cog, pool_id, client_id, _ = env
    cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    cog.admin_confirm_sign_up(UserPoolId=pool_id, Username="bob")
    assert cog.admin_get_user(UserPoolId=pool_id, Username="bob")["UserStatus"] == "CONFIRMED"
    with raises_aws("NotAuthorizedException"):
        cog.admin_confirm_sign_up(UserPoolId=pool_id, Username="bob")


def test_forgot_password_flow(env):
    cog, pool_id, client_id, sim = env
    make_user(cog, pool_id)
    out = cog.forgot_password(ClientId=client_id, Username="alice")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    code = sim.cognito.code(pool_id, "alice", "forgot_password")
    with raises_aws("InvalidPasswordException"):
        cog.confirm_forgot_password(ClientId=client_id, Username="alice",
                                    ConfirmationCode=code, Password="weak")
    cog.confirm_forgot_password(ClientId=client_id, Username="alice", ConfirmationCode=code,
                                Password="N3w-Passw0rd")
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        sign_in(cog, client_id)
    sign_in(cog, client_id, password="N3w-Passw0rd")
    with raises_aws("ExpiredCodeException"):
        cog.confirm_forgot_password(ClientId=client_id, Username="alice",
                                    ConfirmationCode=code, Password="N3w-Passw0rd2")


def test_forgot_password_code_lives_one_hour(env):
    cog, pool_id, client_id, sim = env
    make_user(cog, pool_id)
    with freeze_time("2026-05-01 12:00:00") as clock:
        cog.forgot_password(ClientId=client_id, Username="alice")
        code = sim.cognito.code(pool_id, "alice", "forgot_password")
        clock.tick(datetime.timedelta(minutes=61))
        with raises_aws("ExpiredCodeException"):
            cog.confirm_forgot_password(ClientId=client_id, Username="alice",
                                        ConfirmationCode=code, Password="N3w-Passw0rd")


def test_forgot_password_unknown_user(env):
    cog, _, client_id, _ = env
    with raises_aws("UserNotFoundException", "Username/client id combination not found."):
        cog.forgot_password(ClientId=client_id, Username="nobody")


def test_admin_reset_user_password(env):
    cog, pool_id, client_id, sim = env
    make_user(cog, pool_id)
    cog.admin_reset_user_password(UserPoolId=pool_id, Username="alice")
    with raises_aws("PasswordResetRequiredException"):
        sign_in(cog, client_id)
    code = sim.cognito.code(pool_id, "alice", "forgot_password")
    cog.confirm_forgot_password(ClientId=client_id, Username="alice", ConfirmationCode=code,
                                Password="N3w-Passw0rd")
    sign_in(cog, client_id, password="N3w-Passw0rd")


def test_email_username_pool(iam_mock):
    cog = idp()
    pool_id = make_pool(cog, UsernameAttributes=["email"])
    client_id = make_client(cog, pool_id)["ClientId"]
    with raises_aws("InvalidParameterException", "Username should be an email."):
        cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    out = cog.sign_up(ClientId=client_id, Username="bob@example.com", Password=PASSWORD)
    got = cog.admin_get_user(UserPoolId=pool_id, Username="bob@example.com")
    assert got["Username"] == out["UserSub"]
    with raises_aws("UsernameExistsException", "An account with the given email already exists."):
        cog.sign_up(ClientId=client_id, Username="BOB@example.com", Password=PASSWORD)


def test_case_insensitive_usernames(iam_mock):
    cog = idp()
    pool_id = make_pool(cog, UsernameConfiguration={"CaseSensitive": False})
    make_user(cog, pool_id, "Alice")
    assert cog.admin_get_user(UserPoolId=pool_id, Username="ALICE")["Username"] == "Alice"
    sensitive = make_pool(cog, PoolName="s")
    make_user(cog, sensitive, "Alice")
    with raises_aws("UserNotFoundException"):
        cog.admin_get_user(UserPoolId=sensitive, Username="alice")


def test_email_alias_signs_in_once_verified(iam_mock):
    cog = idp()
    pool_id = make_pool(cog, AliasAttributes=["email", "preferred_username"])
    client_id = make_client(cog, pool_id)["ClientId"]
    cog.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="SUPPRESS",
                          UserAttributes=[{"Name": "email", "Value": "alice@example.com"},
                                          {"Name": "preferred_username", "Value": "ally"}])
    cog.admin_set_user_password(UserPoolId=pool_id, Username="alice", Password=PASSWORD,
                                Permanent=True)
    assert sign_in(cog, client_id, "ally")["AccessToken"]
    with raises_aws("UserNotFoundException"):
        sign_in(cog, client_id, "alice@example.com")
    cog.admin_update_user_attributes(UserPoolId=pool_id, Username="alice", UserAttributes=[
        {"Name": "email_verified", "Value": "true"}])
    assert sign_in(cog, client_id, "ALICE@example.com")["AccessToken"]
    cog.admin_update_user_attributes(UserPoolId=pool_id, Username="alice", UserAttributes=[
        {"Name": "preferred_username", "Value": "al"}])
    with raises_aws("UserNotFoundException"):
        sign_in(cog, client_id, "ally")
    assert sign_in(cog, client_id, "al")["AccessToken"]


def test_admin_create_user_resend(env):
    cog, pool_id, _, sim = env
    cog.admin_create_user(UserPoolId=pool_id, Username="alice", DesiredDeliveryMediums=["EMAIL"],
                          UserAttributes=[{"Name": "email", "Value": "alice@example.com"}])
    cog.admin_create_user(UserPoolId=pool_id, Username="alice", MessageAction="RESEND",
                          DesiredDeliveryMediums=["EMAIL"])
    assert len(sim.cognito.messages(pool_id, "alice", "invitation")) == 2
    make_user(cog, pool_id, "bob", "bob@example.com")
    with raises_aws("UnsupportedUserStateException"):
        cog.admin_create_user(UserPoolId=pool_id, Username="bob", MessageAction="RESEND")


def test_list_users_by_status(env):
    cog, pool_id, client_id, _ = env
    make_user(cog, pool_id)
    cog.sign_up(ClientId=client_id, Username="bob", Password=PASSWORD)
    cog.admin_disable_user(UserPoolId=pool_id, Username="alice")
    unconfirmed = cog.list_users(UserPoolId=pool_id, Filter='cognito:user_status = "UNCONFIRMED"')
    assert [u["Username"] for u in unconfirmed["Users"]] == ["bob"]
    disabled = cog.list_users(UserPoolId=pool_id, Filter='status = "Disabled"')
    assert [u["Username"] for u in disabled["Users"]] == ["alice"]


def test_prevent_user_existence_errors_in_self_service(env):
    cog, pool_id, _, sim = env
    cid = make_client(cog, pool_id, PreventUserExistenceErrors="ENABLED")["ClientId"]
    out = cog.forgot_password(ClientId=cid, Username="nobody")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    out = cog.resend_confirmation_code(ClientId=cid, Username="nobody")
    assert out["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    with raises_aws("CodeMismatchException"):
        cog.confirm_sign_up(ClientId=cid, Username="nobody", ConfirmationCode="123456")
    assert sim.cognito.messages(pool_id) == []
