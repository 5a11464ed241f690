"""One emulated AWS account: every entity family, its indexes, quotas, IDs and a lock."""

from __future__ import annotations

import functools
import threading
from typing import Any, TypeVar

from .. import clock
from ..ids import FAKE_ACCESS_KEY, IdGenerator
from ..partitions import arn
from .quotas import Quotas
from .store import Table
from .users import AccessKey, User

S = TypeVar("S")


class Account:
    """State of one account. Handlers run under `lock`, so a call is atomic for other threads.

    Entity families other than users keep their state in objects reached through `state()`,
    created on first use so that an empty scope costs nothing.
    """

    def __init__(
        self,
        account_id: str = "123456789012",
        seed: int | str | None = None,
        quotas: dict[str, int] | None = None,
        partition: str = "aws",
    ) -> None:
        self.id = account_id
        self.partition = partition  # the same id in two partitions is two accounts, as in AWS
        self.ids = IdGenerator(seed)
        self.quotas = Quotas(quotas)
        self.lock = threading.RLock()
        self.users: Table[User] = Table()
        self.access_keys: dict[str, AccessKey] = {}
        # Keys this account issued and then deleted: AWS refuses them forever.
        self.revoked_keys: set[str] = set()
        # The root user's Caller for each key iamsim did not issue (caller.authenticate).
        self.root_callers: dict[str, Any] = {}
        self._states: dict[type, Any] = {}
        # Bumped by every call that may change state: caches of derived facts (a caller's
        # policies for enforcement) are valid while it stays the same.
        self.generation = 0
        self.derived: dict[Any, tuple[int, Any]] = {}
        self.created = clock.now()

    def state(self, cls: type[S]) -> S:
        """The family state object of type `cls` (constructed as cls(account) on first use)."""
        s = self._states.get(cls)
        if s is None:
            s = self._states[cls] = cls(self)  # type: ignore[call-arg]
        return s

    # Another account of the same scope and partition, by ID (None outside the scope); the
    # scope sets it when it makes the account.
    @staticmethod
    def peer(account_id: str) -> Account | None:
        return None

    # The organization of the scope in this partition, if the scope has one (it may not
    # include this account); the scope sets it when it makes the account.
    @staticmethod
    def organization() -> Any:
        return None

    # The fake key the scope puts in the environment: its root user, also in strict mode.
    scope_root_key = FAKE_ACCESS_KEY

    # Temporary credentials (STS sessions) register a resolver here: key id -> Caller or None.
    resolve_temporary_key: Any = None

    def has_state(self, cls: type) -> bool:
        return cls in self._states

    @functools.cached_property
    def root_arn(self) -> str:
        return self.arn("iam", "root")

    def arn(self, service: str, resource: str, region: str = "") -> str:
        """An ARN of this account's partition: every ARN iamsim makes is formatted here."""
        return arn(self.partition, service, self.id, resource, region)
