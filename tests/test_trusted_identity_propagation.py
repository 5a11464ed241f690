"""Trusted identity propagation through AssumeRoleWithWebIdentity (botocore 1.44.8): the OIDC
provider's context provider maps token claims into the session's
TrustedIdentityPropagationContext, which GetWebIdentityToken's OriginIdentity subject mode and
GetScopedCredentials then see."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from tests.helpers import raises_aws


@pytest.fixture
def sts(iam):
    """STS as an IAM user: AWS never lets the root user assume a role."""
    from tests.helpers import user_client

    return user_client("sts")


ACCOUNT = "123456789012"
ISSUER = "https://idp.example.com/tenant"
PROVIDER_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/idp.example.com/tenant"
CP = {"SubjectSourceKey": "email", "SubjectTypeSourceKey": "kind",
      "KeyDefinitionList": [{"SourceKey": "dept", "TargetKey": "department"},
                            {"SourceKey": "level"}, {"SourceKey": "absent"},
                            {"SourceKey": "groups"}]}


def _jwt(claims: dict) -> str:
    def part(obj: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return ".".join([part({"alg": "RS256", "typ": "JWT"}), part(claims), "c2ln"])


def _claims(token: str) -> dict:
    part = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def _setup(iam, context_provider=CP):
    kw = {"ContextProvider": context_provider} if context_provider else {}
    iam.create_open_id_connect_provider(Url=ISSUER, ClientIDList=["app"], **kw)
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": PROVIDER_ARN},
            "Action": "sts:AssumeRoleWithWebIdentity"}]}))


def _assume(claims: dict):
    sts = boto3.client("sts", region_name="us-east-1", config=Config(signature_version=UNSIGNED))
    token = _jwt({"iss": ISSUER, "aud": "app", "sub": "u-1", "exp": 4102444800, **claims})
    return sts.assume_role_with_web_identity(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/web",
                                             RoleSessionName="ss", WebIdentityToken=token)


def _client(creds):
    return boto3.client("sts", region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def test_context_from_mapped_claims(iam):
    _setup(iam)
    out = _assume({"email": "ana@example.com", "kind": "user", "dept": "finance", "level": 3,
                   "groups": ["a", "b"]})
    assert out["TrustedIdentityPropagationContext"] == {
        "OriginIdentity": {"Subject": "ana@example.com", "SubjectType": "user",
                           "Issuer": "idp.example.com/tenant",
                           "FederatedProviderArn": PROVIDER_ARN},
        # Mapped under the target key when there is one; absent and list claims set no key.
        "TransactionContext": {"IdentityProvider": {"department": "finance", "level": "3"}},
    }


def test_static_subject_type_and_no_transaction_keys(iam):
    _setup(iam, {"SubjectSourceKey": "sub", "SubjectTypeValue": "workload"})
    out = _assume({})
    assert out["TrustedIdentityPropagationContext"] == {
        "OriginIdentity": {"Subject": "u-1", "SubjectType": "workload",
                           "Issuer": "idp.example.com/tenant",
                           "FederatedProviderArn": PROVIDER_ARN}}


def test_no_context_provider_no_context(iam):
    _setup(iam, None)
    assert "TrustedIdentityPropagationContext" not in _assume({"email": "ana@example.com"})


def test_origin_identity_web_identity_token(iam):
    iam.enable_outbound_web_identity_federation()
    _setup(iam)
    creds = _assume({"email": "ana@example.com", "kind": "user"})["Credentials"]
    session = _client(creds)
    token = session.get_web_identity_token(Audience=["https://api.example.com"],
                                           SigningAlgorithm="RS256",
                                           SubjectMode="OriginIdentity", Scope="read write")
    claims = _claims(token["WebIdentityToken"])
    assert claims["sub"] == "ana@example.com"
    assert claims["subject_mode"] == "OriginIdentity"
    assert claims["scope"] == "read write"
    assert claims["https://sts.amazonaws.com/"]["principal_id"] == \
        f"arn:aws:iam::{ACCOUNT}:role/web"
    # The default subject mode still names the session.
    default = _claims(session.get_web_identity_token(
        Audience=["a"], SigningAlgorithm="RS256")["WebIdentityToken"])
    assert default["sub"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/web/ss"
    assert "subject_mode" not in default
    # Scoped credentials keep the context.
    scoped = _client(session.get_scoped_credentials(DurationSeconds=900)["Credentials"])
    again = scoped.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                          SubjectMode="OriginIdentity")
    assert _claims(again["WebIdentityToken"])["sub"] == "ana@example.com"


def test_origin_identity_subject_rules(iam):
    iam.enable_outbound_web_identity_federation()
    _setup(iam)
    no_subject = _client(_assume({"kind": "user"})["Credentials"])
    with raises_aws("ValidationError", status=400, match="aws:OriginIdentity/Subject"):
        no_subject.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                          SubjectMode="OriginIdentity")
    for bad in ("ARN:aws:iam::1:user/x", " padded", "tab\there"):
        session = _client(_assume({"email": bad})["Credentials"])
        with raises_aws("AccessDenied", status=403):
            session.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256",
                                           SubjectMode="OriginIdentity")


def test_assume_role_refuses_context_assertions_iamsim_never_issued(iam, sts):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": ACCOUNT},
            "Action": ["sts:AssumeRole", "sts:SetContext"]}]}))
    arn = f"arn:aws:iam::{ACCOUNT}:role/r"
    with raises_aws("InvalidContextAssertion", status=400):
        sts.assume_role(RoleArn=arn, RoleSessionName="ss", ProvidedContexts=[{
            "ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter",
            "ContextAssertion": "not-an-assertion-sts-issued"}])
    assert "RoleLastUsed" not in iam.get_role(RoleName="r")["Role"] or \
        iam.get_role(RoleName="r")["Role"]["RoleLastUsed"] == {}
    sts.assume_role(RoleArn=arn, RoleSessionName="ss")
