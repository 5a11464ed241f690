"""Parity scenarios for virtual MFA devices, SSH public keys, signing and server certificates
and service-specific credentials.

The PEM strings below were generated once with `cryptography` (EC P-256 certificates valid
2025-2035, an RSA-2048 SSH key); they are test fixtures, not secrets.
"""

import base64
import hashlib
import hmac
import struct

from ..harness import FROZEN

CA_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBRzCB7aADAgECAhRvZ0wRUwdL8lpmKxWrbyulFY005TAKBggqhkjOPQQDAjAZ
MRcwFQYDVQQDDA5pYW1zaW0gdGVzdCBDQTAeFw0yNTAxMDEwMDAwMDBaFw0zNTAx
MDEwMDAwMDBaMBkxFzAVBgNVBAMMDmlhbXNpbSB0ZXN0IENBMFkwEwYHKoZIzj0C
AQYIKoZIzj0DAQcDQgAE0EDxcEOZ2ltqP78Dn/35K0iwVphCPQirvijWFgaCAJ6O
4UP3p0GbJiFTYyI+1U5pKxEQE9S1CYPnviFeh5yB26MTMBEwDwYDVR0TAQH/BAUw
AwEB/zAKBggqhkjOPQQDAgNJADBGAiEApo1ptiqiKK7QRKmdDfnZ//4ZvZh5FbVY
F5y2WIg7GVwCIQDW2rzvvHpOTmBwhdzMeUhMq03EQGC1AYDzslhFmC4zxA==
-----END CERTIFICATE-----
"""
LEAF_CERT = """\
-----BEGIN CERTIFICATE-----
MIIBRDCB66ADAgECAhRrXBifBmt+nLNJNCXKhvjJ2e0ZDTAKBggqhkjOPQQDAjAZ
MRcwFQYDVQQDDA5pYW1zaW0gdGVzdCBDQTAeFw0yNTAxMDEwMDAwMDBaFw0zNTAx
MDEwMDAwMDBaMBoxGDAWBgNVBAMMD3d3dy5leGFtcGxlLmNvbTBZMBMGByqGSM49
AgEGCCqGSM49AwEHA0IABOSxFaJG70x6fJIo+bwbIMbxPqlA0Waf6TUX8HyX9RdS
U8A5BAgcAiTO9BuxcInWXY4rQksWBLi0mQ6ROkd6TWejEDAOMAwGA1UdEwEB/wQC
MAAwCgYIKoZIzj0EAwIDSAAwRQIgG4OkDDjRuT/Vqv/K/l7PFCCLCpwkccKHmjhX
pA3dwU4CIQDHjVI9Kr+aZnIDdxlVVS2bIumEz47wYDfiQuUYCNjpyg==
-----END CERTIFICATE-----
"""
LEAF_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7lgQnEn9nsRCKEbP
5+FhZQdTNHvd5i4W45VlKKYCiaWhRANCAATksRWiRu9MenySKPm8GyDG8T6pQNFm
n+k1F/B8l/UXUlPAOQQIHAIkzvQbsXCJ1l2OK0JLFgS4tJkOkTpHek1n
-----END PRIVATE KEY-----
"""
OTHER_KEY = """\
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg8Y++cvO4KBFm6Xbc
gRzDz2Hi10ZK/toPhjxxnHhB/0GhRANCAASOpddjWyV/CjOZZotqKHJKt/Kct1PD
oT/kcB15YcMq4ni0vLTjdgsQax5sssJBCAWJO5PxG1pdbgIbg6SBs4xC
-----END PRIVATE KEY-----
"""
SELF_SIGNED = """\
-----BEGIN CERTIFICATE-----
MIIBTTCB9KADAgECAhQi1UmiwQjwPACS6g/ChTilvMQg7DAKBggqhkjOPQQDAjAe
MRwwGgYDVQQDDBNzaWduaW5nLmV4YW1wbGUuY29tMB4XDTI1MDEwMTAwMDAwMFoX
DTM1MDEwMTAwMDAwMFowHjEcMBoGA1UEAwwTc2lnbmluZy5leGFtcGxlLmNvbTBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABI6l12NbJX8KM5lmi2oockq38py3U8Oh
P+RwHXlhwyrieLS8tON2CxBrHmyywkEIBYk7k/EbWl1uAhuDpIGzjEKjEDAOMAwG
A1UdEwEB/wQCMAAwCgYIKoZIzj0EAwIDSAAwRQIhAKuUNZyAlRc1wbuskEcLjMnI
fHbUNge5y7pSjdCVbvazAiBk7H8cjTae5W/2lwjNoUa/PshX2CMf/F7If5E2wcEG
dQ==
-----END CERTIFICATE-----
"""
EXPIRED = """\
-----BEGIN CERTIFICATE-----
MIIBRDCB7KADAgECAhQ2ojju6ALAg13Mc3JO/m6T8H0/fDAKBggqhkjOPQQDAjAa
MRgwFgYDVQQDDA9vbGQuZXhhbXBsZS5jb20wHhcNMTAwMTAxMDAwMDAwWhcNMTEw
MTAxMDAwMDAwWjAaMRgwFgYDVQQDDA9vbGQuZXhhbXBsZS5jb20wWTATBgcqhkjO
PQIBBggqhkjOPQMBBwNCAASOpddjWyV/CjOZZotqKHJKt/Kct1PDoT/kcB15YcMq
4ni0vLTjdgsQax5sssJBCAWJO5PxG1pdbgIbg6SBs4xCoxAwDjAMBgNVHRMBAf8E
AjAAMAoGCCqGSM49BAMCA0cAMEQCICGqUr5hJZcb+X01PhFYejqRUknIfLC5B4EU
DMAez3gFAiB0vVhHs0JBk6Mne8Tu+mHHOjW3v7nfFTq1kAR0jgsnQQ==
-----END CERTIFICATE-----
"""
SSH_RSA = (
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC80WW9/eEds/5GYOidHRxrskNiRHowpjwwYcG3rQYus6aa9DuSr6'
    'baPktLEjdHGjjiSCVDui+i2XtMnFRq13BH/agTO66B0jhH+sgp1yqULnLIq2QS27Y5wcf8H8NjIefThu4Ch1vsQzyF'
    'foSt1TIKfr5p+NHVC1Dmc8aoyZui0WNXBqIzVdphgRPmSS/s7GVwT1HgQlPXfZsLGh2wWUzGlnAxLyI/4L9nUjOwIA'
    'H3Przpz6PEevtsqXMVsatT+fL3XjeerVUX+USIhr+xZbPspJ7ooHdoNg7gfEakhdkkf2s/PLjmQklsZ6Ln11EkoVSH'
    'kpeSD8jnFjUeyx4OF3Uh dev@laptop'
)
SSH_RSA_1024 = (
    'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDVicJ54HfgTqr2XSiWgyScP/3Pj82bEohjblHpHZjh5zyB3ityKX'
    'YHj7/nqq5z/zqdsUAuSsaaIEJNaGy407PnXksmMEyT7jAq6ixJXSK86VHLDNc4ISsfts4mqj507FYmGVquuM/hZYbE'
    'vt3+NNdS9pKnoFJdLl2bKTPr7Eqpgw=='
)

TAGS = [{"Key": "team", "Value": "core"}]


def _totp(seed: bytes, step: int) -> str:
    key = base64.b32decode(seed + b"=" * (-len(seed) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    o = mac[-1] & 15
    return str((struct.unpack(">I", mac[o : o + 4])[0] & 0x7FFFFFFF) % 1000000).zfill(6)


def _codes(r, i, user="u"):
    device = r[i]["body"]["VirtualMFADevice"]
    step = int(FROZEN.replace(tzinfo=__import__("datetime").timezone.utc).timestamp()) // 30
    return {
        "UserName": user,
        "SerialNumber": device["SerialNumber"],
        "AuthenticationCode1": _totp(device["Base32StringSeed"], step - 1),
        "AuthenticationCode2": _totp(device["Base32StringSeed"], step),
    }


SERIAL = "arn:aws:iam::123456789012:mfa/team/dev"

SCENARIOS = {
    "mfa": [
        ("iam", "CreateUser", {"UserName": "u"}),
        ("iam", "CreateVirtualMFADevice",
         {"VirtualMFADeviceName": "dev", "Path": "/team/", "Tags": TAGS}),
        ("iam", "CreateVirtualMFADevice", {"VirtualMFADeviceName": "DEV"}),
        ("iam", "EnableMFADevice",
         {"UserName": "u", "SerialNumber": SERIAL, "AuthenticationCode1": "123456",
          "AuthenticationCode2": "654321"}),
        ("iam", "EnableMFADevice", lambda r: _codes(r, 1)),
        ("iam", "EnableMFADevice", lambda r: _codes(r, 1)),
        ("iam", "ListMFADevices", {"UserName": "u"}),
        ("iam", "ListVirtualMFADevices", {"AssignmentStatus": "Assigned"}),
        ("iam", "ListVirtualMFADevices", {"AssignmentStatus": "Unassigned", "MaxItems": 1}),
        ("iam", "GetMFADevice", {"UserName": "u", "SerialNumber": SERIAL}),
        ("iam", "ResyncMFADevice", lambda r: _codes(r, 1)),
        ("iam", "ResyncMFADevice",
         {"UserName": "u", "SerialNumber": SERIAL, "AuthenticationCode1": "000000",
          "AuthenticationCode2": "000001"}),
        ("iam", "TagMFADevice", {"SerialNumber": SERIAL, "Tags": [{"Key": "a", "Value": "1"}]}),
        ("iam", "UntagMFADevice", {"SerialNumber": SERIAL, "TagKeys": ["team"]}),
        ("iam", "ListMFADeviceTags", {"SerialNumber": SERIAL}),
        ("iam", "DeleteVirtualMFADevice", {"SerialNumber": SERIAL}),
        ("iam", "DeleteUser", {"UserName": "u"}),
        ("iam", "DeactivateMFADevice", {"UserName": "u", "SerialNumber": SERIAL}),
        ("iam", "DeactivateMFADevice", {"UserName": "u", "SerialNumber": SERIAL}),
        ("iam", "DeleteVirtualMFADevice", {"SerialNumber": SERIAL}),
        ("iam", "DeleteVirtualMFADevice", {"SerialNumber": SERIAL}),
        ("iam", "ListVirtualMFADevices", {}),
    ],
    "ssh_keys": [
        ("iam", "CreateUser", {"UserName": "u"}),
        ("iam", "UploadSSHPublicKey", {"UserName": "u", "SSHPublicKeyBody": SSH_RSA}),
        ("iam", "UploadSSHPublicKey", {"UserName": "u", "SSHPublicKeyBody": SSH_RSA}),
        ("iam", "UploadSSHPublicKey", {"UserName": "u", "SSHPublicKeyBody": SSH_RSA_1024}),
        ("iam", "UploadSSHPublicKey", {"UserName": "u", "SSHPublicKeyBody": "not a key"}),
        ("iam", "GetSSHPublicKey",
         lambda r: {"UserName": "u", "Encoding": "PEM",
                    "SSHPublicKeyId": r[1]["body"]["SSHPublicKey"]["SSHPublicKeyId"]}),
        ("iam", "GetSSHPublicKey",
         lambda r: {"UserName": "u", "Encoding": "SSH",
                    "SSHPublicKeyId": r[1]["body"]["SSHPublicKey"]["SSHPublicKeyId"]}),
        ("iam", "UpdateSSHPublicKey",
         lambda r: {"UserName": "u", "Status": "Inactive",
                    "SSHPublicKeyId": r[1]["body"]["SSHPublicKey"]["SSHPublicKeyId"]}),
        ("iam", "ListSSHPublicKeys", {"UserName": "u", "MaxItems": 1}),
        ("iam", "DeleteUser", {"UserName": "u"}),
        ("iam", "DeleteSSHPublicKey",
         lambda r: {"UserName": "u",
                    "SSHPublicKeyId": r[1]["body"]["SSHPublicKey"]["SSHPublicKeyId"]}),
        ("iam", "DeleteSSHPublicKey", {"UserName": "u", "SSHPublicKeyId": "APKAAAAAAAAAAAAAAAAA"}),
    ],
    "signing_certificates": [
        ("iam", "CreateUser", {"UserName": "u"}),
        ("iam", "CreateUser", {"UserName": "v"}),
        ("iam", "UploadSigningCertificate", {"UserName": "u", "CertificateBody": SELF_SIGNED}),
        ("iam", "UploadSigningCertificate", {"UserName": "v", "CertificateBody": SELF_SIGNED}),
        ("iam", "UploadSigningCertificate", {"UserName": "u", "CertificateBody": "garbage"}),
        ("iam", "UploadSigningCertificate", {"UserName": "u", "CertificateBody": EXPIRED}),
        ("iam", "UploadSigningCertificate", {"CertificateBody": CA_CERT}),
        ("iam", "UpdateSigningCertificate",
         lambda r: {"UserName": "u", "Status": "Inactive",
                    "CertificateId": r[2]["body"]["Certificate"]["CertificateId"]}),
        ("iam", "ListSigningCertificates", {"UserName": "u"}),
        ("iam", "ListSigningCertificates", {}),
        ("iam", "DeleteSigningCertificate",
         lambda r: {"UserName": "u",
                    "CertificateId": r[2]["body"]["Certificate"]["CertificateId"]}),
        ("iam", "DeleteSigningCertificate",
         lambda r: {"UserName": "u",
                    "CertificateId": r[2]["body"]["Certificate"]["CertificateId"]}),
    ],
    "server_certificates": [
        ("iam", "UploadServerCertificate",
         {"ServerCertificateName": "web", "Path": "/cloudfront/", "CertificateBody": LEAF_CERT,
          "PrivateKey": LEAF_KEY, "CertificateChain": CA_CERT, "Tags": TAGS}),
        ("iam", "UploadServerCertificate",
         {"ServerCertificateName": "WEB", "CertificateBody": LEAF_CERT, "PrivateKey": LEAF_KEY}),
        ("iam", "UploadServerCertificate",
         {"ServerCertificateName": "bad", "CertificateBody": LEAF_CERT,
          "PrivateKey": OTHER_KEY}),
        ("iam", "UploadServerCertificate",
         {"ServerCertificateName": "bad", "CertificateBody": LEAF_CERT,
          "PrivateKey": LEAF_KEY, "CertificateChain": SELF_SIGNED}),
        ("iam", "UploadServerCertificate",
         {"ServerCertificateName": "bad", "CertificateBody": "x", "PrivateKey": LEAF_KEY}),
        ("iam", "GetServerCertificate", {"ServerCertificateName": "web"}),
        ("iam", "ListServerCertificates", {"PathPrefix": "/cloudfront/"}),
        ("iam", "UpdateServerCertificate",
         {"ServerCertificateName": "web", "NewServerCertificateName": "site", "NewPath": "/x/"}),
        ("iam", "TagServerCertificate",
         {"ServerCertificateName": "site", "Tags": [{"Key": "a", "Value": "1"}]}),
        ("iam", "UntagServerCertificate", {"ServerCertificateName": "site", "TagKeys": ["team"]}),
        ("iam", "ListServerCertificateTags", {"ServerCertificateName": "site"}),
        ("iam", "DeleteServerCertificate", {"ServerCertificateName": "site"}),
        ("iam", "DeleteServerCertificate", {"ServerCertificateName": "site"}),
    ],
    "service_credentials": [
        ("iam", "CreateUser", {"UserName": "u"}),
        ("iam", "CreateServiceSpecificCredential",
         {"UserName": "u", "ServiceName": "codecommit.amazonaws.com"}),
        ("iam", "CreateServiceSpecificCredential",
         {"UserName": "u", "ServiceName": "bedrock.amazonaws.com", "CredentialAgeDays": 30}),
        ("iam", "CreateServiceSpecificCredential",
         {"UserName": "u", "ServiceName": "codecommit"}),
        ("iam", "ListServiceSpecificCredentials", {"UserName": "u"}),
        ("iam", "ListServiceSpecificCredentials",
         {"AllUsers": True, "ServiceName": "bedrock.amazonaws.com"}),
        ("iam", "ResetServiceSpecificCredential",
         lambda r: {"UserName": "u", "ServiceSpecificCredentialId":
                    r[1]["body"]["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]}),
        ("iam", "UpdateServiceSpecificCredential",
         lambda r: {"UserName": "u", "Status": "Inactive", "ServiceSpecificCredentialId":
                    r[1]["body"]["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]}),
        ("iam", "DeleteUser", {"UserName": "u"}),
        ("iam", "DeleteServiceSpecificCredential",
         lambda r: {"UserName": "u", "ServiceSpecificCredentialId":
                    r[1]["body"]["ServiceSpecificCredential"]["ServiceSpecificCredentialId"]}),
        ("iam", "DeleteServiceSpecificCredential",
         {"UserName": "u", "ServiceSpecificCredentialId": "ACCAAAAAAAAAAAAAAAAAA"}),
    ],
}
