"""UpdateOpenIDConnectProvider and the trusted identity propagation members of the OIDC provider
operations (botocore 1.44.8): ContextProvider, IdentityCenterInstanceArn, IdentityStoreArn,
IsTrustedIdentityPropagationEnabled."""

from __future__ import annotations

import boto3
import pytest

from iamsim import mock_iam
from tests.helpers import raises_aws

URL = "https://token.example.com/id/ABC"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.example.com/id/ABC"
INSTANCE = "arn:aws:sso:::instance/ssoins-72230a1b2c3d4e5f"
CP = {"SubjectSourceKey": "sub", "SubjectTypeValue": "workload",
      "KeyDefinitionList": [{"SourceKey": "email", "TargetKey": "mail"}, {"SourceKey": "team"}]}
NOT_FOUND = f"OpenIDConnect Provider not found for arn {ARN}"


def _get(iam):
    return iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)


def _update(iam, **kw):
    return iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, **kw)


def test_create_with_context_provider_and_instance(iam):
    iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP, IdentityCenterInstanceArn=INSTANCE)
    got = _get(iam)
    assert got["ContextProvider"] == CP
    assert got["IdentityCenterInstanceArn"] == INSTANCE
    store = got["IdentityStoreArn"]
    assert store.startswith("arn:aws:identitystore::123456789012:identitystore/d-")
    assert len(store.rsplit("/", 1)[1]) == 12
    listed = iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]
    assert listed == [{"Arn": ARN, "IsTrustedIdentityPropagationEnabled": True}]


def test_plain_provider_has_no_propagation_members(iam):
    iam.create_open_id_connect_provider(Url=URL)
    got = _get(iam)
    for key in ("ContextProvider", "IdentityCenterInstanceArn", "IdentityStoreArn"):
        assert key not in got
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": ARN}]


def test_create_instance_requires_context_provider(iam):
    with raises_aws("InvalidInput", "IdentityCenterInstanceArn requires a ContextProvider.", 400):
        iam.create_open_id_connect_provider(Url=URL, IdentityCenterInstanceArn=INSTANCE)
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []


@pytest.mark.parametrize("cp", [
    {"SubjectSourceKey": "sub", "SubjectTypeValue": "user", "SubjectTypeSourceKey": "typ"},
    {"SubjectSourceKey": " sub"},
    {"SubjectSourceKey": "a  b"},
    {"SubjectSourceKey": "sub!"},
    {"SubjectSourceKey": "sub", "KeyDefinitionList": [{"SourceKey": "ok", "TargetKey": "bad "}]},
])
def test_context_provider_rules(iam, cp):
    with raises_aws("InvalidInput", status=400):
        iam.create_open_id_connect_provider(Url=URL, ContextProvider=cp)
    iam.create_open_id_connect_provider(Url=URL)
    with raises_aws("InvalidInput", status=400):
        _update(iam, ContextProvider=cp)
    assert "ContextProvider" not in _get(iam)


def test_context_provider_key_list_is_limited_to_ten(iam):
    keys = [{"SourceKey": f"k{i}"} for i in range(11)]
    with raises_aws("ValidationError", status=400):
        iam.create_open_id_connect_provider(
            Url=URL, ContextProvider={"SubjectSourceKey": "sub", "KeyDefinitionList": keys})


def test_invalid_instance_arn(iam):
    with raises_aws("InvalidInput", f"Invalid IdentityCenterInstanceArn {INSTANCE[:-1]}."):
        iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP,
                                            IdentityCenterInstanceArn=INSTANCE[:-1])


def test_update_sets_changes_and_removes(iam):
    iam.create_open_id_connect_provider(Url=URL, ThumbprintList=["a" * 40], ClientIDList=["app"])
    assert _update(iam, ContextProvider={"SubjectSourceKey": "sub"})["ResponseMetadata"][
        "HTTPStatusCode"] == 200
    assert _get(iam)["ContextProvider"] == {"SubjectSourceKey": "sub"}
    _update(iam, ContextProvider=CP)
    assert _get(iam)["ContextProvider"] == CP
    _update(iam, IdentityCenterInstanceArn=INSTANCE)
    got = _get(iam)
    assert got["IdentityCenterInstanceArn"] == INSTANCE and "IdentityStoreArn" in got
    _update(iam, RemoveIdentityCenterInstance=True)
    got = _get(iam)
    assert "IdentityCenterInstanceArn" not in got and "IdentityStoreArn" not in got
    assert got["ContextProvider"] == CP
    _update(iam, RemoveContextProvider=True)
    got = _get(iam)
    assert "ContextProvider" not in got
    # Thumbprints and client IDs are not this operation's business.
    assert got["ThumbprintList"] == ["a" * 40] and got["ClientIDList"] == ["app"]


def test_update_value_and_remove_flag_together(iam):
    iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP)
    with raises_aws("InvalidInput", "ContextProvider and RemoveContextProvider cannot both be "
                                    "specified.", 400):
        _update(iam, ContextProvider=CP, RemoveContextProvider=True)
    with raises_aws("InvalidInput", "IdentityCenterInstanceArn and RemoveIdentityCenterInstance "
                                    "cannot both be specified.", 400):
        _update(iam, IdentityCenterInstanceArn=INSTANCE, RemoveIdentityCenterInstance=True)
    assert _get(iam)["ContextProvider"] == CP


def test_update_one_configuration_per_request(iam):
    iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP)
    with raises_aws("InvalidInput", "A request can change either the context provider or the IAM "
                                    "Identity Center association, not both."):
        _update(iam, ContextProvider={"SubjectSourceKey": "sub"}, IdentityCenterInstanceArn=INSTANCE)
    got = _get(iam)
    assert got["ContextProvider"] == CP and "IdentityCenterInstanceArn" not in got


def test_context_provider_outlives_the_association(iam):
    iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP, IdentityCenterInstanceArn=INSTANCE)
    with raises_aws("InvalidInput", "Remove the IAM Identity Center association before removing "
                                    "the context provider."):
        _update(iam, RemoveContextProvider=True)
    assert _get(iam)["ContextProvider"] == CP


def test_association_needs_a_context_provider(iam):
    iam.create_open_id_connect_provider(Url=URL)
    with raises_aws("InvalidInput", status=400):
        _update(iam, IdentityCenterInstanceArn=INSTANCE)
    assert "IdentityCenterInstanceArn" not in _get(iam)


def test_update_unknown_provider(iam):
    with raises_aws("NoSuchEntity", NOT_FOUND, 404):
        _update(iam, RemoveContextProvider=True)


def test_update_without_changes_changes_nothing(iam):
    iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP)
    _update(iam)
    assert _get(iam)["ContextProvider"] == CP


def test_identity_center_in_another_partition():
    with mock_iam():
        iam = boto3.client("iam", region_name="cn-north-1")
        arn = "arn:aws-cn:iam::123456789012:oidc-provider/token.example.com/id/ABC"
        with raises_aws("ValidationError", "Invalid ARN partition"):
            iam.create_open_id_connect_provider(Url=URL, ContextProvider=CP,
                                                IdentityCenterInstanceArn=INSTANCE)
        iam.create_open_id_connect_provider(
            Url=URL, ContextProvider=CP,
            IdentityCenterInstanceArn="arn:aws-cn:sso:::instance/ssoins-72230a1b2c3d4e5f")
        got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
        assert got["IdentityStoreArn"].startswith("arn:aws-cn:identitystore::123456789012:")


# SAML providers carry the same settings (CreateSAMLProvider, UpdateSAMLProvider,
# GetSAMLProvider, ListSAMLProviders in botocore 1.44.8).

SAML_ARN = "arn:aws:iam::123456789012:saml-provider/corp"


def _saml(iam, **kw):
    from tests.test_providers_saml import metadata

    return iam.create_saml_provider(Name="corp", SAMLMetadataDocument=metadata(), **kw)


def test_saml_create_get_list_with_propagation(iam):
    _saml(iam, ContextProvider=CP, IdentityCenterInstanceArn=INSTANCE)
    got = iam.get_saml_provider(SAMLProviderArn=SAML_ARN)
    assert got["ContextProvider"] == CP and got["IdentityCenterInstanceArn"] == INSTANCE
    assert got["IdentityStoreArn"].startswith("arn:aws:identitystore::123456789012:identitystore/d-")
    entry = iam.list_saml_providers()["SAMLProviderList"][0]
    assert entry["IsTrustedIdentityPropagationEnabled"] is True


def test_saml_plain_provider_has_no_propagation_members(iam):
    _saml(iam)
    got = iam.get_saml_provider(SAMLProviderArn=SAML_ARN)
    assert not {"ContextProvider", "IdentityCenterInstanceArn", "IdentityStoreArn"} & set(got)
    assert "IsTrustedIdentityPropagationEnabled" not in iam.list_saml_providers()[
        "SAMLProviderList"][0]
    with raises_aws("InvalidInput", "IdentityCenterInstanceArn requires a ContextProvider."):
        iam.create_saml_provider(Name="other", SAMLMetadataDocument=got["SAMLMetadataDocument"],
                                 IdentityCenterInstanceArn=INSTANCE)


def test_saml_update_context_provider_not_with_metadata(iam):
    from tests.test_providers_saml import metadata

    _saml(iam)
    with raises_aws("InvalidInput", "A request can change either the context provider or the "
                                    "provider metadata, not both.", 400):
        iam.update_saml_provider(SAMLProviderArn=SAML_ARN, ContextProvider=CP,
                                 SAMLMetadataDocument=metadata("2040-01-01T00:00:00Z"))
    got = iam.get_saml_provider(SAMLProviderArn=SAML_ARN)
    assert "ContextProvider" not in got and got["SAMLMetadataDocument"] == metadata()
    iam.update_saml_provider(SAMLProviderArn=SAML_ARN, ContextProvider=CP)
    # The association is metadata: it may change together with the metadata document.
    out = iam.update_saml_provider(SAMLProviderArn=SAML_ARN, IdentityCenterInstanceArn=INSTANCE,
                                   SAMLMetadataDocument=metadata("2040-01-01T00:00:00Z"))
    assert out["SAMLProviderArn"] == SAML_ARN
    got = iam.get_saml_provider(SAMLProviderArn=SAML_ARN)
    assert got["IdentityCenterInstanceArn"] == INSTANCE and got["ContextProvider"] == CP
    with raises_aws("InvalidInput", "Remove the IAM Identity Center association before removing "
                                    "the context provider."):
        iam.update_saml_provider(SAMLProviderArn=SAML_ARN, RemoveContextProvider=True)
    iam.update_saml_provider(SAMLProviderArn=SAML_ARN, RemoveIdentityCenterInstance=True)
    iam.update_saml_provider(SAMLProviderArn=SAML_ARN, RemoveContextProvider=True)
    got = iam.get_saml_provider(SAMLProviderArn=SAML_ARN)
    assert not {"ContextProvider", "IdentityCenterInstanceArn", "IdentityStoreArn"} & set(got)
