"""Outbound web identity federation: an account-level switch (no organization needed) that
lets principals get JWTs from STS; enabling it gives the account a stable issuer URL."""

from __future__ import annotations

import uuid
from typing import Any

from ..dispatch import Call, handler
from ..model.account_settings import AccountSettings
from ._account_errors import FeatureDisabled, FeatureEnabled


def _issuer(call: Call, settings: AccountSettings) -> str:
    if settings.issuer_identifier is None:
        uid = uuid.UUID(bytes=call.account.ids.randbytes(16), version=4)
        settings.issuer_identifier = f"https://{uid}.tokens.sts.global.api.aws"
    return settings.issuer_identifier


def _enabled(call: Call) -> bool:
    return call.account.has_state(AccountSettings) and call.account.state(
        AccountSettings).outbound_federation


@handler("iam", "EnableOutboundWebIdentityFederation")
def enable_outbound(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    if _enabled(call):
        raise FeatureEnabled(
            "Outbound web identity federation is already enabled for this account."
        )
    settings = call.account.state(AccountSettings)
    settings.outbound_federation = True
    return {"IssuerIdentifier": _issuer(call, settings)}


@handler("iam", "DisableOutboundWebIdentityFederation")
def disable_outbound(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    if not _enabled(call):
        raise FeatureDisabled(
            "Outbound web identity federation is already disabled for this account."
        )
    call.account.state(AccountSettings).outbound_federation = False
    return {}


@handler("iam", "GetOutboundWebIdentityFederationInfo")
def get_outbound_info(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    # An account that never enabled the feature has no issuer yet: AWS answers FeatureDisabled.
    # Once generated, the issuer stays the account's, and the status shows the switch.
    settings = call.account.state(AccountSettings) if call.account.has_state(
        AccountSettings) else None
    if settings is None or settings.issuer_identifier is None:
        raise FeatureDisabled("Outbound web identity federation is disabled for this account.")
    return {
        "IssuerIdentifier": settings.issuer_identifier,
        "JwtVendingEnabled": settings.outbound_federation,
    }
