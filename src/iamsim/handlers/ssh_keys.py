"""SSH public keys for CodeCommit: upload (parsed for real), get in SSH or PEM encoding,
activate/deactivate, delete, list. At most five per user."""

from __future__ import annotations

from typing import Any

from ..crypto.errors import DuplicateSSHPublicKey
from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ..ids import PREFIX
from ..model.credentials import SSHPublicKey
from ..model.users import User
from ..pagination import paginate_in_order
from ._common import get_user, user_or_caller

_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def _find(user: User, key_id: str) -> SSHPublicKey:
    key: SSHPublicKey | None = user.ssh_keys.get(key_id)
    if key is None:
        raise NoSuchEntity(f"The Public Key with id {key_id} cannot be found.")
    return key


def _out(key: SSHPublicKey, user: User, body: str) -> dict[str, Any]:
    return {
        "UserName": user.name,
        "SSHPublicKeyId": key.id,
        "Fingerprint": key.fingerprint,
        "SSHPublicKeyBody": body,
        "Status": key.status,
        "UploadDate": key.upload_date,
    }


@handler("iam", "UploadSSHPublicKey")
def upload_ssh_public_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ..crypto import ssh

    account = call.account
    user = get_user(call, p["UserName"])
    parsed = ssh.parse(p["SSHPublicKeyBody"])
    if any(k.blob == parsed.blob for k in user.ssh_keys.values()):
        raise DuplicateSSHPublicKey(
            "The SSH public key is already associated with the specified IAM user."
        )
    account.quotas.check("SSHPublicKeysPerUserQuota", len(user.ssh_keys))
    key_id = PREFIX["ssh-key"] + account.ids.chars(_ID_ALPHABET, 16)
    key = SSHPublicKey(
        id=key_id,
        user_id=user.id,
        body=p["SSHPublicKeyBody"],
        encoding=parsed.encoding,
        blob=parsed.blob,
        fingerprint=parsed.fingerprint,
        upload_date=call.now,
    )
    user.ssh_keys[key_id] = key
    return {"SSHPublicKey": _out(key, user, key.body)}


@handler("iam", "GetSSHPublicKey")
def get_ssh_public_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    from ..crypto import ssh

    user = get_user(call, p["UserName"])
    key = _find(user, p["SSHPublicKeyId"])
    encoding = p["Encoding"]
    if encoding == key.encoding:  # as uploaded
        return {"SSHPublicKey": _out(key, user, key.body)}
    parsed = ssh.PublicKey(blob=key.blob, encoding=key.encoding)
    return {"SSHPublicKey": _out(key, user, parsed.pem() if encoding == "PEM" else parsed.ssh())}


@handler("iam", "UpdateSSHPublicKey")
def update_ssh_public_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = get_user(call, p["UserName"])
    key = _find(user, p["SSHPublicKeyId"])
    if p["Status"] not in ("Active", "Inactive"):
        raise InvalidInput("Status must be Active or Inactive.")
    key.status = p["Status"]
    return {}


@handler("iam", "DeleteSSHPublicKey")
def delete_ssh_public_key(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = get_user(call, p["UserName"])
    key = _find(user, p["SSHPublicKeyId"])
    del user.ssh_keys[key.id]
    return {}


@handler("iam", "ListSSHPublicKeys")
def list_ssh_public_keys(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    user = user_or_caller(call, p.get("UserName"))
    if user is None:  # the root user has no SSH public keys
        return {"SSHPublicKeys": [], "IsTruncated": False}
    page, more = paginate_in_order(p, user.ssh_keys.values())  # upload order
    return {
        "SSHPublicKeys": [
            {"UserName": user.name, "SSHPublicKeyId": k.id, "Status": k.status,
             "UploadDate": k.upload_date}
            for k in page
        ],
        **more,
    }
