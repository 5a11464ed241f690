"""GetAccountProperties / PutAccountProperties (Role Manager switch)."""

from __future__ import annotations

import boto3
import pytest

from iamsim import mock_iam
from tests.helpers import raises_aws

DEFAULTS = {"RoleManager/Enabled": "false"}


def test_role_manager_disabled_by_default(iam):
    assert iam.get_account_properties()["Properties"] == DEFAULTS


def test_enable_then_disable(iam):
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    assert iam.get_account_properties()["Properties"] == {"RoleManager/Enabled": "true"}
    iam.put_account_properties(Properties={"RoleManager/Enabled": "false"})
    assert iam.get_account_properties()["Properties"] == DEFAULTS


def test_setting_the_same_value_again_succeeds(iam):
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    out = iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert iam.get_account_properties()["Properties"] == {"RoleManager/Enabled": "true"}


@pytest.mark.parametrize("key", ["RoleManager", "RoleManager/Enabled/Other", "RoleManager/"])
def test_key_needs_exactly_one_inner_separator(iam, key):
    with raises_aws(
        "InvalidInput",
        f"Account property key {key} is not valid: it must contain exactly one '/' "
        "separating the namespace from the property name.",
        400,
    ):
        iam.put_account_properties(Properties={key: "true"})
    assert iam.get_account_properties()["Properties"] == DEFAULTS


def test_all_keys_in_one_namespace(iam):
    with raises_aws(
        "InvalidInput", "All account properties in a request must belong to the same namespace.", 400
    ):
        iam.put_account_properties(Properties={"RoleManager/Enabled": "true", "Other/Enabled": "true"})
    assert iam.get_account_properties()["Properties"] == DEFAULTS


def test_unknown_namespace(iam):
    with raises_aws("InvalidInput", "Account property namespace Other is not supported.", 400):
        iam.put_account_properties(Properties={"Other/Enabled": "true"})


def test_unknown_property_rejects_whole_request(iam):
    with raises_aws("InvalidInput", "Account property RoleManager/Other is not supported.", 400):
        iam.put_account_properties(
            Properties={"RoleManager/Enabled": "true", "RoleManager/Other": "true"}
        )
    assert iam.get_account_properties()["Properties"] == DEFAULTS


@pytest.mark.parametrize("value", ["TRUE", "yes", "1", "true "])
def test_boolean_property_accepts_only_true_or_false(iam, value):
    with raises_aws(
        "InvalidInput",
        f"Value {value} for account property RoleManager/Enabled is not valid. "
        "Valid values: true, false.",
        400,
    ):
        iam.put_account_properties(Properties={"RoleManager/Enabled": value})
    assert iam.get_account_properties()["Properties"] == DEFAULTS


def test_properties_are_account_wide(iam, client_for):
    iam.create_user(UserName="alice")
    alice = client_for(iam.create_access_key(UserName="alice")["AccessKey"])
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    assert alice.get_account_properties()["Properties"] == {"RoleManager/Enabled": "true"}


def test_a_new_scope_starts_from_the_defaults():
    for _ in range(2):
        with mock_iam():
            client = boto3.client("iam", region_name="us-east-1")
            assert client.get_account_properties()["Properties"] == DEFAULTS
            client.put_account_properties(Properties={"RoleManager/Enabled": "true"})
