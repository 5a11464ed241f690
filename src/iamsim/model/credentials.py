"""Credentials and devices beyond passwords and access keys: virtual MFA devices, SSH public
keys, signing certificates, server certificates and service-specific credentials.

Per-user credentials live on the User (user.mfa_devices, ssh_keys, signing_certificates,
service_credentials) so DeleteUser sees them; account-wide indexes live in the state objects
below, created on first use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .base import Record, Tagged, Timestamp
from .store import Table

if TYPE_CHECKING:
    from .account import Account


class VirtualMFADevice(Tagged):
    name: str
    path: str = "/"
    serial: str  # the device ARN, which is its serial number
    seed: bytes  # Base32StringSeed: base32 text of the 20-byte secret
    qr_png: bytes
    user_id: str | None = None  # the IAM user it is enabled for
    enable_date: Timestamp | None = None
    last_step: int | None = None  # TOTP step of the last accepted code (resync moves it)

    @property
    def arn(self) -> str:
        return self.serial


class MFAState:
    """Virtual MFA devices of the account: unique by name, found by serial number (ARN)."""

    def __init__(self, account: Account) -> None:
        self.devices: Table[VirtualMFADevice] = Table(id_of=None, arn_of=lambda d: d.serial)


class SSHPublicKey(Record):
    id: str
    user_id: str
    body: str  # as uploaded
    encoding: str  # "SSH" or "PEM": how it was uploaded
    blob: bytes  # OpenSSH wire-format key
    fingerprint: str
    status: str = "Active"
    upload_date: Timestamp


class SigningCertificate(Record):
    id: str
    user_id: str | None  # None: the root user's certificate
    body: str
    status: str = "Active"
    upload_date: Timestamp


class SigningCertificateState:
    """All signing certificates by id (an id is derived from the certificate, so a certificate
    appears once in the account), and the root user's own."""

    def __init__(self, account: Account) -> None:
        self.by_id: dict[str, SigningCertificate] = {}
        self.root: dict[str, SigningCertificate] = {}


class ServerCertificate(Tagged):
    name: str
    path: str = "/"
    id: str
    arn: str
    body: str
    chain: str | None = None
    private_key: str
    expiration: Timestamp
    upload_date: Timestamp

    def metadata(self) -> dict[str, object]:
        return {
            "Path": self.path,
            "ServerCertificateName": self.name,
            "ServerCertificateId": self.id,
            "Arn": self.arn,
            "UploadDate": self.upload_date,
            "Expiration": self.expiration,
        }


class ServerCertificateState:
    def __init__(self, account: Account) -> None:
        self.certificates: Table[ServerCertificate] = Table()


class ServiceSpecificCredential(Record):
    id: str
    user_id: str
    service: str
    create_date: Timestamp
    status: str = "Active"
    service_user_name: str | None = None  # user name/password services
    password: str | None = None
    alias: str | None = None  # API-key services (Bedrock, CloudWatch Logs)
    secret: str | None = None
    expiration: Timestamp | None = None
