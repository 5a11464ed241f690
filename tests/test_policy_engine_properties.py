"""Invariants of the evaluation logic, over generated policies and requests: an explicit deny
never turns a deny into an allow, removing an allow never widens access, adding an allow never
narrows it, and neither statement order nor policy order changes anything."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iamsim.policy import Decision, Policy, PolicySet, Request, evaluate
from tests.engine_helpers import ACCOUNT, OTHER, federated_user, role_session, root, user

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "*", "iam:CreateUser", "iam:*", "s3:Put?bject",
           "S3:GETOBJECT"]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/k", "arn:aws:s3:::c/*",
             "arn:aws:s3:::b/${aws:username}", "arn:aws:iam::*:user/*"]
CONDITIONS: list[dict[str, Any]] = [
    {"StringEquals": {"k:a": ["1", "2"]}},
    {"StringNotEquals": {"k:a": "1"}},
    {"ForAnyValue:StringLike": {"k:t": ["x*"]}},
    {"ForAllValues:StringLike": {"k:t": ["x*", "y"]}},
    {"NumericLessThan": {"k:n": "5"}},
    {"Null": {"k:a": "true"}},
    {"BoolIfExists": {"k:b": "true"}},
    {"StringLike": {"k:u": "${aws:username}*"}},
    {"UnknownOperator": {"k:a": "1"}},
]
PRINCIPALS: list[Any] = [
    "*",
    {"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"},
    {"AWS": ACCOUNT},
    {"AWS": OTHER},
    {"AWS": f"arn:aws:iam::{ACCOUNT}:role/r"},
    {"AWS": f"arn:aws:sts::{ACCOUNT}:assumed-role/r/s"},
    {"AWS": f"arn:aws:sts::{ACCOUNT}:federated-user/fed"},
    {"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
]
REQUEST_PRINCIPALS = [user(), role_session(), federated_user(), root(), user(account=OTHER)]
TYPES = ("identity", "resource", "boundary", "session", "scps", "rcps")


@st.composite
def statements(draw: Any, with_principal: bool) -> dict[str, Any]:
    s: dict[str, Any] = {"Effect": "Deny" if draw(st.integers(0, 3)) == 1 else "Allow"}
    key = "NotAction" if draw(st.integers(0, 5)) == 0 else "Action"
    s[key] = draw(st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=2))
    key = "NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"
    s[key] = draw(st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2))
    if with_principal:
        key = "NotPrincipal" if draw(st.integers(0, 6)) == 0 else "Principal"
        s[key] = draw(st.sampled_from(PRINCIPALS))
    conds = draw(st.lists(st.sampled_from(CONDITIONS), max_size=2))
    if conds:
        merged: dict[str, Any] = {}
        for c in conds:
            for op, tests in c.items():
                merged.setdefault(op, {}).update(tests)
        s["Condition"] = merged
    return s


def policy_lists(with_principal: bool = False, max_policies: int = 3) -> Any:
    return st.lists(st.lists(statements(with_principal), min_size=1, max_size=3),
                    max_size=max_policies)


@dataclass
class Case:
    """Policies as lists of statement dicts, so that tests can edit them."""

    principal: Any
    action: str
    resource: str
    context: dict[str, Any]
    cross_account: bool
    identity: list[list[dict[str, Any]]] = field(default_factory=list)
    resource_policy: list[dict[str, Any]] | None = None
    boundary: list[dict[str, Any]] | None = None
    session: list[list[dict[str, Any]]] = field(default_factory=list)
    scps: list[list[list[dict[str, Any]]]] | None = None
    rcps: list[list[list[dict[str, Any]]]] | None = None


@st.composite
def cases(draw: Any) -> Case:
    context: dict[str, Any] = {}
    if draw(st.booleans()):
        context["k:a"] = draw(st.sampled_from(["1", "3"]))
    if draw(st.booleans()):
        context["k:t"] = draw(st.lists(st.sampled_from(["x1", "y", "z"]), max_size=2))
    if draw(st.booleans()):
        context["k:n"] = draw(st.sampled_from(["3", "9"]))
    if draw(st.booleans()):
        context["k:b"] = draw(st.booleans())
    if draw(st.booleans()):
        context["aws:username"] = "alice"
    if draw(st.booleans()):
        context["k:u"] = draw(st.sampled_from(["alice", "alice-2", "bob"]))
    def sometimes(strategy: Any, one_in: int) -> Any:
        return draw(strategy) if draw(st.integers(0, one_in)) == 1 else None

    some_statements = st.lists(statements(False), min_size=1, max_size=3)
    return Case(
        principal=draw(st.sampled_from(REQUEST_PRINCIPALS)),
        action=draw(st.sampled_from(["s3:GetObject", "s3:PutObject", "iam:CreateUser"])),
        resource=draw(st.sampled_from(["arn:aws:s3:::b/k", "arn:aws:s3:::b/alice",
                                       "arn:aws:iam::111122223333:user/bob"])),
        context=context,
        cross_account=draw(st.integers(0, 4)) == 1,
        identity=draw(policy_lists()),
        resource_policy=sometimes(st.lists(statements(True), min_size=1, max_size=3), 2),
        boundary=sometimes(some_statements, 3),
        session=draw(policy_lists(max_policies=2)) if draw(st.booleans()) else [],
        scps=sometimes(st.lists(policy_lists(False, 2), min_size=1, max_size=2), 4),
        rcps=sometimes(st.lists(policy_lists(True, 2), min_size=1, max_size=2), 4),
    )


def _number_sids(case: Case) -> None:
    """Give every statement a unique Sid so results can be compared across reorderings."""
    n = 0
    for stmts in _all_statement_lists(case):
        for s in stmts:
            n += 1
            s["Sid"] = f"S{n}"


def _all_statement_lists(case: Case) -> list[list[dict[str, Any]]]:
    out = list(case.identity) + list(case.session)
    for single in (case.resource_policy, case.boundary):
        if single is not None:
            out.append(single)
    for levels in (case.scps, case.rcps):
        for level in levels or []:
            out.extend(level)
    return out


def _text(stmts: list[dict[str, Any]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": stmts})


def run(case: Case, explain: bool = True) -> Decision:
    def pols(lists: list[list[dict[str, Any]]], prefix: str) -> list[Policy]:
        return [Policy(_text(s), f"{prefix}{i}") for i, s in enumerate(lists)]

    policies = PolicySet(
        identity=pols(case.identity, "id"),
        resource=None if case.resource_policy is None else Policy(_text(case.resource_policy), "rp"),
        boundary=None if case.boundary is None else Policy(_text(case.boundary), "pb"),
        session=pols(case.session, "sp"),
        scps=None if case.scps is None else [pols(lv, f"scp{i}-") for i, lv in enumerate(case.scps)],
        rcps=None if case.rcps is None else [pols(lv, f"rcp{i}-") for i, lv in enumerate(case.rcps)],
    )
    req = Request(case.principal, case.action, case.resource, case.context,
                  resource_account=OTHER if case.cross_account else ACCOUNT)
    return evaluate(req, policies, explain=explain)


def _copy(case: Case) -> Case:
    return replace(case, **{k: json.loads(json.dumps(getattr(case, k)))
                            for k in ("identity", "resource_policy", "boundary", "session",
                                      "scps", "rcps")})


def _targets(case: Case) -> list[list[dict[str, Any]]]:
    return _all_statement_lists(case)


SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _summary(d: Decision) -> tuple[Any, ...]:
    return (d.decision, d.policy_type,
            frozenset((m.policy_type, m.sid, m.effect) for m in d.matched_statements),
            frozenset(k.lower() for k in d.missing_context_values))


@SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_order_of_statements_and_policies_never_matters(case: Case, rnd: random.Random) -> None:
    _number_sids(case)
    before = run(case)
    shuffled = _copy(case)
    for stmts in _all_statement_lists(shuffled):
        rnd.shuffle(stmts)
    rnd.shuffle(shuffled.identity)
    rnd.shuffle(shuffled.session)
    for levels in (shuffled.scps, shuffled.rcps):
        for level in levels or []:
            rnd.shuffle(level)
        if levels:
            rnd.shuffle(levels)
    assert _summary(run(shuffled)) == _summary(before)


@SETTINGS
@given(cases(), statements(True), st.data())
def test_adding_a_deny_never_turns_a_deny_into_an_allow(case: Case, extra: dict[str, Any],
                                                         data: Any) -> None:
    before = run(case)
    targets = _targets(case)
    if not targets:
        return
    target = data.draw(st.sampled_from(range(len(targets))))
    extra["Effect"] = "Deny"
    if target != _resource_index(case):
        extra.pop("Principal", None)
        extra.pop("NotPrincipal", None)
    targets[target].append(extra)
    after = run(case)
    if after.allowed:
        assert before.allowed
    if before.decision == "explicitDeny":
        assert after.decision == "explicitDeny"


@SETTINGS
@given(cases(), st.data())
def test_removing_an_allow_never_widens_access(case: Case, data: Any) -> None:
    before = run(case)
    allows = [(i, j) for i, stmts in enumerate(_targets(case))
              for j, s in enumerate(stmts) if s["Effect"] == "Allow"]
    if not allows:
        return
    i, j = data.draw(st.sampled_from(allows))
    del _targets(case)[i][j]
    after = run(case)
    if after.allowed:
        assert before.allowed


@SETTINGS
@given(cases(), statements(True), st.data())
def test_adding_an_allow_never_narrows_access(case: Case, extra: dict[str, Any],
                                              data: Any) -> None:
    before = run(case)
    targets = _targets(case)
    if not targets:
        return
    target = data.draw(st.sampled_from(range(len(targets))))
    extra["Effect"] = "Allow"
    if target != _resource_index(case):
        extra.pop("Principal", None)
        extra.pop("NotPrincipal", None)
    targets[target].append(extra)
    after = run(case)
    if before.allowed:
        assert after.allowed
    if after.decision == "explicitDeny":
        assert before.decision == "explicitDeny"


def _resource_index(case: Case) -> int | None:
    """Index of the resource policy's statement list in _targets (it needs principals)."""
    if case.resource_policy is None:
        return None
    for i, stmts in enumerate(_targets(case)):
        if stmts is case.resource_policy:
            return i
    return None


@SETTINGS
@given(cases())
def test_decision_is_deterministic_and_cache_safe(case: Case) -> None:
    assert _summary(run(case)) == _summary(run(_copy(case)))


@SETTINGS
@given(cases())
def test_the_brief_evaluation_of_enforcement_decides_the_same(case: Case) -> None:
    full, brief = run(case), run(case, explain=False)
    assert (brief.decision, brief.policy_type) == (full.decision, full.policy_type)
    if full.decision == "explicitDeny":
        assert brief.denying_statement == full.denying_statement
