"""Account alias and STS token preferences."""

from __future__ import annotations

import pytest

from tests.helpers import raises_aws


def test_no_alias_by_default(iam):
    out = iam.list_account_aliases()
    assert out["AccountAliases"] == []
    assert out["IsTruncated"] is False


def test_create_list_delete(iam):
    iam.create_account_alias(AccountAlias="my-company")
    assert iam.list_account_aliases()["AccountAliases"] == ["my-company"]
    iam.delete_account_alias(AccountAlias="my-company")
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_second_alias_replaces_the_first(iam):
    iam.create_account_alias(AccountAlias="first-alias")
    iam.create_account_alias(AccountAlias="second-alias")
    assert iam.list_account_aliases()["AccountAliases"] == ["second-alias"]


def test_same_alias_again_already_exists(iam):
    iam.create_account_alias(AccountAlias="taken")
    with raises_aws("EntityAlreadyExists", "The account alias taken already exists.", 409):
        iam.create_account_alias(AccountAlias="taken")
    assert iam.list_account_aliases()["AccountAliases"] == ["taken"]


@pytest.mark.parametrize("alias", ["-abc", "abc-", "a--b", "UPPER", "a_b"])
def test_alias_naming_rules(iam, alias):
    with raises_aws("ValidationError"):
        iam.create_account_alias(AccountAlias=alias)
    assert iam.list_account_aliases()["AccountAliases"] == []


def test_delete_unknown_alias(iam):
    with raises_aws("NoSuchEntity", "The account alias nope cannot be found.", 404):
        iam.delete_account_alias(AccountAlias="nope")
    iam.create_account_alias(AccountAlias="mine")
    with raises_aws("NoSuchEntity"):
        iam.delete_account_alias(AccountAlias="other")
    assert iam.list_account_aliases()["AccountAliases"] == ["mine"]


def test_list_aliases_paginator(iam):
    iam.create_account_alias(AccountAlias="paged")
    pages = list(iam.get_paginator("list_account_aliases").paginate(PaginationConfig={
        "PageSize": 1}))
    assert [a for pg in pages for a in pg["AccountAliases"]] == ["paged"]
    assert iam.list_account_aliases(MaxItems=1)["IsTruncated"] is False


def test_sts_token_version_shows_in_summary(iam):
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 1
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 2
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 1


def test_sts_token_version_enum(iam):
    with raises_aws("ValidationError"):
        iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v3Token")
