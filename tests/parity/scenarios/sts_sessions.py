"""Parity scenarios for STS temporary credentials. The harness signs as the root user, so
these cover every operation with root-callable steps (successes and errors)."""

import base64
import json

ACCOUNT = "123456789012"
ROOT = f"arn:aws:iam::{ACCOUNT}:root"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/deploy"
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
BIG_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": f"s3:Get{i}Object{i * 7919}",
     "Resource": f"arn:aws:s3:::bucket-{i * 104729}/*"} for i in range(60)]})
GITHUB = "token.actions.githubusercontent.com"
OIDC_ARN = f"arn:aws:iam::{ACCOUNT}:oidc-provider/{GITHUB}"
SAML_ARN = f"arn:aws:iam::{ACCOUNT}:saml-provider/corp"
IDP = "https://idp.example.com/metadata"


def _trust(principal, action="sts:AssumeRole", condition=None):
    st = {"Effect": "Allow", "Principal": principal, "Action": action}
    if condition:
        st["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [st]})


def _jwt(claims):
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).rstrip(b"=").decode()
    return ".".join([part({"alg": "RS256", "typ": "JWT"}), part(claims), "c2ln"])


CLAIMS = {"iss": f"https://{GITHUB}", "aud": "sts.amazonaws.com",
          "sub": "repo:octo/app:ref:refs/heads/main", "exp": 4102444800}

METADATA = (
    f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP}">'
    '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
    '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
    'Location="https://idp.example.com/sso"/></md:IDPSSODescriptor>'
    '<md:Organization><md:OrganizationName xml:lang="en">Example Corporation Identity Services'
    '</md:OrganizationName><md:OrganizationDisplayName xml:lang="en">Example Corp'
    '</md:OrganizationDisplayName><md:OrganizationURL xml:lang="en">https://idp.example.com/'
    '</md:OrganizationURL></md:Organization><md:ContactPerson contactType="technical">'
    '<md:Company>Example Corporation</md:Company><md:GivenName>Identity and Access Management'
    '</md:GivenName><md:SurName>Team</md:SurName><md:EmailAddress>'
    'mailto:identity-team@example.com</md:EmailAddress></md:ContactPerson>'
    '<md:ContactPerson contactType="support"><md:Company>Example Corporation</md:Company>'
    '<md:EmailAddress>mailto:support@example.com</md:EmailAddress></md:ContactPerson>'
    '</md:EntityDescriptor>'
)


def _saml(role_arn, session_name="alice@example.com"):
    name_attr = (
        '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName">'
        f'<saml:AttributeValue>{session_name}</saml:AttributeValue></saml:Attribute>'
        if session_name else ""
    )
    xml = (
        '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
        'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0" '
        'IssueInstant="2026-03-01T12:00:00Z">'
        f'<saml:Issuer>{IDP}</saml:Issuer>'
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
        '</samlp:Status><saml:Assertion ID="a1" Version="2.0" IssueInstant="2026-03-01T12:00:00Z">'
        f'<saml:Issuer>{IDP}</saml:Issuer><saml:Subject>'
        '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">alice'
        '</saml:NameID></saml:Subject>'
        '<saml:Conditions NotOnOrAfter="2026-03-01T12:05:00Z"><saml:AudienceRestriction>'
        '<saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience>'
        '</saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>'
        '<saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">'
        f'<saml:AttributeValue>{role_arn},{SAML_ARN}</saml:AttributeValue></saml:Attribute>'
        f'{name_attr}</saml:AttributeStatement></saml:Assertion></samlp:Response>'
    )
    return base64.b64encode(xml.encode()).decode()


SCENARIOS = {
    "assume_role": [
        ("iam", "CreateRole", {"RoleName": "deploy", "Path": "/ci/",
                               "AssumeRolePolicyDocument": _trust({"AWS": ROOT}, [
                                   "sts:AssumeRole", "sts:TagSession",
                                   "sts:SetSourceIdentity"])}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "build-1"}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "build-2",
                    "DurationSeconds": 900, "Policy": POLICY, "SourceIdentity": "alice",
                    "Tags": [{"Key": "team", "Value": "core"}], "TransitiveTagKeys": ["team"],
                    "ExternalId": "ext-1"}),
        ("iam", "GetRole", {"RoleName": "deploy"}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "too-long",
                    "DurationSeconds": 7200}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "bad-policy",
                    "Policy": "{not json"}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "big-policy",
                    "Policy": BIG_POLICY}),
        ("sts", "AssumeRole",
         lambda r: {"RoleArn": r[0]["body"]["Role"]["Arn"], "RoleSessionName": "managed",
                    "PolicyArns": [{"arn": f"arn:aws:iam::{ACCOUNT}:policy/missing"}]}),
        ("sts", "AssumeRole", {"RoleArn": ROLE + "-missing", "RoleSessionName": "nobody"}),
        ("sts", "AssumeRole", {"RoleArn": "this-is-not-an-arn-at-all", "RoleSessionName": "xx"}),
        ("iam", "CreateRole", {"RoleName": "guarded", "AssumeRolePolicyDocument": _trust(
            {"AWS": ACCOUNT}, condition={"StringEquals": {"sts:ExternalId": "secret-1"}})}),
        ("sts", "AssumeRole", {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/guarded",
                               "RoleSessionName": "no-external-id"}),
        ("sts", "AssumeRole", {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/guarded",
                               "RoleSessionName": "with-external-id", "ExternalId": "secret-1"}),
    ],
    "web_identity_propagation": [
        ("iam", "CreateOpenIDConnectProvider", {
            "Url": "https://idp.example.com", "ClientIDList": ["app"],
            "ContextProvider": {"SubjectSourceKey": "email", "SubjectTypeValue": "user",
                                "KeyDefinitionList": [{"SourceKey": "dept",
                                                       "TargetKey": "department"}]}}),
        ("iam", "CreateRole", {"RoleName": "web", "AssumeRolePolicyDocument": _trust(
            {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/idp.example.com"},
            "sts:AssumeRoleWithWebIdentity")}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/web", "RoleSessionName": "ana",
            "WebIdentityToken": _jwt({"iss": "https://idp.example.com", "aud": "app",
                                      "sub": "u-1", "email": "ana@example.com",
                                      "dept": "finance", "exp": 4102444800})}),
    ],
    "provided_contexts": [
        ("iam", "CreateRole", {"RoleName": "ctx", "AssumeRolePolicyDocument": _trust(
            {"AWS": ACCOUNT})}),
        ("sts", "AssumeRole", {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/ctx",
                               "RoleSessionName": "ss", "ProvidedContexts": [{
                                   "ProviderArn": "arn:aws:iam::aws:contextProvider/IdentityCenter",
                                   "ContextAssertion": "not-an-assertion"}]}),
    ],
    "web_identity_token_subject_mode": [
        ("iam", "EnableOutboundWebIdentityFederation", {}),
        ("sts", "GetWebIdentityToken", {"Audience": ["a"], "SigningAlgorithm": "RS256",
                                        "SubjectMode": "AWSIdentity"}),
        ("sts", "GetWebIdentityToken", {"Audience": ["a"], "SigningAlgorithm": "RS256",
                                        "SubjectMode": "OriginIdentity"}),
        ("sts", "GetWebIdentityToken", {"Audience": ["a"], "SigningAlgorithm": "RS256",
                                        "Scope": "read"}),
    ],
    "scoped_credentials": [
        # The parity harness signs as the implicit root caller: the errors a caller without
        # temporary credentials gets (the success path's parity: tests/test_scoped_credentials.py).
        ("sts", "GetScopedCredentials", {"DurationSeconds": 900}),
        ("sts", "GetScopedCredentials", {"Policy": POLICY}),
    ],
    "session_and_federation_tokens": [
        ("sts", "GetSessionToken", {}),
        ("sts", "GetSessionToken", {"DurationSeconds": 129600}),
        ("sts", "GetFederationToken", {"Name": "carol"}),
        ("sts", "GetFederationToken", {"Name": "dave", "Policy": POLICY,
                                       "DurationSeconds": 900}),
        ("sts", "GetFederationToken", {"Name": "erin", "Policy": "[]"}),
    ],
    "web_identity": [
        ("iam", "CreateOpenIDConnectProvider", {
            "Url": f"https://{GITHUB}", "ClientIDList": ["sts.amazonaws.com"],
            "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1"]}),
        ("iam", "CreateRole", {"RoleName": "gha", "AssumeRolePolicyDocument": _trust(
            {"Federated": OIDC_ARN}, "sts:AssumeRoleWithWebIdentity",
            {"StringLike": {f"{GITHUB}:sub": "repo:octo/*"}})}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/gha", "RoleSessionName": "run-1",
            "WebIdentityToken": _jwt(CLAIMS)}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/gha", "RoleSessionName": "run-2",
            "WebIdentityToken": "not-a-jwt-token"}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/gha", "RoleSessionName": "run-3",
            "WebIdentityToken": _jwt({**CLAIMS, "aud": "other"})}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/gha", "RoleSessionName": "run-4",
            "WebIdentityToken": _jwt({**CLAIMS, "sub": "repo:evil/app"})}),
        ("sts", "AssumeRoleWithWebIdentity", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/gha", "RoleSessionName": "run-5",
            "WebIdentityToken": _jwt({**CLAIMS, "exp": 1000})}),
    ],
    "saml": [
        ("iam", "CreateSAMLProvider", {"Name": "corp", "SAMLMetadataDocument": METADATA}),
        ("iam", "CreateRole", {"RoleName": "saml-admin", "AssumeRolePolicyDocument": _trust(
            {"Federated": SAML_ARN}, "sts:AssumeRoleWithSAML")}),
        ("sts", "AssumeRoleWithSAML", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/saml-admin", "PrincipalArn": SAML_ARN,
            "SAMLAssertion": _saml(f"arn:aws:iam::{ACCOUNT}:role/saml-admin")}),
        ("sts", "AssumeRoleWithSAML", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/saml-admin", "PrincipalArn": SAML_ARN,
            "SAMLAssertion": _saml(f"arn:aws:iam::{ACCOUNT}:role/saml-admin", None)}),
        ("sts", "AssumeRoleWithSAML", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/saml-admin", "PrincipalArn": SAML_ARN,
            "SAMLAssertion": _saml(f"arn:aws:iam::{ACCOUNT}:role/other")}),
        ("sts", "AssumeRoleWithSAML", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/saml-admin",
            "PrincipalArn": f"arn:aws:iam::{ACCOUNT}:saml-provider/missing",
            "SAMLAssertion": _saml(f"arn:aws:iam::{ACCOUNT}:role/saml-admin")}),
        ("sts", "AssumeRoleWithSAML", {
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/saml-admin", "PrincipalArn": SAML_ARN,
            "SAMLAssertion": base64.b64encode(b"<not-saml/>").decode()}),
    ],
    "refused_token_operations": [
        ("sts", "AssumeRoot", {"TargetPrincipal": "111122223333", "TaskPolicyArn": {
            "arn": "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"}}),
        ("sts", "DecodeAuthorizationMessage", {"EncodedMessage": "bm90IGEgbWVzc2FnZQ=="}),
        ("sts", "GetDelegatedAccessToken", {"TradeInToken": "trade-in-token"}),
        ("sts", "GetWebIdentityToken", {"Audience": ["https://api.example.com"],
                                        "SigningAlgorithm": "RS256"}),
        ("iam", "EnableOutboundWebIdentityFederation", {}),
        ("sts", "GetWebIdentityToken", {"Audience": ["https://api.example.com", "b"],
                                        "SigningAlgorithm": "ES384", "DurationSeconds": 60,
                                        "Tags": [{"Key": "team", "Value": "core"}]}),
        ("sts", "GetWebIdentityToken", {"Audience": ["a"], "SigningAlgorithm": "HS256"}),
    ],
}
