"""The JSON protocol module against botocore itself: what it parses from botocore's own
serialized requests, and that the fast path's conform() equals botocore's parse of the bytes."""

from __future__ import annotations

import datetime

import botocore.session
import pytest
from botocore.parsers import create_parser
from botocore.serialize import create_serializer

from iamsim.errors import IAMError
from iamsim.protocol import json as jp

MODEL = botocore.session.get_session().get_service_model("cognito-idp")


def _request_body(op: str, params: dict) -> bytes:
    serialized = create_serializer("json").serialize_to_request(params, MODEL.operation_model(op))
    return serialized["body"]


def test_parses_what_botocore_serializes():
    params = {"UserPoolId": "us-east-1_abc", "Username": "a",
              "UserAttributes": [{"Name": "email", "Value": "a@b.c"}],
              "DesiredDeliveryMediums": ["EMAIL"], "ForceAliasCreation": True}
    body = _request_body("AdminCreateUser", params)
    assert jp.parse_request(body, MODEL.operation_model("AdminCreateUser")) == params


@pytest.mark.parametrize("body", [b"{", b"[]", b'{"UserPoolId": 5}',
                                  b'{"UserPoolId": "x", "Username": "u", "UserAttributes": {}}'])
def test_malformed_bodies_are_serialization_errors(body):
    with pytest.raises(jp.SerializationException):
        jp.parse_request(body, MODEL.operation_model("AdminCreateUser"))


def test_conform_equals_botocore_parse_of_the_bytes():
    op = MODEL.operation_model("DescribeUserPoolClient")
    when = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    result = {"UserPoolClient": {"UserPoolId": "us-east-1_abc", "ClientId": "c", "ClientName": "n",
                                 "CreationDate": when, "LastModifiedDate": when,
                                 "RefreshTokenValidity": 30, "NotAMember": "dropped"}}
    body = jp.serialize_result(op, result)
    parsed = create_parser("json").parse(
        {"status_code": 200, "headers": {}, "body": body}, op.output_shape)
    parsed.pop("ResponseMetadata", None)
    assert jp.conform(op, result) == parsed
    assert "NotAMember" not in parsed["UserPoolClient"]


def test_error_body_and_headers():
    err = IAMError("User does not exist.", "UserNotFoundException", 400)
    assert jp.serialize_error(err) == \
        b'{"__type": "UserNotFoundException", "message": "User does not exist."}'
    assert jp.error_headers(err)["x-amzn-ErrorType"] == "UserNotFoundException:"
    parsed = jp.parsed_error(MODEL.operation_model("GetUser"), err)
    assert parsed == {"Error": {"Message": "User does not exist.",
                                "Code": "UserNotFoundException"},
                      "message": "User does not exist."}
