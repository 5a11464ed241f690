"""Policy documents compiled once for evaluation, cached by their text.

`compile_policy(text)` reads the JSON, keeps every statement with its patterns ready (actions
lower-cased, ARN patterns split, condition values parsed, variables found) and its position in
the text. A decision never re-parses a document: the cache is keyed by the text, and each
compiled policy remembers which statements an action selects.

The engine is lenient where the grammar is the validator's business (document.py): it reads
what it can evaluate and raises PolicyEngineError only for what it cannot (not JSON, no
Statement, a statement that is not an object, an Effect other than Allow/Deny, an element of
the wrong type). Unknown condition operators are kept, and never widen access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .arns import arn_matches, split_arn
from .conditions import Condition, compile_condition
from .errors import PolicyEngineError
from .glob import glob_match, has_wildcard
from .positions import Position, statement_spans
from .principals import PrincipalSet, compile_principal
from .variables import (
    QMARK,
    STAR,
    Context,
    Template,
    escape_text,
    has_escapes,
    literal,
    parse,
)

VARIABLES_VERSION = "2012-10-17"
_UNKNOWN = Position(0, 0)
_ACTION_CACHE_LIMIT = 2048


@dataclass(frozen=True, eq=False)
class ActionSet:
    exact: frozenset[str]  # lower-cased, no wildcard
    patterns: tuple[str, ...]  # lower-cased, with wildcards

    def matches(self, action: str) -> bool:
        """`action` is lower-cased by the caller."""
        if action in self.exact:
            return True
        return any(glob_match(p, action) for p in self.patterns)


@dataclass(frozen=True, eq=False)
class ResourcePattern:
    """A Resource entry split once: the first five ARN parts (no variables there) and the
    resource part as a template. `head` is None for "*" and for patterns that are not ARNs."""

    text: str
    head: tuple[tuple[str, bool], ...] | None  # (part, has wildcard)
    tail: Template
    tail_prefix: str = ""  # the resource part's leading literal text: a cheap first test

    def matches(self, resource: str, parts: list[str] | None, ctx: Context,
                missing: list[str]) -> bool:
        """`parts`: the request's resource split by split_arn (None when not an ARN)."""
        head = self.head
        if head is None:
            return arn_matches(self.text, resource, whole_fallback=True)
        if parts is None or not parts[5].startswith(self.tail_prefix):
            return False
        for (seg, wild), got in zip(head, parts, strict=False):
            if wild:
                if not glob_match(seg, got):
                    return False
            elif seg != got:
                return False
        pattern = self.tail.resolve(ctx, missing)
        if pattern is None:
            return False
        got = parts[5]
        if has_escapes(pattern):
            got = escape_text(got)
        return glob_match(pattern, got)


@dataclass(frozen=True, eq=False)
class Statement:
    index: int  # 0-based, in document order
    sid: str | None
    allow: bool
    actions: ActionSet
    not_action: bool
    resources: tuple[ResourcePattern, ...] | None  # None: no Resource element (trust policies)
    not_resource: bool
    principals: PrincipalSet | None  # None: no Principal element
    not_principal: bool
    conditions: tuple[Condition, ...]
    start: Position
    end: Position

    @property
    def effect(self) -> str:
        return "Allow" if self.allow else "Deny"

    def action_matches(self, action: str) -> bool:
        return self.actions.matches(action) is not self.not_action

    def resource_matches(self, resource: str, parts: list[str] | None, ctx: Context,
                         missing: list[str]) -> bool:
        if self.resources is None:
            return True
        hit = any(r.matches(resource, parts, ctx, missing) for r in self.resources)
        return hit is not self.not_resource

    def conditions_hold(self, ctx: Context, missing: list[str]) -> bool:
        """Every condition is evaluated (no short cut) so that all keys the statement looks
        up are reported when missing."""
        deny = not self.allow
        ok = True
        for c in self.conditions:
            if not c.holds(ctx, deny, missing):
                ok = False
        return ok


@dataclass(eq=False)
class CompiledPolicy:
    text: str
    version: str | None
    id: str | None
    statements: tuple[Statement, ...]
    _by_action: dict[str, tuple[Statement, ...]] = field(default_factory=dict, repr=False)

    def candidates(self, action: str) -> tuple[Statement, ...]:
        """Statements whose Action/NotAction selects `action` (lower-cased), memoized."""
        hit = self._by_action.get(action)
        if hit is None:
            if len(self._by_action) >= _ACTION_CACHE_LIMIT:
                self._by_action.clear()
            hit = tuple(s for s in self.statements if s.action_matches(action))
            self._by_action[action] = hit
        return hit


def compile_policy(text: str) -> CompiledPolicy:
    """The compiled form of a policy text; raises PolicyEngineError when it cannot be read."""
    if not isinstance(text, str):
        raise PolicyEngineError("a policy document must be text")
    return _compile(text)


@lru_cache(maxsize=4096)
def _compile(text: str) -> CompiledPolicy:
    try:
        raw = json.loads(text)
    except (ValueError, RecursionError):
        raise PolicyEngineError("policy document is not valid JSON") from None
    if not isinstance(raw, dict) or "Statement" not in raw:
        raise PolicyEngineError("policy document must be an object with a Statement")
    version = raw.get("Version")
    if version is not None and not isinstance(version, str):
        raise PolicyEngineError("Version must be a string")
    body = raw["Statement"]
    items = [body] if isinstance(body, dict) else body
    if not isinstance(items, list):
        raise PolicyEngineError("Statement must be an object or a list")
    spans = statement_spans(text)
    if len(spans) != len(items):
        spans = [(_UNKNOWN, _UNKNOWN)] * len(items)
    variables = version == VARIABLES_VERSION
    statements = tuple(
        _statement(i, item, variables, spans[i]) for i, item in enumerate(items)
    )
    pid = raw.get("Id")
    return CompiledPolicy(text, version, pid if isinstance(pid, str) else None, statements)


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise PolicyEngineError(f"{where} must be a string or a list of strings")


def _one_of(s: dict[str, Any], key: str) -> tuple[tuple[str, ...] | None, bool]:
    if key in s and f"Not{key}" in s:
        raise PolicyEngineError(f"a statement cannot have both {key} and Not{key}")
    if key in s:
        return _strings(s[key], key), False
    if f"Not{key}" in s:
        return _strings(s[f"Not{key}"], f"Not{key}"), True
    return None, False


def _action_set(actions: tuple[str, ...]) -> ActionSet:
    lowered = [a.lower() for a in actions]
    return ActionSet(frozenset(a for a in lowered if not has_wildcard(a)),
                     tuple(a for a in lowered if has_wildcard(a)))


def _resource(text: str, variables: bool) -> ResourcePattern:
    parts = split_arn(text) if text != "*" else None
    if parts is None:
        return ResourcePattern(text, None, literal(text))
    head = tuple((p, has_wildcard(p)) for p in parts[:5])
    tail = parse(parts[5], variables)
    first = tail.parts[0] if tail.parts and isinstance(tail.parts[0], str) else ""
    prefix = []
    for c in first:
        if c in "*?" or c in (STAR, QMARK):
            break
        prefix.append(c)
    return ResourcePattern(text, head, tail, "".join(prefix))


def _condition_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    if isinstance(v, str):
        return v
    raise PolicyEngineError("condition values must be strings, numbers or booleans")


def _conditions(block: Any, variables: bool) -> tuple[Condition, ...]:
    if not isinstance(block, dict):
        raise PolicyEngineError("Condition must be an object")
    out: list[Condition] = []
    for operator, tests in block.items():
        if not isinstance(tests, dict):
            raise PolicyEngineError(f"Condition {operator} must be an object")
        for key, value in tests.items():
            values = value if isinstance(value, list) else [value]
            out.append(compile_condition(
                operator, key, [_condition_value(v) for v in values], variables))
    return tuple(out)


def _statement(index: int, s: Any, variables: bool, span: tuple[Position, Position]) -> Statement:
    if not isinstance(s, dict):
        raise PolicyEngineError("each statement must be an object")
    effect = s.get("Effect")
    if effect not in ("Allow", "Deny"):
        raise PolicyEngineError(f"Effect must be Allow or Deny, not {effect!r}")
    sid = s.get("Sid")
    actions, not_action = _one_of(s, "Action")
    if actions is None:
        raise PolicyEngineError("a statement must have Action or NotAction")
    resources, not_resource = _one_of(s, "Resource")
    if "Principal" in s and "NotPrincipal" in s:
        raise PolicyEngineError("a statement cannot have both Principal and NotPrincipal")
    principal_value = s.get("Principal", s.get("NotPrincipal"))
    principals = None if principal_value is None else compile_principal(principal_value)
    return Statement(
        index=index,
        sid=sid if isinstance(sid, str) else None,
        allow=effect == "Allow",
        actions=_action_set(actions),
        not_action=not_action,
        resources=None if resources is None else tuple(_resource(r, variables) for r in resources),
        not_resource=not_resource,
        principals=principals,
        not_principal="NotPrincipal" in s,
        conditions=_conditions(s["Condition"], variables) if "Condition" in s else (),
        start=span[0],
        end=span[1],
    )
