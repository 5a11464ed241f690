"""SetSecurityTokenServicePreferences: the version of tokens the global STS endpoint issues.

The choice shows as GlobalEndpointTokenVersion (1 or 2) in GetAccountSummary.
"""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..model.account_settings import AccountSettings


@handler("iam", "SetSecurityTokenServicePreferences")
def set_sts_preferences(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    version = 2 if p["GlobalEndpointTokenVersion"] == "v2Token" else 1
    call.account.state(AccountSettings).global_endpoint_token_version = version
    return {}
