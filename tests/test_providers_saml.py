"""SAML providers."""

from __future__ import annotations

import datetime

from tests.helpers import raises_aws

ARN = "arn:aws:iam::123456789012:saml-provider/MyIdP"
NOT_FOUND = f"Manifest not found for arn {ARN}"
CERT = "MIIC" + "A" * 900


def metadata(valid_until: str | None = "2035-01-01T00:00:00Z", idp: bool = True) -> str:
    vu = f' validUntil="{valid_until}"' if valid_until else ""
    role = "IDPSSODescriptor" if idp else "SPSSODescriptor"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.example.com"{vu}>'
        f'<md:{role} protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
        f"<ds:X509Certificate>{CERT}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        'Location="https://idp.example.com/sso"/>'
        f"</md:{role}></md:EntityDescriptor>"
    )


PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n"


def test_create_get_list(iam):
    out = iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(),
                                   Tags=[{"Key": "b", "Value": "1"}, {"Key": "a", "Value": "2"}])
    assert out["SAMLProviderArn"] == ARN
    assert out["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "1"}]
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["SAMLMetadataDocument"] == metadata()
    assert got["ValidUntil"] == datetime.datetime(2035, 1, 1, tzinfo=datetime.timezone.utc)
    assert len(got["SAMLProviderUUID"]) >= 22
    assert got["Tags"] == [{"Key": "a", "Value": "2"}, {"Key": "b", "Value": "1"}]
    listed = iam.list_saml_providers()["SAMLProviderList"]
    assert [p["Arn"] for p in listed] == [ARN]
    assert listed[0]["ValidUntil"] == got["ValidUntil"]
    assert listed[0]["CreateDate"] == got["CreateDate"]


def test_valid_until_defaults_to_100_years(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(None))
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    years = (got["ValidUntil"] - got["CreateDate"]).days / 365.25
    assert 99.9 < years < 100.1


def test_metadata_must_be_saml_idp_metadata(iam):
    for doc in ("<notxml" + "x" * 1000, metadata(idp=False),
                "<root>" + "x" * 1000 + "</root>"):
        with raises_aws("InvalidInput", "Could not parse metadata", 400):
            iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=doc)
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_duplicate_name(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    with raises_aws("EntityAlreadyExists", status=409):
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())


def test_name_pattern(iam):
    with raises_aws("ValidationError"):
        iam.create_saml_provider(Name="bad name", SAMLMetadataDocument=metadata())


def test_update_metadata(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    out = iam.update_saml_provider(SAMLProviderArn=ARN,
                                   SAMLMetadataDocument=metadata("2040-06-01T00:00:00Z"))
    assert out["SAMLProviderArn"] == ARN
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["ValidUntil"].year == 2040


def test_update_with_bad_metadata_changes_nothing(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    with raises_aws("InvalidInput"):
        iam.update_saml_provider(SAMLProviderArn=ARN, SAMLMetadataDocument="<x>" + " " * 1000)
    assert iam.get_saml_provider(SAMLProviderArn=ARN)["SAMLMetadataDocument"] == metadata()


def test_private_keys_and_encryption_mode(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(),
                             AddPrivateKey=PEM, AssertionEncryptionMode="Required")
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["AssertionEncryptionMode"] == "Required"
    [key] = got["PrivateKeyList"]
    iam.update_saml_provider(SAMLProviderArn=ARN, AddPrivateKey=PEM)
    with raises_aws("LimitExceeded"):
        iam.update_saml_provider(SAMLProviderArn=ARN, AddPrivateKey=PEM)
    iam.update_saml_provider(SAMLProviderArn=ARN, RemovePrivateKey=key["KeyId"])
    keys = iam.get_saml_provider(SAMLProviderArn=ARN)["PrivateKeyList"]
    assert len(keys) == 1 and keys[0]["KeyId"] != key["KeyId"]
    with raises_aws("InvalidInput"):
        iam.update_saml_provider(SAMLProviderArn=ARN, RemovePrivateKey="A" * 26)


def test_required_encryption_needs_a_key(iam):
    with raises_aws("InvalidInput"):
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(),
                                 AssertionEncryptionMode="Required")
    with raises_aws("InvalidInput"):
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(),
                                 AddPrivateKey="not a pem key")
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_delete(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    iam.delete_saml_provider(SAMLProviderArn=ARN)
    assert iam.list_saml_providers()["SAMLProviderList"] == []
    with raises_aws("NoSuchEntity", NOT_FOUND, 404):
        iam.delete_saml_provider(SAMLProviderArn=ARN)


def test_unknown_provider(iam):
    with raises_aws("NoSuchEntity", NOT_FOUND, 404):
        iam.get_saml_provider(SAMLProviderArn=ARN)
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.update_saml_provider(SAMLProviderArn=ARN, SAMLMetadataDocument=metadata())
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.tag_saml_provider(SAMLProviderArn=ARN, Tags=[{"Key": "k", "Value": "v"}])
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.untag_saml_provider(SAMLProviderArn=ARN, TagKeys=["k"])
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.list_saml_provider_tags(SAMLProviderArn=ARN)


def test_tags(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    iam.tag_saml_provider(SAMLProviderArn=ARN, Tags=[{"Key": "x", "Value": "1"},
                                                     {"Key": "y", "Value": "2"}])
    page = iam.list_saml_provider_tags(SAMLProviderArn=ARN, MaxItems=1)
    assert page["Tags"] == [{"Key": "x", "Value": "1"}] and page["IsTruncated"]
    iam.untag_saml_provider(SAMLProviderArn=ARN, TagKeys=["x"])
    assert iam.list_saml_provider_tags(SAMLProviderArn=ARN)["Tags"] == [
        {"Key": "y", "Value": "2"}]
    with raises_aws("InvalidInput"):
        iam.tag_saml_provider(SAMLProviderArn=ARN, Tags=[{"Key": "a", "Value": "1"},
                                                         {"Key": "A", "Value": "2"}])
    assert iam.list_saml_provider_tags(SAMLProviderArn=ARN)["Tags"] == [
        {"Key": "y", "Value": "2"}]


def test_counts_in_account_summary(iam):
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    iam.create_open_id_connect_provider(Url="https://oidc.example.com")
    assert iam.get_account_summary()["SummaryMap"]["Providers"] == 2


def test_get_has_aws_defaults_for_what_was_not_set(iam):
    # Recorded from AWS (2026): Tags [], AssertionEncryptionMode Allowed, PrivateKeyList [].
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["Tags"] == []
    assert got["AssertionEncryptionMode"] == "Allowed"
    assert got["PrivateKeyList"] == []
