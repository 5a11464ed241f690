"""Where each statement sits in the document text, as the policy simulator reports it.

AWS gives 1-based line and column positions in the text as submitted. In a Statement list the
first statement starts at its `{` and each later one at the comma before it; a statement ends
one column past its `}`. For an object-form `"Statement": {...}` the start is one column after
the `{` (recorded responses). A small scanner finds them: strings (with escapes) and nested
brackets are skipped, and the last top-level "Statement" key wins, as it does for json.loads.

Line breaks: `\\n`, `\\r\\n` and a lone `\\r` each end a line (our choice; AWS's handling of
`\\r` is not documented).
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass

_WS = " \t\n\r"


@dataclass(frozen=True, order=True)
class Position:
    line: int
    column: int


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        i, n = 0, len(text)
        while i < n:
            c = text[i]
            if c == "\n" or c == "\r":
                if c == "\r" and i + 1 < n and text[i + 1] == "\n":
                    i += 1
                starts.append(i + 1)
            i += 1
        self.line_starts = starts

    def position(self, index: int) -> Position:
        line = bisect_right(self.line_starts, index)
        return Position(line, index - self.line_starts[line - 1] + 1)

    def ws(self, i: int) -> int:
        text, n = self.text, len(self.text)
        while i < n and text[i] in _WS:
            i += 1
        return i

    def string_end(self, i: int) -> int:
        """Index just past the string starting at text[i] == '"'."""
        text, n = self.text, len(self.text)
        i += 1
        while i < n:
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if c == '"':
                return i + 1
            i += 1
        raise ValueError("unterminated string")

    def value_end(self, i: int) -> int:
        """Index just past the JSON value starting at i (no validation beyond nesting)."""
        text, n = self.text, len(self.text)
        if i >= n:
            raise ValueError("missing value")
        c = text[i]
        if c == '"':
            return self.string_end(i)
        if c in "{[":
            depth = 0
            while i < n:
                c = text[i]
                if c == '"':
                    i = self.string_end(i)
                    continue
                if c in "{[":
                    depth += 1
                elif c in "}]":
                    depth -= 1
                    if depth == 0:
                        return i + 1
                i += 1
            raise ValueError("unbalanced brackets")
        while i < n and text[i] not in ",}] \t\n\r":
            i += 1
        return i


def statement_spans(text: str) -> list[tuple[Position, Position]]:
    """(start, end) of each statement, in order; [] when the text has no readable Statement."""
    try:
        return _spans(_Scanner(text))
    except (ValueError, IndexError):
        return []


def _spans(sc: _Scanner) -> list[tuple[Position, Position]]:
    text = sc.text
    i = sc.ws(0)
    if i >= len(text) or text[i] != "{":
        return []
    i = sc.ws(i + 1)
    found: list[tuple[Position, Position]] = []
    while i < len(text) and text[i] != "}":
        if text[i] != '"':
            return []
        key_end = sc.string_end(i)
        key = json.loads(text[i:key_end])
        i = sc.ws(key_end)
        if text[i] != ":":
            return []
        i = sc.ws(i + 1)
        end = sc.value_end(i)
        if key == "Statement":
            found = _statement_value(sc, i, end)
        i = sc.ws(end)
        if i < len(text) and text[i] == ",":
            i = sc.ws(i + 1)
    return found


def _statement_value(sc: _Scanner, i: int, end: int) -> list[tuple[Position, Position]]:
    text = sc.text
    if text[i] == "{":
        start = sc.position(i)
        return [(Position(start.line, start.column + 1), _past(sc.position(end - 1)))]
    if text[i] != "[":
        return []
    spans: list[tuple[Position, Position]] = []
    j = sc.ws(i + 1)
    comma: int | None = None
    while j < end - 1:
        if text[j] == ",":
            comma = j
            j = sc.ws(j + 1)
            continue
        item_end = sc.value_end(j)
        begin = j if comma is None or not spans else comma
        spans.append((sc.position(begin), _past(sc.position(item_end - 1))))
        j = sc.ws(item_end)
    return spans


def _past(p: Position) -> Position:
    return Position(p.line, p.column + 1)
