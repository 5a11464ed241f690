"""The scope's Python API for Cognito (`sim.cognito`): what AWS would have sent by e-mail or
SMS, and the keys a relying party would fetch from the pool's JWKS URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import Code, CognitoState
from .tokens import jwks

if TYPE_CHECKING:
    from ..model.account import Account


class CognitoView:
    """`sim.cognito` of a mock_iam scope."""

    def __init__(self, account: Account) -> None:
        self._state = account.state(CognitoState)

    def messages(self, pool_id: str | None = None, username: str | None = None,
                 kind: str | None = None) -> list[Code]:
        """Every code sent, oldest first, optionally only of one pool, user or kind.

        Kinds: "signup" (SignUp, ResendConfirmationCode), "forgot_password" (ForgotPassword,
        AdminResetUserPassword), "verify_attribute" (attribute changes,
        GetUserAttributeVerificationCode) and "invitation" (AdminCreateUser; the code is the
        temporary password)."""
        return [c for c in self._state.codes
                if (pool_id is None or c.pool_id == pool_id)
                and (username is None or c.username == username)
                and (kind is None or c.kind == kind)]

    def code(self, pool_id: str, username: str, kind: str | None = None) -> str:
        """The latest code sent to the user (of `kind` if given); KeyError if none was."""
        sent = self.messages(pool_id, username, kind)
        if not sent:
            raise KeyError(f"no code was sent to {username!r} in {pool_id}")
        return sent[-1].code

    def jwks(self, pool_id: str) -> dict[str, Any]:
        """The pool's JSON Web Key Set, as served at
        https://cognito-idp.<region>.amazonaws.com/<pool_id>/.well-known/jwks.json"""
        pool = self._state.pools.get(pool_id)
        if pool is None:
            raise KeyError(f"no user pool {pool_id}")
        return jwks(pool)
