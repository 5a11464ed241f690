"""Signing certificates: upload (X.509 parsed for real), status, delete, list; the root user's
own certificates, quota, duplicates across users, expired and malformed certificates."""

from __future__ import annotations

import base64
import datetime
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .helpers import raises_aws

NOW = datetime.datetime.now(datetime.timezone.utc)


def self_signed(cn: str = "signer", not_before=None, not_after=None) -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - datetime.timedelta(days=1))
        .not_valid_after(not_after or NOW + datetime.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def user(iam):
    iam.create_user(UserName="u")
    return "u"


def upload(iam, body, **kw):
    return iam.upload_signing_certificate(CertificateBody=body, **kw)["Certificate"]


def test_upload(iam, user):
    body = self_signed()
    cert = upload(iam, body, UserName="u")
    assert set(cert) == {"UserName", "CertificateId", "CertificateBody", "Status", "UploadDate"}
    assert cert["UserName"] == "u" and cert["Status"] == "Active"
    assert cert["CertificateBody"] == body
    der = x509.load_pem_x509_certificate(body.encode()).public_bytes(serialization.Encoding.DER)
    assert cert["CertificateId"] == base64.b32encode(hashlib.sha1(der).digest()).decode()
    assert len(cert["CertificateId"]) == 32 and cert["CertificateId"].isupper()


def test_upload_for_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found.", status=404):
        upload(iam, self_signed(), UserName="ghost")


@pytest.mark.parametrize("body", [
    "garbage",
    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
])
def test_malformed_certificate(iam, user, body):
    # Recorded from AWS (2026): the body is quoted in the message.
    with raises_aws("MalformedCertificate", f"Certificate {body} is malformed.", status=400):
        upload(iam, body, UserName="u")
    assert iam.list_signing_certificates(UserName="u")["Certificates"] == []


def test_two_certificates_in_one_body_are_malformed(iam, user):
    body = self_signed("a") + self_signed("b")
    with raises_aws("MalformedCertificate", f"Certificate {body} is malformed."):
        upload(iam, body, UserName="u")


def test_expired_certificate(iam, user):
    old = self_signed(not_before=NOW - datetime.timedelta(days=30),
                      not_after=NOW - datetime.timedelta(days=1))
    with raises_aws("MalformedCertificate", "The certificate is expired.", status=400):
        upload(iam, old, UserName="u")


def test_not_yet_valid_certificate(iam, user):
    future = self_signed(not_before=NOW + datetime.timedelta(days=10),
                         not_after=NOW + datetime.timedelta(days=30))
    with raises_aws("MalformedCertificate", "The certificate is not yet valid."):
        upload(iam, future, UserName="u")


def test_two_certificates_per_user(iam, user):
    upload(iam, self_signed("a"), UserName="u")
    upload(iam, self_signed("b"), UserName="u")
    with raises_aws("LimitExceeded", "Cannot exceed quota for CertificatesPerUser: 2",
                    status=409):
        upload(iam, self_signed("c"), UserName="u")
    assert len(iam.list_signing_certificates(UserName="u")["Certificates"]) == 2


def test_same_certificate_for_another_user(iam, user):
    iam.create_user(UserName="v")
    body = self_signed()
    upload(iam, body, UserName="u")
    with raises_aws("DuplicateCertificate",
                    "The same certificate is already associated with an IAM user in the account.",
                    status=409):
        upload(iam, body, UserName="v")
    assert iam.list_signing_certificates(UserName="v")["Certificates"] == []


def test_same_certificate_again_for_its_owner_is_a_duplicate(iam, user):
    # UploadSigningCertificate's reference documents DuplicateCertificate for this.
    body = self_signed()
    first = upload(iam, body, UserName="u")
    iam.update_signing_certificate(UserName="u", CertificateId=first["CertificateId"],
                                   Status="Inactive")
    with raises_aws("DuplicateCertificate", status=409):
        upload(iam, body, UserName="u")
    listed = iam.list_signing_certificates(UserName="u")["Certificates"]
    assert len(listed) == 1 and listed[0]["Status"] == "Inactive"


def test_root_user_certificates(iam, user):
    cert = upload(iam, self_signed())
    assert cert["UserName"] == "123456789012"
    listed = iam.list_signing_certificates()["Certificates"]
    assert [c["CertificateId"] for c in listed] == [cert["CertificateId"]]
    assert iam.list_signing_certificates(UserName="u")["Certificates"] == []
    iam.delete_signing_certificate(CertificateId=cert["CertificateId"])
    assert iam.list_signing_certificates()["Certificates"] == []


def test_caller_certificates_without_user_name(iam, user, client_for):
    me = client_for(iam.create_access_key(UserName="u")["AccessKey"])
    cert = me.upload_signing_certificate(CertificateBody=self_signed())["Certificate"]
    assert cert["UserName"] == "u"
    assert len(iam.list_signing_certificates(UserName="u")["Certificates"]) == 1
    me.update_signing_certificate(CertificateId=cert["CertificateId"], Status="Inactive")
    assert me.list_signing_certificates()["Certificates"][0]["Status"] == "Inactive"


def test_update_status(iam, user):
    cert_id = upload(iam, self_signed(), UserName="u")["CertificateId"]
    iam.update_signing_certificate(UserName="u", CertificateId=cert_id, Status="Inactive")
    assert iam.list_signing_certificates(UserName="u")["Certificates"][0]["Status"] == "Inactive"
    with raises_aws("InvalidInput", status=400):
        iam.update_signing_certificate(UserName="u", CertificateId=cert_id, Status="Expired")
    assert iam.list_signing_certificates(UserName="u")["Certificates"][0]["Status"] == "Inactive"


def test_update_missing_certificate(iam, user):
    missing = "A" * 32
    with raises_aws("NoSuchEntity", f"The Certificate with id {missing} cannot be found.",
                    status=404):
        iam.update_signing_certificate(UserName="u", CertificateId=missing, Status="Inactive")


def test_certificate_of_another_user_is_not_found(iam, user):
    iam.create_user(UserName="v")
    cert_id = upload(iam, self_signed(), UserName="u")["CertificateId"]
    with raises_aws("NoSuchEntity"):
        iam.delete_signing_certificate(UserName="v", CertificateId=cert_id)
    assert len(iam.list_signing_certificates(UserName="u")["Certificates"]) == 1


def test_delete_frees_the_certificate_for_others(iam, user):
    iam.create_user(UserName="v")
    body = self_signed()
    cert_id = upload(iam, body, UserName="u")["CertificateId"]
    iam.delete_signing_certificate(UserName="u", CertificateId=cert_id)
    with raises_aws("NoSuchEntity"):
        iam.delete_signing_certificate(UserName="u", CertificateId=cert_id)
    assert upload(iam, body, UserName="v")["UserName"] == "v"


def test_delete_user_with_certificate_conflicts(iam, user):
    cert_id = upload(iam, self_signed(), UserName="u")["CertificateId"]
    with raises_aws("DeleteConflict",
                    "Cannot delete entity, must delete signing certificates first."):
        iam.delete_user(UserName="u")
    iam.delete_signing_certificate(UserName="u", CertificateId=cert_id)
    iam.delete_user(UserName="u")


def test_list_pages(iam, user):
    ids = [upload(iam, self_signed(n), UserName="u")["CertificateId"] for n in "ab"]
    first = iam.list_signing_certificates(UserName="u", MaxItems=1)
    assert first["IsTruncated"] is True
    rest = iam.list_signing_certificates(UserName="u", Marker=first["Marker"])
    assert [c["CertificateId"] for c in first["Certificates"] + rest["Certificates"]] == ids
    pages = iam.get_paginator("list_signing_certificates").paginate(
        UserName="u", PaginationConfig={"PageSize": 1})
    assert [c["CertificateId"] for p in pages for c in p["Certificates"]] == ids


def test_list_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.list_signing_certificates(UserName="ghost")
