"""Role sessions for identities from outside AWS: OpenID Connect tokens and SAML assertions.

Neither operation needs AWS credentials. iamsim checks the token's structure, issuer,
audience and expiry against the account's identity providers and the role's trust policy;
it does not verify signatures (there are no keys to fetch without a network).
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

from ..authz.trust import federated_decision
from ..dispatch import Call, handler
from ..errors import AccessDenied
from ..model.providers import ProviderState
from ..model.roles import Role
from .credentials import (
    assumed_role_out,
    mark_role_used,
    new_session,
    packed_policy_size,
    role_duration,
    session_policy,
)
from .errors import ExpiredTokenException, IDPRejectedClaim, InvalidIdentityToken
from .sessions import assumed_role_user, check_arn, find_role

# Providers AWS trusts without an IAM identity provider entity.
_WELL_KNOWN_OIDC = {"accounts.google.com", "cognito-identity.amazonaws.com"}
_OAUTH_PROVIDERS = {"www.amazon.com", "graph.facebook.com"}
_TAGS_CLAIM = "https://aws.amazon.com/tags"
_SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"
_NAME = re.compile(r"[\w+=,.@-]{2,64}", re.ASCII)


def _b64url_json(part: str) -> Any:
    raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    return json.loads(raw)


def parse_jwt(token: str) -> dict[str, Any]:
    """The claims of a compact JWS, or InvalidIdentityToken when it is not one."""
    parts = token.split(".")
    try:
        if len(parts) != 3:
            raise ValueError
        header, claims = _b64url_json(parts[0]), _b64url_json(parts[1])
        if not isinstance(header, dict) or not isinstance(claims, dict) or "alg" not in header:
            raise ValueError
    except (ValueError, binascii.Error):
        raise InvalidIdentityToken(
            "The ID Token provided is not a valid JWT. (You may see this error if you sent "
            "an Access Token)"
        ) from None
    return claims


def _not_authorized(action: str) -> AccessDenied:
    return AccessDenied(f"Not authorized to perform {action}")


def _token_tags(claims: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Session tags an IdP passes in the https://aws.amazon.com/tags claim."""
    block = claims.get(_TAGS_CLAIM)
    if not isinstance(block, dict):
        return {}, []
    principal, keys = block.get("principal_tags"), block.get("transitive_tag_keys")
    # Members of the wrong shape make a bad token, not a server failure.
    if not isinstance(principal, (dict, type(None))) or not isinstance(keys, (list, type(None))):
        raise InvalidIdentityToken(f"The {_TAGS_CLAIM} claim in the token is not valid.")
    tags: dict[str, str] = {}
    for k, v in (principal or {}).items():
        vals = v if isinstance(v, list) else [v]
        if vals:
            tags[str(k)] = str(vals[0])
    transitive = [str(k) for k in keys or [] if str(k) in tags]
    return tags, transitive


def _trust_or_deny(call: Call, role: Role, action: str, provider: str, ctx: dict[str, Any],
                   tags: dict[str, str], source_identity: str | None) -> None:
    actions = [action]
    if tags:
        actions.append("sts:TagSession")
    if source_identity:
        actions.append("sts:SetSourceIdentity")
    for a in actions:
        kind = "saml" if action == "sts:AssumeRoleWithSAML" else "web-identity"
        if not federated_decision(call, role, a, kind, provider, ctx).allowed:
            raise _not_authorized(action)


def _session_keys(ctx: dict[str, Any]) -> dict[str, Any]:
    """The provider's keys (`cognito-identity.amazonaws.com:sub`, `accounts.google.com:aud`,
    `saml:sub`...) and aws:FederatedProvider stay with the session: the IAM User Guide's
    web identity and SAML keys are for the role's permissions policies too (its Cognito
    example scopes S3 objects by `${cognito-identity.amazonaws.com:sub}`)."""
    return {k: v for k, v in ctx.items()
            if k == "aws:FederatedProvider" or not k.startswith(("aws:", "sts:"))}


def _issue(call: Call, role: Role, name: str, duration: int, source: str, provider: str,
           p: dict[str, Any], tags: dict[str, str], transitive: list[str],
           source_identity: str | None,
           propagation: dict[str, Any] | None = None,
           keys: dict[str, Any] | None = None) -> dict[str, Any]:
    policy, arns = session_policy(call, p)
    packed = packed_policy_size(policy, arns, tags)
    role_id, arn = assumed_role_user(call, role, name)
    session = new_session(
        call, duration, kind="assumed-role", source=source, arn=arn, user_id=role_id,
        principal_id=role.id, principal_arn=role.arn, session_name=name,
        source_identity=source_identity, tags=tags, transitive_tag_keys=transitive,
        policy=policy, policy_arns=arns, federated_provider=provider, propagation=propagation,
        federated_keys=_session_keys(keys or {}),
    )
    mark_role_used(call, role)
    out = assumed_role_out(session, role_id, arn, packed, source_identity)
    if propagation:
        out["TrustedIdentityPropagationContext"] = propagation
    return out


def _claim_text(value: Any) -> str | None:
    """A claim as a context value: non-empty scalars only (iamsim's choice: a list, object or
    empty claim sets no key)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value) or None
    return None


def _propagation(call: Call, provider_arn: str, issuer: str,
                 claims: dict[str, Any]) -> dict[str, Any] | None:
    """The trusted identity propagation context a web identity token sets through the
    context provider of its OIDC provider (TrustedIdentityPropagationContext, OriginIdentity
    and TransactionContext shape documentation): the subject and subject type from the
    mapped claims, the issuer without https://, the provider's ARN, and each mapped claim
    under its target key. None when the provider has no context provider."""
    state = call.account.state(ProviderState) if call.account.has_state(ProviderState) else None
    oidc = state.oidc.get(provider_arn) if state is not None else None
    cp = oidc.context_provider if oidc is not None else None
    if cp is None:
        return None
    origin: dict[str, Any] = {}
    subject = _claim_text(claims.get(cp["SubjectSourceKey"]))
    if subject is not None:
        origin["Subject"] = subject
    subject_type = cp.get("SubjectTypeValue") or (
        _claim_text(claims.get(cp["SubjectTypeSourceKey"]))
        if cp.get("SubjectTypeSourceKey") else None)
    if subject_type:
        origin["SubjectType"] = subject_type
    origin["Issuer"] = re.sub(r"^https://", "", issuer).rstrip("/")
    origin["FederatedProviderArn"] = provider_arn
    out: dict[str, Any] = {"OriginIdentity": origin}
    mapped: dict[str, str] = {}
    for d in cp.get("KeyDefinitionList") or []:
        value = _claim_text(claims.get(d["SourceKey"]))
        if value is not None and len(value) <= 128:  # "Each value is up to 128 characters"
            mapped[d.get("TargetKey") or d["SourceKey"]] = value
    if mapped:
        out["TransactionContext"] = {"IdentityProvider": mapped}
    return out


# AssumeRoleWithWebIdentity ----------------------------------------------------------------

def _oidc_provider(call: Call, issuer: str, audiences: list[str]) -> tuple[str, str]:
    """(provider for the trust policy, the audience that matched) for an issuer URL."""
    host = re.sub(r"^https://", "", issuer).rstrip("/")
    if host in _WELL_KNOWN_OIDC:
        return host, audiences[0] if audiences else ""
    arn = call.account.arn("iam", f"oidc-provider/{host}")
    state = call.account.state(ProviderState) if call.account.has_state(ProviderState) else None
    provider = state.oidc.get(arn) if state is not None else None
    if provider is None:
        raise InvalidIdentityToken(f"No OpenIDConnect provider found in your account for {issuer}")
    for aud in audiences:
        if aud in provider.client_ids:
            return arn, aud
    raise InvalidIdentityToken("Incorrect token audience")


@handler("sts", "AssumeRoleWithWebIdentity")
def assume_role_with_web_identity(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    action = "sts:AssumeRoleWithWebIdentity"
    role_arn, name, token = p["RoleArn"], p["RoleSessionName"], p["WebIdentityToken"]
    check_arn(role_arn)
    provider_id = p.get("ProviderId")
    ctx: dict[str, Any] = {"sts:RoleSessionName": name}
    if provider_id in _OAUTH_PROVIDERS:
        # OAuth 2.0 access tokens are opaque; AWS asks the provider, iamsim trusts the token.
        claims: dict[str, Any] = {}
        subject = hashlib.sha256(token.encode()).hexdigest()[:21]
        provider = issuer = provider_id
        audience = ""
        prefix = provider_id
        ctx[f"{prefix}:id"] = subject
    else:
        claims = parse_jwt(token)
        issuer = str(claims.get("iss") or "")
        if not issuer:
            raise InvalidIdentityToken("Missing a required claim: iss")
        exp = claims.get("exp")
        now = int(call.now.timestamp())
        if isinstance(exp, (int, float)) and now >= exp:
            raise ExpiredTokenException(
                f"Token expired: current date/time {now} must be before the expiration "
                f"date/time {int(exp)}"
            )
        aud = claims.get("aud")
        audiences = [str(a) for a in (aud if isinstance(aud, list) else [aud]) if a is not None]
        provider, audience = _oidc_provider(call, issuer, audiences)
        subject = str(claims.get("sub") or "")
        ctx.update(oidc_claim_context(issuer, claims, audience))
    role = find_role(call, role_arn)
    if role is None:
        raise _not_authorized(action)
    return web_identity_session(call, role, name, provider, issuer, audience, subject, claims,
                                ctx, p)


def oidc_claim_context(issuer: str, claims: dict[str, Any], audience: str) -> dict[str, Any]:
    """The <issuer>:sub, :aud, :oaud and :amr keys an OIDC token gives the trust policy."""
    prefix = re.sub(r"^https://", "", issuer).rstrip("/")
    ctx: dict[str, Any] = {f"{prefix}:sub": str(claims.get("sub") or "")}
    ctx[f"{prefix}:aud"] = str(claims.get("azp") or audience) \
        if prefix == "accounts.google.com" else audience
    ctx[f"{prefix}:oaud"] = audience
    amr = claims.get("amr")
    if amr is not None:
        ctx[f"{prefix}:amr"] = [str(a) for a in amr] if isinstance(amr, list) else str(amr)
    return ctx


def web_identity_session(call: Call, role: Role, name: str, provider: str, issuer: str,
                         audience: str, subject: str, claims: dict[str, Any],
                         ctx: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    """The AssumeRoleWithWebIdentity result for a verified identity: the role's trust policy
    decides (AccessDenied "Not authorized to perform sts:AssumeRoleWithWebIdentity"), then a
    role session is issued. Cognito identity pools (GetCredentialsForIdentity) come here too,
    as AWS runs that operation through STS."""
    action = "sts:AssumeRoleWithWebIdentity"
    ctx = {**ctx, "aws:FederatedProvider": provider}
    tags, transitive = _token_tags(claims)
    for k, v in tags.items():
        ctx[f"aws:RequestTag/{k}"] = v
    source_identity = claims.get(_SOURCE_IDENTITY_CLAIM)
    if source_identity is not None:
        source_identity = str(source_identity)
        ctx["sts:SourceIdentity"] = source_identity
    _trust_or_deny(call, role, action, provider, ctx, tags, source_identity)
    duration = role_duration(role, p.get("DurationSeconds"), chained=False)
    propagation = _propagation(call, provider, issuer, claims) if claims else None
    out = _issue(call, role, name, duration, "AssumeRoleWithWebIdentity", provider, p, tags,
                 transitive, source_identity, propagation, ctx)
    out["SubjectFromWebIdentityToken"] = subject
    out["Provider"] = issuer
    if audience:
        out["Audience"] = audience
    return out


# AssumeRoleWithSAML -------------------------------------------------------------------------

_NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
}
_ATTR = "https://aws.amazon.com/SAML/Attributes/"
_SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
_SUB_TYPES = {
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent": "persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient": "transient",
}


def _find(el: ET.Element, path: str) -> ET.Element | None:
    return el.find(path, _NS)


def _saml_time(text: str | None) -> _dt.datetime | None:
    if not text:
        return None
    try:
        t = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t if t.tzinfo is not None else t.replace(tzinfo=_dt.timezone.utc)


def parse_saml(assertion: str) -> ET.Element:
    """The SAML Response element of a base64 SAMLResponse, or InvalidIdentityToken."""
    try:
        raw = base64.b64decode(assertion, validate=False)
        root = ET.fromstring(raw)
    except (ValueError, binascii.Error, ET.ParseError):
        raise InvalidIdentityToken("Invalid SAML response: it is not base64-encoded SAML XML")\
            from None
    if root.tag != f"{{{_NS['samlp']}}}Response":
        raise InvalidIdentityToken("Invalid SAML response: the document is not a SAML Response")
    return root


def _attributes(assertion: ET.Element) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for attr in assertion.iterfind("saml:AttributeStatement/saml:Attribute", _NS):
        name = attr.get("Name") or ""
        out[name] = [(v.text or "").strip() for v in attr.iterfind("saml:AttributeValue", _NS)]
    return out


def _first(attrs: dict[str, list[str]], name: str) -> str | None:
    values = attrs.get(_ATTR + name)
    return values[0] if values else None


def _metadata_entity_id(metadata: str) -> str | None:
    try:
        root = ET.fromstring(metadata)
    except ET.ParseError:
        return None
    return root.get("entityID")


@handler("sts", "AssumeRoleWithSAML")
def assume_role_with_saml(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    action = "sts:AssumeRoleWithSAML"
    role_arn, principal_arn = p["RoleArn"], p["PrincipalArn"]
    check_arn(role_arn)
    check_arn(principal_arn)
    root = parse_saml(p["SAMLAssertion"])
    status = _find(root, "samlp:Status/samlp:StatusCode")
    if status is not None and status.get("Value") != _SUCCESS:
        raise IDPRejectedClaim("The identity provider reported that authentication failed.")
    assertion = _find(root, "saml:Assertion")
    if assertion is None:
        raise InvalidIdentityToken("Invalid SAML response: it contains no assertion")
    state = call.account.state(ProviderState) if call.account.has_state(ProviderState) else None
    provider = state.saml.by_arn(principal_arn) if state is not None else None
    if provider is None:
        raise InvalidIdentityToken("Specified provider doesn't exist.")
    issuer_el = _find(assertion, "saml:Issuer")
    if issuer_el is None:
        issuer_el = _find(root, "saml:Issuer")
    issuer = (issuer_el.text or "").strip() if issuer_el is not None else ""
    entity_id = _metadata_entity_id(provider.metadata)
    if entity_id is not None and issuer != entity_id:
        raise InvalidIdentityToken("Issuer not present in specified provider")
    audiences = [(a.text or "").strip() for a in assertion.iterfind(
        "saml:Conditions/saml:AudienceRestriction/saml:Audience", _NS)]
    audience = next((a for a in audiences if re.fullmatch(
        r"https://([a-z0-9-]+\.)?signin\.(aws\.amazon\.com|amazonaws-us-gov\.com)/saml", a)), None)
    if audience is None:
        raise InvalidIdentityToken("Response does not contain the required audience.")
    conditions = _find(assertion, "saml:Conditions")
    confirm = _find(assertion, "saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData")
    limits = [_saml_time(el.get("NotOnOrAfter")) for el in (conditions, confirm) if el is not None]
    if any(t is not None and call.now >= t for t in limits):
        raise ExpiredTokenException("The SAML assertion has expired (NotOnOrAfter has passed).")

    attrs = _attributes(assertion)
    pairs = set()
    for value in attrs.get(_ATTR + "Role", []):
        parts = [x.strip() for x in value.split(",")]
        if len(parts) == 2:
            pairs.add(frozenset(parts))
    if frozenset((role_arn, principal_arn)) not in pairs:
        raise _not_authorized(action)
    names = attrs.get(_ATTR + "RoleSessionName") or []
    if not names:
        raise InvalidIdentityToken("RoleSessionName is required in AuthnResponse")
    name = names[0]
    if not _NAME.fullmatch(name):
        raise InvalidIdentityToken(
            "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"
        )
    source_identity = _first(attrs, "SourceIdentity")
    if source_identity is not None and (not _NAME.fullmatch(source_identity)
                                        or source_identity.lower().startswith("aws:")):
        raise InvalidIdentityToken(
            'Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"'
        )
    tags: dict[str, str] = {}
    for key, values in attrs.items():
        if key.startswith(_ATTR + "PrincipalTag:") and values:
            tags[key[len(_ATTR + "PrincipalTag:"):]] = values[0]
    transitive = [k for k in attrs.get(_ATTR + "TransitiveTagKeys", []) if k in tags]

    name_id = _find(assertion, "saml:Subject/saml:NameID")
    subject = (name_id.text or "").strip() if name_id is not None else ""
    fmt = name_id.get("Format", "") if name_id is not None else ""
    sub_type = _SUB_TYPES.get(fmt, fmt or "unspecified")
    friendly = principal_arn.rsplit("/", 1)[-1]
    qualifier = base64.b64encode(
        hashlib.sha1((issuer + call.account.id + "/" + friendly).encode()).digest()).decode()
    ctx: dict[str, Any] = {
        "SAML:aud": audience, "SAML:iss": issuer, "SAML:sub": subject,
        "SAML:sub_type": sub_type, "SAML:namequalifier": qualifier,
        "aws:FederatedProvider": principal_arn,
    }
    for key, values in attrs.items():
        if not key.startswith(_ATTR) and values:
            short = key.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
            ctx.setdefault(f"SAML:{short}", values if len(values) > 1 else values[0])
    for k, v in tags.items():
        ctx[f"aws:RequestTag/{k}"] = v
    if source_identity:
        ctx["sts:SourceIdentity"] = source_identity

    role = find_role(call, role_arn)
    if role is None:
        raise _not_authorized(action)
    _trust_or_deny(call, role, action, principal_arn, ctx, tags, source_identity)
    requested = p.get("DurationSeconds")
    if requested is None:
        attr_duration = _first(attrs, "SessionDuration")
        if attr_duration is not None and attr_duration.isascii() and attr_duration.isdigit():
            requested = min(int(attr_duration), role.max_session_duration)
    duration = role_duration(role, requested, chained=False)
    session_end: _dt.datetime | None = None
    for stmt in assertion.iterfind("saml:AuthnStatement", _NS):
        t = _saml_time(stmt.get("SessionNotOnOrAfter"))
        if t is not None:
            session_end = t if session_end is None else min(session_end, t)
    if session_end is not None:
        remaining = int((session_end - call.now).total_seconds())
        duration = max(min(duration, remaining), 1)
    out = _issue(call, role, name, duration, "AssumeRoleWithSAML", principal_arn, p, tags,
                 transitive, source_identity, keys={**ctx, "aws:FederatedProvider": principal_arn})
    out.update({"Subject": subject, "SubjectType": sub_type, "Issuer": issuer,
                "Audience": audience, "NameQualifier": qualifier})
    return out
