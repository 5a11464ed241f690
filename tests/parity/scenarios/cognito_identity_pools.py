"""Parity scenarios for Cognito identity pools: pools, roles, identities, OpenID tokens and
credentials from a user pool sign-in."""

import json
from typing import Any

IDP = "cognito-idp"
S = "cognito-identity"
PW = "Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
MISSING = "us-east-1:00000000-0000-4000-8000-000000000000"


def _body(r: list, op: str, n: int = -1) -> dict[str, Any]:
    return [x for x in r if x["op"] == op and "body" in x][n]["body"]


def _user_pool(r: list) -> str:
    return _body(r, "CreateUserPool", 0)["UserPool"]["Id"]


def _client(r: list) -> str:
    return _body(r, "CreateUserPoolClient", 0)["UserPoolClient"]["ClientId"]


def _provider(r: list) -> str:
    return f"cognito-idp.us-east-1.amazonaws.com/{_user_pool(r)}"


def _pool(r: list) -> str:
    return _body(r, "CreateIdentityPool", 0)["IdentityPoolId"]


def _logins(r: list) -> dict[str, str]:
    return {_provider(r): _body(r, "InitiateAuth")["AuthenticationResult"]["IdToken"]}


def _identity(r: list, n: int = 0) -> str:
    return _body(r, "GetId", n)["IdentityId"]


def _role(r: list, n: int = 0) -> str:
    return _body(r, "CreateRole", n)["Role"]["Arn"]


def _trust(r: list, amr: str) -> dict[str, Any]:
    doc = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": _pool(r)},
                      "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr}}}]}
    return {"RoleName": amr, "AssumeRolePolicyDocument": json.dumps(doc)}


def _arn(r: list) -> str:
    return f"arn:aws:cognito-identity:us-east-1:123456789012:identitypool/{_pool(r)}"


SETUP = [
    (IDP, "CreateUserPool", {"PoolName": "app"}),
    (IDP, "CreateUserPoolClient", lambda r: {"UserPoolId": _user_pool(r), "ClientName": "web",
                                             "ExplicitAuthFlows": FLOWS}),
    (IDP, "AdminCreateUser", lambda r: {"UserPoolId": _user_pool(r), "Username": "alice",
                                        "MessageAction": "SUPPRESS"}),
    (IDP, "AdminSetUserPassword", lambda r: {"UserPoolId": _user_pool(r), "Username": "alice",
                                             "Password": PW, "Permanent": True}),
    (IDP, "InitiateAuth", lambda r: {"ClientId": _client(r), "AuthFlow": "USER_PASSWORD_AUTH",
                                     "AuthParameters": {"USERNAME": "alice", "PASSWORD": PW}}),
    (S, "CreateIdentityPool", lambda r: {
        "IdentityPoolName": "app", "AllowUnauthenticatedIdentities": True,
        "AllowClassicFlow": True, "IdentityPoolTags": {"team": "core"},
        "CognitoIdentityProviders": [{"ProviderName": _provider(r), "ClientId": _client(r)}]}),
    ("iam", "CreateRole", lambda r: _trust(r, "authenticated")),
    ("iam", "CreateRole", lambda r: _trust(r, "unauthenticated")),
]

SCENARIOS = {
    "identity_pools": [
        *SETUP,
        (S, "CreateIdentityPool", {"IdentityPoolName": "bad/name",
                                   "AllowUnauthenticatedIdentities": True}),
        (S, "DescribeIdentityPool", lambda r: {"IdentityPoolId": _pool(r)}),
        (S, "DescribeIdentityPool", {"IdentityPoolId": MISSING}),
        (S, "UpdateIdentityPool", lambda r: {
            "IdentityPoolId": _pool(r), "IdentityPoolName": "renamed",
            "AllowUnauthenticatedIdentities": True, "AllowClassicFlow": True,
            "CognitoIdentityProviders": [{"ProviderName": _provider(r),
                                          "ClientId": _client(r)}]}),
        (S, "ListIdentityPools", {"MaxResults": 1}),
        (S, "ListIdentityPools", {"MaxResults": 1, "NextToken": "garbage"}),
        (S, "TagResource", lambda r: {"ResourceArn": _arn(r), "Tags": {"env": "test"}}),
        (S, "UntagResource", lambda r: {"ResourceArn": _arn(r), "TagKeys": ["team"]}),
        (S, "ListTagsForResource", lambda r: {"ResourceArn": _arn(r)}),
        (S, "SetIdentityPoolRoles", lambda r: {
            "IdentityPoolId": _pool(r), "Roles": {"bogus": _role(r)}}),
        (S, "SetIdentityPoolRoles", lambda r: {
            "IdentityPoolId": _pool(r),
            "Roles": {"authenticated": _role(r), "unauthenticated": _role(r, 1)},
            "RoleMappings": {f"{_provider(r)}:{_client(r)}": {
                "Type": "Rules", "AmbiguousRoleResolution": "AuthenticatedRole",
                "RulesConfiguration": {"Rules": [{
                    "Claim": "cognito:username", "MatchType": "Equals", "Value": "bob",
                    "RoleARN": _role(r, 1)}]}}}}),
        (S, "GetIdentityPoolRoles", lambda r: {"IdentityPoolId": _pool(r)}),
        (S, "DeleteIdentityPool", {"IdentityPoolId": MISSING}),
        (S, "DeleteIdentityPool", lambda r: {"IdentityPoolId": _pool(r)}),
        (S, "GetIdentityPoolRoles", lambda r: {"IdentityPoolId": _pool(r)}),
    ],
    "identities_and_credentials": [
        *SETUP,
        (S, "SetIdentityPoolRoles", lambda r: {
            "IdentityPoolId": _pool(r),
            "Roles": {"authenticated": _role(r), "unauthenticated": _role(r, 1)}}),
        (S, "GetId", lambda r: {"IdentityPoolId": _pool(r), "Logins": _logins(r)}),
        (S, "GetId", lambda r: {"IdentityPoolId": _pool(r)}),
        (S, "GetId", lambda r: {"IdentityPoolId": _pool(r), "Logins": {_provider(r): "x.y.z"}}),
        (S, "GetId", lambda r: {"IdentityPoolId": _pool(r),
                                "Logins": {"graph.facebook.com": "token"}}),
        (S, "GetCredentialsForIdentity", lambda r: {"IdentityId": _identity(r),
                                                    "Logins": _logins(r)}),
        (S, "GetCredentialsForIdentity", lambda r: {"IdentityId": _identity(r, 1)}),
        (S, "GetCredentialsForIdentity", lambda r: {"IdentityId": _identity(r)}),
        (S, "GetCredentialsForIdentity", {"IdentityId": MISSING}),
        (S, "GetCredentialsForIdentity", lambda r: {"IdentityId": _identity(r, 1),
                                                    "Logins": _logins(r)}),
        (S, "GetOpenIdToken", lambda r: {"IdentityId": _identity(r), "Logins": _logins(r)}),
        (S, "GetOpenIdToken", lambda r: {"IdentityId": _identity(r, 1)}),
        (S, "DescribeIdentity", lambda r: {"IdentityId": _identity(r)}),
        (S, "DescribeIdentity", {"IdentityId": MISSING}),
        (S, "ListIdentities", lambda r: {"IdentityPoolId": _pool(r), "MaxResults": 1}),
        (S, "DeleteIdentities", lambda r: {"IdentityIdsToDelete": [_identity(r, 1)]}),
        (S, "ListIdentities", lambda r: {"IdentityPoolId": _pool(r), "MaxResults": 60}),
        (S, "GetId", lambda r: {"IdentityPoolId": _pool(r)}),
        (S, "SetIdentityPoolRoles", lambda r: {"IdentityPoolId": _pool(r),
                                               "Roles": {"authenticated": _role(r)}}),
        (S, "GetCredentialsForIdentity", lambda r: {"IdentityId": _identity(r, 2)}),
    ],
}
