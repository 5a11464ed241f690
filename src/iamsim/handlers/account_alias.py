"""The account alias: at most one per account; creating another replaces it, as AWS does."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, NoSuchEntity
from ..model.account_settings import AccountSettings
from ..pagination import paginate_list


@handler("iam", "CreateAccountAlias")
def create_account_alias(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    settings = call.account.state(AccountSettings)
    alias = p["AccountAlias"]
    if settings.alias == alias:
        raise EntityAlreadyExists(f"The account alias {alias} already exists.")
    settings.alias = alias
    return {}


@handler("iam", "DeleteAccountAlias")
def delete_account_alias(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    alias = p["AccountAlias"]
    account = call.account
    current = account.state(AccountSettings).alias if account.has_state(AccountSettings) else None
    if current != alias:
        raise NoSuchEntity(f"The account alias {alias} cannot be found.")
    account.state(AccountSettings).alias = None
    return {}


@handler("iam", "ListAccountAliases")
def list_account_aliases(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    alias = account.state(AccountSettings).alias if account.has_state(AccountSettings) else None
    page, more = paginate_list(p, [alias] if alias else [], key=lambda a: a)
    return {"AccountAliases": page, **more}
