"""Calls iamsim hands to another mock although it answers their service itself: the copies of
IAM roles that moto's own services look up in moto's IAM (interop/moto_iam.py). While this
thread hands a call over, neither path answers it; the other mock's `before-send` does, and
if none is active the request is refused like any unanswered one."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

_local = threading.local()


def active() -> bool:
    return bool(getattr(_local, "on", False))


@contextlib.contextmanager
def handing_over() -> Iterator[None]:
    before = active()
    _local.on = True
    try:
        yield
    finally:
        _local.on = before
