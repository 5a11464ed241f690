"""Shared set-up for the tests of enforcement in front of moto (tests/test_enforce_services*)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from iamsim import mock_iam

moto = pytest.importorskip("moto")

ACCOUNT = "123456789012"
REGION = "us-east-1"


def doc(*statements: dict) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


@contextlib.contextmanager
def scope(path: str, moto_outside: bool) -> Iterator[Any]:
    """moto's mock_aws beside mock_iam(enforce=True), nested either way."""
    if moto_outside:
        with moto.mock_aws(), mock_iam(path=path, enforce=True) as sim:
            yield sim
    else:
        with mock_iam(path=path, enforce=True) as sim, moto.mock_aws():
            yield sim


# Every combination where it matters: iamsim's path (it answers the IAM set-up and decides)
# and the nesting order of the two mocks.
SCOPES = [("fast", True), ("fast", False), ("wire", True), ("wire", False)]


SCOPE_IDS = [f"{p}-moto-{'outside' if o else 'inside'}" for p, o in SCOPES]


def root(service: str, region: str = REGION) -> Any:
    """A client of the account's root user: allowed everything, for set-up and checks."""
    return boto3.client(service, region_name=region)


def user(name: str, *statements: dict, boundary: list[dict] | None = None,
         managed: list[dict] | None = None) -> dict[str, str]:
    """A new IAM user with an inline policy (and a boundary, managed policies); its key."""
    iam = root("iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    for i, stmts in enumerate(managed or []):
        arn = iam.create_policy(PolicyName=f"{name}-m{i}", PolicyDocument=doc(stmts))["Policy"]["Arn"]
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    if boundary is not None:
        arn = iam.create_policy(PolicyName=f"{name}-boundary",
                                PolicyDocument=doc(*boundary))["Policy"]["Arn"]
        iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=arn)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"],
            "aws_secret_access_key": key["SecretAccessKey"]}


def role_session(name: str, *statements: dict, session_policy: list[dict] | None = None,
                 session: str = "sess") -> dict[str, str]:
    """Credentials of a session of a new role with an inline policy (and a session policy)."""
    iam = root("iam")
    trust = doc({"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                 "Action": "sts:AssumeRole"})
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=doc(*statements))
    assumer = user(f"{name}-assumer", allow("sts:AssumeRole", arn))
    sts = boto3.client("sts", region_name=REGION, **assumer)
    kw: dict[str, Any] = {}
    if session_policy is not None:
        kw["Policy"] = doc(*session_policy)
    c = sts.assume_role(RoleArn=arn, RoleSessionName=session, **kw)["Credentials"]
    return {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"]}


def client(service: str, creds: dict[str, str], region: str = REGION) -> Any:
    return boto3.client(service, region_name=region, **creds)


def not_allowed(who: str, action: str, resource: str, by: str = "identity-based policy") -> str:
    return (f"User: {who} is not authorized to perform: {action} on resource: {resource} "
            f"because no {by} allows the {action} action")


def explicit(who: str, action: str, resource: str, by: str = "an identity-based policy") -> str:
    return (f"User: {who} is not authorized to perform: {action} on resource: {resource} "
            f"with an explicit deny in {by}")


def user_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:user/{name}"


def session_arn(role: str, session: str = "sess") -> str:
    return f"arn:aws:sts::{ACCOUNT}:assumed-role/{role}/{session}"


# Two of the four combinations, for tests whose subject is a service's mapping rather than
# iamsim's path or the nesting: together they still run both paths and both orders.
SOME_SCOPES = [("fast", True), ("wire", False)]
SOME_SCOPE_IDS = ["fast-moto-outside", "wire-moto-inside"]


def execution_role(name: str) -> str:
    """A role Lambda may assume. iamsim hands moto's IAM a copy when CreateFunction names it
    (interop/moto_iam.py), so moto's role look-up finds it."""
    trust = doc({"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                 "Action": "sts:AssumeRole"})
    return str(root("iam").create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"])


def function_zip() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("f.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()
