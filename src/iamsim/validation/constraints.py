"""Server-side constraint checks from the botocore model, with AWS's ValidationError wording.

botocore checks types, required members and minimums on the client; AWS's server also checks
maximum lengths, patterns, enums and ranges, and reports every violation in one message.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from botocore.model import OperationModel, Shape

from ..errors import NOT_XML, ValidationError

Check = Callable[[Any, str, list[str]], None]

# Java's \p{Z}: the Unicode space separators, line and paragraph separators.
_UNICODE_Z = "\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Java's [\p{L}\p{M}\p{S}\p{N}\p{P}] (Cognito's name patterns): every character that is neither
# a separator nor a control character.
_VISIBLE = ("!-~\u00a1-\u167f\u1681-\u1fff\u200b-\u2027\u202a-\u202e\u2030-\u205e"
            "\u2060-\u2fff\u3001-\uffff\U00010000-\U0010ffff")
# Keyed by what every client of a service shares, not by a client's own OperationModel object:
# a suite that makes a client per test would otherwise keep every client's models alive.
_CACHE: dict[tuple[str, str, str], Callable[[dict[str, Any]], None]] = {}


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


# IAM's messages (recorded 2024-2026) no longer echo the value ("Value at 'tags' failed ..."),
# name no allowed values for an enum, and report a list of scalars once, at list level, with
# every rule of its member. STS still answers in the older style: the value quoted, enums with
# their values, each list member on its own.
def _rule_texts(shape: Shape, quiet: bool) -> list[str]:
    """The rules of a scalar shape as AWS names them in a list-level message."""
    meta = shape.metadata
    rules: list[str] = []
    if shape.type_name == "string":
        if meta.get("max") is not None:
            rules.append(f"Member must have length less than or equal to {meta['max']}")
        if meta.get("min") is not None:
            rules.append(f"Member must have length greater than or equal to {meta['min']}")
        if "pattern" in meta:
            rules.append(f"Member must satisfy regular expression pattern: {meta['pattern']}")
        if shape.enum:
            rules.append(_enum_rule(shape, quiet))
    elif shape.type_name in ("integer", "long"):
        if meta.get("max") is not None:
            rules.append(f"Member must have value less than or equal to {meta['max']}")
        if meta.get("min") is not None:
            rules.append(f"Member must have value greater than or equal to {meta['min']}")
    if shape.name in _MEMBER_NOT_NULL:
        rules.append("Member must not be null")
    return rules


def _path_order(message: str) -> list[tuple[int, str]]:
    """Sort key of a message: its member path, numeric indexes compared as numbers."""
    path = message.split(" at '", 1)[1].split("'", 1)[0]
    return [(0, f"{int(part):09d}") if part.isdigit() else (1, part)
            for part in path.split(".")]


# Where IAM answers a member's pattern failure in its own words (recorded 2026).
_OWN_PATTERN_MESSAGES = {
    ("CreateVirtualMFADevice", "path"): (
        "The specified value for path is invalid. It must begin and end with / and contain "
        "only alphanumeric characters and/or / characters."
    ),
}

# AWS adds "Member must not be null" to the rules of some lists' members and not others
# (recorded: tagKeys has it; clientIDList and thumbprintList do not). Known cases only.
_MEMBER_NOT_NULL = frozenset({"tagKeyType"})


def _enum_rule(shape: Shape, quiet: bool) -> str:
    if quiet:
        return "Member must satisfy enum value set"
    return "Member must satisfy enum value set: [" + ", ".join(shape.enum) + "]"


def _checks_for(shape: Shape, depth: int = 0, quiet: bool = False) -> list[Check]:
    """Checks for one value of `shape`; each appends its messages to the error list. `quiet`
    is IAM's style (no value echoed, no enum values, lists of scalars at list level)."""
    meta = shape.metadata
    sensitive = quiet or bool(meta.get("sensitive"))
    checks: list[Check] = []
    t = shape.type_name
    lo, hi = meta.get("min"), meta.get("max")
    if t == "string":
        if shape.enum:
            allowed = set(shape.enum)
            rule = _enum_rule(shape, quiet)

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
        if checks:
            checks = [_string_check(checks, shape, lo, hi)]
    elif t in ("integer", "long"):

        def range_check(v: Any, where: str, errs: list[str]) -> None:
            if not isinstance(v, int):
                return
            if lo is not None and v < lo:
                _fail(errs, v, where, f"Member must have value greater than or equal to {lo}", quiet)
            if hi is not None and v > hi:
                _fail(errs, v, where, f"Member must have value less than or equal to {hi}", quiet)

        if lo is not None or hi is not None:
            checks.append(range_check)
    elif t == "list" and depth < 8:
        if lo is not None or hi is not None:
            checks.append(_length_check(lo, hi, quiet))
        inner = _checks_for(shape.member, depth + 1, quiet)
        if inner and quiet and shape.member.type_name not in ("structure", "list", "map"):
            summary = ("Member must satisfy constraint: ["
                       + ", ".join(_rule_texts(shape.member, quiet)) + "]")

            def scalar_list_check(v: Any, where: str, errs: list[str]) -> None:
                if not isinstance(v, list):
                    return
                found: list[str] = []
                for item in v:
                    for c in inner:
                        c(item, where, found)
                    if found:
                        _fail(errs, v, where, summary, True)
                        return

            checks.append(scalar_list_check)
        elif inner:

            def list_check(v: Any, where: str, errs: list[str]) -> None:
                if isinstance(v, list):
                    for i, item in enumerate(v, 1):
                        for c in inner:
                            c(item, f"{where}.{i}.member", errs)

            checks.append(list_check)
    elif t == "structure" and depth < 8:
        checks.extend(_struct_checks(shape, depth + 1, quiet))
    return checks


def _string_check(detailed: list[Check], shape: Shape, lo: int | None, hi: int | None) -> Check:
    """One call for a string that passes every rule (nearly every request), the detailed
    checks, in their order, for one that may not."""
    allowed = set(shape.enum) if shape.enum else None
    rx = compile_pattern(shape.metadata["pattern"]) if "pattern" in shape.metadata else None
    least = lo if lo is not None else 0
    most = hi if hi is not None else sys.maxsize

    def string_check(v: Any, where: str, errs: list[str]) -> None:
        if (type(v) is str and least <= len(v) <= most
                and (rx is None or rx.fullmatch(v) is not None)
                and (allowed is None or v in allowed)):
            return
        for c in detailed:
            c(v, where, errs)

    return string_check


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


def _struct_checks(shape: Shape, depth: int, quiet: bool = False) -> list[Check]:
    required = set(shape.required_members)
    members: list[tuple[str, str, bool, list[Check]]] = []
    for name, member in shape.members.items():
        checks = _checks_for(member, depth, quiet)
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
            if value is None or (isinstance(value, dict) and not value):
                # botocore checks required members, but an empty structure or list never
                # reaches the server through the query protocol: AWS reports it as null.
                if needed:
                    errs.append(f"Value null at '{path}' failed to satisfy constraint: "
                                "Member must not be null")
                continue
            for c in checks:
                c(value, path, errs)

    return [struct_check]


_XML_RULE = "Member must contain only characters XML can carry"


def _xml_text_checks(shape: Shape, depth: int = 0) -> list[Check]:
    """Query-protocol strings without a pattern travel back in XML, which cannot hold most
    control characters: refuse them on the way in, so whatever is stored comes back byte for
    byte. (AWS's answer here is not documented; the members with a pattern refuse them
    already.)"""
    t = shape.type_name
    if t == "string" and "pattern" not in shape.metadata and not shape.enum:

        def xml_check(v: Any, path: str, errs: list[str]) -> None:
            if isinstance(v, str) and NOT_XML.search(v):
                _fail(errs, "", path, _XML_RULE, True)

        return [xml_check]
    if t == "list" and depth < 8:
        inner = _xml_text_checks(shape.member, depth + 1)
        if not inner:
            return []

        def list_check(v: Any, path: str, errs: list[str]) -> None:
            if isinstance(v, list):
                for i, item in enumerate(v, 1):
                    for c in inner:
                        c(item, f"{path}.{i}.member", errs)

        return [list_check]
    if t == "structure" and depth < 8:
        members = [(n, _camel(n), cs) for n, m in shape.members.items()
                   if (cs := _xml_text_checks(m, depth + 1))]
        if not members:
            return []

        def struct_check(v: Any, path: str, errs: list[str]) -> None:
            if isinstance(v, dict):
                for name, camel, cs in members:
                    value = v.get(name)
                    if value is not None:
                        for c in cs:
                            c(value, f"{path}.{camel}" if path else camel, errs)

        return [struct_check]
    return []


def validator(op: OperationModel) -> Callable[[dict[str, Any]], None]:
    """A function that raises ValidationError listing every constraint `params` violates."""
    sm = op.service_model
    key = (sm.service_name, sm.api_version, op.name)
    fn = _CACHE.get(key)
    if fn is None:
        shape = op.input_shape
        quiet = op.service_model.service_name == "iam"
        checks = _struct_checks(shape, 0, quiet) if shape is not None else []
        if shape is not None and op.service_model.protocol == "query":
            checks.extend(_xml_text_checks(shape))

        def validate(params: dict[str, Any]) -> None:
            errs: list[str] = []
            for c in checks:
                c(params, "", errs)
            if errs and quiet:
                # IAM lists the violations by member name, whatever the model's order
                # (recorded: clientIDList; thumbprintList; url for CreateOpenIDConnectProvider).
                errs.sort(key=_path_order)
                own = _OWN_PATTERN_MESSAGES.get((op.name, errs[0].split("'")[1]))
                if own is not None and all(e == errs[0] for e in errs) and "pattern" in errs[0]:
                    raise ValidationError(own)
            if errs:
                n = len(errs)
                head = f"{n} validation error{'s' if n > 1 else ''} detected: "
                raise ValidationError(head + "; ".join(errs))

        fn = _CACHE[key] = validate
    return fn
