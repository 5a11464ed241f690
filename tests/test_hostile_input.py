"""Hostile input: values that come back byte for byte, numbers that are not ASCII digits,
clients that skip parameter validation, structures with nothing in them."""

from __future__ import annotations

import base64
import json

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from iamsim import mock_iam

from .helpers import raises_aws

PATHS = ["fast", "wire"]
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": "sts:AssumeRole"}]})


@pytest.fixture(params=PATHS)
def iam(request):
    with mock_iam(path=request.param):
        yield boto3.client("iam", region_name="us-east-1")


def test_carriage_returns_and_tabs_come_back_byte_for_byte(iam):
    text = "line one\r\nline two\rthree\tfour"
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, Description=text)
    assert iam.get_role(RoleName="r")["Role"]["Description"] == text
    doc = '{"Version":"2012-10-17",\r\n"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}'
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc, Description=text)["Policy"]["Arn"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Description"] == text
    version = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(doc)


def test_characters_xml_cannot_carry_are_refused_and_change_nothing(iam):
    with raises_aws("ValidationError") as e:
        iam.create_policy(PolicyName="p", Description="bell\x07",
                          PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
                                         '"Action":"s3:*","Resource":"*"}]}')
    assert "\x07" not in e.value.response["Error"]["Message"]
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_an_error_that_echoes_a_control_character_is_still_readable(iam):
    with pytest.raises(ClientError) as e:
        iam.get_policy(PolicyArn="arn:aws:iam::123456789012:policy/\x01x")
    assert e.value.response["Error"]["Code"] in ("ValidationError", "InvalidInput", "NoSuchEntity")


@pytest.mark.parametrize("path", PATHS)
def test_a_client_without_parameter_validation_gets_what_the_server_makes_of_its_values(path):
    with mock_iam(path=path):
        loose = boto3.client("iam", region_name="us-east-1",
                             config=Config(parameter_validation=False))
        # a string of digits travels as digits: the server reads a number
        loose.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSessionDuration="7200")
        role = boto3.client("iam", region_name="us-east-1").get_role(RoleName="r")["Role"]
        assert role["MaxSessionDuration"] == 7200
        boto3.client("iam", region_name="us-east-1").create_user(UserName="u")
        key = boto3.client("iam", region_name="us-east-1").create_access_key(UserName="u")[
            "AccessKey"]
        sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"],
                           aws_secret_access_key=key["SecretAccessKey"])
        sts.assume_role(RoleArn=role["Arn"], RoleSessionName="later", DurationSeconds=7200)
        # anything else is refused, and nothing is stored
        with raises_aws("InvalidInput"):
            loose.create_role(RoleName="r2", AssumeRolePolicyDocument=TRUST,
                              MaxSessionDuration="two hours")
        with raises_aws("InvalidInput"):
            loose.list_users(MaxItems="²")
        with raises_aws("ValidationError", match="must not be null"):
            loose.create_user()
        assert [r["RoleName"] for r in loose.list_roles()["Roles"]] == ["r"]
        # a number where a string belongs is sent as its digits
        loose.create_user(UserName=12345)
        assert loose.get_user(UserName="12345")["User"]["UserName"] == "12345"


def _delegation_error(path: str, permissions: dict) -> dict:
    with mock_iam(path=path):
        iam = boto3.client("iam", region_name="us-east-1")
        with pytest.raises(ClientError) as e:
            iam.create_delegation_request(
                Description="d", Permissions=permissions, RequestorWorkflowId="workflow-1",
                NotificationChannel="arn:aws:sns:us-east-1:123456789012:t", SessionDuration=3600)
        return e.value.response["Error"]


@pytest.mark.parametrize("permissions", [{}, {"Parameters": [{}]}, {"Parameters": [{}, {}]}])
def test_a_structure_that_sends_nothing_is_absent_on_both_paths(permissions):
    # The query serializer sends nothing for a structure with nothing in it, so AWS sees the
    # required member as missing.
    for path in PATHS:
        err = _delegation_error(path, permissions)
        assert err["Code"] == "ValidationError"
        assert err["Message"] == ("1 validation error detected: Value null at 'permissions' "
                                  "failed to satisfy constraint: Member must not be null")


def test_an_empty_list_is_present_on_both_paths():
    fast = _delegation_error("fast", {"Parameters": [{"Values": []}]})
    assert fast == _delegation_error("wire", {"Parameters": [{"Values": []}]})
    assert fast["Code"] == "InvalidInput"


def test_blobs_round_trip_on_the_wire_path():
    with mock_iam(path="wire"):
        iam = boto3.client("iam", region_name="us-east-1")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName="d")["VirtualMFADevice"]
        assert base64.b32decode(device["Base32StringSeed"])
