"""Operation name -> handler: handler modules register themselves on import."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .call import Call

Handler = Callable[["Call", dict[str, Any]], dict[str, Any]]
HANDLERS: dict[tuple[str, str], Handler] = {}
loaded = False


def handler(service: str, operation: str) -> Callable[[Handler], Handler]:
    """Register `fn` as the implementation of service:operation."""

    def register(fn: Handler) -> Handler:
        HANDLERS[(service, operation)] = fn
        return fn

    return register


def load_handlers() -> None:
    """Import every module of the handler packages once; they register themselves."""
    global loaded
    if loaded:
        return
    from .. import handlers, sts
    from ..cognito import handlers as cognito_handlers
    from ..cognito_identity import handlers as identity_handlers

    for pkg in (handlers, sts, cognito_handlers, identity_handlers):
        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
    loaded = True


