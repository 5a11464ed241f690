"""Compiling policy texts: statement positions, the cache, engine errors, and the package's
purity (it must not reach into handlers, the model, STS or dispatch)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from iamsim.policy import PolicyEngineError, Position, compile_policy
from iamsim.policy.positions import statement_spans

POLICY_DIR = Path(__file__).resolve().parent.parent / "src" / "iamsim" / "policy"
ENGINE_MODULES = ["arns", "compiled", "conditions", "decision", "errors", "evaluate",
                  "positions", "principals", "request", "variables", "glob", "__init__"]
FORBIDDEN = ("iamsim.handlers", "iamsim.model", "iamsim.sts", "iamsim.dispatch")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against iamsim.policy
                base = ["iamsim", "policy"][: 3 - node.level] if node.level <= 2 else []
                mod = ".".join([*base, node.module] if node.module else base)
                names += [mod] + [f"{mod}.{a.name}" for a in node.names]
            else:
                names += [node.module or ""]
    return names


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_modules_import_no_handler_model_sts_or_dispatch(module: str) -> None:
    names = _imports(POLICY_DIR / f"{module}.py")
    assert names, "the scan found the imports"
    bad = [n for n in names if n.startswith(FORBIDDEN) or n in ("iamsim.errors",)]
    assert bad == []


def test_import_scan_sees_relative_imports() -> None:
    assert "iamsim.policy.glob" in _imports(POLICY_DIR / "arns.py")
    assert "iamsim.errors" in _imports(POLICY_DIR / "document.py")


def test_every_engine_module_is_checked() -> None:
    present = {p.stem for p in POLICY_DIR.glob("*.py")} - {"document", "trust"}
    assert present == set(ENGINE_MODULES)


def _positions(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    return [((s.start.line, s.start.column), (s.end.line, s.end.column))
            for s in compile_policy(text).statements]


def test_object_form_statement_position() -> None:
    # json.dumps text: `{` of the Statement at column 40 -> start 41 (a recorded response).
    text = json.dumps({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::b"}})
    assert text.index('"Statement": {') + len('"Statement": {') == 40
    close = text.rindex("}") - 1  # the statement's `}` (0-based), before the document's
    assert _positions(text) == [((1, 41), (1, close + 2))]


def test_list_statement_positions_on_one_line() -> None:
    text = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},'
            '{"Effect":"Deny","Action":"*","Resource":"*"}]}')
    first_open = text.index("[{") + 2
    first_close = text.index("},") + 1
    second_close = text.rindex("}]") + 1
    assert _positions(text) == [
        ((1, first_open), (1, first_close + 1)),
        ((1, first_close + 1), (1, second_close + 1)),
    ]


def test_list_statement_positions_over_lines() -> None:
    text = (
        '{\n'
        '  "Version": "2012-10-17",\n'
        '  "Statement": [\n'
        '    {\n'
        '      "Effect": "Allow",\n'
        '      "Action": "s3:*",\n'
        '      "Resource": "*"\n'
        '    }  ,\n'
        '    {"Effect": "Deny", "Action": "s3:Delete*", "Resource": "*"}\n'
        '  ]\n'
        '}\n'
    )
    # The second starts at the comma before it, even with spaces between.
    assert _positions(text) == [((4, 5), (8, 6)), ((8, 8), (9, 64))]


def test_positions_skip_strings_and_nested_brackets() -> None:
    text = ('{"Id": "x}]{[\\"", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": '
            '"a}b", "Condition": {"StringLike": {"k:k": ["}", "{"]}}}], "Version": "2012-10-17"}')
    (start, end), = _positions(text)
    assert start == (1, text.index("[{") + 2)
    assert end == (1, text.index("}], \"Version\"") + 2)


def test_last_statement_key_wins_as_in_json() -> None:
    text = ('{"Statement": {"Effect": "Deny", "Action": "*", "Resource": "*"}, '
            '"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}')
    policy = compile_policy(text)
    assert [s.effect for s in policy.statements] == ["Allow"]
    assert policy.statements[0].start == Position(1, text.rindex("[{") + 2)


def test_crlf_and_escaped_key() -> None:
    text = '{\r\n"St\\u0061tement": [\r\n {"Effect": "Allow", "Action": "*", "Resource": "*"}\r\n]}'
    assert _positions(text) == [((3, 2), (3, 53))]


def test_spans_of_unreadable_text_are_empty() -> None:
    assert statement_spans("[1, 2]") == []
    assert statement_spans('{"Statement": [{"a": "unterminated}]}') == []


def test_compile_is_cached_by_text() -> None:
    text = json.dumps({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    assert compile_policy(text) is compile_policy(str(text))


def test_candidates_are_memoized_per_action() -> None:
    text = json.dumps({"Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"},
                                     {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})
    policy = compile_policy(text)
    first = policy.candidates("s3:getobject")
    assert [s.index for s in first] == [0]
    assert policy.candidates("s3:getobject") is first


@pytest.mark.parametrize("text", [
    "not json",
    "[]",
    '{"Version": "2012-10-17"}',
    '{"Statement": "x"}',
    '{"Statement": [1]}',
    '{"Statement": [{"Effect": "Permit", "Action": "*"}]}',
    '{"Statement": [{"Effect": "Allow"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": 3}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "*"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ["a", 1]}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Principal": {"Nobody": "x"}}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Principal": "x"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Principal": "*", "NotPrincipal": "*"}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": []}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": "x"}}]}',
    '{"Statement": [{"Effect": "Allow", "Action": "*", "Condition": {"StringEquals": {"k": null}}}]}',
    '{"Version": 2012, "Statement": []}',
    "[" * 100000,
])
def test_malformed_input_raises_engine_error(text: str) -> None:
    with pytest.raises(PolicyEngineError):
        compile_policy(text)


def test_non_text_raises_engine_error() -> None:
    with pytest.raises(PolicyEngineError):
        compile_policy(b"{}")  # type: ignore[arg-type]


def test_engine_error_is_not_an_iam_error() -> None:
    from iamsim.errors import IAMError

    assert not issubclass(PolicyEngineError, IAMError)
    assert issubclass(PolicyEngineError, ValueError)


def test_a_compiled_policy_can_be_handed_over() -> None:
    from iamsim.policy import Policy, PolicySet, Request, evaluate
    from tests.engine_helpers import allow, user

    compiled = compile_policy(allow())
    d = evaluate(Request(user(), "s3:GetObject", "arn:aws:s3:::b/k"),
                 PolicySet(identity=[Policy(compiled, "p")]))
    assert d.allowed
    assert d.matched_statements[0].policy_id == "p"


def test_context_values_are_normalized() -> None:
    from datetime import datetime, timedelta, timezone

    from iamsim.policy.request import normalize_context

    ctx = normalize_context({
        "AWS:CurrentTime": datetime(2020, 1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        "k:naive": datetime(2020, 1, 1),
        "k:Flag": False,
        "k:n": 3,
        "k:list": ["a", True, 2],
        "k:none": None,
    })
    assert ctx == {
        "aws:currenttime": ("2020-01-01T00:00:00Z",),
        "k:naive": ("2020-01-01T00:00:00Z",),
        "k:flag": ("false",),
        "k:n": ("3",),
        "k:list": ("a", "true", "2"),
    }


@pytest.mark.parametrize("context", [{"k": object()}, {1: "a"}, {"k": [object()]}])
def test_bad_context_raises_engine_error(context: dict) -> None:
    from iamsim.policy.request import normalize_context

    with pytest.raises(PolicyEngineError):
        normalize_context(context)
