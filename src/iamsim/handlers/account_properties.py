"""GetAccountProperties / PutAccountProperties: account-wide feature switches such as Role Manager.

AWS documents one property, RoleManager/Enabled ("true" or "false"; disabled by default for an
account created the usual way). Keys are "Namespace/PropertyName" with exactly one "/", and one
request sets properties of a single namespace. A key that no namespace defines has no type to
validate a value against, so it is rejected as invalid input.
"""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import InvalidInput
from ..model.account_settings import AccountSettings

BOOLEAN = ("true", "false")

# key -> (allowed values, default)
PROPERTIES: dict[str, tuple[tuple[str, ...], str]] = {
    "RoleManager/Enabled": (BOOLEAN, "false"),
}
NAMESPACES = {key.split("/", 1)[0] for key in PROPERTIES}


def _namespace(key: str) -> str:
    if key.count("/") != 1 or key.endswith("/"):
        raise InvalidInput(
            f"Account property key {key} is not valid: it must contain exactly one '/' "
            "separating the namespace from the property name."
        )
    return key.split("/", 1)[0]


def _checked(properties: dict[str, str]) -> dict[str, str]:
    """Every check before anything changes: a rejected request sets none of its properties."""
    namespaces = {_namespace(key) for key in properties}
    if len(namespaces) > 1:
        raise InvalidInput("All account properties in a request must belong to the same namespace.")
    (namespace,) = namespaces
    if namespace not in NAMESPACES:
        raise InvalidInput(f"Account property namespace {namespace} is not supported.")
    for key, value in properties.items():
        if key not in PROPERTIES:
            raise InvalidInput(f"Account property {key} is not supported.")
        allowed = PROPERTIES[key][0]
        if value not in allowed:
            raise InvalidInput(
                f"Value {value} for account property {key} is not valid. "
                f"Valid values: {', '.join(allowed)}."
            )
    return dict(properties)


@handler("iam", "PutAccountProperties")
def put_account_properties(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    checked = _checked(p["Properties"])
    call.account.state(AccountSettings).properties.update(checked)
    return {}


@handler("iam", "GetAccountProperties")
def get_account_properties(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    current = account.state(AccountSettings).properties if account.has_state(AccountSettings) else {}
    return {"Properties": {key: current.get(key, default) for key, (_, default) in PROPERTIES.items()}}

