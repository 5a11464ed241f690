"""Server certificates: upload with certificate, private key and chain checked for real; get,
list by path, rename/move, delete, tags, quota."""

from __future__ import annotations

import datetime

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from iamsim import mock_iam

from .helpers import raises_aws

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
CANNOT_PARSE = "Unable to parse certificate. Please ensure the certificate is in PEM format."
CHAIN = (
    "Unable to validate certificate chain. The certificate chain must start with the immediate "
    "signing certificate, followed by any intermediaries in order. The index within the chain "
    "of the invalid certificate is: {}"
)
TAGS = [{"Key": "team", "Value": "core"}]


class Pki:
    """A root CA, an intermediate CA and a leaf certificate with its key."""

    def __init__(self, rsa_leaf: bool = False) -> None:
        self.root_key = ec.generate_private_key(ec.SECP256R1())
        self.mid_key = ec.generate_private_key(ec.SECP256R1())
        self.leaf_key = (rsa.generate_private_key(65537, 2048) if rsa_leaf
                         else ec.generate_private_key(ec.SECP256R1()))
        self.not_after = NOW + datetime.timedelta(days=90)
        self.root = self._cert("root", self.root_key, "root", self.root_key, ca=True)
        self.mid = self._cert("mid", self.mid_key, "root", self.root_key, ca=True)
        self.leaf = self._cert("www.example.com", self.leaf_key, "mid", self.mid_key)

    def _cert(self, cn, key, issuer_cn, issuer_key, ca=False, not_after=None) -> str:
        def name(n):
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, n)])

        cert = (
            x509.CertificateBuilder().subject_name(name(cn)).issuer_name(name(issuer_cn))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - datetime.timedelta(days=1))
            .not_valid_after(not_after or self.not_after)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(issuer_key, hashes.SHA256())
        )
        return cert.public_bytes(serialization.Encoding.PEM).decode()

    @staticmethod
    def key_pem(key) -> str:
        return key.private_bytes(serialization.Encoding.PEM,
                                 serialization.PrivateFormat.TraditionalOpenSSL,
                                 serialization.NoEncryption()).decode()

    @property
    def chain(self) -> str:
        return self.mid + self.root

    def params(self, name="web", **kw) -> dict:
        return {"ServerCertificateName": name, "CertificateBody": self.leaf,
                "PrivateKey": self.key_pem(self.leaf_key), **kw}


@pytest.fixture(scope="module")
def pki():
    return Pki()


def names(iam, **kw):
    listed = iam.list_server_certificates(**kw)["ServerCertificateMetadataList"]
    return [c["ServerCertificateName"] for c in listed]


def test_upload(iam, pki):
    out = iam.upload_server_certificate(**pki.params(Path="/cloudfront/", Tags=TAGS,
                                                     CertificateChain=pki.chain))
    meta = out["ServerCertificateMetadata"]
    assert meta["ServerCertificateName"] == "web" and meta["Path"] == "/cloudfront/"
    assert meta["Arn"] == "arn:aws:iam::123456789012:server-certificate/cloudfront/web"
    sid = meta["ServerCertificateId"]
    assert sid.startswith("ASCA") and len(sid) == 21 and sid.isupper()
    assert meta["Expiration"] == pki.not_after
    assert abs((meta["UploadDate"] - NOW).total_seconds()) < 3600
    assert out["Tags"] == TAGS


def test_upload_rsa_leaf_without_chain(iam):
    rsa_pki = Pki(rsa_leaf=True)
    meta = iam.upload_server_certificate(**rsa_pki.params())["ServerCertificateMetadata"]
    assert meta["Path"] == "/"
    assert "Tags" not in iam.upload_server_certificate(**rsa_pki.params("other"))


def test_get_returns_body_chain_and_tags(iam, pki):
    iam.upload_server_certificate(**pki.params(CertificateChain=pki.chain, Tags=TAGS))
    got = iam.get_server_certificate(ServerCertificateName="WEB")["ServerCertificate"]
    assert got["CertificateBody"] == pki.leaf
    assert got["CertificateChain"] == pki.chain
    assert got["Tags"] == TAGS
    assert got["ServerCertificateMetadata"]["ServerCertificateName"] == "web"
    assert "PrivateKey" not in got


def test_get_without_chain(iam, pki):
    iam.upload_server_certificate(**pki.params())
    got = iam.get_server_certificate(ServerCertificateName="web")["ServerCertificate"]
    assert "CertificateChain" not in got and got["Tags"] == []  # Tags always (recorded 2026)


def test_get_missing(iam):
    with raises_aws("NoSuchEntity", "The Server Certificate with name nope cannot be found.",
                    status=404):
        iam.get_server_certificate(ServerCertificateName="nope")


def test_duplicate_name_regardless_of_case(iam, pki):
    iam.upload_server_certificate(**pki.params("web"))
    with raises_aws("EntityAlreadyExists", "The Server Certificate with name WEB already exists.",
                    status=409):
        iam.upload_server_certificate(**pki.params("WEB"))
    assert names(iam) == ["web"]


@pytest.mark.parametrize("body", ["x", "-----BEGIN CERTIFICATE-----\nAA\n-----END CERTIFICATE-----"])
def test_malformed_body(iam, pki, body):
    with raises_aws("MalformedCertificate", CANNOT_PARSE, status=400):
        iam.upload_server_certificate(**pki.params(CertificateBody=body))
    assert names(iam) == []


def test_expired_certificate(iam, pki):
    old = pki._cert("old", pki.leaf_key, "mid", pki.mid_key,
                    not_after=NOW - datetime.timedelta(days=1))
    with raises_aws("MalformedCertificate", "The certificate is expired."):
        iam.upload_server_certificate(**pki.params(CertificateBody=old))


def test_malformed_private_key(iam, pki):
    with raises_aws("MalformedCertificate",
                    "Unable to parse private key. Please ensure the private key is in PEM format.",
                    status=400):
        iam.upload_server_certificate(**pki.params(PrivateKey="not a key"))


def test_encrypted_private_key_is_malformed(iam, pki):
    encrypted = pki.leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret")).decode()
    with raises_aws("MalformedCertificate"):
        iam.upload_server_certificate(**pki.params(PrivateKey=encrypted))


def test_private_key_of_another_certificate(iam, pki):
    other = Pki.key_pem(ec.generate_private_key(ec.SECP256R1()))
    with raises_aws("KeyPairMismatch",
                    "The public key certificate and the private key do not match.", status=400):
        iam.upload_server_certificate(**pki.params(PrivateKey=other))
    assert names(iam) == []


def test_pkcs8_private_key(iam, pki):
    pkcs8 = pki.leaf_key.private_bytes(serialization.Encoding.PEM,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption()).decode()
    iam.upload_server_certificate(**pki.params(PrivateKey=pkcs8))


@pytest.mark.parametrize("chain, index", [
    ("root", 0),           # the intermediate is missing: the root did not sign the leaf
    ("root+mid", 0),       # wrong order
    ("mid+mid", 1),        # the intermediate did not sign itself
    ("leaf+mid", 0),       # the leaf itself at the head of the chain
    ("junk", -1),
])
def test_chain_must_start_with_the_issuer_in_order(iam, pki, chain, index):
    pems = {"root": pki.root, "mid": pki.mid, "leaf": pki.leaf, "junk": "garbage"}
    text = "".join(pems[p] for p in chain.split("+"))
    with raises_aws("MalformedCertificate", CHAIN.format(index), status=400):
        iam.upload_server_certificate(**pki.params(CertificateChain=text))
    assert names(iam) == []


def test_chain_of_just_the_intermediate(iam, pki):
    iam.upload_server_certificate(**pki.params(CertificateChain=pki.mid))


def test_quota_of_twenty(iam, pki):
    for i in range(20):
        iam.upload_server_certificate(**pki.params(f"c{i:02d}"))
    with raises_aws("LimitExceeded", "Cannot exceed quota for ServerCertificatesPerAccount: 20",
                    status=409):
        iam.upload_server_certificate(**pki.params("one-more"))
    assert len(names(iam, MaxItems=100)) == 20


def test_quota_can_be_raised(pki):
    import boto3

    with mock_iam(quotas={"ServerCertificates": 21}):
        iam = boto3.client("iam", region_name="us-east-1")
        for i in range(21):
            iam.upload_server_certificate(**pki.params(f"c{i:02d}"))


def test_too_many_tags(iam, pki):
    tags = [{"Key": f"k{i}", "Value": ""} for i in range(51)]
    with raises_aws("ValidationError", match="Member must have length less than or equal to 50"):
        iam.upload_server_certificate(**pki.params(Tags=tags))
    assert names(iam) == []


def test_list_by_path_prefix_and_pages(iam, pki):
    iam.upload_server_certificate(**pki.params("b", Path="/cloudfront/prod/"))
    iam.upload_server_certificate(**pki.params("a", Path="/cloudfront/"))
    iam.upload_server_certificate(**pki.params("c"))
    assert names(iam) == ["a", "b", "c"]
    assert names(iam, PathPrefix="/cloudfront/") == ["a", "b"]
    assert names(iam, PathPrefix="/cloudfront/prod") == ["b"]
    first = iam.list_server_certificates(MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_server_certificates(MaxItems=2, Marker=first["Marker"])
    assert [c["ServerCertificateName"] for c in rest["ServerCertificateMetadataList"]] == ["c"]
    meta = first["ServerCertificateMetadataList"][0]
    assert set(meta) == {"Path", "ServerCertificateName", "ServerCertificateId", "Arn",
                         "UploadDate", "Expiration"}
    pages = iam.get_paginator("list_server_certificates").paginate(
        PaginationConfig={"PageSize": 1})
    assert [c["ServerCertificateName"] for p in pages
            for c in p["ServerCertificateMetadataList"]] == ["a", "b", "c"]


def test_update_renames_and_moves(iam, pki):
    sid = iam.upload_server_certificate(**pki.params("web"))["ServerCertificateMetadata"][
        "ServerCertificateId"]
    iam.update_server_certificate(ServerCertificateName="web", NewServerCertificateName="site",
                                  NewPath="/cloudfront/")
    meta = iam.get_server_certificate(ServerCertificateName="site")["ServerCertificate"][
        "ServerCertificateMetadata"]
    assert meta["Arn"] == "arn:aws:iam::123456789012:server-certificate/cloudfront/site"
    assert meta["ServerCertificateId"] == sid
    with raises_aws("NoSuchEntity"):
        iam.get_server_certificate(ServerCertificateName="web")
    iam.update_server_certificate(ServerCertificateName="site", NewPath="/")
    assert iam.list_server_certificates()["ServerCertificateMetadataList"][0]["Path"] == "/"


def test_update_to_a_taken_name(iam, pki):
    iam.upload_server_certificate(**pki.params("a"))
    iam.upload_server_certificate(**pki.params("b"))
    with raises_aws("EntityAlreadyExists", "The Server Certificate with name A already exists."):
        iam.update_server_certificate(ServerCertificateName="b", NewServerCertificateName="A")
    assert names(iam) == ["a", "b"]


def test_update_missing(iam):
    with raises_aws("NoSuchEntity", "The Server Certificate with name x cannot be found."):
        iam.update_server_certificate(ServerCertificateName="x", NewPath="/y/")


def test_delete(iam, pki):
    iam.upload_server_certificate(**pki.params("web"))
    iam.delete_server_certificate(ServerCertificateName="web")
    assert names(iam) == []
    with raises_aws("NoSuchEntity", "The Server Certificate with name web cannot be found."):
        iam.delete_server_certificate(ServerCertificateName="web")
    iam.upload_server_certificate(**pki.params("web"))  # the name is free again


def test_tags(iam, pki):
    iam.upload_server_certificate(**pki.params("web", Tags=TAGS))
    iam.tag_server_certificate(ServerCertificateName="web",
                               Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}])
    tags = iam.list_server_certificate_tags(ServerCertificateName="web")["Tags"]
    assert [t["Key"] for t in tags] == ["a", "b", "team"]
    iam.untag_server_certificate(ServerCertificateName="web", TagKeys=["TEAM", "a"])
    assert iam.list_server_certificate_tags(ServerCertificateName="web")["Tags"] == [
        {"Key": "b", "Value": "2"}]
    first = iam.list_server_certificate_tags(ServerCertificateName="web", MaxItems=1)
    assert first["IsTruncated"] is False


def test_tag_quota(iam, pki):
    tags = [{"Key": f"k{i}", "Value": ""} for i in range(50)]
    iam.upload_server_certificate(**pki.params("web", Tags=tags))
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_server_certificate(ServerCertificateName="web", Tags=[{"Key": "x", "Value": ""}])
    first = iam.list_server_certificate_tags(ServerCertificateName="web", MaxItems=30)
    rest = iam.list_server_certificate_tags(ServerCertificateName="web", Marker=first["Marker"])
    assert len(first["Tags"]) + len(rest["Tags"]) == 50


@pytest.mark.parametrize("op", ["tag", "untag", "list"])
def test_tags_of_missing_certificate(iam, op):
    with raises_aws("NoSuchEntity", "The Server Certificate with name x cannot be found."):
        if op == "tag":
            iam.tag_server_certificate(ServerCertificateName="x", Tags=TAGS)
        elif op == "untag":
            iam.untag_server_certificate(ServerCertificateName="x", TagKeys=["a"])
        else:
            iam.list_server_certificate_tags(ServerCertificateName="x")
