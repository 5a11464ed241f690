"""Cognito sign-in and tokens: flows, SECRET_HASH, JWTs checked against the pool's JWKS with an
independent verifier, expiry by the clock, revocation, and the access-token operations."""

from __future__ import annotations

import base64
import datetime
import json

import boto3
import pytest
from freezegun import freeze_time
from joserfc import jwt
from joserfc.jwk import KeySet

from tests.cognito_helpers import (
    PASSWORD,
    idp,
    make_client,
    make_pool,
    make_user,
    secret_hash,
    sign_in,
)
from tests.helpers import raises_aws

T0 = datetime.datetime(2026, 6, 1, 9, 0, 0)


@pytest.fixture
def env(iam_mock):
    cog = idp("eu-central-1")
    pool_id = make_pool(cog)
    client_id = make_client(cog, pool_id)["ClientId"]
    make_user(cog, pool_id)
    return cog, pool_id, client_id, iam_mock


def _verify(sim, pool_id: str, token: str) -> tuple[dict, dict]:
    """Independent check: joserfc against the JWKS the scope publishes for the pool."""
    keys = KeySet.import_key_set(sim.cognito.jwks(pool_id))
    decoded = jwt.decode(token, keys, algorithms=["RS256"])
    return dict(decoded.header), dict(decoded.claims)


def test_tokens_verify_against_the_pools_jwks_with_separate_keys(env):
    cog, pool_id, client_id, sim = env
    with freeze_time(T0):
        result = sign_in(cog, client_id)
    assert result["ExpiresIn"] == 3600 and result["TokenType"] == "Bearer"
    jwks = sim.cognito.jwks(pool_id)
    assert [k["kty"] for k in jwks["keys"]] == ["RSA", "RSA"]
    assert {k["alg"] for k in jwks["keys"]} == {"RS256"} and {k["use"] for k in jwks["keys"]} == {"sig"}
    access_header, access = _verify(sim, pool_id, result["AccessToken"])
    id_header, ident = _verify(sim, pool_id, result["IdToken"])
    assert access_header["kid"] != id_header["kid"]
    assert set(access_header) == {"kid", "alg"}
    iss = f"https://cognito-idp.eu-central-1.amazonaws.com/{pool_id}"
    now = int(T0.replace(tzinfo=datetime.timezone.utc).timestamp())
    assert set(access) == {"sub", "iss", "client_id", "origin_jti", "event_id", "token_use",
                           "scope", "auth_time", "exp", "iat", "jti", "username"}
    assert access["iss"] == iss and access["token_use"] == "access"
    assert access["scope"] == "aws.cognito.signin.user.admin"
    assert access["client_id"] == client_id and access["username"] == "alice"
    assert access["iat"] == now == access["auth_time"] and access["exp"] == now + 3600
    assert ident["aud"] == client_id and ident["token_use"] == "id"
    assert ident["cognito:username"] == "alice" and ident["email"] == "alice@example.com"
    assert ident["email_verified"] is True and ident["sub"] == access["sub"]
    assert ident["origin_jti"] == access["origin_jti"] and ident["jti"] != access["jti"]
    assert result["RefreshToken"].count(".") == 4  # opaque, not a JWT


def test_each_pool_has_its_own_keys(env):
    cog, pool_id, client_id, sim = env
    other = make_pool(cog, PoolName="other")
    mine = {k["kid"] for k in sim.cognito.jwks(pool_id)["keys"]}
    theirs = {k["kid"] for k in sim.cognito.jwks(other)["keys"]}
    assert not mine & theirs
    token = sign_in(cog, client_id)["AccessToken"]
    from joserfc.errors import JoseError

    with pytest.raises((JoseError, ValueError)):
        _verify(sim, other, token)


def test_validity_settings_drive_exp(env):
    cog, pool_id, _, sim = env
    client_id = make_client(cog, pool_id, AccessTokenValidity=5, IdTokenValidity=2,
                            TokenValidityUnits={"AccessToken": "minutes",
                                                "IdToken": "hours"})["ClientId"]
    result = sign_in(cog, client_id)
    assert result["ExpiresIn"] == 300
    _, access = _verify(sim, pool_id, result["AccessToken"])
    _, ident = _verify(sim, pool_id, result["IdToken"])
    assert access["exp"] - access["iat"] == 300 and ident["exp"] - ident["iat"] == 7200


def test_get_user_with_access_token(env):
    cog, _, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    got = cog.get_user(AccessToken=token)
    assert got["Username"] == "alice"
    assert {a["Name"] for a in got["UserAttributes"]} == {"sub", "email", "email_verified"}


def test_get_user_rejects_bad_tokens(env):
    cog, _, client_id, _ = env
    result = sign_in(cog, client_id)
    with raises_aws("NotAuthorizedException", "Invalid Access Token", status=400):
        cog.get_user(AccessToken="garbage")
    with raises_aws("NotAuthorizedException", "Invalid Access Token"):
        cog.get_user(AccessToken=result["IdToken"])
    head, body, sig = result["AccessToken"].split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=="))
    forged["username"] = "mallory"
    fake = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with raises_aws("NotAuthorizedException", "Invalid Access Token"):
        cog.get_user(AccessToken=f"{head}.{fake}.{sig}")


def test_access_token_expires_by_the_clock(env):
    cog, _, client_id, _ = env
    with freeze_time(T0) as clock:
        token = sign_in(cog, client_id)["AccessToken"]
        clock.tick(datetime.timedelta(minutes=59))
        assert cog.get_user(AccessToken=token)["Username"] == "alice"
        clock.tick(datetime.timedelta(minutes=1))
        with raises_aws("NotAuthorizedException", "Access Token has expired"):
            cog.get_user(AccessToken=token)


def test_deleted_and_disabled_users(env):
    cog, pool_id, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    cog.admin_disable_user(UserPoolId=pool_id, Username="alice")
    with raises_aws("NotAuthorizedException"):
        cog.get_user(AccessToken=token)
    make_user(cog, pool_id, "bob", "bob@example.com")
    result = sign_in(cog, client_id, "bob")
    cog.admin_delete_user(UserPoolId=pool_id, Username="bob")
    with raises_aws("UserNotFoundException", "User does not exist."):
        cog.get_user(AccessToken=result["AccessToken"])
    with raises_aws("UserNotFoundException", "User does not exist."):
        cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]})
    make_user(cog, pool_id, "bob", "bob@example.com")  # same name, another user (new sub)
    with raises_aws("UserNotFoundException"):
        cog.get_user(AccessToken=result["AccessToken"])


def test_refresh_keeps_auth_time_and_has_no_new_refresh_token(env):
    cog, pool_id, client_id, sim = env
    with freeze_time(T0) as clock:
        first = sign_in(cog, client_id)
        clock.tick(datetime.timedelta(hours=2))
        out = cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                                AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]})
    result = out["AuthenticationResult"]
    assert "RefreshToken" not in result
    _, before = _verify(sim, pool_id, first["AccessToken"])
    _, after = _verify(sim, pool_id, result["AccessToken"])
    assert after["auth_time"] == before["auth_time"] and after["iat"] == before["iat"] + 7200
    assert after["origin_jti"] == before["origin_jti"]


def test_refresh_token_expires(env):
    cog, pool_id, _, _ = env
    client_id = make_client(cog, pool_id, RefreshTokenValidity=60,
                            TokenValidityUnits={"RefreshToken": "minutes"})["ClientId"]
    with freeze_time(T0) as clock:
        refresh = sign_in(cog, client_id)["RefreshToken"]
        clock.tick(datetime.timedelta(minutes=60))
        with raises_aws("NotAuthorizedException", "Refresh Token has expired"):
            cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                              AuthParameters={"REFRESH_TOKEN": refresh})
    with raises_aws("NotAuthorizedException", "Invalid Refresh Token"):
        cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": "nope"})


def test_global_sign_out_revokes_access_and_refresh(env):
    cog, pool_id, client_id, sim = env
    result = sign_in(cog, client_id)
    other = sign_in(cog, client_id)
    cog.global_sign_out(AccessToken=result["AccessToken"])
    # An offline verifier still accepts the token until it expires, as with AWS.
    assert _verify(sim, pool_id, result["AccessToken"])[1]["username"] == "alice"
    for token in (result["AccessToken"], other["AccessToken"]):
        with raises_aws("NotAuthorizedException", "Access Token has been revoked"):
            cog.get_user(AccessToken=token)
    with raises_aws("NotAuthorizedException", "Refresh Token has been revoked"):
        cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": result["RefreshToken"]})
    assert cog.get_user(AccessToken=sign_in(cog, client_id)["AccessToken"])["Username"] == "alice"


def test_admin_user_global_sign_out(env):
    cog, pool_id, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    cog.admin_user_global_sign_out(UserPoolId=pool_id, Username="alice")
    with raises_aws("NotAuthorizedException", "Access Token has been revoked"):
        cog.get_user(AccessToken=token)


def test_revoke_token_revokes_only_that_session(env):
    cog, _, client_id, _ = env
    one, two = sign_in(cog, client_id), sign_in(cog, client_id)
    cog.revoke_token(ClientId=client_id, Token=one["RefreshToken"])
    with raises_aws("NotAuthorizedException", "Access Token has been revoked"):
        cog.get_user(AccessToken=one["AccessToken"])
    assert cog.get_user(AccessToken=two["AccessToken"])["Username"] == "alice"
    with raises_aws("NotAuthorizedException", "Refresh Token has been revoked"):
        cog.initiate_auth(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH",
                          AuthParameters={"REFRESH_TOKEN": one["RefreshToken"]})


def test_secret_hash_checked_as_aws_computes_it(env):
    cog, pool_id, _, _ = env
    client = make_client(cog, pool_id, GenerateSecret=True)
    cid, secret = client["ClientId"], client["ClientSecret"]
    with raises_aws("NotAuthorizedException",
                    f"Client {cid} is configured for secret but secret was not received"):
        sign_in(cog, cid)
    with raises_aws("NotAuthorizedException", f"Unable to verify secret hash for client {cid}"):
        sign_in(cog, cid, SECRET_HASH=secret_hash("bob", cid, secret))
    result = sign_in(cog, cid, SECRET_HASH=secret_hash("alice", cid, secret))
    assert result["AccessToken"]


def test_flow_must_be_enabled(env):
    cog, pool_id, _, _ = env
    cid = cog.create_user_pool_client(UserPoolId=pool_id, ClientName="srp")["UserPoolClient"]
    with raises_aws("InvalidParameterException",
                    "USER_PASSWORD_AUTH flow not enabled for this client"):
        sign_in(cog, cid["ClientId"])
    with raises_aws("InvalidParameterException", "Initiate Auth method not supported."):
        cog.initiate_auth(ClientId=cid["ClientId"], AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                          AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD})


def test_unknown_user_and_prevent_user_existence_errors(env):
    cog, pool_id, client_id, _ = env
    with raises_aws("UserNotFoundException", "User does not exist."):
        sign_in(cog, client_id, "nobody")
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        sign_in(cog, client_id, password="Wrong-Passw0rd")
    hidden = make_client(cog, pool_id, PreventUserExistenceErrors="ENABLED")["ClientId"]
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        sign_in(cog, hidden, "nobody")


def test_admin_initiate_auth(env):
    cog, pool_id, client_id, _ = env
    out = cog.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                  AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD})
    assert cog.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])["Username"] == \
        "alice"


def test_new_password_required_challenge(env):
    cog, pool_id, client_id, sim = env
    cog.admin_create_user(UserPoolId=pool_id, Username="carol", TemporaryPassword="Temp-Passw0rd",
                          MessageAction="SUPPRESS")
    out = cog.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                            AuthParameters={"USERNAME": "carol", "PASSWORD": "Temp-Passw0rd"})
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert out["ChallengeParameters"]["USER_ID_FOR_SRP"] == "carol"
    with raises_aws("InvalidPasswordException"):
        cog.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session=out["Session"],
                                      ChallengeResponses={"USERNAME": "carol",
                                                          "NEW_PASSWORD": "weak"})
    done = cog.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED", Session=out["Session"],
        ChallengeResponses={"USERNAME": "carol", "NEW_PASSWORD": PASSWORD,
                            "userAttributes.name": "Carol"})
    _, ident = _verify(sim, pool_id, done["AuthenticationResult"]["IdToken"])
    assert ident["name"] == "Carol"
    assert cog.admin_get_user(UserPoolId=pool_id, Username="carol")["UserStatus"] == "CONFIRMED"
    with raises_aws("NotAuthorizedException", "Invalid session for the user."):
        cog.respond_to_auth_challenge(ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                                      Session=out["Session"],
                                      ChallengeResponses={"USERNAME": "carol",
                                                          "NEW_PASSWORD": PASSWORD})


def test_temporary_password_expires(env):
    cog, pool_id, client_id, _ = env
    with freeze_time(T0) as clock:
        cog.admin_create_user(UserPoolId=pool_id, Username="dan",
                              TemporaryPassword="Temp-Passw0rd", MessageAction="SUPPRESS")
        clock.tick(datetime.timedelta(days=8))
        with raises_aws("NotAuthorizedException", "Temporary password has expired and must be "
                        "reset by an administrator."):
            sign_in(cog, client_id, "dan", "Temp-Passw0rd")


def test_change_password(env):
    cog, _, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        cog.change_password(AccessToken=token, PreviousPassword="Wrong-Passw0rd",
                            ProposedPassword="N3w-Passw0rd")
    with raises_aws("InvalidPasswordException"):
        cog.change_password(AccessToken=token, PreviousPassword=PASSWORD,
                            ProposedPassword="weakweakweak")
    cog.change_password(AccessToken=token, PreviousPassword=PASSWORD,
                        ProposedPassword="N3w-Passw0rd")
    sign_in(cog, client_id, password="N3w-Passw0rd")


def test_update_verify_and_delete_own_attributes(env):
    cog, pool_id, client_id, sim = env
    token = sign_in(cog, client_id)["AccessToken"]
    out = cog.update_user_attributes(AccessToken=token, UserAttributes=[
        {"Name": "email", "Value": "alice@new.example"}, {"Name": "name", "Value": "A"}])
    assert out["CodeDeliveryDetailsList"][0]["AttributeName"] == "email"
    code = sim.cognito.code(pool_id, "alice", "verify_attribute")
    with raises_aws("CodeMismatchException"):
        cog.verify_user_attribute(AccessToken=token, AttributeName="email",
                                  Code="000000" if code != "000000" else "111111")
    cog.verify_user_attribute(AccessToken=token, AttributeName="email", Code=code)
    attrs = {a["Name"]: a["Value"] for a in cog.get_user(AccessToken=token)["UserAttributes"]}
    assert attrs["email"] == "alice@new.example" and attrs["email_verified"] == "true"
    sent = cog.get_user_attribute_verification_code(AccessToken=token, AttributeName="email")
    assert sent["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    cog.delete_user_attributes(AccessToken=token, UserAttributeNames=["name"])
    assert "name" not in {a["Name"] for a in cog.get_user(AccessToken=token)["UserAttributes"]}
    with raises_aws("NotAuthorizedException"):
        cog.update_user_attributes(AccessToken=token, UserAttributes=[
            {"Name": "email_verified", "Value": "true"}])


def test_write_attributes_of_the_client(env):
    cog, pool_id, _, _ = env
    cid = make_client(cog, pool_id, WriteAttributes=["name"])["ClientId"]
    token = sign_in(cog, cid)["AccessToken"]
    with raises_aws("NotAuthorizedException",
                    "A client attempted to write unauthorized attribute"):
        cog.update_user_attributes(AccessToken=token, UserAttributes=[
            {"Name": "email", "Value": "x@example.com"}])


def test_delete_user_with_access_token(env):
    cog, pool_id, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    cog.delete_user(AccessToken=token)
    with raises_aws("UserNotFoundException"):
        cog.admin_get_user(UserPoolId=pool_id, Username="alice")


def test_groups_drive_group_and_role_claims(env):
    cog, pool_id, client_id, sim = env
    role = "arn:aws:iam::123456789012:role/admins"
    cog.create_group(UserPoolId=pool_id, GroupName="readers", Precedence=5)
    cog.create_group(UserPoolId=pool_id, GroupName="admins", Precedence=1, RoleArn=role)
    with raises_aws("GroupExistsException"):
        cog.create_group(UserPoolId=pool_id, GroupName="admins")
    for g in ("readers", "admins"):
        cog.admin_add_user_to_group(UserPoolId=pool_id, GroupName=g, Username="alice")
    listed = cog.admin_list_groups_for_user(UserPoolId=pool_id, Username="alice")["Groups"]
    assert sorted(g["GroupName"] for g in listed) == ["admins", "readers"]
    assert [u["Username"] for u in cog.list_users_in_group(
        UserPoolId=pool_id, GroupName="admins")["Users"]] == ["alice"]
    result = sign_in(cog, client_id)
    _, access = _verify(sim, pool_id, result["AccessToken"])
    _, ident = _verify(sim, pool_id, result["IdToken"])
    assert access["cognito:groups"] == ["admins", "readers"]
    assert ident["cognito:roles"] == [role] and ident["cognito:preferred_role"] == role
    cog.admin_remove_user_from_group(UserPoolId=pool_id, GroupName="admins", Username="alice")
    cog.delete_group(UserPoolId=pool_id, GroupName="readers")
    _, access = _verify(sim, pool_id, sign_in(cog, client_id)["AccessToken"])
    assert "cognito:groups" not in access
    with raises_aws("ResourceNotFoundException", "Group not found."):
        cog.get_group(UserPoolId=pool_id, GroupName="readers")
    cog.update_group(UserPoolId=pool_id, GroupName="admins", Description="d")
    assert cog.list_groups(UserPoolId=pool_id)["Groups"][0]["Description"] == "d"


def test_get_tokens_from_refresh_token(env):
    cog, _, client_id, _ = env
    first = sign_in(cog, client_id)
    out = cog.get_tokens_from_refresh_token(ClientId=client_id,
                                            RefreshToken=first["RefreshToken"])
    assert "RefreshToken" not in out["AuthenticationResult"]
    assert cog.get_user(AccessToken=out["AuthenticationResult"]["AccessToken"])
    with raises_aws("NotAuthorizedException", "Invalid Refresh Token"):
        cog.get_tokens_from_refresh_token(ClientId=client_id, RefreshToken="x")


def test_refresh_token_rotation_with_grace_period(env):
    cog, pool_id, _, _ = env
    c = make_client(cog, pool_id, GenerateSecret=True, RefreshTokenRotation={
        "Feature": "ENABLED", "RetryGracePeriodSeconds": 10})
    cid, secret = c["ClientId"], c["ClientSecret"]
    with freeze_time(T0) as clock:
        first = sign_in(cog, cid, SECRET_HASH=secret_hash("alice", cid, secret))["RefreshToken"]
        with raises_aws("NotAuthorizedException",
                        f"Client {cid} is configured for secret but secret was not received"):
            cog.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first)
        rotated = cog.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first,
                                                    ClientSecret=secret)
        second = rotated["AuthenticationResult"]["RefreshToken"]
        assert second != first
        clock.tick(datetime.timedelta(seconds=10))
        cog.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first, ClientSecret=secret)
        clock.tick(datetime.timedelta(seconds=1))
        with raises_aws("NotAuthorizedException", "Invalid Refresh Token"):
            cog.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=first,
                                              ClientSecret=secret)
        assert cog.get_tokens_from_refresh_token(ClientId=cid, RefreshToken=second,
                                                 ClientSecret=secret)["AuthenticationResult"]


def test_jwks_url_is_served_inside_the_scope(env):
    cog, pool_id, client_id, sim = env
    import urllib.error
    import urllib.request

    url = f"https://cognito-idp.eu-central-1.amazonaws.com/{pool_id}/.well-known/jwks.json"
    with urllib.request.urlopen(url) as response:
        assert json.load(response) == sim.cognito.jwks(pool_id)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(url.replace(pool_id, "eu-central-1_missing00"))
    jwt_lib = pytest.importorskip("jwt")
    token = sign_in(cog, client_id)["AccessToken"]
    signing_key = jwt_lib.PyJWKClient(url).get_signing_key_from_jwt(token)
    claims = jwt_lib.decode(token, signing_key.key, algorithms=["RS256"],
                            issuer=f"https://cognito-idp.eu-central-1.amazonaws.com/{pool_id}")
    assert claims["username"] == "alice"


def test_urllib_is_restored_after_the_last_scope():
    import urllib.request

    from iamsim import mock_iam

    original = urllib.request.OpenerDirector.open
    with mock_iam():
        assert urllib.request.OpenerDirector.open is not original
    assert urllib.request.OpenerDirector.open is original


def test_unsigned_client_in_another_region(iam_mock):
    from botocore import UNSIGNED
    from botocore.config import Config

    admin = idp("ap-south-1")
    pool_id = make_pool(admin)
    client_id = make_client(admin, pool_id)["ClientId"]
    make_user(admin, pool_id)
    anon = boto3.client("cognito-idp", region_name="ap-south-1",
                                      config=Config(signature_version=UNSIGNED))
    token = sign_in(anon, client_id)["AccessToken"]
    assert anon.get_user(AccessToken=token)["Username"] == "alice"
    elsewhere = boto3.client("cognito-idp", region_name="us-east-1",
                                           config=Config(signature_version=UNSIGNED))
    with raises_aws("NotAuthorizedException", "Invalid Access Token"):
        elsewhere.get_user(AccessToken=token)


def test_get_user_after_an_admin_password_reset(env):
    cog, pool_id, client_id, _ = env
    token = sign_in(cog, client_id)["AccessToken"]
    cog.admin_reset_user_password(UserPoolId=pool_id, Username="alice")
    with raises_aws("PasswordResetRequiredException", "Password reset required for the user"):
        cog.get_user(AccessToken=token)


def test_admin_respond_to_new_password_challenge(env):
    cog, pool_id, client_id, _ = env
    cog.admin_create_user(UserPoolId=pool_id, Username="erin", TemporaryPassword="Temp-Passw0rd",
                          MessageAction="SUPPRESS")
    out = cog.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                  AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                  AuthParameters={"USERNAME": "erin",
                                                  "PASSWORD": "Temp-Passw0rd"})
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    done = cog.admin_respond_to_auth_challenge(
        UserPoolId=pool_id, ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=out["Session"], ChallengeResponses={"USERNAME": "erin", "NEW_PASSWORD": PASSWORD})
    assert cog.get_user(AccessToken=done["AuthenticationResult"]["AccessToken"])["Username"] == \
        "erin"
    again = cog.admin_initiate_auth(UserPoolId=pool_id, ClientId=client_id,
                                    AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": "erin", "PASSWORD": PASSWORD})
    assert "AuthenticationResult" in again


def test_challenge_session_expires(env):
    cog, pool_id, client_id, _ = env
    cog.admin_create_user(UserPoolId=pool_id, Username="fay", TemporaryPassword="Temp-Passw0rd",
                          MessageAction="SUPPRESS")
    with freeze_time(T0) as clock:
        out = cog.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                AuthParameters={"USERNAME": "fay", "PASSWORD": "Temp-Passw0rd"})
        clock.tick(datetime.timedelta(minutes=3, seconds=1))
        with raises_aws("NotAuthorizedException",
                        "Invalid session for the user, session is expired."):
            cog.respond_to_auth_challenge(
                ClientId=client_id, ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=out["Session"],
                ChallengeResponses={"USERNAME": "fay", "NEW_PASSWORD": PASSWORD})
