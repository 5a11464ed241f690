"""GetScopedCredentials (botocore 1.44.8): new credentials for the calling session, with the
same identity and fewer permissions, a shorter lifetime, or both.

From the operation's documentation: only temporary credentials may call it (GetSessionToken
first for an IAM user); the result keeps the session's ARN, IDs, session name, tags and source
identity; DurationSeconds may shorten the session but not outlive the caller's
(InsufficientSessionLifetime) and without it the credentials expire with the caller's; each
call with a Policy adds one scope-down layer, at most 3 per session. Exact error messages are
not published: iamsim words them in AWS's style.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

from ..dispatch import Call, handler
from ..errors import AccessDenied, ValidationError
from ..partitions import check_document_partition
from ..policy.document import validate_document
from .credentials import caller_session, credentials_out, packed_policy_size, sessions
from .errors import InsufficientSessionLifetime, InvalidSubjectCredentials

MAX_SCOPED_POLICIES = 3
# The model caps MinimumSessionTokenSize at 4,096 bytes; iamsim takes that as the maximum
# session token size SessionTokenUtilization is a percentage of (AWS does not publish it).
MAX_TOKEN_SIZE = 4096


@handler("sts", "GetScopedCredentials")
def get_scoped_credentials(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    parent = caller_session(call.caller)
    if parent is None:
        raise InvalidSubjectCredentials(
            "GetScopedCredentials must be called with temporary security credentials."
        )
    policy, duration = p.get("Policy"), p.get("DurationSeconds")
    if policy is None and duration is None:
        raise ValidationError("A request must provide at least one of Policy or DurationSeconds.")
    expiration = parent.expiration
    if duration is not None:
        requested = call.now + _dt.timedelta(seconds=duration)
        if requested > parent.expiration:
            raise InsufficientSessionLifetime(
                "The requested DurationSeconds exceeds the remaining lifetime of the calling "
                "session."
            )
        expiration = requested
    layers = list(parent.scoped_policies)
    if policy is not None:
        check_document_partition(validate_document(policy, "identity"), call.account.partition)
        if len(layers) >= MAX_SCOPED_POLICIES:
            raise AccessDenied(
                f"User: {call.caller.arn} is not authorized to perform: "
                "sts:GetScopedCredentials because the session already has "
                f"{MAX_SCOPED_POLICIES} scope down policies."
            )
        packed_policy_size(policy, [], {})  # PackedPolicyTooLarge past the budget
        layers.append(policy)

    account = call.account
    state = sessions(call)
    key_id = account.ids.access_key_id(account.id, temporary=True)
    while key_id in state.sessions or key_id in account.access_keys:
        key_id = account.ids.access_key_id(account.id, temporary=True)
    token = parent.token[:16] + account.ids.token(340 + 4 * math.ceil(len(policy or "") / 3))
    minimum = p.get("MinimumSessionTokenSize") or 0
    if len(token) < minimum:
        token += account.ids.token(minimum - len(token))
    session = parent.model_copy(update={
        "access_key_id": key_id,
        "secret": account.ids.secret_access_key(),
        "token": token,
        "create_date": call.now,
        "expiration": expiration,
        "scoped_policies": layers,
        "issued_to": call.caller.arn,
    }, deep=True)
    state.add(session)
    out: dict[str, Any] = {
        "Credentials": credentials_out(session),
        "SessionInfo": {"ScopedSessionId": session.user_id, "Arn": session.arn},
        "SessionTokenUtilization": min(100, math.ceil(100 * len(token) / MAX_TOKEN_SIZE)),
        "SessionTokenSize": len(token),
        "ScopedPoliciesCount": len(layers),
    }
    if session.source_identity:
        out["SourceIdentity"] = session.source_identity
    return out
