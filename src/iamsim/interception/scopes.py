"""Which scope answers a call made in this thread.

The model (documented in the README):
- A scope belongs to the thread that started it and to the threads created while it is active
  in that thread (they inherit the scopes their creator could see, at creation).
- A thread that belongs to no scope (one created before any scope, such as a long-lived worker
  pool) is answered by the active scope of the process while only one thread has active
  scopes; when scopes are active in several threads at once, such a thread cannot tell which
  one it serves, and its call fails with ScopeConflictError instead of reaching the wrong
  account.
- Scopes nest per thread: the innermost active one answers.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..mock import IamSim

_local = threading.local()
_lock = threading.RLock()
# Thread -> the scopes it started that are still active, oldest first. The thread-local
# `stack` of that thread is the same list, so the hot path never takes the lock.
_owners: dict[threading.Thread, list[IamSim]] = {}
_original_thread_init: Any = None


class ScopeConflictError(RuntimeError):
    """A thread that belongs to no scope called AWS while scopes are active in several threads."""


def push(sim: IamSim) -> None:
    with _lock:
        thread = threading.current_thread()
        stack = _owners.get(thread)
        if stack is None:
            stack = _owners[thread] = []
            _local.stack = stack
        stack.append(sim)
        sim._owner = thread


def pop(sim: IamSim) -> None:
    """Remove `sim` from its owner's scopes (it may be stopped from another thread)."""
    with _lock:
        owner = getattr(sim, "_owner", None)
        stack = _owners.get(owner) if owner is not None else None
        if stack is not None and sim in stack:
            stack.remove(sim)
            if not stack:
                del _owners[owner]  # type: ignore[arg-type]
                if owner is threading.current_thread():
                    _local.stack = None
        sim._owner = None


def any_active() -> bool:
    return bool(_owners)


def visible() -> tuple[IamSim, ...]:
    """The scopes this thread can see, innermost last."""
    inherited = tuple(
        s for s in getattr(threading.current_thread(), "_iamsim_scopes", ()) if s.active)
    return inherited + tuple(getattr(_local, "stack", None) or ())


def current() -> IamSim | None:
    """The scope that answers this thread's calls (None outside every scope)."""
    stack = getattr(_local, "stack", None)
    if stack:
        return stack[-1]
    if not _owners:
        return None
    return _current_slow()


def _current_slow() -> IamSim | None:
    for sim in reversed(getattr(threading.current_thread(), "_iamsim_scopes", ())):
        if sim.active:
            return sim
    with _lock:
        for t in [t for t in _owners if not t.is_alive()]:
            del _owners[t]  # a thread that ended inside its scope
        owners = list(_owners.items())
    if not owners:
        return None
    if len(owners) == 1:
        return owners[0][1][-1]
    names = ", ".join(sorted(t.name for t, _ in owners))
    raise ScopeConflictError(
        f"iamsim: thread {threading.current_thread().name!r} belongs to no mock_iam scope, and "
        f"scopes are active in several threads ({names}); start the scope in this thread, or "
        "create this thread while the scope is active in the thread that should own it"
    )


def _thread_init(self: threading.Thread, *args: Any, **kwargs: Any) -> None:
    _original_thread_init(self, *args, **kwargs)
    seen = visible()
    if seen:
        self._iamsim_scopes = seen  # type: ignore[attr-defined]


def install() -> None:
    """Threads created from now on remember the scopes their creator sees."""
    global _original_thread_init
    if _original_thread_init is None:
        _original_thread_init = threading.Thread.__init__
        threading.Thread.__init__ = _thread_init  # type: ignore[method-assign]


def uninstall() -> None:
    global _original_thread_init
    if _original_thread_init is not None:
        threading.Thread.__init__ = _original_thread_init  # type: ignore[method-assign]
        _original_thread_init = None
