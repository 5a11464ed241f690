"""Dispatch: operation name -> handler (registry.py), what a handler knows of the request
(call.py), and the pipeline both interception paths share (pipeline.py)."""

from ..errors import IAMError
from .call import Call
from .pipeline import ACCESS_DENIED_CODES, VALIDATION_CODES, execute
from .registry import HANDLERS, Handler, handler, load_handlers

__all__ = ["ACCESS_DENIED_CODES", "HANDLERS", "VALIDATION_CODES", "Call", "Handler", "IAMError",
           "execute", "handler", "load_handlers"]
