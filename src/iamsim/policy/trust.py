"""Role trust policies: may this principal perform this sts:AssumeRole* action on the role?

A deliberately small evaluator until the full policy engine lands. What it does:
- Statements apply when Principal (or NotPrincipal) names the caller and Action (or
  NotAction) matches the action, with `*` and `?` wildcards, case-insensitively.
- Principal forms: "*"; {"AWS": "*" | account ID | arn:aws:iam::ACCOUNT:root | user, role or
  session ARN | unique ID}; {"Federated": provider ARN or name}; {"Service": name}.
  Naming the account trusts every principal of that account (AWS then also asks for an
  identity policy, which iamsim does not enforce yet).
- An explicit Deny wins over any Allow; no matching Allow is an implicit deny.
- Conditions: String{Equals,NotEquals,Like,NotLike,EqualsIgnoreCase,NotEqualsIgnoreCase},
  Arn{Equals,Like,NotEquals,NotLike}, Bool, Null, Numeric{Equals,NotEquals,LessThan,
  LessThanEquals,GreaterThan,GreaterThanEquals}, each with the ...IfExists suffix and the
  ForAnyValue:/ForAllValues: set prefixes, over any key the request context carries
  (sts:ExternalId, aws:PrincipalArn, sts:RoleSessionName, aws:MultiFactorAuthPresent, token
  claims such as "<issuer>:sub", aws:RequestTag/..., ...). Condition keys are matched
  case-insensitively, values case-sensitively. A missing key fails positive operators and
  satisfies negated ones and ...IfExists; under a set prefix it satisfies ForAllValues and
  fails ForAnyValue (negated or IfExists alike), as in AWS.
- Any other condition operator never widens access: it is unsatisfied in an Allow statement
  and satisfied in a Deny statement.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from .glob import glob_match

Decision = Literal["allow", "deny", "implicit"]
ContextValue = str | list[str]


@dataclass
class TrustRequest:
    """Who asks for what. `aws_principals` are the ARNs/IDs that identify an AWS caller."""

    action: str
    account_id: str | None = None  # the AWS caller's account
    partition: str = "aws"  # the AWS caller's partition
    aws_principals: list[str] = field(default_factory=list)
    federated: str | None = None  # provider ARN or name for AssumeRoleWith{SAML,WebIdentity}
    service: str | None = None
    context: dict[str, ContextValue] = field(default_factory=dict)


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def _action_matches(patterns: Iterable[Any], action: str) -> bool:
    return any(isinstance(p, str) and glob_match(p, action, ignore_case=True) for p in patterns)


def _aws_matches(value: str, req: TrustRequest) -> bool:
    if value == "*":
        return True
    if req.account_id is not None and value in (req.account_id,
                                                 f"arn:{req.partition}:iam::{req.account_id}:root"):
        return True
    return value in req.aws_principals


def _one_principal(kind: str, value: str, req: TrustRequest) -> bool:
    if kind == "AWS":
        return (req.account_id is not None or bool(req.aws_principals)) and _aws_matches(
            value, req)
    if kind == "Federated":
        return req.federated is not None and value == req.federated
    if kind == "Service":
        return req.service is not None and value.lower() == req.service.lower()
    return False


def _principal_matches(principal: Any, req: TrustRequest) -> bool:
    if principal == "*":
        return True
    if not isinstance(principal, dict):
        return False
    for kind, values in principal.items():
        for v in _as_list(values):
            if isinstance(v, str) and _one_principal(kind, v, req):
                return True
    return False


# Condition operators --------------------------------------------------------------------

def _str_eq(a: str, b: str) -> bool:
    return a == b


def _str_eq_ic(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def _str_like(a: str, b: str) -> bool:
    return glob_match(b, a)


def _num(op: str) -> Any:
    def cmp(a: str, b: str) -> bool:
        try:
            x, y = float(a), float(b)
        except ValueError:
            return False
        return {"Equals": x == y, "LessThan": x < y, "LessThanEquals": x <= y,
                "GreaterThan": x > y, "GreaterThanEquals": x >= y}[op]
    return cmp


def _bool(a: str, b: str) -> bool:
    return a.lower() == b.lower()


# operator -> (match function, negated)
_OPERATORS: dict[str, tuple[Any, bool]] = {
    "StringEquals": (_str_eq, False),
    "StringNotEquals": (_str_eq, True),
    "StringEqualsIgnoreCase": (_str_eq_ic, False),
    "StringNotEqualsIgnoreCase": (_str_eq_ic, True),
    "StringLike": (_str_like, False),
    "StringNotLike": (_str_like, True),
    "ArnEquals": (_str_like, False),
    "ArnLike": (_str_like, False),
    "ArnNotEquals": (_str_like, True),
    "ArnNotLike": (_str_like, True),
    "Bool": (_bool, False),
    "NumericEquals": (_num("Equals"), False),
    "NumericNotEquals": (_num("Equals"), True),
    "NumericLessThan": (_num("LessThan"), False),
    "NumericLessThanEquals": (_num("LessThanEquals"), False),
    "NumericGreaterThan": (_num("GreaterThan"), False),
    "NumericGreaterThanEquals": (_num("GreaterThanEquals"), False),
}


def _context_value(ctx: dict[str, ContextValue], key: str) -> ContextValue | None:
    v = ctx.get(key)
    if v is not None:
        return v
    low = key.lower()
    for k, val in ctx.items():
        if k.lower() == low:
            return val
    return None


def _one_condition(op: str, key: str, expected: Any, ctx: dict[str, ContextValue]) -> bool | None:
    """True/False, or None when the operator is one this evaluator does not know."""
    set_op = None
    if ":" in op:
        set_op, op = op.split(":", 1)
        if set_op not in ("ForAnyValue", "ForAllValues"):
            return None
    if_exists = op.endswith("IfExists")
    if if_exists:
        op = op[: -len("IfExists")]
    wanted = [str(x).lower() if isinstance(x, bool) else str(x) for x in _as_list(expected)]
    actual = _context_value(ctx, key)
    if op == "Null":
        is_null = actual is None or actual == []
        return any((w.lower() == "true") == is_null for w in wanted)
    entry = _OPERATORS.get(op)
    if entry is None:
        return None
    fn, negated = entry
    if actual is None or actual == []:
        # IAM User Guide, "Set operators for multivalued context keys": with no key (or an
        # empty set) ForAllValues holds and ForAnyValue fails, whatever the operator.
        if set_op is not None:
            return set_op == "ForAllValues"
        return if_exists or negated
    values = actual if isinstance(actual, list) else [actual]

    def matches(v: str) -> bool:
        hit = any(fn(v, w) for w in wanted)
        return not hit if negated else hit

    if set_op == "ForAllValues":
        return all(matches(v) for v in values)
    if set_op == "ForAnyValue" or len(values) > 1:
        return any(matches(v) for v in values)
    return matches(values[0])


def _conditions_hold(block: Any, ctx: dict[str, ContextValue], deny: bool) -> bool:
    if block is None:
        return True
    if not isinstance(block, dict):
        return deny
    for op, pairs in block.items():
        if not isinstance(pairs, dict):
            return deny
        for key, expected in pairs.items():
            result = _one_condition(op, key, expected, ctx)
            if result is None:
                result = deny  # never widen access with an operator we cannot evaluate
            if not result:
                return False
    return True


def _statements(document: str | dict[str, Any]) -> list[dict[str, Any]]:
    doc = json.loads(document) if isinstance(document, str) else document
    if not isinstance(doc, dict):
        return []
    return [s for s in _as_list(doc.get("Statement")) if isinstance(s, dict)]


def evaluate(document: str | dict[str, Any], req: TrustRequest) -> Decision:
    """The trust decision for `req`: "allow", "deny" (explicit) or "implicit" (no allow)."""
    try:
        statements = _statements(document)
    except ValueError:
        return "implicit"
    allowed = False
    for st in statements:
        effect = st.get("Effect")
        deny = effect == "Deny"
        if "Principal" in st:
            if not _principal_matches(st["Principal"], req):
                continue
        elif "NotPrincipal" in st:
            if _principal_matches(st["NotPrincipal"], req):
                continue
        else:
            continue
        if "Action" in st:
            if not _action_matches(_as_list(st["Action"]), req.action):
                continue
        elif "NotAction" in st:
            if _action_matches(_as_list(st["NotAction"]), req.action):
                continue
        else:
            continue
        if not _conditions_hold(st.get("Condition"), req.context, deny):
            continue
        if deny:
            return "deny"
        if effect == "Allow":
            allowed = True
    return "allow" if allowed else "implicit"


def allows(document: str | dict[str, Any], req: TrustRequest) -> bool:
    return evaluate(document, req) == "allow"
