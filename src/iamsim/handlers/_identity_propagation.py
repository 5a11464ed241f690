"""Trusted identity propagation settings an identity provider carries (botocore 1.44.8): the
ContextProvider structure and the IAM Identity Center instance associated with it.

The model's shapes give lengths; the rules below come from their documentation strings
(ContextProvider, CreateOpenIDConnectProvider, UpdateOpenIDConnectProvider). AWS's exact
messages for these InvalidInput errors are not published: iamsim words them in AWS's style.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..errors import InvalidInput
from ..partitions import check_arn_partition

# "ASCII letters, numbers, single spaces, and _ . : / = + - @ #; it can't start or end with
# a space or contain two spaces in a row" (contextProviderSourceKeyType documentation).
_KEY = re.compile(r"[A-Za-z0-9_.:/=+\-@#]+( [A-Za-z0-9_.:/=+\-@#]+)*")
# IAM Identity Center API Reference, InstanceMetadata.InstanceArn.
_INSTANCE_ARN = re.compile(r"arn:[a-z0-9-]+:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}")


def _check_key(name: str, value: str) -> None:
    if not _KEY.fullmatch(value):
        raise InvalidInput(
            f"Invalid {name} {value}: keys may contain only ASCII letters, numbers, single "
            "spaces and the characters _ . : / = + - @ #, and may not start or end with a space."
        )


def context_provider(raw: dict[str, Any]) -> dict[str, Any]:
    """A validated ContextProvider, kept in the order GetOpenIDConnectProvider returns it."""
    if raw.get("SubjectTypeValue") is not None and raw.get("SubjectTypeSourceKey") is not None:
        raise InvalidInput("SubjectTypeValue and SubjectTypeSourceKey are mutually exclusive; "
                           "specify one of them, not both.")
    _check_key("SubjectSourceKey", raw["SubjectSourceKey"])
    if raw.get("SubjectTypeSourceKey") is not None:
        _check_key("SubjectTypeSourceKey", raw["SubjectTypeSourceKey"])
    out: dict[str, Any] = {}
    definitions = []
    for d in raw.get("KeyDefinitionList") or []:
        _check_key("SourceKey", d["SourceKey"])
        entry = {"SourceKey": d["SourceKey"]}
        if d.get("TargetKey") is not None:
            _check_key("TargetKey", d["TargetKey"])
            entry["TargetKey"] = d["TargetKey"]
        definitions.append(entry)
    if "KeyDefinitionList" in raw:
        out["KeyDefinitionList"] = definitions
    out["SubjectSourceKey"] = raw["SubjectSourceKey"]
    for k in ("SubjectTypeValue", "SubjectTypeSourceKey"):
        if raw.get(k) is not None:
            out[k] = raw[k]
    return out


def instance_arn(partition: str, arn: str) -> str:
    check_arn_partition(partition, arn)
    if not _INSTANCE_ARN.fullmatch(arn):
        raise InvalidInput(f"Invalid IdentityCenterInstanceArn {arn}.")
    return arn


def identity_store_arn(partition: str, account_id: str, instance: str) -> str:
    """The identity store AWS resolves from the instance. iamsim has no IAM Identity Center:
    it derives a stable identity store ID (d- and ten hex digits, the format AWS uses) from
    the instance ARN, so the same instance always resolves to the same store."""
    store = "d-" + hashlib.sha256(instance.encode()).hexdigest()[:10]
    return f"arn:{partition}:identitystore::{account_id}:identitystore/{store}"


def propagation_out(partition: str, account_id: str, provider: Any) -> dict[str, Any]:
    """The members Get*Provider returns only when they are configured."""
    out: dict[str, Any] = {}
    if provider.context_provider is not None:
        out["ContextProvider"] = provider.context_provider
    if provider.identity_center_instance_arn is not None:
        out["IdentityCenterInstanceArn"] = provider.identity_center_instance_arn
        out["IdentityStoreArn"] = identity_store_arn(
            partition, account_id, provider.identity_center_instance_arn)
    return out


def create_settings(partition: str, p: dict[str, Any]) -> dict[str, Any]:
    """The propagation fields of a Create*Provider request (validated)."""
    raw_cp, instance = p.get("ContextProvider"), p.get("IdentityCenterInstanceArn")
    if instance is not None and raw_cp is None:
        # Create*Provider: "If you specify this parameter, you must also specify
        # ContextProvider."
        raise InvalidInput("IdentityCenterInstanceArn requires a ContextProvider.")
    return {
        "context_provider": context_provider(raw_cp) if raw_cp is not None else None,
        "identity_center_instance_arn":
            instance_arn(partition, instance) if instance is not None else None,
    }


def apply_update(partition: str, provider: Any, p: dict[str, Any],
                 metadata_changed: bool = False) -> None:
    """Update*Provider: set, change or remove the context provider or the instance
    association, one of the two per request, never a value and its Remove flag together.
    For SAML providers the association counts as provider metadata, and a request may not
    change the context provider and the metadata (`metadata_changed`) together."""
    new_cp, remove_cp = p.get("ContextProvider"), bool(p.get("RemoveContextProvider"))
    new_ic, remove_ic = p.get("IdentityCenterInstanceArn"), bool(p.get("RemoveIdentityCenterInstance"))
    if new_cp is not None and remove_cp:
        raise InvalidInput("ContextProvider and RemoveContextProvider cannot both be specified.")
    if new_ic is not None and remove_ic:
        raise InvalidInput("IdentityCenterInstanceArn and RemoveIdentityCenterInstance cannot "
                           "both be specified.")
    if (new_cp is not None or remove_cp) and (new_ic is not None or remove_ic):
        raise InvalidInput("A request can change either the context provider or the IAM "
                           "Identity Center association, not both.")
    if (new_cp is not None or remove_cp) and metadata_changed:
        raise InvalidInput("A request can change either the context provider or the provider "
                           "metadata, not both.")
    if remove_cp:
        if provider.identity_center_instance_arn is not None:
            raise InvalidInput("Remove the IAM Identity Center association before removing "
                               "the context provider.")
        provider.context_provider = None
    elif new_cp is not None:
        provider.context_provider = context_provider(new_cp)
    elif remove_ic:
        provider.identity_center_instance_arn = None
    elif new_ic is not None:
        arn = instance_arn(partition, new_ic)
        if provider.context_provider is None:
            raise InvalidInput("An IAM Identity Center instance can be associated only with a "
                               "provider that has a context provider.")
        provider.identity_center_instance_arn = arn
