"""Lookups and IDs every cognito-identity handler shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..cognito.common import new_uuid
from . import errors as E
from .model import Identity, IdentityPool, IdentityState

if TYPE_CHECKING:
    from ..dispatch import Call

S = "cognito-identity"


def state(call: Call) -> IdentityState:
    return call.account.state(IdentityState)


def pool_of(call: Call, pool_id: str) -> IdentityPool:
    pool = state(call).pool(pool_id, call.region)
    if pool is None:
        raise E.pool_missing(pool_id)
    return pool


def identity_of(call: Call, identity_id: str) -> tuple[Identity, IdentityPool]:
    st = state(call)
    identity = st.identities.get(identity_id)
    pool = st.pool(identity.pool_id, call.region) if identity is not None else None
    if identity is None or pool is None:
        raise E.identity_missing(identity_id)
    return identity, pool


def new_id(call: Call) -> str:
    """"<region>:<GUID>", the format of identity pool and identity IDs."""
    return f"{call.region}:{new_uuid(call)}"
