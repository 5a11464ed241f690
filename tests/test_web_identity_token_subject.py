"""GetWebIdentityToken's SubjectMode and Scope (botocore 1.44.8), and the principal_id claim a
role session's token carries."""

from __future__ import annotations

import base64
import json

import boto3
import pytest

from tests.helpers import raises_aws


@pytest.fixture
def sts(iam):
    """STS as an IAM user: AWS never lets the root user assume a role."""
    from tests.helpers import user_client

    return user_client("sts")


ACCOUNT = "123456789012"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}]})


def _claims(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_aws_identity_is_the_default_subject(iam, sts):
    iam.enable_outbound_web_identity_federation()
    default = sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")
    explicit = sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                          SubjectMode="AWSIdentity")
    for out in (default, explicit):
        claims = _claims(out["WebIdentityToken"])
        assert claims["sub"] == f"arn:aws:iam::{ACCOUNT}:user/caller"
        assert "scope" not in claims and "subject_mode" not in claims


def test_origin_identity_needs_a_propagation_context(iam, sts):
    iam.enable_outbound_web_identity_federation()
    with raises_aws("ValidationError", status=400, match="aws:OriginIdentity/Subject"):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                   SubjectMode="OriginIdentity")


def test_scope_needs_origin_identity_and_one_audience(iam, sts):
    iam.enable_outbound_web_identity_federation()
    msg = ("Scope can be specified only when SubjectMode is OriginIdentity and exactly one "
           "audience is requested.")
    with raises_aws("ValidationError", msg, 400):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256", Scope="read")
    with raises_aws("ValidationError", msg, 400):
        sts.get_web_identity_token(Audience=["a", "b"], SigningAlgorithm="RS256",
                                   SubjectMode="OriginIdentity", Scope="read")
    with raises_aws("ValidationError", "Scope values must not repeat.", 400):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                   SubjectMode="OriginIdentity", Scope="read write read")


def test_scope_pattern_and_subject_mode_enum(iam, sts):
    iam.enable_outbound_web_identity_federation()
    with raises_aws("ValidationError", status=400):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                   SubjectMode="OriginIdentity", Scope='say "hi"')
    with raises_aws("ValidationError", status=400):
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                   SubjectMode="Human")


def test_role_session_principal_id_is_the_role(iam, sts):
    """'For a role session, this is the ARN of the role' (GetWebIdentityToken documentation);
    sub stays the session's ARN."""
    iam.enable_outbound_web_identity_federation()
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    creds = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r",
                            RoleSessionName="job")["Credentials"]
    as_role = boto3.client("sts", region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                           aws_secret_access_key=creds["SecretAccessKey"],
                           aws_session_token=creds["SessionToken"])
    claims = _claims(as_role.get_web_identity_token(Audience=["a"],
                                                    SigningAlgorithm="RS256")["WebIdentityToken"])
    assert claims["sub"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/r/job"
    assert claims["https://sts.amazonaws.com/"]["principal_id"] == f"arn:aws:iam::{ACCOUNT}:role/r"
