"""The IAM wildcard matcher: same answers as a regular expression, without backtracking."""

from __future__ import annotations

import json
import re
import time

import boto3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iamsim import mock_iam
from iamsim.policy.glob import glob_match


def _regex(pattern: str, text: str, ignore_case: bool = False) -> bool:
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, text, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


@given(st.text("ab*?", max_size=8), st.text("abAB", max_size=10), st.booleans())
@settings(max_examples=2000, deadline=None)
def test_agrees_with_a_regular_expression(pattern, text, ignore_case):
    assert glob_match(pattern, text, ignore_case=ignore_case) == _regex(pattern, text, ignore_case)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("iam:Get*", "iam:GetUser", True),
        ("iam:*User", "iam:GetUser", True),
        ("iam:?etUser", "iam:GetUser", True),
        ("iam:Get?", "iam:GetUser", False),
        ("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/", True),
        ("*", "", True),
        ("", "", True),
        ("a*b*c", "abc", True),
        ("a*b*c", "acb", False),
    ],
)
def test_examples(pattern, text, expected):
    assert glob_match(pattern, text) is expected


def test_many_wildcards_do_not_backtrack():
    start = time.perf_counter()
    for n in range(1, 40):
        assert not glob_match("a*" * n + "b", "a" * 5000)
    # A backtracking matcher needs hours here; the bound only catches a regression to
    # exponential time, it is not a speed target.
    assert time.perf_counter() - start < 5


@mock_iam
def test_trust_policy_with_many_wildcards_answers_at_once():
    iam = boto3.client("iam", region_name="us-east-1")
    pattern = "a*" * 12 + "b"
    statement = {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole",
                 "Condition": {"StringLike": {"sts:RoleSessionName": pattern}}}
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [statement]}))
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                       aws_secret_access_key=key["SecretAccessKey"])
    start = time.perf_counter()
    with pytest.raises(sts.exceptions.ClientError) as e:
        sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="a" * 64)
    assert e.value.response["Error"]["Code"] == "AccessDenied"
    assert time.perf_counter() - start < 5
    ok = sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="a" * 30 + "b")
    assert ok["AssumedRoleUser"]["Arn"].endswith("/r/" + "a" * 30 + "b")
