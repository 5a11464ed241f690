"""ARN matching as IAM does it: segment by segment, case-sensitively, wildcards within segments.

An ARN has six colon-separated parts and the last (the resource) may itself hold colons, so a
`*` in the first five parts never crosses a colon while one in the resource part may. Every
comparison is a `glob_match` (linear time); nothing is turned into a regular expression.
"""

from __future__ import annotations

from .glob import glob_match
from .variables import escape_text, has_escapes


def split_arn(text: str) -> list[str] | None:
    parts = text.split(":", 5)
    return parts if len(parts) == 6 else None


def arn_matches(pattern: str, text: str, *, whole_fallback: bool = False) -> bool:
    """Does the ARN pattern match the ARN `text`?

    `whole_fallback`: when either side is not a six-part ARN, match the whole strings instead
    (the Resource element, where "*" and odd values must still be compared); without it a
    non-ARN never matches (the Arn* condition operators).
    """
    if pattern == "*":
        return True
    if has_escapes(pattern):
        text = escape_text(text)
    p = split_arn(pattern)
    t = split_arn(text) if p is not None else None
    if p is None or t is None:
        return whole_fallback and glob_match(pattern, text)
    return all(a == b or glob_match(a, b) for a, b in zip(p, t, strict=True))
