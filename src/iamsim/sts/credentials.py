"""What every credential-issuing STS operation shares: new sessions, session policies and
their packed size, session tags, durations, MFA checks and the trust decision."""

from __future__ import annotations

import datetime as _dt
import json
import math
import zlib
from typing import TYPE_CHECKING, Any

from ..errors import AccessDenied, ValidationError
from ..model.sessions import Session, SessionState
from ..partitions import aws_policy_prefix, check_document_partition
from ..policy.document import validate_document
from .errors import InvalidParameterValue, PackedPolicyTooLarge

if TYPE_CHECKING:
    from ..caller import Caller
    from ..dispatch import Call
    from ..model.roles import Role
    from ..model.users import User

# The plaintext of inline + managed session policies may not exceed 2,048 characters (STS
# API reference). AWS also packs policies and tags into a compressed binary form with its
# own budget; iamsim approximates that form with zlib and this budget.
PLAINTEXT_LIMIT = 2048
PACKED_LIMIT = 1024
MAX_POLICY_ARNS = 10
CHAINED_MAX = 3600
_TOKEN_HEAD = "IQoJb3JpZ2luX2Vj"  # AWS session tokens are base64 of a versioned blob


def sessions(call: Call) -> SessionState:
    return call.account.state(SessionState)


def access_denied(caller_arn: str, action: str, resource: str) -> AccessDenied:
    return AccessDenied(
        f"User: {caller_arn} is not authorized to perform: {action} on resource: {resource}"
    )


# Session policies and tags ----------------------------------------------------------------

def session_policy(call: Call, p: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The inline session policy (validated) and managed policy ARNs (they must exist)."""
    text = p.get("Policy")
    if text is not None:
        check_document_partition(validate_document(text, "identity"), call.account.partition)
    arns = [d["arn"] for d in p.get("PolicyArns") or [] if d.get("arn")]
    if len(arns) > MAX_POLICY_ARNS:
        shown = "[" + ", ".join(f"PolicyDescriptorType(arn={a})" for a in arns) + "]"
        raise ValidationError(
            f"1 validation error detected: Value '{shown}' at 'policyArns' failed to satisfy "
            f"constraint: Member must have length less than or equal to {MAX_POLICY_ARNS}"
        )
    for arn in arns:
        if not _managed_policy_exists(call, arn):
            raise InvalidParameterValue(
                "At least one Policy ARN in the PolicyArns parameter does not match an "
                "existing IAM Managed Policy ARN."
            )
    return text, arns


def _managed_policy_exists(call: Call, arn: str) -> bool:
    from ..data import managed_policies
    from ..model.policies import PolicyState

    if arn.startswith(aws_policy_prefix(call.account.partition) + "/"):
        # Until the managed policy catalog is packaged, any AWS managed ARN is accepted.
        if not managed_policies.aws_policy_arns():
            return True
        return call.account.state(PolicyState).get(arn) is not None
    if not call.account.has_state(PolicyState):
        return False
    return call.account.state(PolicyState).customer.by_arn(arn) is not None


def session_tags(p: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Session tags and transitive keys of a request, refused in AWS's words (recorded 2025):
    keys that repeat in any case, and transitive keys that are not among the tags."""
    tags: dict[str, str] = {}
    folded: set[str] = set()
    for t in p.get("Tags") or []:
        if t["Key"].lower() in folded:
            raise InvalidParameterValue(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.")
        folded.add(t["Key"].lower())
        tags[t["Key"]] = t.get("Value", "")
    transitive = list(p.get("TransitiveTagKeys") or [])
    if any(k.lower() not in folded for k in transitive):
        raise InvalidParameterValue(
            "The specified transitive tag key must be included in the requested tags.")
    return tags, transitive


def packed_policy_size(policy: str | None, arns: list[str], tags: dict[str, str]) -> int | None:
    """PackedPolicySize (percent of the budget used), or None when nothing was passed.
    Raises PackedPolicyTooLarge with AWS's message past 100%."""
    if policy is None and not arns and not tags:
        return None
    compact = ""
    if policy is not None:
        compact = json.dumps(json.loads(policy), separators=(",", ":"))
    blob = compact + "\n".join(arns) + "".join(f"{k}={v};" for k, v in tags.items())
    packed = len(zlib.compress(blob.encode("utf-8"), 9)) if blob else 0
    plain = len(policy or "") + sum(len(a) for a in arns)
    pct = max(math.ceil(100 * packed / PACKED_LIMIT), math.ceil(100 * plain / PLAINTEXT_LIMIT))
    if pct > 100:
        raise PackedPolicyTooLarge(
            f"Packed policy consumes {pct}% of allotted space, please use smaller policy."
        )
    return pct


# Durations ----------------------------------------------------------------------------------

def role_duration(role: Role, requested: int | None, chained: bool) -> int:
    duration = requested if requested is not None else 3600
    if chained and duration > CHAINED_MAX:
        raise ValidationError(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed "
            "by role chaining."
        )
    if duration > role.max_session_duration:
        raise ValidationError(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
        )
    return duration


# MFA ----------------------------------------------------------------------------------------

_MFA_UNKNOWN = (
    "MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA "
    "serial number is valid and associated with this user."
)
_MFA_BAD_CODE = "MultiFactorAuthentication failed with invalid MFA one time pass code."


class MFACheck:
    """The outcome of an MFA check; `commit()` records the code's step as used, after the
    request has passed every other check (a failed call changes nothing)."""

    def __init__(self, present: bool, device: Any = None, step: int | None = None) -> None:
        self.present = present
        self._device = device
        self._step = step

    def commit(self) -> None:
        if self._device is not None and self._step is not None:
            self._device.last_step = self._step


def verify_mfa(call: Call, user: User | None, serial: str | None, code: str | None) -> MFACheck:
    """Check an MFA serial number and code against `user`'s devices (AccessDenied with AWS's
    messages when the device is unknown or the code wrong or already used). No serial and no
    code: an MFA-less request. The root user's devices are not checked (iamsim keeps root
    MFA outside the user table); devices without a TOTP seed accept any code."""
    if serial is None and code is None:
        return MFACheck(False)
    if serial is None or code is None:
        raise AccessDenied(_MFA_BAD_CODE if serial else _MFA_UNKNOWN)
    if user is None:
        return MFACheck(True)
    device = user.mfa_devices.get(serial)
    if device is None:
        raise AccessDenied(_MFA_UNKNOWN)
    seed = getattr(device, "seed", None)
    if not isinstance(seed, (bytes, str)):
        return MFACheck(True)
    from ..crypto import totp

    secret = totp.secret_of(seed)
    now_step = totp.step_at(call.now)
    last = getattr(device, "last_step", None)
    for step in (now_step, now_step - 1, now_step + 1):
        if totp.code(secret, step) == code and (last is None or step > last):
            return MFACheck(True, device, step)
    raise AccessDenied(_MFA_BAD_CODE)


# Issuing ------------------------------------------------------------------------------------

def new_session(call: Call, duration: int, **fields: Any) -> Session:
    """A stored session with fresh ASIA credentials expiring `duration` seconds from now."""
    account = call.account
    state = sessions(call)
    key_id = account.ids.access_key_id(account.id, temporary=True)
    while key_id in state.sessions or key_id in account.access_keys:
        key_id = account.ids.access_key_id(account.id, temporary=True)
    extra = len(fields.get("policy") or "") + 24 * len(fields.get("tags") or {})
    token = _TOKEN_HEAD + account.ids.token(340 + 4 * math.ceil(extra / 3))
    session = Session(
        access_key_id=key_id,
        secret=account.ids.secret_access_key(),
        token=token,
        account_id=account.id,
        create_date=call.now,
        expiration=call.now + _dt.timedelta(seconds=duration),
        **fields,
    )
    state.add(session)
    return session


def credentials_out(session: Session) -> dict[str, Any]:
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret,
        "SessionToken": session.token,
        "Expiration": session.expiration,
    }


def assumed_role_out(session: Session, role_id: str, arn: str, packed: int | None,
                     source_identity: str | None) -> dict[str, Any]:
    """The response members every AssumeRole* operation shares."""
    out: dict[str, Any] = {
        "Credentials": credentials_out(session),
        "AssumedRoleUser": {"AssumedRoleId": role_id, "Arn": arn},
    }
    if packed is not None:
        out["PackedPolicySize"] = packed
    if source_identity:
        out["SourceIdentity"] = source_identity
    return out


def caller_session(caller: Caller) -> Session | None:
    s = caller.session
    return s if isinstance(s, Session) else None


def mark_role_used(call: Call, role: Role) -> None:
    role.last_used_date = call.now
    role.last_used_region = call.region
