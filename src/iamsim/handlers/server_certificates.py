"""Server certificates (TLS certificates IAM stores for ELB and CloudFront): upload with a
real check of certificate, private key and chain; get, list, rename/move, delete, tags."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, NoSuchEntity
from ..model.base import iam_arn
from ..model.credentials import ServerCertificate, ServerCertificateState
from ..model.store import Table
from ..pagination import paginate
from ._common import path_filter, tags_in
from ._tags import tag_operations


def _table(call: Call) -> Table[ServerCertificate]:
    return call.account.state(ServerCertificateState).certificates


def _get(call: Call, name: str) -> ServerCertificate:
    cert = _table(call).get(name)
    if cert is None:
        raise NoSuchEntity(f"The Server Certificate with name {name} cannot be found.")
    return cert


def _exists(name: str) -> EntityAlreadyExists:
    return EntityAlreadyExists(f"The Server Certificate with name {name} already exists.")


@handler("iam", "UploadServerCertificate")
def upload_server_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ..crypto import x509

    account = call.account
    table = _table(call)
    name, path = p["ServerCertificateName"], p.get("Path") or "/"
    if name in table:
        raise _exists(name)
    tags = tags_in(p)
    account.quotas.check("ServerCertificates", len(table))
    account.quotas.check("TagsPerEntity", len(tags), 0)
    leaf = x509.certificate(p["CertificateBody"], call.now)
    x509.private_key_matching(p["PrivateKey"], leaf)
    chain = p.get("CertificateChain")
    if chain is not None:
        x509.chain(chain, leaf)
    cert = ServerCertificate(
        name=name,
        path=path,
        id=account.ids.unique_id("server-certificate"),
        arn=iam_arn(account, "server-certificate", path, name),
        body=p["CertificateBody"],
        chain=chain,
        private_key=p["PrivateKey"],
        expiration=leaf.not_after.astimezone(call.now.tzinfo),
        upload_date=call.now,
        tags=tags,
    )
    table.add(cert)
    out: dict[str, Any] = {"ServerCertificateMetadata": cert.metadata()}
    if tags:
        out["Tags"] = cert.tag_list()
    return out


@handler("iam", "GetServerCertificate")
def get_server_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    cert = _get(call, p["ServerCertificateName"])
    out: dict[str, Any] = {
        "ServerCertificateMetadata": cert.metadata(),
        "CertificateBody": cert.body,
    }
    if cert.chain is not None:
        out["CertificateChain"] = cert.chain
    out["Tags"] = cert.tag_list()  # there even when empty (recorded 2026)
    return {"ServerCertificate": out}


@handler("iam", "ListServerCertificates")
def list_server_certificates(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    accept = path_filter(p)
    page, more = paginate(p, _table(call).items_from, accept)
    return {"ServerCertificateMetadataList": [c.metadata() for c in page], **more}


@handler("iam", "UpdateServerCertificate")
def update_server_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    table = _table(call)
    cert = _get(call, p["ServerCertificateName"])
    new_name = p.get("NewServerCertificateName") or cert.name
    new_path = p.get("NewPath") or cert.path
    other = table.get(new_name)
    if other is not None and other is not cert:
        raise _exists(new_name)
    old_name, old_arn = cert.name, cert.arn
    cert.name, cert.path = new_name, new_path
    cert.arn = iam_arn(account, "server-certificate", new_path, new_name)
    table.reindex(cert, old_name, old_arn)
    return {}


@handler("iam", "DeleteServerCertificate")
def delete_server_certificate(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    cert = _get(call, p["ServerCertificateName"])
    _table(call).remove(cert)
    return {}


tag_operations("ServerCertificate", "ServerCertificateName", _get)
