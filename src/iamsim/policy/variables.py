"""Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}`, `${*}`, `${?}`, `${$}`.

A value is parsed once into a `Template`. Variables exist only in documents of Version
2012-10-17 (in 2008-10-17 or without Version the text is literal, as the User Guide says), in
the resource part of a Resource ARN (after the fifth colon) and in String, Arn and Bool
condition values.

What a variable puts in a wildcard pattern is literal text: `${*}` is a star that matches only
a star. Literal `*` and `?` are written as the private-use characters STAR and QMARK so that
the linear-time `glob_match` can still be used: the text being matched gets the same
translation (`escape_text`). A variable with no value and no default makes the value match
nothing (the User Guide: "any attempt to match it fails"); the key is reported as missing.
Substituted values are taken literally, whatever characters they hold (our choice).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

STAR = "\ue000"
QMARK = "\ue001"
_ESCAPE = str.maketrans({"*": STAR, "?": QMARK})
_UNESCAPE = str.maketrans({STAR: "*", QMARK: "?"})
_SPECIAL = {"*": STAR, "?": QMARK, "$": "$"}

Context = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class Var:
    key: str  # lower-cased: condition key names are case-insensitive
    written: str
    default: str | None


@dataclass(frozen=True)
class Template:
    """Policy text with variables; `static` is the resolved text when there are none."""

    parts: tuple[str | Var, ...]
    static: str | None

    @property
    def variables(self) -> tuple[Var, ...]:
        return tuple(p for p in self.parts if isinstance(p, Var))

    def resolve(self, ctx: Context, missing: list[str]) -> str | None:
        """The pattern text for this request, or None when a variable has no value."""
        if self.static is not None:
            return self.static
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = ctx.get(part.key)
            if value is not None and len(value) == 1:
                out.append(value[0].translate(_ESCAPE))
            elif part.default is not None:
                if value is None:
                    missing.append(part.written)
                out.append(part.default.translate(_ESCAPE))
            else:
                if value is None:
                    missing.append(part.written)
                return None
        return "".join(out)


def literal(text: str) -> Template:
    return Template((text,), text)


def parse(text: str, enabled: bool = True) -> Template:
    """A template for `text`; with `enabled` False (old Version) everything is literal."""
    if not enabled or "${" not in text:
        return literal(text)
    parts: list[str | Var] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        start = text.find("${", i)
        if start < 0:
            buf.append(text[i:])
            break
        close = text.find("}", start + 2)
        if close < 0:
            buf.append(text[i:])
            break
        buf.append(text[i:start])
        inner = text[start + 2:close]
        item = _variable(inner)
        if item is None:
            buf.append(text[start:close + 1])
        elif isinstance(item, str):
            buf.append(item)
        else:
            if buf:
                parts.append("".join(buf))
                buf = []
            parts.append(item)
        i = close + 1
    if buf:
        parts.append("".join(buf))
    if not any(isinstance(p, Var) for p in parts):
        flat = "".join(p for p in parts if isinstance(p, str))
        return Template((flat,), flat)
    return Template(tuple(parts), None)


def _variable(inner: str) -> str | Var | None:
    """A special character, a variable, or None when `inner` is not a variable (kept as text)."""
    if inner in _SPECIAL:
        return _SPECIAL[inner]
    name, comma, rest = inner.partition(",")
    name = name.strip()
    if not name:
        return None
    default = None
    if comma:
        rest = rest.strip()
        if len(rest) < 2 or rest[0] != "'" or rest[-1] != "'":
            return None
        default = rest[1:-1]
    return Var(name.lower(), name, default)


def has_escapes(pattern: str) -> bool:
    return STAR in pattern or QMARK in pattern


def escape_text(text: str) -> str:
    """The request's text in the alphabet of patterns that hold literal stars or marks."""
    return text.translate(_ESCAPE)


def unescape(pattern: str) -> str:
    """A resolved template as plain text (for equality operators)."""
    return pattern.translate(_UNESCAPE)
