"""Server-side constraint checks from the botocore model, with AWS's ValidationError wording.

botocore checks types, required members and minimums on the client; AWS's server also checks
maximum lengths, patterns, enums and ranges, and reports every violation in one message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from botocore.model import OperationModel, Shape

from ..errors import ValidationError

Check = Callable[[Any, str, list[str]], None]

# Java's \p{Z}: the Unicode space separators, line and paragraph separators.
_UNICODE_Z = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Java's [\p{L}\p{M}\p{S}\p{N}\p{P}] (Cognito's name patterns): every character that is neither
# a separator nor a control character.
_VISIBLE = ("!-~\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e"
            "\u2060-\u2fff\u3001-\uffff\U00010000-\U0010ffff")
_CACHE: dict[OperationModel, Callable[[dict[str, Any]], None]] = {}


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Translate an AWS (Java) pattern: \\w is ASCII there, and \\p{L}/\\p{N}/\\p{Z} exist."""
    if "\\p{" in pattern:
        p = pattern.replace("\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}", _VISIBLE)
        p = p.replace("\\p{L}", "\\w").replace("\\p{N}", "").replace("\\p{Z}", _UNICODE_Z)
        return re.compile(p)
    return re.compile(pattern, re.ASCII)


def _camel(name: str) -> str:
    return name[:1].lower() + name[1:]


def _render(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    return str(value)


def _fail(errors: list[str], value: Any, where: str, rule: str, sensitive: bool) -> None:
    shown = "" if sensitive else f" '{_render(value)}'"
    errors.append(f"Value{shown} at '{where}' failed to satisfy constraint: {rule}")


def _checks_for(shape: Shape, depth: int = 0) -> list[Check]:
    """Checks for one value of `shape`; each appends its messages to the error list."""
    meta = shape.metadata
    sensitive = bool(meta.get("sensitive"))
    checks: list[Check] = []
    t = shape.type_name
    lo, hi = meta.get("min"), meta.get("max")
    if t == "string":
        if shape.enum:
            allowed = set(shape.enum)
            rule = "Member must satisfy enum value set: [" + ", ".join(shape.enum) + "]"

            def enum_check(v: Any, where: str, errs: list[str]) -> None:
                if v not in allowed:
                    _fail(errs, v, where, rule, sensitive)

            checks.append(enum_check)
        if lo is not None or hi is not None:
            checks.append(_length_check(lo, hi, sensitive))
        if "pattern" in meta:
            rx = compile_pattern(meta["pattern"])
            prule = f"Member must satisfy regular expression pattern: {meta['pattern']}"

            def pattern_check(v: Any, where: str, errs: list[str]) -> None:
                if isinstance(v, str) and rx.fullmatch(v) is None:
                    _fail(errs, v, where, prule, sensitive)

            checks.append(pattern_check)
    elif t in ("integer", "long"):

        def range_check(v: Any, where: str, errs: list[str]) -> None:
            if not isinstance(v, int):
                return
            if lo is not None and v < lo:
                _fail(errs, v, where, f"Member must have value greater than or equal to {lo}", False)
            if hi is not None and v > hi:
                _fail(errs, v, where, f"Member must have value less than or equal to {hi}", False)

        if lo is not None or hi is not None:
            checks.append(range_check)
    elif t == "list" and depth < 8:
        if lo is not None or hi is not None:
            checks.append(_length_check(lo, hi, False))
        inner = _checks_for(shape.member, depth + 1)
        if inner:

            def list_check(v: Any, where: str, errs: list[str]) -> None:
                if isinstance(v, list):
                    for i, item in enumerate(v, 1):
                        for c in inner:
                            c(item, f"{where}.{i}.member", errs)

            checks.append(list_check)
    elif t == "structure" and depth < 8:
        checks.extend(_struct_checks(shape, depth + 1))
    return checks


def _length_check(lo: int | None, hi: int | None, sensitive: bool) -> Check:
    def length_check(v: Any, where: str, errs: list[str]) -> None:
        if not isinstance(v, (str, list, bytes)):
            return
        n = len(v)
        if lo is not None and n < lo:
            _fail(errs, v, where, f"Member must have length greater than or equal to {lo}", sensitive)
        if hi is not None and n > hi:
            _fail(errs, v, where, f"Member must have length less than or equal to {hi}", sensitive)

    return length_check


def _struct_checks(shape: Shape, depth: int) -> list[Check]:
    required = set(shape.required_members)
    members: list[tuple[str, str, bool, list[Check]]] = []
    for name, member in shape.members.items():
        checks = _checks_for(member, depth)
        if checks or name in required:
            members.append((name, _camel(name), name in required, checks))
    if not members:
        return []

    def struct_check(v: Any, where: str, errs: list[str]) -> None:
        if not isinstance(v, dict):
            return
        for name, camel, needed, checks in members:
            value = v.get(name)
            path = f"{where}.{camel}" if where else camel
            if value is None or value == {}:
                # botocore checks required members, but an empty structure or list never
                # reaches the server through the query protocol: AWS reports it as null.
                if needed:
                    errs.append(f"Value null at '{path}' failed to satisfy constraint: "
                                "Member must not be null")
                continue
            for c in checks:
                c(value, path, errs)

    return [struct_check]


def validator(op: OperationModel) -> Callable[[dict[str, Any]], None]:
    """A function that raises ValidationError listing every constraint `params` violates."""
    fn = _CACHE.get(op)
    if fn is None:
        shape = op.input_shape
        checks = _struct_checks(shape, 0) if shape is not None else []

        def validate(params: dict[str, Any]) -> None:
            errs: list[str] = []
            for c in checks:
                c(params, "", errs)
            if errs:
                n = len(errs)
                head = f"{n} validation error{'s' if n > 1 else ''} detected: "
                raise ValidationError(head + "; ".join(errs))

        fn = _CACHE[op] = validate
    return fn
