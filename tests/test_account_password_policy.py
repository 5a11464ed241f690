"""Account password policy: update (defaults for omitted members), get, delete, enforcement."""

from __future__ import annotations

from tests.helpers import raises_aws

NOT_FOUND = "The Password Policy with domain name 123456789012 cannot be found."


def test_no_policy_by_default(iam):
    with raises_aws("NoSuchEntity", NOT_FOUND, 404):
        iam.get_account_password_policy()


def test_update_then_get_with_defaults(iam):
    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy == {
        "MinimumPasswordLength": 8,
        "RequireSymbols": False,
        "RequireNumbers": True,
        "RequireUppercaseCharacters": False,
        "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": False,
        "ExpirePasswords": False,
    }


def test_update_with_every_member(iam):
    iam.update_account_password_policy(
        MinimumPasswordLength=12, RequireSymbols=True, RequireNumbers=True,
        RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True, MaxPasswordAge=90, PasswordReusePrevention=5,
        HardExpiry=True,
    )
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["ExpirePasswords"] is True
    assert policy["MaxPasswordAge"] == 90
    assert policy["PasswordReusePrevention"] == 5
    assert policy["HardExpiry"] is True
    assert policy["AllowUsersToChangePassword"] is True


def test_update_replaces_whole_policy(iam):
    iam.update_account_password_policy(MinimumPasswordLength=20, MaxPasswordAge=30,
                                       RequireSymbols=True)
    iam.update_account_password_policy(RequireNumbers=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 6
    assert policy["RequireSymbols"] is False
    assert policy["ExpirePasswords"] is False
    assert "MaxPasswordAge" not in policy


def test_update_ranges(iam):
    with raises_aws("ValidationError"):
        iam.update_account_password_policy(MinimumPasswordLength=129)
    with raises_aws("ValidationError"):
        iam.update_account_password_policy(MaxPasswordAge=1096)
    with raises_aws("ValidationError"):
        iam.update_account_password_policy(PasswordReusePrevention=25)
    with raises_aws("NoSuchEntity"):
        iam.get_account_password_policy()


def test_delete(iam):
    iam.update_account_password_policy(MinimumPasswordLength=10)
    iam.delete_account_password_policy()
    with raises_aws("NoSuchEntity", NOT_FOUND):
        iam.get_account_password_policy()


def test_delete_without_policy(iam):
    with raises_aws("NoSuchEntity",
                    "The account policy with name PasswordPolicy cannot be found.", 404):
        iam.delete_account_password_policy()


def test_policy_enforced_on_login_profiles(iam):
    iam.create_user(UserName="u")
    iam.update_account_password_policy(MinimumPasswordLength=14, RequireSymbols=True)
    with raises_aws("PasswordPolicyViolation"):
        iam.create_login_profile(UserName="u", Password="Short1!")
    with raises_aws("PasswordPolicyViolation"):
        iam.create_login_profile(UserName="u", Password="longenoughbutnosymbol")
    iam.create_login_profile(UserName="u", Password="long-enough-with!")
    iam.delete_account_password_policy()
    # Back to AWS's default rules: 8 characters, three character kinds.
    with raises_aws("PasswordPolicyViolation"):
        iam.update_login_profile(UserName="u", Password="alllowercase")
    iam.update_login_profile(UserName="u", Password="Mixed-Case1")
