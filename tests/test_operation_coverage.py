"""Every operation of the installed botocore models is implemented (or knowingly deferred),
and no operation crashes on any input: it answers or returns an AWS error."""

from __future__ import annotations

import datetime
import random

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError

from iamsim import mock_iam
from iamsim.dispatch import HANDLERS, load_handlers

# Every IAM and STS operation of the model is implemented; nothing may be missing.
DEFERRED: set[tuple[str, str]] = set()
# cognito-idp operations not implemented yet: each answers NotImplemented naming itself.
COGNITO_DEFERRED = {
    "AddCustomAttributes", "AddUserPoolClientSecret",
    "AdminDeleteSoftwareToken", "AdminDisableProviderForUser", "AdminForgetDevice",
    "AdminGetDevice", "AdminGetUserAuthFactors", "AdminLinkProviderForUser", "AdminListDevices",
    "AdminListUserAuthEvents", "AdminListUserSessions",
    "AdminRevokeUserSession",
    "AdminSetUserSettings", "AdminUpdateAuthEventFeedback", "AdminUpdateDeviceStatus",
    "CompleteWebAuthnRegistration", "ConfirmDevice",
    "CreateIdentityProvider", "CreateManagedLoginBranding", "CreateResourceServer", "CreateTerms",
    "CreateUserImportJob", "CreateUserPoolDomain", "CreateUserPoolReplica",
    "DeleteIdentityProvider", "DeleteManagedLoginBranding", "DeleteResourceServer", "DeleteTerms",
    "DeleteUserPoolClientSecret", "DeleteUserPoolDomain", "DeleteUserPoolReplica",
    "DeleteWebAuthnCredential", "DescribeIdentityProvider", "DescribeManagedLoginBranding",
    "DescribeManagedLoginBrandingByClient", "DescribeResourceServer", "DescribeRiskConfiguration",
    "DescribeTerms", "DescribeTermsByClient", "DescribeUserImportJob", "DescribeUserPoolDomain",
    "ForgetDevice", "GetCSVHeader", "GetClientToken", "GetDerivedToken", "GetDevice",
    "GetIdentityProviderByIdentifier", "GetLogDeliveryConfiguration", "GetProvisionedLimit",
    "GetSigningCertificate", "GetUICustomization",
    "GetUserAuthFactors", "GetUserPoolClientSessionConfiguration",
    "GetUserPoolSessionConfiguration", "ListDevices", "ListIdentityProviders",
    "ListResourceServers", "ListTagsForResource", "ListTerms", "ListUserImportJobs",
    "ListUserPoolClientSecrets", "ListUserPoolReplicas", "ListUserSessions",
    "ListWebAuthnCredentials", "RevokeUserSession", "SetLogDeliveryConfiguration",
    "SetRiskConfiguration", "SetUICustomization",
    "SetUserPoolClientSessionConfiguration",
    "SetUserPoolSessionConfiguration", "SetUserSettings", "StartUserImportJob",
    "StartWebAuthnRegistration", "StopUserImportJob", "TagResource", "UntagResource",
    "UpdateAuthEventFeedback", "UpdateDeviceStatus", "UpdateIdentityProvider",
    "UpdateManagedLoginBranding", "UpdateProvisionedLimit", "UpdateResourceServer", "UpdateTerms",
    "UpdateUserPoolDomain", "UpdateUserPoolReplica",
    # new in botocore 1.44.8
    "CancelPointInTimeRecovery", "CreateCIMDPolicy", "DeleteCIMDPolicy", "DescribeCIMDPolicy",
    "DescribePointInTimeRecovery", "InitiatePointInTimeRecovery", "ListCIMDPolicies",
    "ListClientMetadataURLs", "ListPointInTimeRecoveries", "StartPointInTimeRecovery",
    "UpdateCIMDPolicy", "UpdateClientMetadataURLState",
}
DEFERRED |= {("cognito-idp", op) for op in COGNITO_DEFERRED}
# cognito-identity operations not implemented yet (developer identities, principal tags,
# unlinking): each answers NotImplemented naming itself.
IDENTITY_DEFERRED = {
    "GetOpenIdTokenForDeveloperIdentity", "GetPrincipalTagAttributeMap",
    "LookupDeveloperIdentity", "MergeDeveloperIdentities", "SetPrincipalTagAttributeMap",
    "UnlinkDeveloperIdentity", "UnlinkIdentity",
}
DEFERRED |= {("cognito-identity", op) for op in IDENTITY_DEFERRED}
SESSION = botocore.session.get_session()
SERVICES = ("iam", "sts", "cognito-idp", "cognito-identity")
OPERATIONS = [(svc, op) for svc in SERVICES
              for op in SESSION.get_service_model(svc).operation_names]


def test_every_model_operation_is_implemented_or_deferred():
    load_handlers()
    missing = [f"{s}:{o}" for s, o in OPERATIONS if (s, o) not in HANDLERS and (s, o) not in DEFERRED]
    assert not missing, f"not implemented: {missing}"


def _value(shape, rng: random.Random, depth: int = 0, full: bool = False):
    """A value of the shape: valid-looking by default, random and often invalid with full."""
    t = shape.type_name
    if t == "structure":
        names = list(shape.members)
        chosen = [n for n in names if n in shape.required_members or (full and rng.random() < .5)]
        return {n: _value(shape.members[n], rng, depth + 1, full) for n in chosen if depth < 4}
    if t == "list":
        return [_value(shape.member, rng, depth + 1, full) for _ in range(rng.randint(1, 2))]
    if t == "map":
        return {"k": _value(shape.value, rng, depth + 1, full)}
    if t == "boolean":
        return rng.random() < .5
    if t in ("integer", "long"):
        lo = int(shape.metadata.get("min", 0))
        return rng.choice([lo, lo + 1, 10_000_000]) if full else max(lo, 1)
    if t in ("double", "float"):
        return 1.5
    if t == "timestamp":
        return datetime.datetime(2030, 1, 1)
    if t == "blob":
        return rng.choice([b"x", b"\x00\xff" * 40])
    if shape.enum:
        return rng.choice(shape.enum)
    lo = int(shape.metadata.get("min", 1) or 1)
    pool = ["x" * max(lo, 3), "arn:aws:iam::123456789012:role/r", "/p/", "{}", "é%&<>\"'",
            "https://example.com", '{"Version":"2012-10-17","Statement":[]}', "x" * 3000,
            "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:user/x",
            "arn:aws:iam::123456789012:oidc-provider/example.com", "[]", "null", "1e999",
            '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*",'
            '"Condition":{"StringEquals":{"a":["b",{"c":1}]}}}}', '{"Statement":[null, 1]}',
            "AKIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE", "eyJhbGciOiJub25lIn0.e30.", "v1",
            "task/aws-service-role/x/y/z", "\t\n", "-----BEGIN CERTIFICATE-----\nAAAA\n"]
    v = rng.choice(pool) if full else "cov" * max(1, lo // 3 + 1)
    return v if len(v) >= lo else v + "x" * (lo - len(v))


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_no_operation_crashes_on_minimal_or_random_input(path):
    rng = random.Random(2026)
    crashes = []
    with mock_iam(path=path):
        clients = {s: boto3.client(s, region_name="us-east-1") for s in SERVICES}
        for svc, op in OPERATIONS:
            shape = SESSION.get_service_model(svc).operation_model(op).input_shape
            for attempt in range(10):
                params = _value(shape, rng, full=attempt > 0) if shape is not None else {}
                try:
                    getattr(clients[svc], xform_name(op))(**params)
                except (ClientError, ParamValidationError):
                    pass
                except Exception as e:
                    crashes.append(f"{svc}:{op} {params!r}: {type(e).__name__}: {e}")
    assert not crashes, "\n".join(crashes[:20])


def _ill_typed(shape, rng: random.Random, depth: int = 0):
    """A value of the wrong type half the time: what a client without parameter validation
    may send."""
    if rng.random() < .5 or depth > 3:
        return rng.choice(["7200", "²", "-1", "true", "", 12345, -3, True, 1.5, "\x00",
                           "2030-01-01T00:00:00Z", ["a"], "YWJj", "nan"])
    t = shape.type_name
    if t == "structure":
        return {n: _ill_typed(m, rng, depth + 1) for n, m in shape.members.items()
                if n in shape.required_members or rng.random() < .5}
    if t == "list":
        return [_ill_typed(shape.member, rng, depth + 1)]
    return _value(shape, rng, depth, full=True)


def test_no_operation_crashes_on_ill_typed_input_from_a_client_without_validation():
    from botocore.config import Config

    rng = random.Random(7)
    crashes = []
    with mock_iam():
        loose = {s: boto3.client(s, region_name="us-east-1",
                                 config=Config(parameter_validation=False))
                 for s in ("iam", "sts")}
        for svc, op in OPERATIONS:
            shape = SESSION.get_service_model(svc).operation_model(op).input_shape
            if shape is None:
                continue
            for _ in range(5):
                params = {n: _ill_typed(m, rng) for n, m in shape.members.items()}
                try:
                    getattr(loose[svc], xform_name(op))(**params)
                except ClientError:
                    pass
                except Exception as e:
                    # botocore's serializer may refuse a value on the client; iamsim may not crash
                    if any("iamsim" in (f.filename or "") for f in _frames(e)):
                        crashes.append(f"{svc}:{op} {params!r}: {type(e).__name__}: {e}")
    assert not crashes, "\n".join(crashes[:20])


def _frames(e: BaseException):
    import traceback

    return traceback.extract_tb(e.__traceback__)


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_deferred_cognito_operations_answer_not_implemented(path):
    with mock_iam(path=path):
        client = boto3.client("cognito-idp", region_name="us-east-1")
        with pytest.raises(ClientError) as info:
            client.describe_risk_configuration(UserPoolId="us-east-1_abc123XYZ")
    err = info.value.response["Error"]
    assert err["Code"] == "NotImplemented"
    assert err["Message"] == "iamsim does not implement cognito-idp:DescribeRiskConfiguration yet"


def test_deferred_cognito_operations_are_really_missing():
    load_handlers()
    assert not [op for op in COGNITO_DEFERRED if ("cognito-idp", op) in HANDLERS]
    assert not [op for op in IDENTITY_DEFERRED if ("cognito-identity", op) in HANDLERS]


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_deferred_identity_pool_operations_answer_not_implemented(path):
    with mock_iam(path=path):
        client = boto3.client("cognito-identity", region_name="us-east-1")
        with pytest.raises(ClientError) as info:
            client.unlink_identity(IdentityId="us-east-1:0f0e", Logins={"a": "b"},
                                   LoginsToRemove=["a"])
    err = info.value.response["Error"]
    assert err["Code"] == "NotImplemented"
    assert err["Message"] == "iamsim does not implement cognito-identity:UnlinkIdentity yet"
