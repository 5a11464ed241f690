"""X.509 signing certificates of users (or the root user): upload (parsed for real),
activate/deactivate, delete, list. At most two per user; a certificate belongs to one user."""

from __future__ import annotations

from typing import Any

from ..crypto.errors import DuplicateCertificate, MalformedCertificate
from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ..model.credentials import SigningCertificate, SigningCertificateState
from ..model.users import User
from ..pagination import paginate_in_order
from ._common import user_or_caller


def _state(call: Call) -> SigningCertificateState:
    return call.account.state(SigningCertificateState)


def _certs_of(call: Call, user: User | None) -> dict[str, SigningCertificate]:
    return user.signing_certificates if user is not None else _state(call).root


def _find(call: Call, user: User | None, cert_id: str) -> SigningCertificate:
    cert = _certs_of(call, user).get(cert_id)
    if cert is None:
        raise NoSuchEntity(f"The Certificate with id {cert_id} cannot be found.")
    return cert


def _out(call: Call, cert: SigningCertificate, user: User | None, status: str) -> dict[str, Any]:
    return {
        # The root user's certificates carry the account ID where a user name would be.
        "UserName": user.name if user is not None else call.account.id,
        "CertificateId": cert.id,
        "CertificateBody": cert.body,
        "Status": status,
        "UploadDate": cert.upload_date,
    }


@handler("iam", "UploadSigningCertificate")
def upload_signing_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ..crypto import x509

    user = user_or_caller(call, p.get("UserName"))
    try:
        parsed = x509.certificate(p["CertificateBody"], call.now)
    except MalformedCertificate as e:
        if e.message != x509.CANNOT_PARSE:
            raise
        # Recorded from AWS (2026): a body that is not a certificate at all.
        raise MalformedCertificate(f"Certificate {p['CertificateBody']} is malformed.") from None
    state = _state(call)
    owner_id = user.id if user is not None else None
    existing = state.by_id.get(parsed.sha1_id)
    if existing is not None:
        # The operation's reference: DuplicateCertificate when the same certificate is already
        # associated with an IAM user of the account, its owner included.
        raise DuplicateCertificate(
            "The same certificate is already associated with an IAM user in the account."
        )
    certs = _certs_of(call, user)
    call.account.quotas.check("SigningCertificatesPerUserQuota", len(certs))
    cert = SigningCertificate(
        id=parsed.sha1_id, user_id=owner_id, body=p["CertificateBody"], upload_date=call.now
    )
    certs[cert.id] = cert
    state.by_id[cert.id] = cert
    return {"Certificate": _out(call, cert, user, cert.status)}


@handler("iam", "UpdateSigningCertificate")
def update_signing_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    cert = _find(call, user, p["CertificateId"])
    if p["Status"] not in ("Active", "Inactive"):
        raise InvalidInput("Status must be Active or Inactive.")
    cert.status = p["Status"]
    return {}


@handler("iam", "DeleteSigningCertificate")
def delete_signing_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    cert = _find(call, user, p["CertificateId"])
    del _certs_of(call, user)[cert.id]
    del _state(call).by_id[cert.id]
    return {}


@handler("iam", "ListSigningCertificates")
def list_signing_certificates(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    certs = list(_certs_of(call, user).values())
    # Upload order; the zero-padded position keeps markers ordered.
    page, more = paginate_in_order(p, certs)
    return {"Certificates": [_out(call, c, user, c.status) for c in page], **more}
