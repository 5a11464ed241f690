"""SAML 2.0 identity providers: named providers whose IdP metadata document must be real SAML
metadata (an EntityDescriptor with an IDPSSODescriptor); ValidUntil comes from that document."""

from __future__ import annotations

import datetime as _dt
import xml.etree.ElementTree as ET
from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, InvalidInput, LimitExceeded, NoSuchEntity
from ..model.providers import ProviderState, SAMLPrivateKey, SAMLProvider
from ._common import check_arn, sorted_tags, tags_in
from ._identity_propagation import apply_update, create_settings, propagation_out
from ._tags import tag_operations

_MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
MAX_PRIVATE_KEYS = 2
# Without a validUntil in the metadata, AWS keeps the provider valid for 100 years.
_DEFAULT_VALIDITY = _dt.timedelta(days=36525)


def _parse_time(text: str) -> _dt.datetime:
    value = text.strip().replace("Z", "+00:00")
    t = _dt.datetime.fromisoformat(value)
    return t if t.tzinfo is not None else t.replace(tzinfo=_dt.timezone.utc)


def parse_metadata(document: str, now: _dt.datetime) -> _dt.datetime:
    """Check a SAML metadata document; return its ValidUntil."""
    if "<!DOCTYPE" in document or "<!ENTITY" in document:
        raise InvalidInput("Could not parse metadata")  # no DTDs in SAML metadata
    try:
        root = ET.fromstring(document)
    except ET.ParseError:
        raise InvalidInput("Could not parse metadata") from None
    if root.tag == f"{_MD}EntitiesDescriptor":
        entities = root.findall(f"{_MD}EntityDescriptor")
    elif root.tag == f"{_MD}EntityDescriptor":
        entities = [root]
    else:
        raise InvalidInput("Could not parse metadata")
    idp = [e for e in entities if e.find(f"{_MD}IDPSSODescriptor") is not None]
    if not idp or not idp[0].get("entityID"):
        raise InvalidInput("Could not parse metadata")
    valid_until = idp[0].get("validUntil") or root.get("validUntil")
    if valid_until:
        try:
            return _parse_time(valid_until)
        except ValueError:
            raise InvalidInput("Could not parse metadata") from None
    return now + _DEFAULT_VALIDITY


def _get(call: Call, arn: str) -> SAMLProvider:
    check_arn(arn)
    provider = None
    if call.account.has_state(ProviderState):
        provider = call.account.state(ProviderState).saml.by_arn(arn)
    if provider is None:
        raise NoSuchEntity(f"Manifest not found for arn {arn}")
    return provider


def _private_key(call: Call, pem: str) -> SAMLPrivateKey:
    text = pem.strip()
    if not (text.startswith("-----BEGIN") and "PRIVATE KEY-----" in text):
        raise InvalidInput("The private key is not a valid PEM encoded private key.")
    return SAMLPrivateKey(
        key_id=call.account.ids.chars(_ID_ALPHABET, 26), pem=pem, timestamp=call.now
    )


def _check_mode(mode: str | None, keys: list[SAMLPrivateKey]) -> None:
    if mode == "Required" and not keys:
        raise InvalidInput(
            "A private key is required when AssertionEncryptionMode is Required."
        )


@handler("iam", "CreateSAMLProvider")
def create_saml_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    state = account.state(ProviderState)
    name = p["Name"]
    arn = account.arn("iam", f"saml-provider/{name}")
    if name in state.saml:
        raise EntityAlreadyExists(f"SAMLProvider {name} already exists.")
    valid_until = parse_metadata(p["SAMLMetadataDocument"], call.now)
    tags = tags_in(p)
    account.quotas.check("TagsPerEntity", len(tags), 0)
    keys = [_private_key(call, p["AddPrivateKey"])] if p.get("AddPrivateKey") else []
    mode = p.get("AssertionEncryptionMode")
    _check_mode(mode, keys)
    propagation = create_settings(account.partition, p)
    account.quotas.check(
        "Providers", len(state.saml),
        message=f"Cannot exceed quota for SAMLProvidersPerAccount: {account.quotas['Providers']}",
    )
    provider = SAMLProvider(
        name=name, arn=arn, id=account.ids.chars(_ID_ALPHABET, 26),
        metadata=p["SAMLMetadataDocument"], create_date=call.now, valid_until=valid_until,
        assertion_encryption_mode=mode, private_keys=keys, tags=tags, **propagation,
    )
    state.saml.add(provider)
    out: dict[str, Any] = {"SAMLProviderArn": arn}
    if tags:
        out["Tags"] = [t for _, t in sorted_tags(provider)]
    return out


@handler("iam", "GetSAMLProvider")
def get_saml_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["SAMLProviderArn"])
    out: dict[str, Any] = {
        "SAMLProviderUUID": provider.id,
        "SAMLMetadataDocument": provider.metadata,
        "CreateDate": provider.create_date,
        "ValidUntil": provider.valid_until,
    }
    # Recorded (2026): Tags, AssertionEncryptionMode ("Allowed" unless set) and PrivateKeyList
    # are always there.
    out["Tags"] = [t for _, t in sorted_tags(provider)]
    out["AssertionEncryptionMode"] = provider.assertion_encryption_mode or "Allowed"
    out["PrivateKeyList"] = [
        {"KeyId": k.key_id, "Timestamp": k.timestamp} for k in provider.private_keys
    ]
    out.update(propagation_out(call.account.partition, call.account.id, provider))
    return out


@handler("iam", "ListSAMLProviders")
def list_saml_providers(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    providers = (
        list(call.account.state(ProviderState).saml.values())
        if call.account.has_state(ProviderState) else []
    )
    out = []
    for s in providers:
        entry: dict[str, Any] = {"Arn": s.arn, "ValidUntil": s.valid_until,
                                 "CreateDate": s.create_date}
        if s.identity_center_instance_arn is not None:  # as ListOpenIDConnectProviders
            entry["IsTrustedIdentityPropagationEnabled"] = True
        out.append(entry)
    return {"SAMLProviderList": out}


@handler("iam", "UpdateSAMLProvider")
def update_saml_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["SAMLProviderArn"])
    document = p.get("SAMLMetadataDocument")
    valid_until = parse_metadata(document, call.now) if document is not None else None
    keys = list(provider.private_keys)
    remove = p.get("RemovePrivateKey")
    if remove is not None:
        kept = [k for k in keys if k.key_id != remove]
        if len(kept) == len(keys):
            raise InvalidInput(f"The private key {remove} does not exist for this provider.")
        keys = kept
    if p.get("AddPrivateKey"):
        if len(keys) >= MAX_PRIVATE_KEYS:
            raise LimitExceeded(
                f"Cannot exceed quota for PrivateKeysPerSAMLProvider: {MAX_PRIVATE_KEYS}"
            )
        keys.append(_private_key(call, p["AddPrivateKey"]))
    mode = p.get("AssertionEncryptionMode") or provider.assertion_encryption_mode
    _check_mode(mode, keys)
    metadata_changed = document is not None or any(
        p.get(k) is not None for k in ("AssertionEncryptionMode", "AddPrivateKey", "RemovePrivateKey"))
    apply_update(call.account.partition, provider, p, metadata_changed)
    if document is not None:
        provider.metadata, provider.valid_until = document, valid_until
    provider.private_keys = keys
    provider.assertion_encryption_mode = mode
    return {"SAMLProviderArn": provider.arn}


@handler("iam", "DeleteSAMLProvider")
def delete_saml_provider(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    provider = _get(call, p["SAMLProviderArn"])
    call.account.state(ProviderState).saml.remove(provider)
    return {}


tag_operations("SAMLProvider", "SAMLProviderArn", _get)
