"""Identity pools and identities of one account, in every region.

Plain dataclasses as in the user-pool model: the handlers own the rules; the state keeps the
index that finds the identity a login is linked to in O(1).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..model.account import Account


@dataclass
class IdentityPool:
    id: str  # "<region>:<uuid>"
    name: str
    region: str
    arn: str
    created: _dt.datetime
    allow_unauthenticated: bool
    settings: dict[str, Any]  # the other IdentityPool members a request set
    tags: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "authenticated"/"unauthenticated"
    role_mappings: dict[str, dict[str, Any]] = field(default_factory=dict)
    order: int = 0  # creation order: listings are in it


@dataclass
class Identity:
    id: str  # "<region>:<uuid>"
    pool_id: str
    created: _dt.datetime
    modified: _dt.datetime
    logins: dict[str, str] = field(default_factory=dict)  # provider name -> subject
    order: int = 0


class IdentityState:
    """cognito-identity state of an account (Account.state(IdentityState))."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self.pools: dict[str, IdentityPool] = {}
        self.identities: dict[str, Identity] = {}
        self.linked: dict[tuple[str, str, str], str] = {}  # (pool, provider, subject) -> id
        self.created = 0

    def add_pool(self, pool: IdentityPool) -> None:
        self.created += 1
        pool.order = self.created
        self.pools[pool.id] = pool

    def add_identity(self, identity: Identity) -> None:
        self.created += 1
        identity.order = self.created
        self.identities[identity.id] = identity

    def pool(self, pool_id: str, region: str) -> IdentityPool | None:
        p = self.pools.get(pool_id)
        return p if p is not None and p.region == region else None

    def link(self, identity: Identity, provider: str, subject: str) -> None:
        identity.logins[provider] = subject
        self.linked[(identity.pool_id, provider, subject)] = identity.id

    def drop_pool(self, pool: IdentityPool) -> None:
        del self.pools[pool.id]
        for key in [k for k in self.linked if k[0] == pool.id]:
            del self.linked[key]
        for iid in [i for i, x in self.identities.items() if x.pool_id == pool.id]:
            del self.identities[iid]
