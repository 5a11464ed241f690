"""Condition operators of the IAM reference, compiled once per statement.

Rules (IAM User Guide, "Condition operators" and "Set operators for multivalued context keys"):
- A key absent from the request makes a condition false, a negated one (StringNotEquals,
  NotIpAddress, ArnNotLike...) true, and any ...IfExists one true. Null tests presence.
- Under ForAllValues / ForAnyValue a missing or empty key makes ForAllValues true and
  ForAnyValue false, whatever the operator (negated or IfExists alike).
- ForAllValues: every request value matches some policy value; ForAnyValue (and a plain
  operator given several request values): some request value does. A negated operator
  matches a request value that equals none of the policy values.
- Key names are case-insensitive; values are compared as each operator says.
- Policy variables only in String, Arn and Bool values (see variables.py).
- An operator the engine does not know never widens access: it holds in a Deny statement and
  fails in an Allow statement.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any

from .arns import arn_matches
from .glob import glob_match
from .variables import Context, Template, escape_text, has_escapes, literal, parse, unescape

SET_QUALIFIERS = ("ForAllValues", "ForAnyValue")

# family, negated
_OPERATORS: dict[str, tuple[str, bool]] = {
    "StringEquals": ("StringEquals", False),
    "StringNotEquals": ("StringEquals", True),
    "StringEqualsIgnoreCase": ("StringEqualsIgnoreCase", False),
    "StringNotEqualsIgnoreCase": ("StringEqualsIgnoreCase", True),
    "StringLike": ("StringLike", False),
    "StringNotLike": ("StringLike", True),
    "NumericEquals": ("NumericEquals", False),
    "NumericNotEquals": ("NumericEquals", True),
    "NumericLessThan": ("NumericLessThan", False),
    "NumericLessThanEquals": ("NumericLessThanEquals", False),
    "NumericGreaterThan": ("NumericGreaterThan", False),
    "NumericGreaterThanEquals": ("NumericGreaterThanEquals", False),
    "DateEquals": ("DateEquals", False),
    "DateNotEquals": ("DateEquals", True),
    "DateLessThan": ("DateLessThan", False),
    "DateLessThanEquals": ("DateLessThanEquals", False),
    "DateGreaterThan": ("DateGreaterThan", False),
    "DateGreaterThanEquals": ("DateGreaterThanEquals", False),
    "Bool": ("Bool", False),
    "BinaryEquals": ("BinaryEquals", False),
    "IpAddress": ("IpAddress", False),
    "NotIpAddress": ("IpAddress", True),
    "ArnEquals": ("ArnLike", False),
    "ArnLike": ("ArnLike", False),
    "ArnNotEquals": ("ArnLike", True),
    "ArnNotLike": ("ArnLike", True),
    "Null": ("Null", False),
}
_VARIABLE_FAMILIES = frozenset({"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnLike",
                                "Bool"})


# --- value parsing (fixed formats; cached because request values repeat) -------------------

def _number(text: str) -> float | None:
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


_ISO = re.compile(
    r"(\d{4})(?:-(\d{2})(?:-(\d{2})"
    r"(?:[Tt](\d{2})(?::(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?\Z"
)
_EPOCH = re.compile(r"-?\d+(\.\d+)?\Z")
_EPOCH0 = datetime(1970, 1, 1, tzinfo=timezone.utc)


@lru_cache(maxsize=1024)
def parse_date(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 date or date-time (W3C profile; UTC unless an
    offset is given) or an epoch number; None when `text` is neither."""
    text = text.strip()
    if _EPOCH.match(text) and not (len(text) == 4 and text.isdigit()):
        return float(text)
    m = _ISO.match(text)
    if m is None:
        return None
    year, month, day, hour, minute, second, frac, tz = m.groups()
    try:
        dt = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0),
                      int(minute or 0), int(second or 0), tzinfo=timezone.utc)
    except ValueError:
        return None
    seconds = (dt - _EPOCH0).total_seconds() + (float(frac) if frac else 0.0)
    if tz and tz not in "Zz":
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        seconds -= sign * offset.total_seconds()
    return seconds


@lru_cache(maxsize=256)
def _binary(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


@lru_cache(maxsize=512)
def _network(text: str) -> Any:
    import ipaddress  # only policies with IP conditions pay for the import

    try:
        return ipaddress.ip_network(text.strip(), strict=False)
    except ValueError:
        return None


def _in_network(value: str, net: Any) -> bool:
    addr = _network(value)
    if addr is None or net is None or addr.version != net.version:
        return False
    return bool(addr.subnet_of(net))


# --- comparisons: (request value, policy value) -> bool -----------------------------------

def _cmp_numeric(op: Callable[[float, float], bool]) -> Callable[[str, Any], bool]:
    def test(value: str, wanted: Any) -> bool:
        x = _number(value)
        return x is not None and wanted is not None and op(x, wanted)
    return test


def _cmp_date(op: Callable[[float, float], bool]) -> Callable[[str, Any], bool]:
    def test(value: str, wanted: Any) -> bool:
        x = parse_date(value)
        return x is not None and wanted is not None and op(x, wanted)
    return test


def _eq(a: float, b: float) -> bool:
    return a == b


def _lt(a: float, b: float) -> bool:
    return a < b


def _le(a: float, b: float) -> bool:
    return a <= b


def _gt(a: float, b: float) -> bool:
    return a > b


def _ge(a: float, b: float) -> bool:
    return a >= b


def _string_equals(value: str, wanted: str) -> bool:
    return value == unescape(wanted) if has_escapes(wanted) else value == wanted


def _string_equals_ic(value: str, wanted: str) -> bool:
    return value.casefold() == unescape(wanted).casefold()


def _string_like(value: str, wanted: str) -> bool:
    if has_escapes(wanted):
        value = escape_text(value)
    return glob_match(wanted, value)


def _bool(value: str, wanted: str) -> bool:
    return value.lower() == unescape(wanted).lower()


def _binary_equals(value: str, wanted: Any) -> bool:
    got = _binary(value)
    return got is not None and wanted is not None and got == wanted


def _ip(value: str, wanted: Any) -> bool:
    return _in_network(value, wanted)


def _arn_like(value: str, wanted: str) -> bool:
    return arn_matches(wanted, value)


_TESTS: dict[str, Callable[[str, Any], bool]] = {
    "StringEquals": _string_equals,
    "StringEqualsIgnoreCase": _string_equals_ic,
    "StringLike": _string_like,
    "NumericEquals": _cmp_numeric(_eq),
    "NumericLessThan": _cmp_numeric(_lt),
    "NumericLessThanEquals": _cmp_numeric(_le),
    "NumericGreaterThan": _cmp_numeric(_gt),
    "NumericGreaterThanEquals": _cmp_numeric(_ge),
    "DateEquals": _cmp_date(_eq),
    "DateLessThan": _cmp_date(_lt),
    "DateLessThanEquals": _cmp_date(_le),
    "DateGreaterThan": _cmp_date(_gt),
    "DateGreaterThanEquals": _cmp_date(_ge),
    "Bool": _bool,
    "BinaryEquals": _binary_equals,
    "IpAddress": _ip,
    "ArnLike": _arn_like,
}


def _precompiled(family: str, text: str) -> Any:
    """Policy values of operators without variables, parsed once."""
    if family.startswith("Numeric"):
        return _number(text)
    if family.startswith("Date"):
        return parse_date(text)
    if family == "BinaryEquals":
        return _binary(text)
    if family == "IpAddress":
        return _network(text)
    return text


@dataclass(frozen=True, eq=False)
class Condition:
    """One `operator: {key: values}` test, ready to evaluate."""

    written: str  # the operator as the document spells it
    key: str  # lower-cased
    key_written: str
    family: str | None  # None: an operator the engine does not know
    negated: bool
    qualifier: str | None
    if_exists: bool
    templates: tuple[Template, ...]  # String/Arn/Bool values
    parsed: tuple[Any, ...]  # other families' values

    def holds(self, ctx: Context, deny: bool, missing: list[str]) -> bool:
        if self.family is None:
            return deny
        actual = ctx.get(self.key)
        if actual is None:
            missing.append(self.key_written)
        if self.family == "Null":
            is_null = not actual
            return any((w == "true") == is_null for w in self.parsed)
        if not actual:
            if self.qualifier is not None:
                return self.qualifier == "ForAllValues"
            return self.if_exists or self.negated
        test = _TESTS[self.family]
        wanted: Sequence[Any]
        if self.templates:
            resolved = (t.resolve(ctx, missing) for t in self.templates)
            wanted = [w for w in resolved if w is not None]
        else:
            wanted = self.parsed
        negated = self.negated

        def matches(v: str) -> bool:
            hit = any(test(v, w) for w in wanted)
            return hit is not negated

        if self.qualifier == "ForAllValues":
            return all(matches(v) for v in actual)
        return any(matches(v) for v in actual)


def _split(written: str) -> tuple[str | None, str | None, bool, bool]:
    """qualifier, family (None when unknown), negated, if_exists."""
    qualifier = None
    op = written
    head, sep, rest = written.partition(":")
    if sep:
        if head not in SET_QUALIFIERS:
            return None, None, False, False
        qualifier, op = head, rest
    if_exists = op.endswith("IfExists") and op != "IfExists"
    if if_exists:
        op = op[: -len("IfExists")]
    entry = _OPERATORS.get(op)
    if entry is None or (if_exists and op == "Null"):
        return qualifier, None, False, if_exists
    family, negated = entry
    return qualifier, family, negated, if_exists


def compile_condition(written: str, key: str, values: Sequence[str], variables: bool) -> Condition:
    """`values` are strings already (booleans as "true"/"false", numbers as written)."""
    qualifier, family, negated, if_exists = _split(written)
    templates: tuple[Template, ...] = ()
    parsed: tuple[Any, ...] = ()
    if family in _VARIABLE_FAMILIES:
        templates = tuple(parse(v, variables) if variables else literal(v) for v in values)
    elif family == "Null":
        parsed = tuple(v.lower() for v in values)
    elif family is not None:
        parsed = tuple(_precompiled(family, v) for v in values)
    return Condition(written, key.lower(), key, family, negated, qualifier, if_exists,
                     templates, parsed)
