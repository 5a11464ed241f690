"""The global condition keys of a request, from the caller and the account state.

IAM User Guide, "AWS global condition context keys": which keys are present for which
principals. Keys AWS leaves out for a principal are left out here too (a long-term key has no
aws:MultiFactorAuthPresent; only IAM users have aws:username), since policies test presence.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .principal import Identity

_PRINCIPAL_TYPE = {"root": "Account", "user": "User", "role-session": "AssumedRole",
                   "federated-user": "FederatedUser"}


# (second, ISO text, epoch text) of the last call; replaced whole, so threads never mix two.
_last_time: tuple[Any, str, str] = (None, "", "")


def _times(now: _dt.datetime) -> tuple[str, str]:
    """aws:CurrentTime and aws:EpochTime as the engine reads them; consecutive calls in the
    same second (the common case) share one formatting."""
    global _last_time
    second = now.replace(microsecond=0)
    last = _last_time
    if last[0] != second:
        utc = now.astimezone(_dt.timezone.utc)
        last = (second, utc.strftime("%Y-%m-%dT%H:%M:%SZ"), str(int(now.timestamp())))
        _last_time = last
    return last[1], last[2]


def request_keys(identity: Identity, region: str, now: _dt.datetime) -> dict[str, Any]:
    """The keys that change from request to request."""
    current, epoch = _times(now)
    ctx: dict[str, Any] = {
        "aws:CurrentTime": current,
        "aws:EpochTime": epoch,
        "aws:RequestedRegion": region,
    }
    session = identity.session_record
    if session is not None and session.mfa:
        ctx["aws:MultiFactorAuthAge"] = int((now - session.create_date).total_seconds())
    return ctx


def principal_keys(identity: Identity) -> dict[str, Any]:
    """The keys that describe the principal: the same for every request it makes."""
    p = identity.principal
    # Calls iamsim answers come over TLS from the caller itself, never through a service.
    ctx: dict[str, Any] = {"aws:SecureTransport": True, "aws:ViaAWSService": False,
                           "aws:PrincipalIsAWSService": False}
    if p.kind not in _PRINCIPAL_TYPE:
        return ctx
    ctx["aws:PrincipalType"] = _PRINCIPAL_TYPE[p.kind]
    ctx["aws:PrincipalAccount"] = p.account
    # For a role session aws:PrincipalArn is the role's ARN, not the session's.
    ctx["aws:PrincipalArn"] = p.parent_arn if p.kind == "role-session" else p.arn
    ctx["aws:userid"] = p.account if p.kind == "root" else p.unique_id
    entity = identity.entity
    if p.kind == "user" and entity is not None:
        ctx["aws:username"] = entity.name
    tags: dict[str, str] = dict(entity.tags) if entity is not None and p.kind != "federated-user" else {}
    session = identity.session_record
    if session is not None:
        tags.update(session.tags)  # session tags override the principal's tags of that key
        ctx["aws:TokenIssueTime"] = session.create_date
        ctx["aws:MultiFactorAuthPresent"] = bool(session.mfa)
        if session.source_identity is not None:
            ctx["aws:SourceIdentity"] = session.source_identity
        ctx.update(session.federated_keys)
    for k, v in tags.items():
        ctx[f"aws:PrincipalTag/{k}"] = v
    return ctx


def global_context(identity: Identity, region: str, now: _dt.datetime) -> dict[str, Any]:
    return {**request_keys(identity, region, now), **principal_keys(identity)}


def tag_context(prefix: str, tags: dict[str, str]) -> dict[str, Any]:
    """`aws:ResourceTag/k` or `iam:ResourceTag/k` entries for a resource's tags."""
    return {f"{prefix}/{k}": v for k, v in tags.items()}


def request_tags(tags: list[dict[str, str]] | None) -> dict[str, Any]:
    """aws:RequestTag/* and aws:TagKeys for the tags a request passes."""
    if not tags:
        return {}
    ctx: dict[str, Any] = {f"aws:RequestTag/{t['Key']}": t.get("Value", "") for t in tags}
    ctx["aws:TagKeys"] = [t["Key"] for t in tags]
    return ctx
