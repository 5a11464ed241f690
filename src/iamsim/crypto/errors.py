"""Errors of the credential families that errors.py does not define (codes and HTTP statuses
from the botocore model's error shapes)."""

from __future__ import annotations

from ..errors import IAMError


class InvalidPublicKey(IAMError):
    code, status = "InvalidPublicKey", 400


class UnrecognizedPublicKeyEncoding(IAMError):
    code, status = "UnrecognizedPublicKeyEncoding", 400


class DuplicateSSHPublicKey(IAMError):
    code, status = "DuplicateSSHPublicKey", 400


class MalformedCertificate(IAMError):
    code, status = "MalformedCertificate", 400


class InvalidCertificate(IAMError):
    code, status = "InvalidCertificate", 400


class DuplicateCertificate(IAMError):
    code, status = "DuplicateCertificate", 409


class KeyPairMismatch(IAMError):
    code, status = "KeyPairMismatch", 400


class ServiceNotSupported(IAMError):
    code, status = "NotSupportedService", 404
