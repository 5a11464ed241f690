"""The one pagination mechanism every list operation shares: MaxItems, Marker, IsTruncated."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from .errors import ValidationError

T = TypeVar("T")
DEFAULT_MAX_ITEMS = 100
_MARKER_PREFIX = "iamsim1:"


def encode_marker(key: str) -> str:
    return base64.b64encode((_MARKER_PREFIX + key).encode()).decode()


def decode_marker(marker: str | None) -> str | None:
    if marker is None:
        return None
    try:
        raw = base64.b64decode(marker.encode(), validate=True).decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise ValidationError("Invalid Marker.") from None
    if not raw.startswith(_MARKER_PREFIX):
        raise ValidationError("Invalid Marker.")
    return raw[len(_MARKER_PREFIX) :]


def paginate(
    params: dict[str, Any],
    items_from: Callable[[str | None], Iterable[tuple[str, T]]],
    accept: Callable[[T], bool] | None = None,
    marker_key: str = "Marker",
    max_key: str = "MaxItems",
) -> tuple[list[T], dict[str, Any]]:
    """Return one page and the IsTruncated/Marker members of the response.

    items_from(start) yields (sort key, item) from the first key >= start; the marker
    names the first item not returned, so deletions between pages do not skip items.
    """
    start = decode_marker(params.get(marker_key))
    limit = params.get(max_key) or DEFAULT_MAX_ITEMS
    page: list[T] = []
    for key, item in items_from(start):
        if accept is not None and not accept(item):
            continue
        if len(page) == limit:
            return page, {"IsTruncated": True, marker_key: encode_marker(key)}
        page.append(item)
    return page, {"IsTruncated": False}


def sorted_source(pairs: Sequence[tuple[str, T]]) -> Callable[[str | None], Iterator[tuple[str, T]]]:
    """Adapt an already sorted list of (key, item) pairs for paginate()."""
    import bisect

    keys = [k for k, _ in pairs]

    def items_from(start: str | None) -> Iterator[tuple[str, T]]:
        i = 0 if start is None else bisect.bisect_left(keys, start)
        return iter(pairs[i:])

    return items_from


def paginate_list(
    params: dict[str, Any], items: Iterable[T], key: Callable[[T], str], **kw: Any
) -> tuple[list[T], dict[str, Any]]:
    """Paginate a computed collection, ordered by key."""
    pairs = sorted(((key(i), i) for i in items), key=lambda p: p[0])
    return paginate(params, sorted_source(pairs), **kw)


def paginate_in_order(
    params: dict[str, Any], items: Iterable[T]
) -> tuple[list[T], dict[str, Any]]:
    """Paginate a small collection in its own order (creation order, for instance)."""
    pairs = [(f"{i:06d}", item) for i, item in enumerate(items)]
    return paginate(params, sorted_source(pairs))
