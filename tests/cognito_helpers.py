"""Shared set-up for the Cognito tests: a pool, app clients and signed-in users."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import boto3

PASSWORD = "Passw0rd!"
FLOWS = ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH",
         "ALLOW_REFRESH_TOKEN_AUTH"]


def idp(region: str = "us-east-1") -> Any:
    return boto3.client("cognito-idp", region_name=region)


def make_pool(client: Any, **kw: Any) -> str:
    params = {"PoolName": "app", "AutoVerifiedAttributes": ["email"], **kw}
    return str(client.create_user_pool(**params)["UserPool"]["Id"])


def make_client(client: Any, pool_id: str, **kw: Any) -> dict[str, Any]:
    params = {"UserPoolId": pool_id, "ClientName": "web", "ExplicitAuthFlows": FLOWS, **kw}
    return dict(client.create_user_pool_client(**params)["UserPoolClient"])


def make_user(client: Any, pool_id: str, username: str = "alice",
              email: str = "alice@example.com", **attrs: str) -> None:
    extra = [{"Name": k.replace("__", ":"), "Value": v} for k, v in attrs.items()]
    client.admin_create_user(UserPoolId=pool_id, Username=username, MessageAction="SUPPRESS",
                             UserAttributes=[{"Name": "email", "Value": email},
                                             {"Name": "email_verified", "Value": "true"},
                                             *extra])
    client.admin_set_user_password(UserPoolId=pool_id, Username=username, Password=PASSWORD,
                                   Permanent=True)


def sign_in(client: Any, client_id: str, username: str = "alice",
            password: str = PASSWORD, **extra: str) -> dict[str, Any]:
    out = client.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": username, "PASSWORD": password,
                                               **extra})
    return dict(out["AuthenticationResult"])


def secret_hash(username: str, client_id: str, secret: str) -> str:
    """Written from the Developer Guide's description, independently of iamsim's code."""
    digest = hmac.new(secret.encode("utf-8"), (username + client_id).encode("utf-8"),
                      hashlib.sha256).digest()
    return base64.b64encode(digest).decode()
