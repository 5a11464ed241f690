"""Cognito identity pools through boto3: pools, roles and role mappings, identities, OpenID
tokens, and AWS credentials from a user pool sign-in that then call IAM and STS as the role."""

from __future__ import annotations

import base64
import datetime
import json

import boto3
import pytest
from freezegun import freeze_time

from tests.cognito_helpers import PASSWORD, idp, make_client, make_pool, make_user, sign_in
from tests.helpers import raises_aws

REGION = "eu-west-1"
T0 = datetime.datetime(2026, 6, 1, 9, 0, 0)


def ident(region: str = REGION):
    return boto3.client("cognito-identity", region_name=region)


def trust(pool_id: str, amr: str = "authenticated") -> str:
    """The trust policy AWS's console writes for an identity pool's role."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": pool_id},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}]})


def make_role(name: str, policy: str, **allow: list[str]) -> str:
    iam = boto3.client("iam")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=policy)["Role"]["Arn"]
    if allow.get("actions"):
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": allow["actions"], "Resource": "*"}]}))
    return str(arn)


def client_as(service: str, creds: dict):
    return boto3.client(service, region_name=REGION, aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretKey"],
                        aws_session_token=creds["SessionToken"])


def claims_of(token: str, part_index: int = 1) -> dict:
    part = token.split(".")[part_index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


class Env:
    """A user pool with an app client and user alice, and an identity pool that trusts it."""

    def __init__(self, sim, **pool_options) -> None:
        self.sim = sim
        self.idp = idp(REGION)
        self.user_pool = make_pool(self.idp)
        self.client_id = make_client(self.idp, self.user_pool)["ClientId"]
        make_user(self.idp, self.user_pool)
        self.provider = f"cognito-idp.{REGION}.amazonaws.com/{self.user_pool}"
        self.ci = ident()
        options = {"IdentityPoolName": "app", "AllowUnauthenticatedIdentities": True,
                   "CognitoIdentityProviders": [{"ProviderName": self.provider,
                                                 "ClientId": self.client_id}],
                   **pool_options}
        self.pool_id = self.ci.create_identity_pool(**options)["IdentityPoolId"]
        self.auth_role = make_role("auth", trust(self.pool_id), actions=["iam:ListRoles"])
        self.unauth_role = make_role("unauth", trust(self.pool_id, "unauthenticated"))
        self.ci.set_identity_pool_roles(IdentityPoolId=self.pool_id, Roles={
            "authenticated": self.auth_role, "unauthenticated": self.unauth_role})

    def token(self, username: str = "alice") -> str:
        return str(sign_in(self.idp, self.client_id, username)["IdToken"])

    def logins(self, username: str = "alice") -> dict[str, str]:
        return {self.provider: self.token(username)}

    def identity(self, username: str | None = "alice") -> str:
        kw = {"Logins": self.logins(username)} if username else {}
        return str(self.ci.get_id(IdentityPoolId=self.pool_id, **kw)["IdentityId"])

    def credentials(self, username: str | None = "alice", **kw) -> dict:
        iid = self.identity(username)
        if username:
            kw.setdefault("Logins", self.logins(username))
        return dict(self.ci.get_credentials_for_identity(IdentityId=iid, **kw)["Credentials"])


@pytest.fixture
def env(iam_mock):
    return Env(iam_mock)


# Identity pools ------------------------------------------------------------------------

def test_create_describe_update_list_delete_identity_pool(iam_mock):
    ci = ident()
    created = ci.create_identity_pool(
        IdentityPoolName="my pool", AllowUnauthenticatedIdentities=False,
        SupportedLoginProviders={"graph.facebook.com": "123"},
        IdentityPoolTags={"team": "core"})
    pid = created["IdentityPoolId"]
    prefix, guid = pid.split(":")
    assert prefix == REGION and len(guid) == 36
    assert created["IdentityPoolName"] == "my pool"
    assert created["AllowUnauthenticatedIdentities"] is False
    assert created["AllowClassicFlow"] is False
    assert created["SupportedLoginProviders"] == {"graph.facebook.com": "123"}
    assert created["IdentityPoolTags"] == {"team": "core"}
    described = ci.describe_identity_pool(IdentityPoolId=pid)
    described.pop("ResponseMetadata")
    created.pop("ResponseMetadata")
    assert described == created
    updated = ci.update_identity_pool(IdentityPoolId=pid, IdentityPoolName="renamed",
                                      AllowUnauthenticatedIdentities=True,
                                      AllowClassicFlow=True)
    # Members left out of an update are removed; tags stay.
    assert "SupportedLoginProviders" not in updated
    assert updated["IdentityPoolName"] == "renamed" and updated["AllowClassicFlow"] is True
    assert updated["IdentityPoolTags"] == {"team": "core"}
    second = ci.create_identity_pool(IdentityPoolName="second",
                                     AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    page = ci.list_identity_pools(MaxResults=1)
    assert [p["IdentityPoolId"] for p in page["IdentityPools"]] == [pid]
    rest = ci.list_identity_pools(MaxResults=1, NextToken=page["NextToken"])
    assert rest["IdentityPools"] == [{"IdentityPoolId": second, "IdentityPoolName": "second"}]
    assert "NextToken" not in rest
    ci.delete_identity_pool(IdentityPoolId=pid)
    with raises_aws("ResourceNotFoundException", f"IdentityPool '{pid}' not found.", 400):
        ci.describe_identity_pool(IdentityPoolId=pid)
    assert len(ci.list_identity_pools(MaxResults=60)["IdentityPools"]) == 1


def test_identity_pools_are_regional(iam_mock):
    pid = ident().create_identity_pool(IdentityPoolName="p",
                                       AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    other = ident("us-west-2")
    assert other.list_identity_pools(MaxResults=10)["IdentityPools"] == []
    with raises_aws("ResourceNotFoundException"):
        other.describe_identity_pool(IdentityPoolId=pid)


def test_missing_identity_pool_is_resource_not_found_everywhere(iam_mock):
    ci, pid = ident(), f"{REGION}:00000000-0000-4000-8000-000000000000"
    message = f"IdentityPool '{pid}' not found."
    for call in (lambda: ci.describe_identity_pool(IdentityPoolId=pid),
                 lambda: ci.delete_identity_pool(IdentityPoolId=pid),
                 lambda: ci.update_identity_pool(IdentityPoolId=pid, IdentityPoolName="x",
                                                 AllowUnauthenticatedIdentities=True),
                 lambda: ci.get_identity_pool_roles(IdentityPoolId=pid),
                 lambda: ci.set_identity_pool_roles(
                     IdentityPoolId=pid, Roles={"authenticated": "arn:aws:iam::123456789012:role/r"}),
                 lambda: ci.get_id(IdentityPoolId=pid)):
        with raises_aws("ResourceNotFoundException", message):
            call()


def test_invalid_parameters(iam_mock):
    ci = ident()
    with raises_aws("InvalidParameterException", match="identityPoolName"):
        ci.create_identity_pool(IdentityPoolName="bad/name", AllowUnauthenticatedIdentities=True)
    with raises_aws("InvalidParameterException", "Invalid NextToken."):
        ci.list_identity_pools(MaxResults=5, NextToken="garbage")
    pid = ci.create_identity_pool(IdentityPoolName="p", AllowUnauthenticatedIdentities=True,
                                  DeveloperProviderName="login.example")["IdentityPoolId"]
    with raises_aws("InvalidParameterException"):
        ci.update_identity_pool(IdentityPoolId=pid, IdentityPoolName="p",
                                AllowUnauthenticatedIdentities=True,
                                DeveloperProviderName="login.other")
    assert ci.describe_identity_pool(IdentityPoolId=pid)["DeveloperProviderName"] == \
        "login.example"


# Roles ----------------------------------------------------------------------------------

def test_set_and_get_identity_pool_roles(env):
    mapping = {f"{env.provider}:{env.client_id}": {
        "Type": "Rules", "AmbiguousRoleResolution": "Deny",
        "RulesConfiguration": {"Rules": [{"Claim": "email", "MatchType": "Contains",
                                          "Value": "@example.com", "RoleARN": env.auth_role}]}}}
    env.ci.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                   Roles={"authenticated": env.auth_role},
                                   RoleMappings=mapping)
    got = env.ci.get_identity_pool_roles(IdentityPoolId=env.pool_id)
    assert got["IdentityPoolId"] == env.pool_id
    assert got["Roles"] == {"authenticated": env.auth_role}
    assert got["RoleMappings"] == mapping
    env.ci.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                   Roles={"unauthenticated": env.unauth_role})
    got = env.ci.get_identity_pool_roles(IdentityPoolId=env.pool_id)
    assert got["Roles"] == {"unauthenticated": env.unauth_role} and "RoleMappings" not in got


@pytest.mark.parametrize("roles, mappings", [
    ({"admin": "arn:aws:iam::123456789012:role/auth"}, {}),
    ({"authenticated": "not-an-arn-but-long-enough"}, {}),
    ({"authenticated": "arn:aws:iam::123456789012:role/x"}, {"p:c": {"Type": "Token"}}),
    ({"authenticated": "arn:aws:iam::123456789012:role/x"},
     {"p:c": {"Type": "Rules", "AmbiguousRoleResolution": "Deny"}}),
])
def test_set_identity_pool_roles_refuses_bad_roles_and_changes_nothing(env, roles, mappings):
    with raises_aws("InvalidParameterException"):
        env.ci.set_identity_pool_roles(IdentityPoolId=env.pool_id, Roles=roles,
                                       RoleMappings=mappings)
    assert env.ci.get_identity_pool_roles(IdentityPoolId=env.pool_id)["Roles"] == {
        "authenticated": env.auth_role, "unauthenticated": env.unauth_role}


def test_set_identity_pool_roles_needs_pass_role_under_enforcement(env):
    iam = boto3.client("iam")
    iam.create_user(UserName="dev")
    iam.put_user_policy(UserName="dev", PolicyName="ci", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cognito-identity:*", "Resource": "*"},
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": env.unauth_role}]}))
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    dev = boto3.client("cognito-identity", region_name=REGION,
                       aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    env.sim.enforce = True
    with raises_aws("NotAuthorizedException", f"Access to Role '{env.auth_role}' is forbidden."):
        dev.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                    Roles={"authenticated": env.auth_role})
    dev.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                Roles={"unauthenticated": env.unauth_role})
    assert dev.get_identity_pool_roles(IdentityPoolId=env.pool_id)["Roles"] == {
        "unauthenticated": env.unauth_role}


# GetId ----------------------------------------------------------------------------------

def test_get_id_keeps_one_identity_per_login(env):
    make_user(env.idp, env.user_pool, "bob", "bob@example.com")
    first = env.identity("alice")
    assert first.startswith(f"{REGION}:") and len(first) == len(REGION) + 37
    assert env.identity("alice") == first  # a new token of the same user
    assert env.identity("bob") != first
    anon = {env.identity(None), env.identity(None)}
    assert len(anon) == 2 and first not in anon  # each unauthenticated GetId is a new one
    d = env.ci.describe_identity(IdentityId=first)
    assert d["IdentityId"] == first and d["Logins"] == [env.provider]
    assert "Logins" not in env.ci.describe_identity(IdentityId=anon.pop())


def test_get_id_without_logins_needs_unauthenticated_access(env):
    env.ci.update_identity_pool(
        IdentityPoolId=env.pool_id, IdentityPoolName="app", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": env.provider, "ClientId": env.client_id}])
    with raises_aws("NotAuthorizedException",
                    "Unauthenticated access is not supported for this identity pool."):
        env.ci.get_id(IdentityPoolId=env.pool_id)
    assert env.identity("alice")


def test_get_id_refuses_logins_the_pool_does_not_trust(env):
    other_client = make_client(env.idp, env.user_pool, ClientName="other")["ClientId"]
    unsupported = "Token is not from a supported provider of this identity pool."
    with raises_aws("NotAuthorizedException", unsupported):
        env.ci.get_id(IdentityPoolId=env.pool_id, Logins={"graph.facebook.com": "tok"})
    with raises_aws("NotAuthorizedException", unsupported):
        env.ci.get_id(IdentityPoolId=env.pool_id,
                      Logins={env.provider: sign_in(env.idp, other_client)["IdToken"]})
    result = sign_in(env.idp, env.client_id)
    with raises_aws("NotAuthorizedException", "Invalid login token. Missing a required claim: aud"):
        env.ci.get_id(IdentityPoolId=env.pool_id, Logins={env.provider: result["AccessToken"]})
    head, body, sig = result["IdToken"].split(".")
    forged = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    forged["sub"] = "someone-else"
    forged_body = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with raises_aws("NotAuthorizedException",
                    "Invalid login token. Couldn't verify signed token."):
        env.ci.get_id(IdentityPoolId=env.pool_id,
                      Logins={env.provider: f"{head}.{forged_body}.{sig}"})
    with raises_aws("NotAuthorizedException", match="^Invalid login token"):
        env.ci.get_id(IdentityPoolId=env.pool_id, Logins={env.provider: "not-a-jwt"})
    assert env.ci.list_identities(IdentityPoolId=env.pool_id, MaxResults=60)["Identities"] == []


def test_a_token_of_another_user_pool_does_not_match_the_provider_name(env):
    other_pool = make_pool(env.idp, PoolName="other")
    other_client = make_client(env.idp, other_pool)["ClientId"]
    make_user(env.idp, other_pool)
    token = sign_in(env.idp, other_client)["IdToken"]
    with raises_aws("NotAuthorizedException",
                    "Invalid login token. Issuer doesn't match providerName"):
        env.ci.get_id(IdentityPoolId=env.pool_id, Logins={env.provider: token})


def test_an_expired_id_token_is_refused(env):
    with freeze_time(T0):
        token = env.token()
        exp = claims_of(token)["exp"]
    later = T0 + datetime.timedelta(hours=2)
    with freeze_time(later):
        now = int(later.replace(tzinfo=datetime.timezone.utc).timestamp())
        with raises_aws("NotAuthorizedException",
                        f"Invalid login token. Token expired: {now} >= {exp}"):
            env.ci.get_id(IdentityPoolId=env.pool_id, Logins={env.provider: token})


def test_logins_to_a_pool_without_providers(iam_mock):
    ci = ident()
    pid = ci.create_identity_pool(IdentityPoolName="bare",
                                  AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    with raises_aws("NotAuthorizedException",
                    f"Identity pool - {pid} does not have identity providers configured."):
        ci.get_id(IdentityPoolId=pid, Logins={"graph.facebook.com": "token"})


def test_server_side_token_check_asks_the_user_pool(env):
    env.ci.update_identity_pool(
        IdentityPoolId=env.pool_id, IdentityPoolName="app", AllowUnauthenticatedIdentities=True,
        CognitoIdentityProviders=[{"ProviderName": env.provider, "ClientId": env.client_id,
                                   "ServerSideTokenCheck": True}])
    result = sign_in(env.idp, env.client_id)
    logins = {env.provider: result["IdToken"]}
    iid = env.ci.get_id(IdentityPoolId=env.pool_id, Logins=logins)["IdentityId"]
    env.idp.global_sign_out(AccessToken=result["AccessToken"])
    message = "Invalid login token. The user has been signed out or deleted."
    with raises_aws("NotAuthorizedException", message):
        env.ci.get_credentials_for_identity(IdentityId=iid, Logins=logins)
    fresh = env.logins()
    assert env.ci.get_credentials_for_identity(IdentityId=iid, Logins=fresh)["Credentials"]
    env.idp.admin_delete_user(UserPoolId=env.user_pool, Username="alice")
    with raises_aws("NotAuthorizedException", message):
        env.ci.get_credentials_for_identity(IdentityId=iid, Logins=fresh)


def test_without_server_side_check_a_signed_out_token_still_works(env):
    result = sign_in(env.idp, env.client_id)
    logins = {env.provider: result["IdToken"]}
    iid = env.ci.get_id(IdentityPoolId=env.pool_id, Logins=logins)["IdentityId"]
    env.idp.global_sign_out(AccessToken=result["AccessToken"])
    assert env.ci.get_credentials_for_identity(IdentityId=iid, Logins=logins)["Credentials"]


def test_get_id_with_another_account_id(env):
    with raises_aws("ResourceNotFoundException"):
        env.ci.get_id(IdentityPoolId=env.pool_id, AccountId="111122223333",
                      Logins=env.logins())
    assert env.ci.get_id(IdentityPoolId=env.pool_id, AccountId="123456789012",
                         Logins=env.logins())["IdentityId"]


# GetCredentialsForIdentity ---------------------------------------------------------------

def test_end_to_end_sign_up_sign_in_credentials_and_enforcement(iam_mock):
    cog = idp(REGION)
    user_pool = make_pool(cog)
    client_id = make_client(cog, user_pool)["ClientId"]
    cog.sign_up(ClientId=client_id, Username="carol", Password=PASSWORD,
                UserAttributes=[{"Name": "email", "Value": "carol@example.com"}])
    cog.confirm_sign_up(ClientId=client_id, Username="carol",
                        ConfirmationCode=iam_mock.cognito.code(user_pool, "carol"))
    id_token = sign_in(cog, client_id, "carol")["IdToken"]
    provider = f"cognito-idp.{REGION}.amazonaws.com/{user_pool}"
    ci = ident()
    pool_id = ci.create_identity_pool(
        IdentityPoolName="app", AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[{"ProviderName": provider, "ClientId": client_id}],
    )["IdentityPoolId"]
    role = make_role("app-user", trust(pool_id), actions=["iam:ListRoles", "sts:GetCallerIdentity"])
    ci.set_identity_pool_roles(IdentityPoolId=pool_id, Roles={"authenticated": role})
    identity_id = ci.get_id(IdentityPoolId=pool_id, Logins={provider: id_token})["IdentityId"]
    out = ci.get_credentials_for_identity(IdentityId=identity_id, Logins={provider: id_token})
    assert out["IdentityId"] == identity_id
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and creds["SecretKey"] and creds["SessionToken"]
    assert creds["Expiration"].tzinfo is not None

    me = client_as("sts", creds).get_caller_identity()
    assert me["Arn"] == "arn:aws:sts::123456789012:assumed-role/app-user/CognitoIdentityCredentials"
    role_id = boto3.client("iam").get_role(RoleName="app-user")["Role"]["RoleId"]
    assert me["UserId"] == f"{role_id}:CognitoIdentityCredentials"

    iam_mock.enforce = True
    as_user = client_as("iam", creds)
    assert "app-user" in [r["RoleName"] for r in as_user.list_roles()["Roles"]]
    with raises_aws("AccessDenied", match=(
            r"^User: arn:aws:sts::123456789012:assumed-role/app-user/CognitoIdentityCredentials "
            r"is not authorized to perform: iam:CreateUser on resource: .*because no "
            r"identity-based policy allows the iam:CreateUser action$")):
        as_user.create_user(UserName="mallory")


def test_unauthenticated_identities_get_the_unauthenticated_role(env):
    creds = env.credentials(None)
    arn = client_as("sts", creds).get_caller_identity()["Arn"]
    assert arn == "arn:aws:sts::123456789012:assumed-role/unauth/CognitoIdentityCredentials"


def test_credentials_last_an_hour_by_the_scopes_clock(env):
    with freeze_time(T0):
        creds = env.credentials()
        assert creds["Expiration"] == datetime.datetime(2026, 6, 1, 10, 0, 0,
                                                        tzinfo=datetime.timezone.utc)
        sts = client_as("sts", creds)
        assert sts.get_caller_identity()["Arn"].endswith("/auth/CognitoIdentityCredentials")
    with freeze_time(T0 + datetime.timedelta(hours=1, seconds=1)), raises_aws("ExpiredToken"):
        sts.get_caller_identity()


def test_a_trust_policy_that_does_not_allow_the_pool_is_an_invalid_configuration(env):
    boto3.client("iam").update_assume_role_policy(
        RoleName="auth", PolicyDocument=trust(f"{REGION}:11111111-1111-4111-8111-111111111111"))
    message = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
    with raises_aws("InvalidIdentityPoolConfigurationException", message, 400):
        env.credentials()
    # The unauthenticated role trusts only amr "unauthenticated": an authenticated identity
    # mapped to it is refused too.
    env.ci.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                   Roles={"authenticated": env.unauth_role})
    with raises_aws("InvalidIdentityPoolConfigurationException", message):
        env.credentials()


def test_the_trust_policy_sees_the_provider_in_amr(env):
    boto3.client("iam").update_assume_role_policy(
        RoleName="auth", PolicyDocument=trust(env.pool_id, f"{env.provider}:CognitoSignIn:*"))
    assert env.credentials()["AccessKeyId"]
    other = f"cognito-idp.{REGION}.amazonaws.com/{REGION}_Other1234:*"
    boto3.client("iam").update_assume_role_policy(RoleName="auth",
                                                  PolicyDocument=trust(env.pool_id, other))
    with raises_aws("InvalidIdentityPoolConfigurationException"):
        env.credentials()


def test_missing_roles_are_an_invalid_configuration(env):
    message = "Invalid identity pool configuration. Check assigned IAM roles for this pool."
    env.ci.set_identity_pool_roles(IdentityPoolId=env.pool_id,
                                   Roles={"authenticated": env.auth_role})
    with raises_aws("InvalidIdentityPoolConfigurationException", message):
        env.credentials(None)
    boto3.client("iam").delete_role_policy(RoleName="auth", PolicyName="p")
    boto3.client("iam").delete_role(RoleName="auth")
    with raises_aws("InvalidIdentityPoolConfigurationException", message):
        env.credentials()


def test_logins_must_match_an_authenticated_identity(env):
    iid = env.identity("alice")
    with raises_aws("NotAuthorizedException", "Logins don't match. Please include at least one "
                    "valid login for this identity or identity pool."):
        env.ci.get_credentials_for_identity(IdentityId=iid)


def test_an_unauthenticated_identity_is_linked_by_its_first_login(env):
    anon = env.identity(None)
    logins = env.logins()
    creds = env.ci.get_credentials_for_identity(IdentityId=anon, Logins=logins)["Credentials"]
    assert client_as("sts", creds).get_caller_identity()["Arn"].endswith("/auth/"
                                                                         "CognitoIdentityCredentials")
    assert env.ci.describe_identity(IdentityId=anon)["Logins"] == [env.provider]
    assert env.identity("alice") == anon


def test_a_login_linked_to_another_identity_conflicts(env):
    env.identity("alice")
    anon = env.identity(None)
    with raises_aws("ResourceConflictException"):
        env.ci.get_credentials_for_identity(IdentityId=anon, Logins=env.logins())
    assert "Logins" not in env.ci.describe_identity(IdentityId=anon)


def test_a_failed_call_links_nothing(env):
    anon = env.identity(None)
    boto3.client("iam").update_assume_role_policy(RoleName="auth",
                                                  PolicyDocument=trust("nope:0"))
    with raises_aws("InvalidIdentityPoolConfigurationException"):
        env.ci.get_credentials_for_identity(IdentityId=anon, Logins=env.logins())
    assert "Logins" not in env.ci.describe_identity(IdentityId=anon)


def test_unknown_identity(env):
    iid = f"{REGION}:00000000-0000-4000-8000-000000000000"
    with raises_aws("ResourceNotFoundException", f"Identity '{iid}' not found."):
        env.ci.get_credentials_for_identity(IdentityId=iid)
    with raises_aws("ResourceNotFoundException"):
        env.ci.describe_identity(IdentityId=iid)


def test_unauthenticated_credentials_need_unauthenticated_access(env):
    anon = env.identity(None)
    env.ci.update_identity_pool(IdentityPoolId=env.pool_id, IdentityPoolName="app",
                                AllowUnauthenticatedIdentities=False)
    with raises_aws("NotAuthorizedException",
                    "Unauthenticated access is not supported for this identity pool."):
        env.ci.get_credentials_for_identity(IdentityId=anon)


# Role mappings --------------------------------------------------------------------------

def _groups(env, *groups: tuple[str, str, int]) -> None:
    for name, role, precedence in groups:
        env.idp.create_group(UserPoolId=env.user_pool, GroupName=name, RoleArn=role,
                             Precedence=precedence)
        env.idp.admin_add_user_to_group(UserPoolId=env.user_pool, Username="alice",
                                        GroupName=name)


def _map(env, mapping: dict) -> None:
    env.ci.set_identity_pool_roles(
        IdentityPoolId=env.pool_id,
        Roles={"authenticated": env.auth_role, "unauthenticated": env.unauth_role},
        RoleMappings={f"{env.provider}:{env.client_id}": mapping})


def _role_of(creds: dict) -> str:
    return client_as("sts", creds).get_caller_identity()["Arn"].split("/")[1]


def test_token_mapping_uses_the_preferred_role(env):
    admins = make_role("admins", trust(env.pool_id))
    readers = make_role("readers", trust(env.pool_id))
    _groups(env, ("admin", admins, 1), ("read", readers, 2))
    _map(env, {"Type": "Token", "AmbiguousRoleResolution": "Deny"})
    assert _role_of(env.credentials()) == "admins"
    assert _role_of(env.credentials(CustomRoleArn=readers)) == "readers"
    with raises_aws("InvalidParameterException"):
        env.credentials(CustomRoleArn=env.auth_role)


def test_token_mapping_without_role_claims_is_ambiguous(env):
    _map(env, {"Type": "Token", "AmbiguousRoleResolution": "Deny"})
    with raises_aws("NotAuthorizedException",
                    "The ambiguous role mapping rules denied this request."):
        env.credentials()
    _map(env, {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"})
    assert _role_of(env.credentials()) == "auth"


def test_rules_mapping_picks_the_first_matching_rule(env):
    staff = make_role("staff", trust(env.pool_id))
    other = make_role("other", trust(env.pool_id))
    rules = [{"Claim": "email", "MatchType": "StartsWith", "Value": "bob", "RoleARN": other},
             {"Claim": "email", "MatchType": "Contains", "Value": "@example.com",
              "RoleARN": staff},
             {"Claim": "email", "MatchType": "NotEqual", "Value": "x", "RoleARN": other}]
    _map(env, {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
               "RulesConfiguration": {"Rules": rules}})
    assert _role_of(env.credentials()) == "staff"
    _map(env, {"Type": "Rules", "AmbiguousRoleResolution": "Deny",
               "RulesConfiguration": {"Rules": rules[:1]}})
    with raises_aws("NotAuthorizedException",
                    "The ambiguous role mapping rules denied this request."):
        env.credentials()
    _groups(env, ("staff", staff, 1))
    _map(env, {"Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
               "RulesConfiguration": {"Rules": [
                   {"Claim": "cognito:groups", "MatchType": "Equals", "Value": "staff",
                    "RoleARN": staff}]}})
    assert _role_of(env.credentials()) == "staff"


# GetOpenIdToken and the basic flow ------------------------------------------------------

def test_get_open_id_token_needs_the_classic_flow(env):
    iid = env.identity("alice")
    with raises_aws("InvalidParameterException",
                    "Basic (classic) flow is not enabled, please use enhanced flow."):
        env.ci.get_open_id_token(IdentityId=iid, Logins=env.logins())


def test_basic_flow_open_id_token_then_assume_role_with_web_identity(env):
    env.ci.update_identity_pool(
        IdentityPoolId=env.pool_id, IdentityPoolName="app", AllowUnauthenticatedIdentities=True,
        AllowClassicFlow=True,
        CognitoIdentityProviders=[{"ProviderName": env.provider, "ClientId": env.client_id}])
    iid = env.identity("alice")
    with freeze_time(T0):
        out = env.ci.get_open_id_token(IdentityId=iid, Logins=env.logins())
        assert out["IdentityId"] == iid
        claims = claims_of(out["Token"])
        now = int(T0.replace(tzinfo=datetime.timezone.utc).timestamp())
        assert claims["sub"] == iid and claims["aud"] == env.pool_id
        assert claims["iss"] == "https://cognito-identity.amazonaws.com"
        assert claims["iat"] == now and claims["exp"] == now + 600
        sub = claims_of(env.token())["sub"]
        assert claims["amr"] == ["authenticated", env.provider,
                                 f"{env.provider}:CognitoSignIn:{sub}"]
        header = claims_of(out["Token"], 0)
        assert header["alg"] == "RS512" and header["typ"] == "JWS"
        sts = boto3.client("sts", region_name=REGION)
        assumed = sts.assume_role_with_web_identity(
            RoleArn=env.auth_role, RoleSessionName="basic", WebIdentityToken=out["Token"])
        assert assumed["AssumedRoleUser"]["Arn"].endswith(":assumed-role/auth/basic")
        assert assumed["SubjectFromWebIdentityToken"] == iid
        assert assumed["Audience"] == env.pool_id
    anon = env.identity(None)
    token = env.ci.get_open_id_token(IdentityId=anon)["Token"]
    assert claims_of(token)["amr"] == ["unauthenticated"]
    with raises_aws("ResourceNotFoundException"):
        env.ci.get_open_id_token(IdentityId=f"{REGION}:00000000-0000-4000-8000-000000000000")


# Identities and tags --------------------------------------------------------------------

def test_list_and_delete_identities(env):
    with freeze_time(T0):
        first = env.identity("alice")
    with freeze_time(T0 + datetime.timedelta(minutes=1)):
        second = env.identity(None)
    page = env.ci.list_identities(IdentityPoolId=env.pool_id, MaxResults=1)
    assert page["IdentityPoolId"] == env.pool_id
    assert [i["IdentityId"] for i in page["Identities"]] == [first]
    assert page["Identities"][0]["Logins"] == [env.provider]
    rest = env.ci.list_identities(IdentityPoolId=env.pool_id, MaxResults=1,
                                  NextToken=page["NextToken"])
    assert [i["IdentityId"] for i in rest["Identities"]] == [second]
    out = env.ci.delete_identities(IdentityIdsToDelete=[first])
    assert out["UnprocessedIdentityIds"] == []
    with raises_aws("ResourceNotFoundException"):
        env.ci.describe_identity(IdentityId=first)
    assert env.identity("alice") != first  # the login is free again


def test_identity_pool_tags(env):
    arn = f"arn:aws:cognito-identity:{REGION}:123456789012:identitypool/{env.pool_id}"
    env.ci.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    env.ci.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert env.ci.list_tags_for_resource(ResourceArn=arn)["Tags"] == {"b": "2"}
    assert env.ci.describe_identity_pool(IdentityPoolId=env.pool_id)["IdentityPoolTags"] == \
        {"b": "2"}
    with raises_aws("ResourceNotFoundException"):
        env.ci.list_tags_for_resource(ResourceArn=arn.replace(env.pool_id[-4:], "0000"))
    with raises_aws("InvalidParameterException"):
        env.ci.tag_resource(ResourceArn=arn, Tags={f"k{i}": "v" for i in range(50)})


def test_enforcement_decides_identity_pool_calls_on_the_pools_arn(env):
    arn = f"arn:aws:cognito-identity:{REGION}:123456789012:identitypool/{env.pool_id}"
    iam = boto3.client("iam")
    iam.create_user(UserName="reader")
    iam.put_user_policy(UserName="reader", PolicyName="read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "cognito-identity:DescribeIdentityPool",
             "Resource": arn}]}))
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    reader = boto3.client("cognito-identity", region_name=REGION,
                          aws_access_key_id=key["AccessKeyId"],
                          aws_secret_access_key=key["SecretAccessKey"])
    other = env.ci.create_identity_pool(IdentityPoolName="other",
                                        AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
    env.sim.enforce = True
    assert reader.describe_identity_pool(IdentityPoolId=env.pool_id)["IdentityPoolId"] == \
        env.pool_id
    with raises_aws("AccessDeniedException", status=400,
                    match="^User: arn:aws:iam::123456789012:user/reader is not authorized to "
                    "perform: cognito-identity:DescribeIdentityPool on resource: "
                    f"arn:aws:cognito-identity:{REGION}:123456789012:identitypool/{other} "):
        reader.describe_identity_pool(IdentityPoolId=other)
