"""The engine's own error: callers map it to MalformedPolicyDocument (or their own error).

The engine is pure and raises no IAMError; document.py stays the authority on grammar and on
AWS's messages, so this error only says, for a developer, why the engine could not read a text.
"""

from __future__ import annotations


class PolicyEngineError(ValueError):
    """A policy text or request the engine cannot evaluate."""
