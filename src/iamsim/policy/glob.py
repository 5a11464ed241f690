"""IAM wildcard matching (`*` any run, `?` one character) without backtracking.

Policy patterns come from the caller, so a regular expression built from them can be made to
backtrack exponentially (`a*a*a*a*a*a*a*b`). This matcher splits the pattern at `*` and places
each literal segment at its leftmost possible position: a leftmost placement never prevents a
later segment from matching, so no choice is ever undone. Time is O(len(text) * len(pattern))
at worst, and plain `str.find` scans the segments without `?`.
"""

from __future__ import annotations

from functools import lru_cache


def _seg_at(text: str, seg: str, pos: int) -> bool:
    """Does `seg` (which may hold `?`) match text[pos:pos+len(seg)]?"""
    if pos + len(seg) > len(text):
        return False
    return all(c == "?" or text[pos + i] == c for i, c in enumerate(seg))


def _find(text: str, seg: str, start: int, end: int) -> int:
    """Leftmost position >= start where `seg` fits and ends by `end`, or -1."""
    if "?" not in seg:
        return text.find(seg, start, end)
    last = end - len(seg)
    for pos in range(start, last + 1):
        if _seg_at(text, seg, pos):
            return pos
    return -1


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> tuple[str, ...] | None:
    """The literal segments between stars; None when the pattern has no `*`."""
    if "*" not in pattern:
        return None
    return tuple(pattern.split("*"))


def glob_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """True when `text` as a whole matches the IAM wildcard `pattern`."""
    if ignore_case:
        pattern, text = pattern.lower(), text.lower()
    segs = _compile(pattern)
    if segs is None:
        if "?" not in pattern:
            return pattern == text
        return len(pattern) == len(text) and _seg_at(text, pattern, 0)
    first, *middle, last = segs
    n = len(text)
    if len(first) + len(last) > n:
        return False
    if not _seg_at(text, first, 0):
        return False
    end = n - len(last)
    if not _seg_at(text, last, end):
        return False
    pos = len(first)
    for seg in middle:
        if not seg:
            continue
        found = _find(text, seg, pos, end)
        if found < 0:
            return False
        pos = found + len(seg)
    return True


def has_wildcard(pattern: str) -> bool:
    return "*" in pattern or "?" in pattern
