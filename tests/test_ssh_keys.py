"""SSH public keys: upload (OpenSSH and PEM, RSA >= 2048 bits), fingerprint, get in either
encoding, status, delete, list; quota, duplicates, malformed keys, DeleteUser's conflict."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .helpers import raises_aws

INVALID = "The public key is malformed or otherwise invalid."
UNRECOGNIZED = "The public key encoding format is unsupported or unrecognized."


def openssh(key) -> str:
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode()


def pem(key) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def md5_fingerprint(ssh_line: str) -> str:
    blob = base64.b64decode(ssh_line.split()[1])
    return ":".join(f"{b:02x}" for b in hashlib.md5(blob).digest())


@pytest.fixture(scope="module")
def rsa_keys():
    return [rsa.generate_private_key(65537, 2048).public_key() for _ in range(6)]


@pytest.fixture
def user(iam):
    iam.create_user(UserName="u")
    return "u"


def upload(iam, body, user="u"):
    return iam.upload_ssh_public_key(UserName=user, SSHPublicKeyBody=body)["SSHPublicKey"]


def test_upload_openssh_key(iam, user, rsa_keys):
    body = openssh(rsa_keys[0]) + " me@laptop\n"
    key = upload(iam, body)
    assert set(key) == {"UserName", "SSHPublicKeyId", "Fingerprint", "SSHPublicKeyBody",
                        "Status", "UploadDate"}
    assert key["UserName"] == "u" and key["Status"] == "Active"
    assert key["SSHPublicKeyBody"] == body
    assert key["SSHPublicKeyId"].startswith("APKA") and len(key["SSHPublicKeyId"]) == 20
    assert key["SSHPublicKeyId"][4:].isalnum() and key["SSHPublicKeyId"].isupper()
    assert key["Fingerprint"] == md5_fingerprint(openssh(rsa_keys[0]))


def test_upload_pem_key_has_the_same_fingerprint(iam, user, rsa_keys):
    key = upload(iam, pem(rsa_keys[0]))
    assert key["Fingerprint"] == md5_fingerprint(openssh(rsa_keys[0]))


def test_upload_pkcs1_pem_key(iam, user, rsa_keys):
    body = rsa_keys[0].public_bytes(serialization.Encoding.PEM,
                                    serialization.PublicFormat.PKCS1).decode()
    assert "BEGIN RSA PUBLIC KEY" in body
    assert upload(iam, body)["Fingerprint"] == md5_fingerprint(openssh(rsa_keys[0]))


def test_get_converts_between_encodings(iam, user, rsa_keys):
    from_ssh = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    from_pem = upload(iam, pem(rsa_keys[1]))["SSHPublicKeyId"]

    def get(key_id, encoding):
        return iam.get_ssh_public_key(UserName="u", SSHPublicKeyId=key_id,
                                      Encoding=encoding)["SSHPublicKey"]["SSHPublicKeyBody"]

    as_pem = get(from_ssh, "PEM")
    assert serialization.load_pem_public_key(as_pem.encode()).public_numbers() == \
        rsa_keys[0].public_numbers()
    assert get(from_ssh, "SSH") == openssh(rsa_keys[0])
    as_ssh = get(from_pem, "SSH")
    assert serialization.load_ssh_public_key(as_ssh.encode()).public_numbers() == \
        rsa_keys[1].public_numbers()
    assert get(from_pem, "PEM") == pem(rsa_keys[1])


def test_get_returns_metadata(iam, user, rsa_keys):
    up = upload(iam, openssh(rsa_keys[0]))
    got = iam.get_ssh_public_key(UserName="u", SSHPublicKeyId=up["SSHPublicKeyId"],
                                 Encoding="SSH")["SSHPublicKey"]
    assert got == up


def test_get_missing_key(iam, user):
    with raises_aws("NoSuchEntity", "The Public Key with id APKAAAAAAAAAAAAAAAAA cannot be found.",
                    status=404):
        iam.get_ssh_public_key(UserName="u", SSHPublicKeyId="APKAAAAAAAAAAAAAAAAA",
                               Encoding="SSH")


def test_key_of_another_user_is_not_found(iam, user, rsa_keys):
    iam.create_user(UserName="v")
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    with raises_aws("NoSuchEntity"):
        iam.get_ssh_public_key(UserName="v", SSHPublicKeyId=key_id, Encoding="SSH")
    with raises_aws("NoSuchEntity"):
        iam.delete_ssh_public_key(UserName="v", SSHPublicKeyId=key_id)


def test_upload_for_missing_user(iam, rsa_keys):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        upload(iam, openssh(rsa_keys[0]), user="ghost")


def test_short_rsa_key_is_invalid(iam, user):
    short = rsa.generate_private_key(65537, 1024).public_key()
    with raises_aws("InvalidPublicKey",
                    "The public key must be an RSA key of at least 2048 bits.", status=400):
        upload(iam, openssh(short))
    with raises_aws("InvalidPublicKey"):
        upload(iam, pem(short))
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"] == []


@pytest.mark.parametrize("body", [
    "ssh-rsa AAAA!!!notbase64",
    "ssh-rsa " + base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00").decode(),
    "ssh-rsa",
    "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
])
def test_malformed_key_is_invalid(iam, user, body):
    with raises_aws("InvalidPublicKey", INVALID, status=400):
        upload(iam, body)


def test_non_rsa_pem_key_is_invalid(iam, user):
    with raises_aws("InvalidPublicKey", INVALID):
        upload(iam, pem(ec.generate_private_key(ec.SECP256R1()).public_key()))


@pytest.mark.parametrize("make", [
    lambda: openssh(ed25519.Ed25519PrivateKey.generate().public_key()),
    lambda: openssh(ec.generate_private_key(ec.SECP256R1()).public_key()),
    lambda: "hello world",
    lambda: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
])
def test_unsupported_encodings(iam, user, make):
    with raises_aws("UnrecognizedPublicKeyEncoding", UNRECOGNIZED, status=400):
        upload(iam, make())


def test_duplicate_key_for_same_user(iam, user, rsa_keys):
    upload(iam, openssh(rsa_keys[0]) + " first")
    with raises_aws("DuplicateSSHPublicKey",
                    "The SSH public key is already associated with the specified IAM user.",
                    status=400):
        upload(iam, pem(rsa_keys[0]))  # same key, other encoding
    assert len(iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"]) == 1


def test_same_key_for_two_users(iam, user, rsa_keys):
    iam.create_user(UserName="v")
    upload(iam, openssh(rsa_keys[0]))
    upload(iam, openssh(rsa_keys[0]), user="v")


def test_five_keys_per_user(iam, user, rsa_keys):
    for k in rsa_keys[:5]:
        upload(iam, openssh(k))
    with raises_aws("LimitExceeded", "Cannot exceed quota for SSHPublicKeysPerUser: 5",
                    status=409):
        upload(iam, openssh(rsa_keys[5]))
    assert len(iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"]) == 5


def test_update_status(iam, user, rsa_keys):
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    iam.update_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Status="Inactive")
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"][0]["Status"] == "Inactive"
    iam.update_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Status="Active")
    got = iam.get_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Encoding="SSH")
    assert got["SSHPublicKey"]["Status"] == "Active"


def test_update_to_expired_is_invalid(iam, user, rsa_keys):
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    with raises_aws("InvalidInput", status=400):
        iam.update_ssh_public_key(UserName="u", SSHPublicKeyId=key_id, Status="Expired")
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"][0]["Status"] == "Active"


def test_update_missing_key(iam, user):
    with raises_aws("NoSuchEntity"):
        iam.update_ssh_public_key(UserName="u", SSHPublicKeyId="APKAAAAAAAAAAAAAAAAA",
                                  Status="Inactive")


def test_delete(iam, user, rsa_keys):
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    iam.delete_ssh_public_key(UserName="u", SSHPublicKeyId=key_id)
    assert iam.list_ssh_public_keys(UserName="u")["SSHPublicKeys"] == []
    with raises_aws("NoSuchEntity"):
        iam.delete_ssh_public_key(UserName="u", SSHPublicKeyId=key_id)
    upload(iam, openssh(rsa_keys[0]))  # no longer a duplicate


def test_delete_user_with_ssh_key_conflicts(iam, user, rsa_keys):
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    with raises_aws("DeleteConflict", "Cannot delete entity, must delete SSH public keys first."):
        iam.delete_user(UserName="u")
    iam.delete_ssh_public_key(UserName="u", SSHPublicKeyId=key_id)
    iam.delete_user(UserName="u")


def test_list_pages(iam, user, rsa_keys):
    ids = [upload(iam, openssh(k))["SSHPublicKeyId"] for k in rsa_keys[:3]]
    first = iam.list_ssh_public_keys(UserName="u", MaxItems=2)
    assert first["IsTruncated"] is True
    assert set(first["SSHPublicKeys"][0]) == {"UserName", "SSHPublicKeyId", "Status",
                                              "UploadDate"}
    rest = iam.list_ssh_public_keys(UserName="u", MaxItems=2, Marker=first["Marker"])
    assert rest["IsTruncated"] is False
    assert [k["SSHPublicKeyId"] for k in first["SSHPublicKeys"] + rest["SSHPublicKeys"]] == ids
    pages = iam.get_paginator("list_ssh_public_keys").paginate(
        UserName="u", PaginationConfig={"PageSize": 1})
    assert [k["SSHPublicKeyId"] for p in pages for k in p["SSHPublicKeys"]] == ids


def test_list_defaults_to_the_caller(iam, user, rsa_keys, client_for):
    key_id = upload(iam, openssh(rsa_keys[0]))["SSHPublicKeyId"]
    me = client_for(iam.create_access_key(UserName="u")["AccessKey"])
    assert [k["SSHPublicKeyId"] for k in me.list_ssh_public_keys()["SSHPublicKeys"]] == [key_id]
    assert iam.list_ssh_public_keys()["SSHPublicKeys"] == []  # the root user has none


def test_list_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found."):
        iam.list_ssh_public_keys(UserName="ghost")
