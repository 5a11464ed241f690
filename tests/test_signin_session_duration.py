"""MaxSigninSessionDuration of roles and login profiles (botocore 1.44.8): 3,600 to 7,776,000
seconds, omitted from responses while unset, replaced by Update* and cleared by
ResetMaxSigninSessionDuration, never both in one request."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ParamValidationError

from tests.helpers import raises_aws

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
BOTH = "MaxSigninSessionDuration and ResetMaxSigninSessionDuration cannot both be specified."
PASSWORD = "Correct-Horse-Battery-9"


def test_role_setting_set_replaced_and_reset(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSigninSessionDuration=7200)
    role = iam.get_role(RoleName="r")["Role"]
    assert role["MaxSigninSessionDuration"] == 7200
    assert role["MaxSessionDuration"] == 3600  # independent of the API session duration
    assert iam.list_roles()["Roles"][0]["MaxSigninSessionDuration"] == 7200
    iam.update_role(RoleName="r", Description="d")  # omitted: unchanged
    assert iam.get_role(RoleName="r")["Role"]["MaxSigninSessionDuration"] == 7200
    iam.update_role(RoleName="r", MaxSigninSessionDuration=7776000)
    assert iam.get_role(RoleName="r")["Role"]["MaxSigninSessionDuration"] == 7776000
    iam.update_role(RoleName="r", ResetMaxSigninSessionDuration=True)
    assert "MaxSigninSessionDuration" not in iam.get_role(RoleName="r")["Role"]
    iam.update_role(RoleName="r", ResetMaxSigninSessionDuration=True)  # already unset: no effect


def test_role_without_setting_omits_it(iam):
    created = iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)["Role"]
    assert "MaxSigninSessionDuration" not in created
    assert "MaxSigninSessionDuration" not in iam.get_role(RoleName="r")["Role"]


def test_role_value_and_reset_together(iam):
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSigninSessionDuration=7200)
    with raises_aws("InvalidInput", BOTH, 400):
        iam.update_role(RoleName="r", MaxSigninSessionDuration=3600,
                        ResetMaxSigninSessionDuration=True, Description="changed")
    role = iam.get_role(RoleName="r")["Role"]
    assert role["MaxSigninSessionDuration"] == 7200 and "Description" not in role


def test_range(iam):
    """botocore refuses values under the minimum itself; the server checks the maximum."""
    with pytest.raises(ParamValidationError):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSigninSessionDuration=3599)
    with raises_aws("ValidationError", status=400):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST,
                        MaxSigninSessionDuration=7776001)
    assert iam.list_roles()["Roles"] == []


def test_service_linked_role_cannot_be_set(iam):
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    with raises_aws("UnmodifiableEntity"):
        iam.update_role(RoleName=role["RoleName"], MaxSigninSessionDuration=7200)
    with raises_aws("UnmodifiableEntity"):
        iam.update_role(RoleName=role["RoleName"], ResetMaxSigninSessionDuration=True)


def test_login_profile_setting(iam):
    iam.create_user(UserName="u")
    out = iam.create_login_profile(UserName="u", Password=PASSWORD,
                                   MaxSigninSessionDuration=43200)["LoginProfile"]
    assert out["MaxSigninSessionDuration"] == 43200
    assert iam.get_login_profile(UserName="u")["LoginProfile"]["MaxSigninSessionDuration"] == 43200
    # Updating only the duration leaves the password settings alone.
    iam.update_login_profile(UserName="u", MaxSigninSessionDuration=3600)
    lp = iam.get_login_profile(UserName="u")["LoginProfile"]
    assert lp["MaxSigninSessionDuration"] == 3600 and lp["PasswordResetRequired"] is False
    iam.update_login_profile(UserName="u", PasswordResetRequired=True)
    assert iam.get_login_profile(UserName="u")["LoginProfile"]["MaxSigninSessionDuration"] == 3600
    iam.update_login_profile(UserName="u", ResetMaxSigninSessionDuration=True)
    assert "MaxSigninSessionDuration" not in iam.get_login_profile(UserName="u")["LoginProfile"]


def test_login_profile_value_and_reset_together(iam):
    iam.create_user(UserName="u")
    iam.create_login_profile(UserName="u", Password=PASSWORD, MaxSigninSessionDuration=7200)
    with raises_aws("InvalidInput", BOTH, 400):
        iam.update_login_profile(UserName="u", MaxSigninSessionDuration=3600,
                                 ResetMaxSigninSessionDuration=True, PasswordResetRequired=True)
    lp = iam.get_login_profile(UserName="u")["LoginProfile"]
    assert lp["MaxSigninSessionDuration"] == 7200 and lp["PasswordResetRequired"] is False


def test_login_profile_without_setting_omits_it(iam):
    iam.create_user(UserName="u")
    out = iam.create_login_profile(UserName="u", Password=PASSWORD)["LoginProfile"]
    assert "MaxSigninSessionDuration" not in out
