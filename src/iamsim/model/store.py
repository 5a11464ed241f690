"""Indexed tables: O(1) lookup by name (case-insensitive), id and ARN; ordered iteration."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from typing import Generic, Protocol, TypeVar


class Entity(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def arn(self) -> str: ...


T = TypeVar("T")


class Table(Generic[T]):
    """Entities of one kind. Names are unique regardless of case, as IAM requires.

    The sort key is the folded name, which is also the listing order; a sorted key list
    (maintained with bisect) lets a paginated listing start at any key without a scan.
    """

    def __init__(
        self,
        name_of: Callable[[T], str] = lambda e: e.name,  # type: ignore[attr-defined]
        id_of: Callable[[T], str] | None = lambda e: e.id,  # type: ignore[attr-defined]
        arn_of: Callable[[T], str] | None = lambda e: e.arn,  # type: ignore[attr-defined]
    ) -> None:
        self._name_of = name_of
        self._id_of = id_of
        self._arn_of = arn_of
        self._by_key: dict[str, T] = {}
        self._keys: list[str] = []
        self._by_id: dict[str, T] = {}
        self._by_arn: dict[str, T] = {}

    @staticmethod
    def fold(name: str) -> str:
        return name.lower()

    def __len__(self) -> int:
        return len(self._by_key)

    def __contains__(self, name: str) -> bool:
        return name.lower() in self._by_key

    def get(self, name: str) -> T | None:
        return self._by_key.get(name.lower())

    def by_id(self, entity_id: str) -> T | None:
        return self._by_id.get(entity_id)

    def by_arn(self, arn: str) -> T | None:
        return self._by_arn.get(arn)

    def add(self, entity: T) -> None:
        key = self._name_of(entity).lower()
        if key in self._by_key:
            raise KeyError(key)
        self._by_key[key] = entity
        bisect.insort(self._keys, key)
        self._index(entity)

    def remove(self, entity: T) -> None:
        key = self._name_of(entity).lower()
        del self._by_key[key]
        i = bisect.bisect_left(self._keys, key)
        del self._keys[i]
        self._unindex(entity)

    def reindex(self, entity: T, old_name: str, old_arn: str | None = None) -> None:
        """Call after renaming or moving an entity (its name or path changed)."""
        old_key = old_name.lower()
        del self._by_key[old_key]
        del self._keys[bisect.bisect_left(self._keys, old_key)]
        if self._arn_of is not None and old_arn is not None:
            self._by_arn.pop(old_arn, None)
        key = self._name_of(entity).lower()
        self._by_key[key] = entity
        bisect.insort(self._keys, key)
        self._index(entity)

    def _index(self, entity: T) -> None:
        if self._id_of is not None:
            self._by_id[self._id_of(entity)] = entity
        if self._arn_of is not None:
            self._by_arn[self._arn_of(entity)] = entity

    def _unindex(self, entity: T) -> None:
        if self._id_of is not None:
            self._by_id.pop(self._id_of(entity), None)
        if self._arn_of is not None:
            self._by_arn.pop(self._arn_of(entity), None)

    def values(self) -> Iterator[T]:
        """All entities in listing order."""
        by_key = self._by_key
        return (by_key[k] for k in self._keys)

    def items_from(self, start: str | None) -> Iterator[tuple[str, T]]:
        """(key, entity) pairs in order, from the first key >= start."""
        keys = self._keys
        by_key = self._by_key
        i = 0 if start is None else bisect.bisect_left(keys, start)
        for j in range(i, len(keys)):
            k = keys[j]
            yield k, by_key[k]
