"""The account password policy, and AWS's default policy that applies when none is set."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from .. import clock
from ..errors import PasswordPolicyViolation
from .base import Record

if TYPE_CHECKING:
    from .account import Account

SYMBOLS = set("!@#$%^&*()_+-=[]{}|'")
_VIOLATION = "Password does not conform to the account password policy."


class PasswordPolicy(Record):
    minimum_password_length: int = 6
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase_characters: bool = False
    require_lowercase_characters: bool = False
    allow_users_to_change_password: bool = False
    max_password_age: int | None = None
    password_reuse_prevention: int | None = None
    hard_expiry: bool | None = None


class PasswordPolicyState:
    def __init__(self, account: Account) -> None:
        self.policy: PasswordPolicy | None = None
        # user id -> previous passwords, newest last (for PasswordReusePrevention)
        self.history: dict[str, list[str]] = {}
        # user id -> when the password was last set (credential report, rotation)
        self.changed: dict[str, _dt.datetime] = {}


def _kinds(password: str) -> dict[str, bool]:
    return {
        "upper": any("A" <= c <= "Z" for c in password),
        "lower": any("a" <= c <= "z" for c in password),
        "number": any("0" <= c <= "9" for c in password),  # AWS: numbers 0-9
        "symbol": any(c in SYMBOLS for c in password),
    }


def check_password(account: Account, password: str, user_id: str | None = None) -> None:
    """Raise PasswordPolicyViolation unless `password` meets the policy in force.

    Without a custom policy AWS applies its default: at least 8 characters and at least three
    of upper case, lower case, numbers and symbols.
    """
    state = account.state(PasswordPolicyState)
    policy = state.policy
    kinds = _kinds(password)
    if policy is None:
        if len(password) < 8 or sum(kinds.values()) < 3:
            raise PasswordPolicyViolation(_VIOLATION)
        return
    if (
        len(password) < policy.minimum_password_length
        or (policy.require_symbols and not kinds["symbol"])
        or (policy.require_numbers and not kinds["number"])
        or (policy.require_uppercase_characters and not kinds["upper"])
        or (policy.require_lowercase_characters and not kinds["lower"])
    ):
        raise PasswordPolicyViolation(_VIOLATION)
    reuse = policy.password_reuse_prevention
    if reuse and user_id is not None and password in state.history.get(user_id, [])[-reuse:]:
        raise PasswordPolicyViolation(_VIOLATION)


def remember_password(account: Account, user_id: str, password: str) -> None:
    state = account.state(PasswordPolicyState)
    state.changed[user_id] = clock.now()
    hist = state.history.setdefault(user_id, [])
    hist.append(password)
    del hist[:-24]  # AWS remembers at most 24 previous passwords
