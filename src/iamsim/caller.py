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


def anonymous(account: Account) -> Caller:
    """The caller of an operation AWS answers unsigned (AssumeRoleWithSAML, ...)."""
    return Caller("anonymous", "", "", account.id)


def authenticate(account: Account, proof: Proof, strict: bool = False) -> Caller:
    """Map a signing key to a principal, refusing what AWS refuses: an inactive or deleted key,
    a wrong secret, a session token that is not the key's, temporary credentials iamsim did not
    issue. Any other key iamsim never issued is the account's root user, so plain fake
    credentials keep working; with `strict`, only the scope's own keys are accepted."""
    access_key_id = proof.access_key_id
    if not access_key_id:
        raise InvalidClientTokenId(_INVALID_TOKEN)
    key = account.access_keys.get(access_key_id)
    if key is not None:
        if key.status != "Active" or proof.token is not None:
            # A long-term key is never sent with a session token.
            raise InvalidClientTokenId(_INVALID_TOKEN)
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
            if session is not None:
                proof.check(session.secret, session.token)
            return session_caller
    if (access_key_id in account.revoked_keys or proof.token is not None
            or access_key_id.startswith("ASIA")):
        # Deleted keys stay refused, and temporary credentials only exist when STS issued them.
        raise InvalidClientTokenId(_INVALID_TOKEN)
    if strict and access_key_id != account.scope_root_key:
        raise InvalidClientTokenId(_INVALID_TOKEN)
    # Nothing changes a Caller, so each such key's root caller is made once per account.
    roots = account.root_callers
    caller = roots.get(access_key_id)
    if caller is None:
        caller = roots[access_key_id] = Caller("root", account.root_arn, account.id,
                                               account.id, access_key_id)
    return caller
