"""The account password policy: Update replaces it whole (unspecified members take AWS's
defaults), Get reports it, Delete returns the account to AWS's default rules."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import NoSuchEntity
from ..model.password_policy import PasswordPolicy, PasswordPolicyState


def _policy(call: Call) -> PasswordPolicy | None:
    account = call.account
    if not account.has_state(PasswordPolicyState):
        return None
    return account.state(PasswordPolicyState).policy


@handler("iam", "UpdateAccountPasswordPolicy")
def update_password_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    call.account.state(PasswordPolicyState).policy = PasswordPolicy(
        minimum_password_length=p.get("MinimumPasswordLength", 6),
        require_symbols=p.get("RequireSymbols", False),
        require_numbers=p.get("RequireNumbers", False),
        require_uppercase_characters=p.get("RequireUppercaseCharacters", False),
        require_lowercase_characters=p.get("RequireLowercaseCharacters", False),
        allow_users_to_change_password=p.get("AllowUsersToChangePassword", False),
        max_password_age=p.get("MaxPasswordAge") or None,
        password_reuse_prevention=p.get("PasswordReusePrevention") or None,
        hard_expiry=p.get("HardExpiry"),
    )
    return {}


@handler("iam", "GetAccountPasswordPolicy")
def get_password_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    policy = _policy(call)
    if policy is None:
        raise NoSuchEntity(
            f"The Password Policy with domain name {call.account.id} cannot be found."
        )
    out: dict[str, Any] = {
        "MinimumPasswordLength": policy.minimum_password_length,
        "RequireSymbols": policy.require_symbols,
        "RequireNumbers": policy.require_numbers,
        "RequireUppercaseCharacters": policy.require_uppercase_characters,
        "RequireLowercaseCharacters": policy.require_lowercase_characters,
        "AllowUsersToChangePassword": policy.allow_users_to_change_password,
        "ExpirePasswords": bool(policy.max_password_age),
    }
    # Members that were never set are absent from AWS's answer, not zero.
    if policy.max_password_age:
        out["MaxPasswordAge"] = policy.max_password_age
    if policy.password_reuse_prevention:
        out["PasswordReusePrevention"] = policy.password_reuse_prevention
    if policy.hard_expiry is not None:
        out["HardExpiry"] = policy.hard_expiry
    return {"PasswordPolicy": out}


@handler("iam", "DeleteAccountPasswordPolicy")
def delete_password_policy(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    if _policy(call) is None:
        raise NoSuchEntity("The account policy with name PasswordPolicy cannot be found.")
    call.account.state(PasswordPolicyState).policy = None
    return {}
