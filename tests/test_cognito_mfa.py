"""Software-token MFA: set-up by access token and by the MFA_SETUP challenge, the
SOFTWARE_TOKEN_MFA challenge, preferences; TOTP codes computed here (RFC 6238) by the clock."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import struct

import pytest
from freezegun import freeze_time

from tests.cognito_helpers import PASSWORD, idp, make_client, make_pool, make_user, sign_in
from tests.helpers import raises_aws

T0 = datetime.datetime(2026, 7, 1, 8, 0, 10)


def totp(secret: str, at: datetime.datetime) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    step = int(at.replace(tzinfo=datetime.timezone.utc).timestamp()) // 30
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return str((struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 10**6).zfill(6)


@pytest.fixture
def env(iam_mock):
    cog = idp()
    pool_id = make_pool(cog)
    cog.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="OPTIONAL",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    client_id = make_client(cog, pool_id)["ClientId"]
    make_user(cog, pool_id)
    return cog, pool_id, client_id


def _password(cog, client_id, username="alice"):
    return cog.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD})


def test_pool_mfa_config(env):
    cog, pool_id, _ = env
    assert cog.get_user_pool_mfa_config(UserPoolId=pool_id)["SoftwareTokenMfaConfiguration"] == \
        {"Enabled": True}
    assert cog.describe_user_pool(UserPoolId=pool_id)["UserPool"]["MfaConfiguration"] == \
        "OPTIONAL"
    with raises_aws("InvalidParameterException"):
        cog.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON",
                                     SoftwareTokenMfaConfiguration={"Enabled": False})


def test_totp_set_up_with_access_token_then_challenge(env):
    cog, _, client_id = env
    with freeze_time(T0) as clock:
        token = sign_in(cog, client_id)["AccessToken"]
        secret = cog.associate_software_token(AccessToken=token)["SecretCode"]
        assert len(secret) == 52
        with raises_aws("EnableSoftwareTokenMFAException",
                        "Code mismatch and fail enable Software Token MFA"):
            cog.verify_software_token(AccessToken=token, UserCode="000000"
                                      if totp(secret, T0) != "000000" else "111111")
        with raises_aws("InvalidParameterException", "User has not verified software token mfa"):
            cog.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={
                "Enabled": True, "PreferredMfa": True})
        assert cog.verify_software_token(AccessToken=token, UserCode=totp(secret, T0))[
            "Status"] == "SUCCESS"
        cog.set_user_mfa_preference(AccessToken=token, SoftwareTokenMfaSettings={
            "Enabled": True, "PreferredMfa": True})
        got = cog.get_user(AccessToken=token)
        assert got["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"
        assert got["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]

        clock.tick(datetime.timedelta(minutes=5))
        out = _password(cog, client_id)
        assert out["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
        now = T0 + datetime.timedelta(minutes=5)
        with raises_aws("CodeMismatchException", "Invalid code received for user"):
            cog.respond_to_auth_challenge(
                ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=out["Session"],
                ChallengeResponses={"USERNAME": "alice",
                                    "SOFTWARE_TOKEN_MFA_CODE": totp(secret, T0)})
        done = cog.respond_to_auth_challenge(
            ClientId=client_id, ChallengeName="SOFTWARE_TOKEN_MFA", Session=out["Session"],
            ChallengeResponses={"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": totp(secret, now)})
        assert done["AuthenticationResult"]["AccessToken"]


def test_admin_disables_mfa(env):
    cog, pool_id, client_id = env
    token = sign_in(cog, client_id)["AccessToken"]
    secret = cog.associate_software_token(AccessToken=token)["SecretCode"]
    cog.verify_software_token(AccessToken=token,
                              UserCode=totp(secret, datetime.datetime.utcnow()))
    cog.admin_set_user_mfa_preference(UserPoolId=pool_id, Username="alice",
                                      SoftwareTokenMfaSettings={"Enabled": True})
    assert _password(cog, client_id)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    cog.admin_set_user_mfa_preference(UserPoolId=pool_id, Username="alice",
                                      SoftwareTokenMfaSettings={"Enabled": False})
    assert "AuthenticationResult" in _password(cog, client_id)
    assert "UserMFASettingList" not in cog.admin_get_user(UserPoolId=pool_id, Username="alice")


def test_required_mfa_goes_through_mfa_setup(iam_mock):
    cog = idp()
    pool_id = make_pool(cog)
    cog.set_user_pool_mfa_config(UserPoolId=pool_id, MfaConfiguration="ON",
                                 SoftwareTokenMfaConfiguration={"Enabled": True})
    client_id = make_client(cog, pool_id)["ClientId"]
    make_user(cog, pool_id)
    with freeze_time(T0):
        out = _password(cog, client_id)
        assert out["ChallengeName"] == "MFA_SETUP"
        assert out["ChallengeParameters"]["MFAS_CAN_SETUP"] == '["SOFTWARE_TOKEN_MFA"]'
        with raises_aws("InvalidParameterException"):
            cog.respond_to_auth_challenge(ClientId=client_id, ChallengeName="MFA_SETUP",
                                          Session=out["Session"],
                                          ChallengeResponses={"USERNAME": "alice"})
        assoc = cog.associate_software_token(Session=out["Session"])
        verified = cog.verify_software_token(Session=assoc["Session"],
                                             UserCode=totp(assoc["SecretCode"], T0))
        done = cog.respond_to_auth_challenge(ClientId=client_id, ChallengeName="MFA_SETUP",
                                             Session=verified["Session"],
                                             ChallengeResponses={"USERNAME": "alice"})
        assert done["AuthenticationResult"]["AccessToken"]
        assert _password(cog, client_id)["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    with raises_aws("NotAuthorizedException", "Invalid session for the user."):
        cog.associate_software_token(Session="x" * 40)
