"""Who is calling: resolved from the access key that signed the request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InvalidClientTokenId

if TYPE_CHECKING:
    from .model.account import Account
    from .model.users import AccessKey, User
    from .signing import Proof


@dataclass
class Caller:
    kind: str  # "root", "user", "assumed-role", "federated-user"
    arn: str
    user_id: str
    account_id: str
    access_key_id: str | None = None
    user: User | None = None
    key: AccessKey | None = None
    session: Any = None  # temporary-credential session, when the key is one

    @property
    def is_root(self) -> bool:
        return self.kind == "root"


_INVALID_TOKEN = "The security token included in the request is invalid."


def authenticate(account: Account, proof: Proof | None) -> Caller:
    """Map a signing key to a principal. Keys iamsim never issued belong to the root user,
    so plain fake credentials keep working; an inactive key, a wrong secret or a wrong session
    token is refused as AWS refuses it."""
    access_key_id = proof.access_key_id if proof is not None else None
    if access_key_id:
        key = account.access_keys.get(access_key_id)
        if key is not None:
            if key.status != "Active":
                raise InvalidClientTokenId(_INVALID_TOKEN)
            if proof is not None:
                proof.check(key.secret, None)
            if key.user_id is None:
                return Caller("root", account.root_arn, account.id, account.id, access_key_id,
                              None, key)
            user = account.users.by_id(key.user_id)
            assert user is not None
            return Caller("user", user.arn, user.id, account.id, access_key_id, user, key)
        resolver = getattr(account, "resolve_temporary_key", None)
        if resolver is not None:
            session_caller: Caller | None = resolver(access_key_id)
            if session_caller is not None:
                session = session_caller.session
                if proof is not None and session is not None:
                    proof.check(session.secret, session.token)
                return session_caller
    return Caller("root", account.root_arn, account.id, account.id, access_key_id)
