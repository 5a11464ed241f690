"""SRP sign-in (USER_SRP_AUTH + PASSWORD_VERIFIER) checked against two independent clients:
pycognito's, and one written here from the published algorithm (Cognito's SRP-6a: RFC 5054
3072-bit group, SHA-256, the "Caldera Derived Key" HKDF step)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import secrets

import pytest
from freezegun import freeze_time

from tests.cognito_helpers import PASSWORD, idp, make_client, make_pool, make_user, secret_hash
from tests.helpers import raises_aws

aws_srp = pytest.importorskip("pycognito.aws_srp")

# RFC 3526 section 4 (3072-bit MODP group), as the client libraries use it.
N = int(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF", 16)


def _bytes(n: int) -> bytes:
    """Big-endian two's-complement bytes of a positive integer (Java's toByteArray)."""
    return n.to_bytes(n.bit_length() // 8 + 1, "big")


def _int(*parts: bytes) -> int:
    return int.from_bytes(hashlib.sha256(b"".join(parts)).digest(), "big")


class Client:
    """The client side, from the algorithm as published (not from iamsim's code)."""

    def __init__(self, pool_id: str, password: str) -> None:
        self.suffix = pool_id.split("_")[1]
        self.password = password
        self.a = secrets.randbelow(N - 2) + 1
        self.A = pow(2, self.a, N)

    def answer(self, params: dict[str, str], timestamp: str, password: str | None = None
               ) -> str:
        user_id = params["USER_ID_FOR_SRP"]
        salt, B = int(params["SALT"], 16), int(params["SRP_B"], 16)
        k = _int(_bytes(N), _bytes(2))
        u = _int(_bytes(self.A), _bytes(B))
        inner = hashlib.sha256(
            f"{self.suffix}{user_id}:{password or self.password}".encode()).digest()
        x = _int(_bytes(salt), inner)
        S = pow((B - k * pow(2, x, N)) % N, self.a + u * x, N)
        prk = hmac.new(_bytes(u), _bytes(S), hashlib.sha256).digest()
        key = hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]
        msg = (self.suffix.encode() + user_id.encode() + base64.b64decode(params["SECRET_BLOCK"])
               + timestamp.encode())
        return base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode()


def _stamp(t: datetime.datetime) -> str:
    return f"{t:%a %b} {t.day} {t:%H:%M:%S} UTC {t.year}"


@pytest.fixture
def env(iam_mock):
    cog = idp()
    pool_id = make_pool(cog)
    client_id = cog.create_user_pool_client(UserPoolId=pool_id,
                                            ClientName="amplify")["UserPoolClient"]["ClientId"]
    make_user(cog, pool_id)
    return cog, pool_id, client_id, iam_mock


def _srp(cog, client_id: str, client: Client, username: str = "alice", **extra: str):
    return cog.initiate_auth(ClientId=client_id, AuthFlow="USER_SRP_AUTH",
                             AuthParameters={"USERNAME": username, "SRP_A": format(client.A, "x"),
                                             **extra})


def _respond(cog, client_id, params, signature, stamp, **extra):
    return cog.respond_to_auth_challenge(
        ClientId=client_id, ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses={"USERNAME": params["USERNAME"], "TIMESTAMP": stamp,
                            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
                            "PASSWORD_CLAIM_SIGNATURE": signature, **extra})


def test_pycognito_signs_in_with_srp(env):
    cog, pool_id, client_id, _ = env
    tokens = aws_srp.AWSSRP(username="alice", password=PASSWORD, pool_id=pool_id,
                            client_id=client_id, client=cog).authenticate_user()
    access = tokens["AuthenticationResult"]["AccessToken"]
    assert cog.get_user(AccessToken=access)["Username"] == "alice"


def test_pycognito_with_client_secret_and_wrong_password(env):
    cog, pool_id, _, _ = env
    c = make_client(cog, pool_id, GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH",
                                                                           "ALLOW_REFRESH_TOKEN_AUTH"])
    ok = aws_srp.AWSSRP(username="alice", password=PASSWORD, pool_id=pool_id,
                        client_id=c["ClientId"], client_secret=c["ClientSecret"], client=cog)
    assert ok.authenticate_user()["AuthenticationResult"]["TokenType"] == "Bearer"
    bad = aws_srp.AWSSRP(username="alice", password="Wrong-Passw0rd", pool_id=pool_id,
                         client_id=c["ClientId"], client_secret=c["ClientSecret"], client=cog)
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        bad.authenticate_user()


def test_independent_client_and_challenge_parameters(env):
    cog, pool_id, client_id, _ = env
    t = datetime.datetime(2026, 3, 5, 7, 8, 9)
    client = Client(pool_id, PASSWORD)
    with freeze_time(t):
        out = _srp(cog, client_id, client)
        assert out["ChallengeName"] == "PASSWORD_VERIFIER" and "Session" not in out
        params = out["ChallengeParameters"]
        assert set(params) == {"SALT", "SECRET_BLOCK", "USER_ID_FOR_SRP", "USERNAME", "SRP_B"}
        stamp = _stamp(t)
        assert stamp == "Thu Mar 5 07:08:09 UTC 2026"
        done = _respond(cog, client_id, params, client.answer(params, stamp), stamp)
        access = done["AuthenticationResult"]["AccessToken"]
        assert cog.get_user(AccessToken=access)["Username"] == "alice"


def test_wrong_password_and_replayed_block(env):
    cog, pool_id, client_id, _ = env
    client = Client(pool_id, PASSWORD)
    params = _srp(cog, client_id, client)["ChallengeParameters"]
    stamp = _stamp(datetime.datetime.now(datetime.timezone.utc))
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        _respond(cog, client_id, params, client.answer(params, stamp, "Other-Passw0rd"), stamp)
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        _respond(cog, client_id, params, client.answer(params, stamp), stamp)


def test_bad_timestamp_and_unknown_user(env):
    cog, pool_id, client_id, _ = env
    client = Client(pool_id, PASSWORD)
    params = _srp(cog, client_id, client)["ChallengeParameters"]
    with raises_aws("InvalidParameterException"):
        _respond(cog, client_id, params, client.answer(params, "yesterday"), "yesterday")
    with raises_aws("UserNotFoundException", "User does not exist."):
        _srp(cog, client_id, client, "nobody")


def test_srp_with_prevent_user_existence_errors(env):
    cog, pool_id, _, _ = env
    cid = make_client(cog, pool_id, PreventUserExistenceErrors="ENABLED",
                      ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"])["ClientId"]
    client = Client(pool_id, PASSWORD)
    params = _srp(cog, cid, client, "nobody")["ChallengeParameters"]
    stamp = _stamp(datetime.datetime.now(datetime.timezone.utc))
    with raises_aws("NotAuthorizedException", "Incorrect username or password."):
        _respond(cog, cid, params, client.answer(params, stamp), stamp)


def test_srp_with_secret_hash_and_email_alias(iam_mock):
    cog = idp()
    pool_id = make_pool(cog, UsernameAttributes=["email"])
    c = make_client(cog, pool_id, GenerateSecret=True, ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH"])
    cog.admin_create_user(UserPoolId=pool_id, Username="eve@example.com", MessageAction="SUPPRESS")
    cog.admin_set_user_password(UserPoolId=pool_id, Username="eve@example.com",
                                Password=PASSWORD, Permanent=True)
    cid, secret = c["ClientId"], c["ClientSecret"]
    client = Client(pool_id, PASSWORD)
    params = _srp(cog, cid, client, "eve@example.com",
                  SECRET_HASH=secret_hash("eve@example.com", cid, secret))["ChallengeParameters"]
    sub = params["USER_ID_FOR_SRP"]
    assert sub != "eve@example.com" and params["USERNAME"] == sub
    stamp = _stamp(datetime.datetime.now(datetime.timezone.utc))
    done = _respond(cog, cid, params, client.answer(params, stamp), stamp,
                    SECRET_HASH=secret_hash(sub, cid, secret))
    assert "AccessToken" in done["AuthenticationResult"]


def test_srp_then_new_password_required(env):
    cog, pool_id, client_id, _ = env
    cog.admin_create_user(UserPoolId=pool_id, Username="carol", TemporaryPassword="Temp-Passw0rd",
                          MessageAction="SUPPRESS")
    client = Client(pool_id, "Temp-Passw0rd")
    params = _srp(cog, client_id, client, "carol")["ChallengeParameters"]
    stamp = _stamp(datetime.datetime.now(datetime.timezone.utc))
    out = _respond(cog, client_id, params, client.answer(params, stamp), stamp)
    assert out["ChallengeName"] == "NEW_PASSWORD_REQUIRED" and out["Session"]
