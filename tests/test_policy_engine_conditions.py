"""Every condition operator of the IAM reference, with ...IfExists, the set qualifiers, absent
and multi-valued keys, each against the decision the User Guide documents."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from tests.engine_helpers import allow, decide, doc, stmt, user

ABSENT = object()


def holds(operator: str, value: Any, context_value: Any = ABSENT, key: str = "k:key",
          effect: str = "Allow") -> bool:
    """Does the condition hold? (An Allow statement carrying only it allows, or a Deny denies.)"""
    context = {} if context_value is ABSENT else {key: context_value}
    cond = {operator: {key: value}}
    if effect == "Allow":
        return decide(user(), context=context, identity=[allow(Condition=cond)]).allowed
    d = decide(user(), context=context, identity=[doc(stmt(), stmt("Deny", Condition=cond))])
    return d.decision == "explicitDeny"


CASES = [
    # String
    ("StringEquals", "abc", "abc", True),
    ("StringEquals", "abc", "ABC", False),
    ("StringEquals", ["x", "abc"], "abc", True),
    ("StringEquals", "a*", "abc", False),  # no wildcards
    ("StringEquals", "abc", ABSENT, False),
    ("StringNotEquals", "abc", "abd", True),
    ("StringNotEquals", "abc", "abc", False),
    ("StringNotEquals", ["x", "abc"], "abc", False),
    ("StringNotEquals", "abc", ABSENT, True),  # negated operator, absent key
    ("StringEqualsIgnoreCase", "ABC", "abc", True),
    ("StringEqualsIgnoreCase", "ABC", "abd", False),
    ("StringNotEqualsIgnoreCase", "ABC", "abc", False),
    ("StringNotEqualsIgnoreCase", "ABC", ABSENT, True),
    ("StringLike", "a*c", "abbbc", True),
    ("StringLike", "a?c", "abc", True),
    ("StringLike", "a?c", "abbc", False),
    ("StringLike", "A*", "abc", False),  # case-sensitive
    ("StringLike", "", "", True),
    ("StringLike", "*", ABSENT, False),
    ("StringNotLike", "a*", "abc", False),
    ("StringNotLike", "b*", "abc", True),
    ("StringNotLike", "b*", ABSENT, True),
    ("StringEqualsIfExists", "abc", ABSENT, True),
    ("StringEqualsIfExists", "abc", "abd", False),
    ("StringLikeIfExists", "a*", "abc", True),
    # Numeric
    ("NumericEquals", "10", "10", True),
    ("NumericEquals", "10", "10.0", True),
    ("NumericEquals", 10, "11", False),
    ("NumericEquals", "10", "ten", False),
    ("NumericEquals", "ten", "10", False),
    ("NumericNotEquals", "10", "11", True),
    ("NumericNotEquals", "10", "10", False),
    ("NumericNotEquals", "10", ABSENT, True),
    ("NumericLessThan", "10", "9", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericLessThanEquals", "10", "11", False),
    ("NumericGreaterThan", "10", "11", True),
    ("NumericGreaterThan", "10", "10", False),
    ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericGreaterThanEquals", "10", "-1", False),
    ("NumericGreaterThanEquals", "1.5", "1.75", True),
    ("NumericLessThan", "10", ABSENT, False),
    ("NumericLessThanIfExists", "10", ABSENT, True),
    ("NumericLessThanIfExists", "10", "20", False),
    # Date: ISO 8601 forms and epoch seconds, either side
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "1577836800", True),
    ("DateEquals", "1577836800", "2020-01-01T01:00:00+01:00", True),
    ("DateEquals", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00Z", True),
    ("DateEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:01Z", False),
    ("DateNotEquals", "2020-01-01T00:00:00Z", "2020-01-02T00:00:00Z", True),
    ("DateNotEquals", "2020-01-01T00:00:00Z", ABSENT, True),
    ("DateLessThan", "2020-06-30T23:59:59Z", "2020-04-01T00:00:00Z", True),
    ("DateLessThan", "2020-06-30T23:59:59Z", "2021-01-01T00:00:00Z", False),
    ("DateLessThanEquals", "2020-01-01T00:00:00Z", "2020-01-01T00:00:00Z", True),
    ("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:02Z", True),
    ("DateGreaterThan", "2020-01-01T00:00:01Z", "2020-01-01T00:00:01Z", False),
    ("DateGreaterThanEquals", "2020-01-01", "2020-01-01T00:00:00-00:00", True),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", "not a date", False),
    ("DateGreaterThan", "2020-01-01T00:00:00Z", ABSENT, False),
    ("DateGreaterThanIfExists", "2020-01-01T00:00:00Z", ABSENT, True),
    ("DateGreaterThan", "2020-01-01T00:00:00Z",
     datetime(2021, 1, 1, tzinfo=timezone.utc), True),
    # Bool
    ("Bool", "true", "true", True),
    ("Bool", "true", True, True),
    ("Bool", True, "true", True),
    ("Bool", "true", "false", False),
    ("Bool", "false", "FALSE", True),
    ("Bool", "true", ABSENT, False),
    ("BoolIfExists", "true", ABSENT, True),
    ("BoolIfExists", "false", "true", False),
    # Binary: byte for byte against a base-64 value
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", True),
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5", False),
    ("BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", ABSENT, False),
    ("BinaryEqualsIfExists", "QmluYXJ5", ABSENT, True),
    # IP addresses: IPv4 and IPv6 CIDRs, a bare address meaning /32
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "203.0.113.0/24", "203.0.114.7", False),
    ("IpAddress", "203.0.113.7", "203.0.113.7", True),
    ("IpAddress", "203.0.113.7", "203.0.113.8", False),
    ("IpAddress", ["203.0.113.0/24", "2001:DB8:1234:5678::/64"], "2001:db8:1234:5678::1", True),
    ("IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5679::1", False),
    ("IpAddress", "2001:DB8::/32", "203.0.113.7", False),
    ("IpAddress", "203.0.113.0/24", "not an ip", False),
    ("IpAddress", "203.0.113.0/24", ABSENT, False),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.1", True),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.1", False),
    ("NotIpAddress", "203.0.113.0/24", ABSENT, True),
    ("IpAddressIfExists", "203.0.113.0/24", ABSENT, True),
    # ARN: six parts compared separately, case-sensitive, wildcards inside parts
    ("ArnEquals", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:sns:us-east-1:111122223333:topic",
     True),
    ("ArnLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:topic", True),
    ("ArnEquals", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:topic", True),
    ("ArnLike", "arn:aws:someservice:*:111122223333:finance/*",
     "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", False),
    ("ArnLike", "arn:aws:sns:*:111122223333:Topic", "arn:aws:sns:us-east-1:111122223333:topic", False),
    ("ArnLike", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b:c", True),
    ("ArnLike", "arn:aws:sns:*", "arn:aws:sns:us-east-1:111122223333:topic", False),
    ("ArnLike", "arn:aws:sns:*:*:*", "not-an-arn", False),
    ("ArnLike", "arn:aws:sns:*:*:*", ABSENT, False),
    ("ArnNotEquals", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:999999999999:t", True),
    ("ArnNotLike", "arn:aws:sns:*:111122223333:*", "arn:aws:sns:us-east-1:111122223333:t", False),
    ("ArnNotLike", "arn:aws:sns:*:111122223333:*", ABSENT, True),
    ("ArnLikeIfExists", "arn:aws:sns:*:111122223333:*", ABSENT, True),
    # Null
    ("Null", "true", ABSENT, True),
    ("Null", "true", "x", False),
    ("Null", "false", "x", True),
    ("Null", "false", ABSENT, False),
    ("Null", True, [], True),
    # Multi-valued keys without a set qualifier: any request value may match
    ("StringEquals", "b", ["a", "b"], True),
    ("StringEquals", "c", ["a", "b"], False),
    ("StringEquals", "c", [], False),
    ("StringNotEquals", "c", [], True),
    # ForAnyValue / ForAllValues
    ("ForAnyValue:StringEquals", ["a", "z"], ["a", "b"], True),
    ("ForAnyValue:StringEquals", ["y", "z"], ["a", "b"], False),
    ("ForAnyValue:StringEquals", ["a"], ABSENT, False),
    ("ForAnyValue:StringEquals", ["a"], [], False),
    ("ForAnyValue:StringNotEquals", ["a"], ABSENT, False),
    ("ForAnyValue:StringEqualsIfExists", ["a"], ABSENT, False),
    ("ForAnyValue:StringNotEquals", ["a"], ["a", "b"], True),
    ("ForAnyValue:StringNotEquals", ["a", "b"], ["a", "b"], False),
    ("ForAnyValue:StringLike", ["ID", "PostDateTime"], ["UserName", "Message", "PostDateTime"], True),
    ("ForAnyValue:StringLike", ["ID", "PostDateTime"], ["UserName"], False),
    ("ForAllValues:StringLike", ["PostDateTime", "Message", "Tags"], ["PostDateTime", "Message"],
     True),
    ("ForAllValues:StringLike", ["PostDateTime", "Message", "Tags"], ["PostDateTime", "UserName"],
     False),
    ("ForAllValues:StringEquals", ["a"], ABSENT, True),
    ("ForAllValues:StringEquals", ["a"], [], True),
    ("ForAllValues:StringNotEquals", ["a"], ABSENT, True),
    ("ForAllValues:StringNotEquals", ["a"], ["b", "c"], True),
    ("ForAllValues:StringNotEquals", ["a"], ["a", "c"], False),
    ("ForAllValues:StringEqualsIgnoreCase", ["A", "B"], ["a", "b"], True),
    ("ForAllValues:NumericLessThan", "10", ["1", "2"], True),
    ("ForAllValues:NumericLessThan", "10", ["1", "20"], False),
    ("ForAnyValue:NumericLessThan", "10", ["1", "20"], True),
    ("ForAnyValue:IpAddress", "10.0.0.0/8", ["192.168.0.1", "10.1.2.3"], True),
    ("ForAllValues:ArnLike", "arn:aws:iam::*:role/*", ["arn:aws:iam::1:role/a", "arn:aws:iam::2:role/b"],
     True),
    ("ForAnyValue:DateLessThan", "2020-01-01T00:00:00Z", ["2019-01-01T00:00:00Z", "2030-01-01"], True),
    ("ForAllValues:Bool", "true", ["true", "true"], True),
    ("ForAnyValue:BinaryEquals", "QmluYXJ5", ["QQ==", "QmluYXJ5"], True),
]


@pytest.mark.parametrize(("operator", "value", "context_value", "expected"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_operator(operator: str, value: Any, context_value: Any, expected: bool) -> None:
    assert holds(operator, value, context_value) is expected


@pytest.mark.parametrize(("operator", "value", "context_value", "expected"), CASES[::7])
def test_operator_in_deny_statement(operator: str, value: Any, context_value: Any,
                                    expected: bool) -> None:
    # A condition means the same in a Deny statement (only unknown operators differ).
    assert holds(operator, value, context_value, effect="Deny") is expected


@pytest.mark.parametrize("operator", ["StringEqualz", "NullIfExists", "ForSomeValues:StringEquals",
                                      "stringequals", "IfExists"])
def test_unknown_operators_never_widen_access(operator: str) -> None:
    assert holds(operator, "a", "a") is False  # an Allow it guards does not apply
    assert holds(operator, "a", "b", effect="Deny") is True  # a Deny it guards applies


def test_key_names_are_case_insensitive() -> None:
    assert holds("StringEquals", "a", "a", key="AWS:PrincipalTag/Team") is True
    cond = {"StringEquals": {"aws:principaltag/team": "a"}}
    assert decide(user(), context={"AWS:PRINCIPALTAG/TEAM": "a"},
                  identity=[allow(Condition=cond)]).allowed


def test_values_are_case_sensitive() -> None:
    assert holds("StringEquals", "Team", "team") is False


def test_all_conditions_of_a_statement_must_hold() -> None:
    cond = {"StringEquals": {"k:a": "1", "k:b": "2"}, "Bool": {"k:c": "true"}}
    policy = allow(Condition=cond)
    assert decide(user(), context={"k:a": "1", "k:b": "2", "k:c": True}, identity=[policy]).allowed
    assert not decide(user(), context={"k:a": "1", "k:b": "3", "k:c": True},
                      identity=[policy]).allowed
    d = decide(user(), context={"k:a": "1"}, identity=[policy])
    assert not d.allowed
    assert d.missing_context_values == ("k:b", "k:c")


def test_context_numbers_and_booleans_are_strings() -> None:
    assert holds("NumericEquals", "3", 3) is True
    assert holds("StringEquals", "3", 3) is True
    assert holds("StringEquals", "true", True) is True


def test_if_exists_and_missing_keys_are_reported() -> None:
    d = decide(user(), identity=[allow(Condition={"StringEqualsIfExists": {"k:x": "a"}})])
    assert d.allowed
    assert d.missing_context_values == ("k:x",)
