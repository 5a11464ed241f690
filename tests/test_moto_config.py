"""mock_iam accepts moto's `config` argument, so a suite moving from `mock_aws(config=...)`
changes only its import; nothing in it changes iamsim's behaviour."""

from __future__ import annotations

import boto3
import pytest

from iamsim import mock_iam

MOTO_CONFIG = {
    "batch": {"use_docker": False},
    "lambda": {"use_docker": False},
    "core": {"mock_credentials": True, "passthrough": {"urls": [], "services": []},
             "reset_boto3_session": True},
    "iam": {"load_aws_managed_policies": False},
}


def test_decorator_with_moto_config():
    @mock_iam(config=MOTO_CONFIG)
    def run():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="u")
        return [u["UserName"] for u in iam.list_users()["Users"]]

    assert run() == ["u"]


def test_aws_managed_policies_are_there_whatever_the_config():
    with mock_iam(config={"iam": {"load_aws_managed_policies": False}}):
        iam = boto3.client("iam", region_name="us-east-1")
        arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
        assert iam.get_policy(PolicyArn=arn)["Policy"]["PolicyName"] == "ReadOnlyAccess"
        assert iam.list_policies(Scope="AWS", MaxItems=1)["Policies"]


def test_config_with_other_options_and_class_decorator():
    @mock_iam(config={}, seed=4)
    class Suite:
        def setup_method(self, method=None):
            boto3.client("iam", region_name="us-east-1").create_group(GroupName="g")

        def check(self):
            groups = boto3.client("iam", region_name="us-east-1").list_groups()["Groups"]
            assert [g["GroupName"] for g in groups] == ["g"]

    suite = Suite()
    suite.setup_method()
    try:
        suite.check()
    finally:
        suite.teardown_method()


def test_config_must_be_a_dict():
    with pytest.raises(TypeError, match="config must be a dict"):
        mock_iam(config=["iam"])  # type: ignore[arg-type]
