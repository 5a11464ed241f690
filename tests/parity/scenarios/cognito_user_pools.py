"""Parity scenarios for Cognito user pools: pools, clients, users, sign-in and tokens."""

import base64
import datetime
import hashlib
import hmac
import struct
from typing import Any

from ..harness import FROZEN

S = "cognito-idp"
PW = "Passw0rd!"
NEW_PW = "N3w-Passw0rd!"


def _body(r: list, op: str, n: int = -1) -> dict[str, Any]:
    return [x for x in r if x["op"] == op][n]["body"]


def _pool(r: list) -> str:
    return _body(r, "CreateUserPool", 0)["UserPool"]["Id"]


def _client(r: list, n: int = 0) -> str:
    return _body(r, "CreateUserPoolClient", n)["UserPoolClient"]["ClientId"]


def _auth(r: list, op: str = "InitiateAuth") -> dict[str, Any]:
    return _body(r, op)["AuthenticationResult"]


def _refresh(r: list) -> str:
    """The refresh token of the last sign-in that returned one."""
    signed = [x["body"]["AuthenticationResult"] for x in r if x["op"] == "InitiateAuth"
              and "RefreshToken" in x.get("body", {}).get("AuthenticationResult", {})]
    return str(signed[-1]["RefreshToken"])


def _p(**kw: Any):
    """Params with the pool id filled in."""
    return lambda r: {"UserPoolId": _pool(r), **kw}


FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
POOL = {"PoolName": "app", "AutoVerifiedAttributes": ["email"],
        "Schema": [{"Name": "team", "AttributeDataType": "String", "Mutable": True,
                    "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "10"}}],
        "Policies": {"PasswordPolicy": {"MinimumLength": 9}}}

SCENARIOS = {
    "pools_and_clients": [
        (S, "CreateUserPool", POOL),
        (S, "CreateUserPool", {"PoolName": "bad", "UsernameAttributes": ["email"],
                               "AliasAttributes": ["email"]}),
        (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS,
                                       AccessTokenValidity=30, IdTokenValidity=2,
                                       TokenValidityUnits={"AccessToken": "minutes",
                                                           "IdToken": "hours"})),
        (S, "CreateUserPoolClient", _p(ClientName="server", GenerateSecret=True)),
        (S, "CreateUserPoolClient", _p(ClientName="bad", AccessTokenValidity=2)),
        (S, "DescribeUserPool", _p()),
        (S, "DescribeUserPool", {"UserPoolId": "us-east-1_missing1"}),
        (S, "DescribeUserPool", {"UserPoolId": "not-a-pool"}),
        (S, "UpdateUserPool", _p(DeletionProtection="ACTIVE", MfaConfiguration="OFF")),
        (S, "ListUserPools", {"MaxResults": 1}),
        (S, "DescribeUserPoolClient", lambda r: {"UserPoolId": _pool(r), "ClientId": _client(r)}),
        (S, "UpdateUserPoolClient", lambda r: {"UserPoolId": _pool(r), "ClientId": _client(r),
                                               "ClientName": "web2",
                                               "PreventUserExistenceErrors": "ENABLED"}),
        (S, "ListUserPoolClients", _p(MaxResults=1)),
        (S, "DeleteUserPool", _p()),
        (S, "DeleteUserPoolClient", lambda r: {"UserPoolId": _pool(r),
                                               "ClientId": _client(r, 1)}),
        (S, "UpdateUserPool", _p(DeletionProtection="INACTIVE")),
        (S, "DeleteUserPool", _p()),
    ],
    "users_and_sign_in": [
        (S, "CreateUserPool", POOL),
        (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS)),
        (S, "AdminCreateUser", _p(Username="alice", TemporaryPassword="Temp-Passw0rd",
                                  MessageAction="SUPPRESS",
                                  UserAttributes=[{"Name": "email",
                                                   "Value": "alice@example.com"},
                                                  {"Name": "custom:team", "Value": "core"}])),
        (S, "AdminCreateUser", _p(Username="alice")),
        (S, "AdminCreateUser", _p(Username="weak", TemporaryPassword="short")),
        (S, "AdminGetUser", _p(Username="alice")),
        (S, "AdminGetUser", _p(Username="nobody")),
        (S, "ListUsers", _p(Filter='email ^= "alice"', Limit=1)),
        (S, "ListUsers", _p(Filter="bogus")),
        (S, "AdminUpdateUserAttributes", _p(Username="alice", UserAttributes=[
            {"Name": "email_verified", "Value": "true"}, {"Name": "name", "Value": "Alice"}])),
        (S, "AdminUpdateUserAttributes", _p(Username="alice", UserAttributes=[
            {"Name": "custom:nope", "Value": "x"}])),
        (S, "AdminDeleteUserAttributes", _p(Username="alice", UserAttributeNames=["name"])),
        (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                       "AuthParameters": {"USERNAME": "alice",
                                                          "PASSWORD": "Temp-Passw0rd"}}),
        (S, "RespondToAuthChallenge", lambda r: {
            "ClientId": _client(r), "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": _body(r, "InitiateAuth")["Session"],
            "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": PW}}),
        (S, "AdminRespondToAuthChallenge", lambda r: {
            "UserPoolId": _pool(r), "ClientId": _client(r),
            "ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": "x" * 30,
            "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": PW}}),
        (S, "AdminSetUserPassword", _p(Username="alice", Password=PW, Permanent=True)),
        (S, "AdminDisableUser", _p(Username="alice")),
        (S, "AdminInitiateAuth", lambda r: {
            "UserPoolId": _pool(r), "ClientId": _client(r), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
        (S, "AdminEnableUser", _p(Username="alice")),
        (S, "AdminInitiateAuth", lambda r: {
            "UserPoolId": _pool(r), "ClientId": _client(r), "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": "alice", "PASSWORD": "wrong"}}),
        (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                       "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
        (S, "GetUser", lambda r: {"AccessToken": _auth(r)["AccessToken"]}),
        (S, "GetUser", {"AccessToken": "not.a.token"}),
        (S, "ChangePassword", lambda r: {"AccessToken": _auth(r)["AccessToken"],
                                         "PreviousPassword": PW, "ProposedPassword": NEW_PW}),
        (S, "UpdateUserAttributes", lambda r: {"AccessToken": _auth(r)["AccessToken"],
                                               "UserAttributes": [
                                                   {"Name": "email",
                                                    "Value": "alice@example.org"}]}),
        (S, "GetUserAttributeVerificationCode", lambda r: {
            "AccessToken": _auth(r)["AccessToken"], "AttributeName": "email"}),
        (S, "VerifyUserAttribute", lambda r: {"AccessToken": _auth(r)["AccessToken"],
                                              "AttributeName": "email", "Code": "000000"}),
        (S, "DeleteUserAttributes", lambda r: {"AccessToken": _auth(r)["AccessToken"],
                                               "UserAttributeNames": ["custom:team"]}),
        (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "REFRESH_TOKEN_AUTH",
                                       "AuthParameters": {"REFRESH_TOKEN": _refresh(r)}}),
        (S, "RevokeToken", lambda r: {"ClientId": _client(r), "Token": _refresh(r)}),
        (S, "GlobalSignOut", lambda r: {"AccessToken": _auth(r)["AccessToken"]}),
        (S, "GetUser", lambda r: {"AccessToken": _auth(r)["AccessToken"]}),
        (S, "AdminUserGlobalSignOut", _p(Username="alice")),
        (S, "AdminResetUserPassword", _p(Username="alice")),
        (S, "ConfirmForgotPassword", lambda r: {"ClientId": _client(r), "Username": "alice",
                                                "ConfirmationCode": "123456", "Password": PW}),
        (S, "DeleteUser", {"AccessToken": "x.y.z"}),
        (S, "AdminDeleteUser", _p(Username="alice")),
    ],
    "sign_up": [
        (S, "CreateUserPool", POOL),
        (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS)),
        (S, "SignUp", lambda r: {"ClientId": _client(r), "Username": "bob", "Password": PW,
                                 "UserAttributes": [{"Name": "email", "Value": "b@example.com"}]}),
        (S, "SignUp", lambda r: {"ClientId": _client(r), "Username": "bob", "Password": PW}),
        (S, "SignUp", lambda r: {"ClientId": _client(r), "Username": "carl", "Password": "weakpass1"}),
        (S, "ConfirmSignUp", lambda r: {"ClientId": _client(r), "Username": "bob",
                                        "ConfirmationCode": "000000"}),
        (S, "ResendConfirmationCode", lambda r: {"ClientId": _client(r), "Username": "bob"}),
        (S, "AdminConfirmSignUp", _p(Username="bob")),
        (S, "ForgotPassword", lambda r: {"ClientId": _client(r), "Username": "bob"}),
        (S, "ForgotPassword", lambda r: {"ClientId": _client(r), "Username": "nobody"}),
    ],
}

ROLE = "arn:aws:iam::123456789012:role/admins"
SCENARIOS["groups"] = [
    (S, "CreateUserPool", POOL),
    (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS)),
    (S, "AdminCreateUser", _p(Username="alice", TemporaryPassword="Temp-Passw0rd",
                              MessageAction="SUPPRESS")),
    (S, "CreateGroup", _p(GroupName="admins", Precedence=1, RoleArn=ROLE, Description="d")),
    (S, "CreateGroup", _p(GroupName="admins")),
    (S, "CreateGroup", _p(GroupName="readers")),
    (S, "GetGroup", _p(GroupName="admins")),
    (S, "GetGroup", _p(GroupName="nope")),
    (S, "UpdateGroup", _p(GroupName="readers", Precedence=5)),
    (S, "ListGroups", _p(Limit=1)),
    (S, "AdminAddUserToGroup", _p(GroupName="admins", Username="alice")),
    (S, "AdminAddUserToGroup", _p(GroupName="readers", Username="alice")),
    (S, "AdminAddUserToGroup", _p(GroupName="nope", Username="alice")),
    (S, "AdminListGroupsForUser", _p(Username="alice")),
    (S, "ListUsersInGroup", _p(GroupName="admins")),
    (S, "AdminSetUserPassword", _p(Username="alice", Password=PW, Permanent=True)),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    (S, "AdminRemoveUserFromGroup", _p(GroupName="readers", Username="alice")),
    (S, "DeleteGroup", _p(GroupName="admins")),
    (S, "AdminListGroupsForUser", _p(Username="alice")),
]

SCENARIOS["srp"] = [
    (S, "CreateUserPool", POOL),
    (S, "CreateUserPoolClient", _p(ClientName="amplify")),
    (S, "AdminCreateUser", _p(Username="alice", TemporaryPassword="Temp-Passw0rd",
                              MessageAction="SUPPRESS")),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_SRP_AUTH",
                                   "AuthParameters": {"USERNAME": "alice", "SRP_A": "abc123"}}),
    (S, "RespondToAuthChallenge", lambda r: {
        "ClientId": _client(r), "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeResponses": {
            "USERNAME": "alice", "TIMESTAMP": "Sun Mar 1 12:00:00 UTC 2026",
            "PASSWORD_CLAIM_SECRET_BLOCK":
                _body(r, "InitiateAuth")["ChallengeParameters"]["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": "AAAA"}}),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_SRP_AUTH",
                                   "AuthParameters": {"USERNAME": "nobody", "SRP_A": "abc123"}}),
]


def _totp(r: list) -> str:
    """RFC 6238 code of the last associated secret at the harness's frozen time."""
    secret = _body(r, "AssociateSoftwareToken")["SecretCode"]
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int(FROZEN.replace(tzinfo=datetime.timezone.utc).timestamp()) // 30
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[o:o + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


def _session(r: list, op: str) -> str:
    return str(_body(r, op)["Session"])


SCENARIOS["mfa"] = [
    (S, "CreateUserPool", POOL),
    (S, "SetUserPoolMfaConfig", _p(MfaConfiguration="ON",
                                   SoftwareTokenMfaConfiguration={"Enabled": True})),
    (S, "GetUserPoolMfaConfig", _p()),
    (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS)),
    (S, "AdminCreateUser", _p(Username="alice", TemporaryPassword="Temp-Passw0rd",
                              MessageAction="SUPPRESS")),
    (S, "AdminSetUserPassword", _p(Username="alice", Password=PW, Permanent=True)),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    (S, "AssociateSoftwareToken", lambda r: {"Session": _session(r, "InitiateAuth")}),
    (S, "VerifySoftwareToken", lambda r: {"Session": _session(r, "AssociateSoftwareToken"),
                                          "UserCode": "00000x"}),
    (S, "VerifySoftwareToken", lambda r: {"Session": _session(r, "AssociateSoftwareToken"),
                                          "UserCode": _totp(r)}),
    (S, "RespondToAuthChallenge", lambda r: {
        "ClientId": _client(r), "ChallengeName": "MFA_SETUP",
        "Session": _session(r, "VerifySoftwareToken"), "ChallengeResponses": {"USERNAME": "alice"}}),
    (S, "SetUserMFAPreference", lambda r: {
        "AccessToken": _body(r, "RespondToAuthChallenge")["AuthenticationResult"]["AccessToken"],
        "SoftwareTokenMfaSettings": {"Enabled": True, "PreferredMfa": True}}),
    (S, "AdminSetUserMFAPreference", _p(Username="alice",
                                        SMSMfaSettings={"Enabled": True})),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    (S, "RespondToAuthChallenge", lambda r: {
        "ClientId": _client(r), "ChallengeName": "SOFTWARE_TOKEN_MFA",
        "Session": _session(r, "InitiateAuth"),
        "ChallengeResponses": {"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": _totp(r)}}),
    (S, "AdminGetUser", _p(Username="alice")),
]

SCENARIOS["refresh_rotation"] = [
    (S, "CreateUserPool", POOL),
    (S, "CreateUserPoolClient", _p(ClientName="web", ExplicitAuthFlows=FLOWS,
                                   RefreshTokenRotation={"Feature": "ENABLED"})),
    (S, "AdminCreateUser", _p(Username="alice", TemporaryPassword="Temp-Passw0rd",
                              MessageAction="SUPPRESS")),
    (S, "AdminSetUserPassword", _p(Username="alice", Password=PW, Permanent=True)),
    (S, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                   "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    (S, "GetTokensFromRefreshToken", lambda r: {"ClientId": _client(r),
                                                "RefreshToken": _refresh(r)}),
    (S, "GetTokensFromRefreshToken", lambda r: {"ClientId": _client(r), "RefreshToken": "x"}),
]
