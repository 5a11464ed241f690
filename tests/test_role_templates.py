"""GetRoleTemplateVersion / AcquireRole: iamsim holds no role template contents, so a
well-formed template ARN is not found and nothing is created."""

from __future__ import annotations

import pytest

from tests.helpers import raises_aws

POWER = "arn:aws:iam::aws:role-template/iam.amazonaws.com/PowerUserRoleTemplate:1"
CUSTOMER = "arn:aws:iam::123456789012:role-template/team/MyTemplate:2"
VALUES = {"RoleName": {"Values": ["my-role"]}, "AWSServiceName": {"Values": ["lambda.amazonaws.com"]}}


@pytest.mark.parametrize("arn", [POWER, CUSTOMER])
def test_get_version_of_unknown_template(iam, arn):
    with raises_aws("NoSuchEntity", f"The role template with ARN {arn} cannot be found.", 404):
        iam.get_role_template_version(TemplateArn=arn)
    with raises_aws("NoSuchEntity", f"The role template with ARN {arn} cannot be found.", 404):
        iam.get_role_template_version(TemplateArn=arn, MinorVersion=3)


@pytest.mark.parametrize("arn", [POWER, CUSTOMER])
def test_acquire_from_unknown_template_creates_nothing(iam, arn):
    with raises_aws("NoSuchEntity", f"The role template with ARN {arn} cannot be found.", 404):
        iam.acquire_role(TemplateArn=arn, TemplateMinorVersion=1, ReplacementValues=VALUES)
    assert iam.list_roles()["Roles"] == []


def test_acquire_error_is_the_modelled_exception(iam):
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.acquire_role(TemplateArn=POWER)


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:iam::123456789012:role/my-role",
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws:s3:::bucket/role-template/x",
        "not-an-arn-but-long-enough",
    ],
)
def test_not_a_role_template_arn(iam, arn):
    with raises_aws("InvalidInput", status=400):
        iam.get_role_template_version(TemplateArn=arn)
    with raises_aws("InvalidInput", status=400):
        iam.acquire_role(TemplateArn=arn, ReplacementValues=VALUES)
    assert iam.list_roles()["Roles"] == []


def test_role_arn_message(iam):
    arn = "arn:aws:iam::123456789012:role/my-role"
    with raises_aws("InvalidInput", f"ARN {arn} is not a valid role template ARN."):
        iam.acquire_role(TemplateArn=arn)


def test_negative_minor_version(iam):
    msg = "Minor version -1 is not valid: it must not be negative."
    with raises_aws("InvalidInput", msg, 400):
        iam.get_role_template_version(TemplateArn=POWER, MinorVersion=-1)
    with raises_aws("InvalidInput", msg, 400):
        iam.acquire_role(TemplateArn=POWER, TemplateMinorVersion=-1)


def test_role_manager_enabled_changes_nothing_for_unknown_templates(iam):
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    with raises_aws("NoSuchEntity"):
        iam.acquire_role(TemplateArn=POWER, ReplacementValues=VALUES)
    assert iam.list_roles()["Roles"] == []
