"""Policy variables in Resource and condition values, and ARN matching of the Resource element."""

from __future__ import annotations

from typing import Any

import pytest

from iamsim.policy.arns import arn_matches
from tests.engine_helpers import ACCOUNT, allow, decide, doc, stmt, user

USER_RES = f"arn:aws:iam::{ACCOUNT}:user/alice"


def resource_allows(pattern: str, resource: str, context: dict[str, Any] | None = None,
                    version: str | None = "2012-10-17") -> bool:
    policy = doc(stmt(resource=pattern), version=version)
    return decide(user(), "iam:GetUser", resource, context, identity=[policy.replace(
        '"s3:GetObject"', '"iam:GetUser"')]).allowed


VARIABLE_CASES = [
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}", USER_RES, {"aws:username": "alice"}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}", USER_RES, {"aws:username": "bob"}, False),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}", USER_RES, {}, False),
    (f"arn:aws:iam::{ACCOUNT}:user/${{AWS:UserName}}", USER_RES, {"aws:username": "alice"}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/name}}", USER_RES,
     {"aws:PrincipalTag/name": "alice"}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/name, 'alice'}}", USER_RES, {}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/name, 'alice'}}", USER_RES,
     {"aws:PrincipalTag/name": "bob"}, False),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/name,'alice'}}", USER_RES, {}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/al${{*}}", USER_RES, {}, False),  # ${*} is a literal star
    (f"arn:aws:iam::{ACCOUNT}:user/al${{*}}", f"arn:aws:iam::{ACCOUNT}:user/al*", {}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/al${{?}}ce", USER_RES, {}, False),
    (f"arn:aws:iam::{ACCOUNT}:user/al${{?}}ce", f"arn:aws:iam::{ACCOUNT}:user/al?ce", {}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/a${{$}}b", f"arn:aws:iam::{ACCOUNT}:user/a$b", {}, True),
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}*", f"arn:aws:iam::{ACCOUNT}:user/alice-2",
     {"aws:username": "alice"}, True),
    # A substituted value is literal text, not a pattern.
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}", USER_RES, {"aws:username": "*"}, False),
    # Only the resource part of an ARN takes variables.
    ("arn:aws:iam::${aws:PrincipalAccount}:user/alice", USER_RES,
     {"aws:PrincipalAccount": ACCOUNT}, False),
    # An unterminated variable is text.
    (f"arn:aws:iam::{ACCOUNT}:user/${{aws:username", f"arn:aws:iam::{ACCOUNT}:user/${{aws:username",
     {}, True),
]


@pytest.mark.parametrize(("pattern", "resource", "context", "allowed"), VARIABLE_CASES)
def test_resource_variables(pattern: str, resource: str, context: dict, allowed: bool) -> None:
    assert resource_allows(pattern, resource, context) is allowed


@pytest.mark.parametrize("version", ["2008-10-17", None])
def test_variables_are_literal_before_2012(version: str | None) -> None:
    pattern = f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"
    assert not resource_allows(pattern, USER_RES, {"aws:username": "alice"}, version)
    assert resource_allows(pattern, pattern, {}, version)


def test_missing_variable_is_reported() -> None:
    policy = doc(stmt(action="iam:GetUser", resource=f"arn:aws:iam::{ACCOUNT}:user/${{aws:username}}"))
    d = decide(user(), "iam:GetUser", USER_RES, identity=[policy])
    assert not d.allowed
    assert d.missing_context_values == ("aws:username",)


CONDITION_CASES = [
    ("StringEquals", "${aws:username}", {"k:x": "alice", "aws:username": "alice"}, True),
    ("StringEquals", "${aws:username}", {"k:x": "alice", "aws:username": "bob"}, False),
    ("StringEquals", "${aws:username}", {"k:x": "alice"}, False),
    ("StringNotEquals", "${aws:username}", {"k:x": "alice"}, True),
    ("StringLike", "home/${aws:username}/*", {"k:x": "home/alice/doc", "aws:username": "alice"}, True),
    ("StringLike", "home/${aws:username}/*", {"k:x": "home/bob/doc", "aws:username": "alice"}, False),
    ("StringEquals", "${k:y, 'none'}", {"k:x": "none"}, True),
    ("StringEquals", "a${*}b", {"k:x": "a*b"}, True),
    ("StringLike", "a${*}b", {"k:x": "axxb"}, False),
    ("StringLike", "a${*}*", {"k:x": "a*xx"}, True),
    ("StringLike", "a${?}", {"k:x": "a?"}, True),
    ("StringLike", "a${?}", {"k:x": "ab"}, False),
    ("StringEqualsIgnoreCase", "${aws:username}", {"k:x": "ALICE", "aws:username": "alice"}, True),
    ("ArnLike", "arn:aws:iam::*:user/${aws:username}",
     {"k:x": USER_RES, "aws:username": "alice"}, True),
    ("Bool", "${k:flag}", {"k:x": "true", "k:flag": "true"}, True),
    # Numeric, Date, IP, Binary values take no variables: they stay literal (and unparsable).
    ("NumericEquals", "${k:n}", {"k:x": "1", "k:n": "1"}, False),
    ("DateEquals", "${k:d}", {"k:x": "2020-01-01", "k:d": "2020-01-01"}, False),
    ("IpAddress", "${k:ip}", {"k:x": "10.0.0.1", "k:ip": "10.0.0.1"}, False),
]


@pytest.mark.parametrize(("operator", "value", "context", "allowed"), CONDITION_CASES)
def test_condition_variables(operator: str, value: str, context: dict, allowed: bool) -> None:
    policy = allow(Condition={operator: {"k:x": value}})
    assert decide(user(), context=context, identity=[policy]).allowed is allowed


def test_condition_variables_literal_in_old_version() -> None:
    policy = doc(stmt(Condition={"StringEquals": {"k:x": "${aws:username}"}}), version="2008-10-17")
    assert decide(user(), context={"k:x": "${aws:username}", "aws:username": "alice"},
                  identity=[policy]).allowed


ARN_CASES = [
    ("*", "arn:aws:s3:::bucket", True),
    ("*", "anything", True),
    ("arn:aws:s3:::bucket", "arn:aws:s3:::bucket", True),
    ("arn:aws:s3:::bucket", "arn:aws:s3:::Bucket", False),
    ("arn:aws:s3:::bucket*", "arn:aws:s3:::bucket-logs", True),
    ("arn:aws:s3:::*log*", "arn:aws:s3:::carlossalazar-logs", True),
    ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", True),
    ("arn:aws:ec2:*:*:instance/*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:aws:ec2:*:111122223333:instance/*", "arn:aws:ec2:us-east-1:444455556666:instance/i-1",
     False),
    ("arn:aws:ec2:us-*-1:*:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    ("arn:aws:ec2:us-?ast-1:*:*", "arn:aws:ec2:us-east-1:111122223333:instance/i-1", True),
    # a star in the first five parts does not cross a colon
    ("arn:aws:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:t", False),
    ("arn:aws:someservice:*:111122223333:finance/*",
     "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", False),
    ("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:user/path/alice", True),
    ("arn:aws:iam::111122223333:user/*", "arn:aws:iam::111122223333:role/alice", False),
    ("arn:*:iam::*:*", "arn:aws-cn:iam::111122223333:user/a", True),
    ("arn:aws:iam::111122223333:user/alice", "*", False),
]


@pytest.mark.parametrize(("pattern", "resource", "matches"), ARN_CASES)
def test_resource_arn_matching(pattern: str, resource: str, matches: bool) -> None:
    assert arn_matches(pattern, resource, whole_fallback=True) is matches
    assert resource_allows(pattern, resource) is matches


def test_long_wildcard_patterns_stay_linear() -> None:
    pattern = "arn:aws:s3:::" + "a*" * 200 + "b"
    assert arn_matches(pattern, "arn:aws:s3:::" + "a" * 5000) is False
