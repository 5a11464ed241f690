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

    A six-part pattern matches six-part ARNs only. `whole_fallback`: a pattern that is not an
    ARN at all (no "arn:" prefix) is matched against the whole text (the Resource element);
    without it, or for a truncated ARN such as "arn:aws:*" (which the validator rejects), it
    matches nothing, so a short pattern never widens access.
    """
    if pattern == "*":
        return True
    if has_escapes(pattern):
        text = escape_text(text)
    p = split_arn(pattern)
    if p is None:
        return whole_fallback and not pattern.startswith("arn:") and glob_match(pattern, text)
    t = split_arn(text)
    if t is None:
        return False
    return all(a == b or glob_match(a, b) for a, b in zip(p, t, strict=True))
