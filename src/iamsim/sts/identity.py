"""STS identity operations: who am I, and which account owns a key."""

from __future__ import annotations

import base64
from typing import Any

from ..dispatch import Call, handler

_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


@handler("sts", "GetCallerIdentity")
def get_caller_identity(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    c = call.caller
    return {"UserId": c.user_id, "Account": c.account_id, "Arn": c.arn}


def account_of_key(key_id: str) -> str | None:
    """The account number AWS encodes in an access key ID: bits 46..7 of the first six bytes
    of the base32 body."""
    body = key_id[4:]
    if len(body) != 16 or any(c not in _B32 for c in body):
        return None
    raw = base64.b32decode(body)
    n = (int.from_bytes(raw[:6], "big") & 0x7FFFFFFFFF80) >> 7
    return f"{n:012d}"


@handler("sts", "GetAccessKeyInfo")
def get_access_key_info(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Every key iamsim issues (long-term or temporary) encodes its account, as AWS's keys do,
    so decoding answers for known and unknown keys alike."""
    decoded = account_of_key(p["AccessKeyId"])
    return {"Account": decoded if decoded is not None else call.account.id}
