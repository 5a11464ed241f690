"""STS operations that issue temporary credentials to AWS principals, and the token helpers
that a standalone account can only refuse.

iamsim convenience: the implicit caller (a key iamsim never issued, which stands for the
account's root) may assume roles, so tests that use plain fake credentials can. A real root
access key (created with CreateAccessKey for root) is refused as AWS refuses the root user.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as _dt
import json
import re
from typing import TYPE_CHECKING, Any

from ..authz.enforce import access_denied as identity_denied
from ..authz.enforce import cached_identity
from ..authz.trust import assume_decision
from ..dispatch import Call, handler
from ..errors import AccessDenied, ValidationError
from ..model.roles import Role, RoleState
from ..model.sessions import AuthorizationMessages, Session
from ..partitions import arn
from .credentials import (
    access_denied,
    assumed_role_out,
    caller_session,
    credentials_out,
    mark_role_used,
    new_session,
    packed_policy_size,
    role_duration,
    session_policy,
    session_tags,
    verify_mfa,
)
from .errors import (
    ExpiredTradeInToken,
    InvalidAuthorizationMessage,
    InvalidContextAssertion,
    InvalidParameterValue,
    OutboundWebIdentityFederationDisabled,
    SessionDurationEscalation,
)

if TYPE_CHECKING:
    from ..caller import Caller

_ARN = re.compile(r"arn:[^:]+:[^:]+:[^:]*:[^:]*:.+", re.DOTALL)
_ROLE_ARN = re.compile(r"arn:([^:]+):iam::(\d{12}):role/(.+)", re.DOTALL)


def check_arn(arn: str, message: str = "Request ARN is invalid") -> None:
    """An ARN with a partition, a service and a resource; `message` may name the ARN with
    "{arn}" (AssumeRole answers "<arn> is invalid", recorded 2025; AssumeRoleWithSAML
    "Request ARN is invalid")."""
    if not _ARN.fullmatch(arn):
        raise ValidationError(message.format(arn=arn))


def find_role(call: Call, arn: str) -> Role | None:
    """The role `arn` names in this account, or None (another account's roles are unknown)."""
    m = _ROLE_ARN.fullmatch(arn)
    if (m is None or m.group(1) != call.account.partition or m.group(2) != call.account.id
            or not call.account.has_state(RoleState)):
        return None
    return call.account.state(RoleState).roles.by_arn(arn)


def find_role_in_scope(call: Call, arn: str) -> tuple[Role, Call] | None:
    """The role `arn` names in any account of the scope, with the call as that account serves
    it (sessions of a role live in the role's account)."""
    role = find_role(call, arn)
    if role is not None:
        return role, call
    m = _ROLE_ARN.fullmatch(arn)
    if m is None or m.group(1) != call.account.partition:
        return None
    home = call.account.peer(m.group(2))
    if home is None or not home.has_state(RoleState):
        return None
    role = home.state(RoleState).roles.by_arn(arn)
    return (role, dataclasses.replace(call, account=home)) if role is not None else None


def request_tag_context(tags: dict[str, str], transitive: list[str]) -> dict[str, Any]:
    ctx: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
    if tags:
        ctx["aws:TagKeys"] = list(tags)
    if transitive:
        ctx["sts:TransitiveTagKeys"] = list(transitive)
    return ctx


def assumed_role_user(call: Call, role: Role, name: str) -> tuple[str, str]:
    """(AssumedRoleId, Arn) of a role session; the role's path is not part of the ARN."""
    return f"{role.id}:{name}", call.account.arn("sts", f"assumed-role/{role.name}/{name}")


@handler("sts", "AssumeRole")
def assume_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    caller = call.caller
    role_arn, name = p["RoleArn"], p["RoleSessionName"]
    check_arn(role_arn, "{arn} is invalid")
    parent = caller_session(caller)
    if caller.kind == "federated-user":
        # GetFederationToken credentials may call no STS operation but GetCallerIdentity.
        raise access_denied(caller.arn, "sts:AssumeRole", role_arn)
    found = find_role_in_scope(call, role_arn)
    if found is None:
        raise access_denied(caller.arn, "sts:AssumeRole", role_arn)
    role, home = found  # `home`: the role's account serves the session
    if caller.is_root or (parent is not None and parent.root_key):
        # Also the scope's fake root key and any other key iamsim did not issue: they are the
        # root user, and AWS never lets the root user assume a role. A role that is not there
        # (or in another partition) is denied first, as recorded (cdk-diff-action#79).
        raise AccessDenied("Roles may not be assumed by root accounts.")
    if p.get("ProvidedContexts"):
        # Trusted context assertions are issued by AWS (IAM Identity Center) and signed and
        # encrypted by STS; iamsim issues none, so none can match a trusted context provider
        # (InvalidContextAssertion, added to AssumeRole's errors in botocore 1.44.8).
        raise InvalidContextAssertion(
            "The context assertion provided in ProvidedContexts is invalid: it does not match "
            "a trusted context provider."
        )
    mfa_check = verify_mfa(call, caller.user, p.get("SerialNumber"), p.get("TokenCode"))
    mfa = mfa_check.present or (parent is not None and parent.mfa)
    tags, transitive = session_tags(p)
    inherited: dict[str, str] = {}
    if parent is not None:
        inherited = {k: v for k, v in parent.tags.items() if k in parent.transitive_tag_keys}
    # IAM User Guide, "Chaining roles with session tags": passing a session tag whose key an
    # inherited transitive tag already holds makes the operation fail (keys ignore case).
    held = {k.lower() for k in inherited}
    clash = next((k for k in tags if k.lower() in held), None)
    if clash is not None:
        raise InvalidParameterValue(
            f"The session tag {clash} conflicts with a transitive session tag inherited from "
            "the calling session; transitive tags cannot be overridden in a role chain."
        )
    source_identity = p.get("SourceIdentity") or (parent.source_identity if parent else None)

    extra = request_tag_context(tags, transitive)
    extra["sts:RoleSessionName"] = name
    if p.get("ExternalId") is not None:
        extra["sts:ExternalId"] = p["ExternalId"]
    if p.get("SourceIdentity"):
        extra["sts:SourceIdentity"] = p["SourceIdentity"]
    if mfa:
        extra["aws:MultiFactorAuthPresent"] = True
    actions = ["sts:AssumeRole"]
    if tags:
        actions.append("sts:TagSession")
    if source_identity:
        # Also when inherited: every role in a chain must allow the source identity.
        actions.append("sts:SetSourceIdentity")
    identity = cached_identity(call)  # rebuilt only when the state may have changed
    for action in actions:
        decision = assume_decision(call, role, action, identity, extra, home.account.id)
        if not decision.allowed:
            if decision.policy_type == "resource":  # the trust policy: AWS's shorter message
                raise access_denied(caller.arn, action, role_arn)
            raise identity_denied(call, identity, action, role_arn, decision)

    chained = parent is not None and parent.kind == "assumed-role"
    duration = role_duration(role, p.get("DurationSeconds"), chained)
    policy, arns = session_policy(home, p)
    packed = packed_policy_size(policy, arns, tags)

    role_id, arn = assumed_role_user(home, role, name)
    all_tags = {**inherited, **tags}
    session = new_session(
        home, duration, kind="assumed-role", source="AssumeRole", arn=arn, user_id=role_id,
        principal_id=role.id, principal_arn=role.arn, session_name=name, mfa=mfa,
        chained=chained, source_identity=source_identity, tags=all_tags,
        transitive_tag_keys=list(dict.fromkeys(
            [k for k in all_tags if k in inherited] + transitive)),
        policy=policy, policy_arns=arns, issued_to=caller.arn,
    )
    mark_role_used(home, role)
    mfa_check.commit()
    out = assumed_role_out(session, role_id, arn, packed, source_identity)
    return out


def _long_term_duration(caller: Caller, requested: int | None) -> int:
    """GetSessionToken / GetFederationToken: 900..129,600 s, 12 h by default; the root user's
    sessions default to, and are capped at, one hour (AWS caps rather than refuses)."""
    if caller.is_root:
        return min(requested if requested is not None else 3600, 3600)
    return requested if requested is not None else 43200


@handler("sts", "GetSessionToken")
def get_session_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    caller = call.caller
    if caller.session is not None:
        raise AccessDenied("Cannot call GetSessionToken with session credentials")
    duration = _long_term_duration(caller, p.get("DurationSeconds"))
    mfa = verify_mfa(call, caller.user, p.get("SerialNumber"), p.get("TokenCode"))
    mfa.commit()
    session = new_session(
        call, duration, kind="root" if caller.is_root else "user", source="GetSessionToken",
        arn=caller.arn, user_id=caller.user_id,
        principal_id=caller.user.id if caller.user is not None else None,
        principal_arn=caller.arn, mfa=mfa.present, issued_to=caller.arn,
        root_key=caller.is_root and caller.key is not None,
    )
    return {"Credentials": credentials_out(session)}


@handler("sts", "GetFederationToken")
def get_federation_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    caller = call.caller
    if caller.session is not None:
        raise AccessDenied("Cannot call GetFederationToken with session credentials")
    name = p["Name"]
    duration = _long_term_duration(caller, p.get("DurationSeconds"))
    policy, arns = session_policy(call, p)
    tags, _ = session_tags(p)
    packed = packed_policy_size(policy, arns, tags)
    arn = call.account.arn("sts", f"federated-user/{name}")
    user_id = f"{call.account.id}:{name}"
    session = new_session(
        call, duration, kind="federated-user", source="GetFederationToken", arn=arn,
        user_id=user_id, principal_id=caller.user.id if caller.user is not None else None,
        principal_arn=caller.arn, session_name=name, tags=tags, policy=policy,
        policy_arns=arns, issued_to=caller.arn,
    )
    out: dict[str, Any] = {
        "Credentials": credentials_out(session),
        "FederatedUser": {"FederatedUserId": user_id, "Arn": arn},
        # GetFederationToken always reports it, 0 without a session policy (recorded 2024);
        # AssumeRole* leave it out then.
        "PackedPolicySize": packed or 0,
    }
    return out


@handler("sts", "AssumeRoot")
def assume_root(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """Privileged root sessions need an AWS Organizations management (or delegated admin)
    account with centralized root access enabled; an iamsim account belongs to no
    organization, so every request is denied as AWS denies an unauthorized principal."""
    target = p["TargetPrincipal"]
    account = target if re.fullmatch(r"\d{12}", target) else None
    if account is None:
        m = re.fullmatch(rf"arn:{re.escape(call.account.partition)}:iam::(\d{{12}}):root", target)
        account = m.group(1) if m else None
    if account is None:
        raise ValidationError(
            f"1 validation error detected: Value '{target}' at 'targetPrincipal' failed to "
            "satisfy constraint: Member must be an AWS account ID or an account root user ARN"
        )
    raise access_denied(call.caller.arn, "sts:AssumeRoot",
                        arn(call.account.partition, "iam", account, "root"))


@handler("sts", "DecodeAuthorizationMessage")
def decode_authorization_message(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    encoded = p["EncodedMessage"]
    store = (call.account.state(AuthorizationMessages)
             if call.account.has_state(AuthorizationMessages) else None)
    decoded = store.messages.get(encoded) if store is not None else None
    if decoded is None:
        raise InvalidAuthorizationMessage(
            "The encoded authorization message is not valid: it was not issued by this service."
        )
    return {"DecodedMessage": decoded}


@handler("sts", "GetDelegatedAccessToken")
def get_delegated_access_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """iamsim issues no trade-in tokens, so none can still be exchanged."""
    raise ExpiredTradeInToken(
        "The trade-in token provided in the request has expired and can no longer be "
        "exchanged for credentials. Request a new token and retry the operation."
    )


_SIGNATURE_BYTES = {"RS256": 256, "ES384": 96}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
                      r"|[^\S ]")


def _origin_subject(p: dict[str, Any], parent: Session | None) -> str | None:
    """The sub claim SubjectMode asks for (botocore 1.44.8): None for AWSIdentity, the default
    (the caller's ARN); for OriginIdentity the aws:OriginIdentity/Subject of the calling
    session's trusted identity propagation context, which needs the subject and an issuer or
    provider ARN (ValidationError otherwise), and which may not begin with arn: nor begin or
    end with a space or hold control, format or separator characters (AccessDenied: "STS
    denies the request"). Scope only with OriginIdentity and exactly one audience. The
    messages are iamsim's wording."""
    mode = p.get("SubjectMode") or "AWSIdentity"
    scope = p.get("Scope")
    if scope is not None:
        values = scope.split(" ")
        if mode != "OriginIdentity" or len(p["Audience"]) != 1:
            raise ValidationError("Scope can be specified only when SubjectMode is "
                                  "OriginIdentity and exactly one audience is requested.")
        if len(set(values)) != len(values):
            raise ValidationError("Scope values must not repeat.")
    if mode != "OriginIdentity":
        return None
    origin = ((parent.propagation or {}).get("OriginIdentity") or {}) if parent else {}
    subject = origin.get("Subject") or ""
    if not subject.strip() or not (origin.get("Issuer") or origin.get("FederatedProviderArn")):
        raise ValidationError(
            "SubjectMode OriginIdentity requires the aws:OriginIdentity/Subject key in the "
            "trusted identity propagation context of the calling session."
        )
    if subject[:4].lower() == "arn:" or subject != subject.strip(" ") or _CONTROL.search(subject):
        raise AccessDenied("The aws:OriginIdentity/Subject of the calling session cannot be "
                           "used as the subject of a web identity token.")
    return str(subject)


@handler("sts", "GetWebIdentityToken")
def get_web_identity_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    """A JWT for outbound federation. Disabled until IAM EnableOutboundWebIdentityFederation
    turns it on for the account; iamsim signs with random bytes (no verification keys)."""
    from ..model.account_settings import AccountSettings

    account = call.account
    settings = account.state(AccountSettings) if account.has_state(AccountSettings) else None
    if settings is None or not settings.outbound_federation:
        raise OutboundWebIdentityFederationDisabled(
            "Outbound web identity federation is disabled for this account. Enable it with "
            "the EnableOutboundWebIdentityFederation operation before requesting tokens."
        )
    alg = p["SigningAlgorithm"]
    if alg not in _SIGNATURE_BYTES:
        raise ValidationError(
            f"1 validation error detected: Value '{alg}' at 'signingAlgorithm' failed to "
            "satisfy constraint: Member must satisfy enum value set: [RS256, ES384]"
        )
    parent = caller_session(call.caller)
    origin_subject = _origin_subject(p, parent)
    duration = p.get("DurationSeconds") or 300
    expiration = call.now + _dt.timedelta(seconds=duration)
    if parent is not None and expiration > parent.expiration:
        raise SessionDurationEscalation(
            "The requested token duration would extend the session beyond its original "
            "expiration time."
        )
    issuer = settings.issuer_identifier or f"https://{account.id}.tokens.sts.global.api.aws"
    audience = p["Audience"]
    claims: dict[str, Any] = {
        "aud": audience[0] if len(audience) == 1 else audience,
        "sub": origin_subject if origin_subject is not None else call.caller.arn,
        "iss": issuer,
        "iat": int(call.now.timestamp()),
        "exp": int(expiration.timestamp()),
        "jti": account.ids.request_id(),
        "https://sts.amazonaws.com/": {
            "aws_account": account.id,
            "source_region": call.region,
            # "For a role session, this is the ARN of the role" (operation documentation).
            "principal_id": (parent.principal_arn or call.caller.arn)
            if parent is not None and parent.kind == "assumed-role" else call.caller.arn,
        },
    }
    if origin_subject is not None:
        claims["subject_mode"] = "OriginIdentity"  # "STS also adds a subject_mode claim"
        if p.get("Scope") is not None:
            claims["scope"] = p["Scope"]  # copied exactly as sent
    tags = {t["Key"]: t.get("Value", "") for t in p.get("Tags") or []}
    if tags:
        claims["https://sts.amazonaws.com/"]["request_tags"] = tags
    header = {"kid": account.ids.token(32, "0123456789abcdef"), "typ": "JWT", "alg": alg}
    token = ".".join([
        _b64url(json.dumps(header, separators=(",", ":")).encode()),
        _b64url(json.dumps(claims, separators=(",", ":")).encode()),
        _b64url(account.ids.randbytes(_SIGNATURE_BYTES[alg])),
    ])
    return {"WebIdentityToken": token, "Expiration": expiration}


__all__ = ["Session", "assume_role", "check_arn", "find_role"]
