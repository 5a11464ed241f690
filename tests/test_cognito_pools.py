"""User pools and app clients through boto3."""

from __future__ import annotations

import pytest

from tests.cognito_helpers import idp, make_client, make_pool
from tests.helpers import raises_aws


@pytest.fixture
def cog(iam_mock):
    return idp("eu-west-1")


def test_create_describe_pool_in_the_clients_region(cog):
    pool = cog.create_user_pool(
        PoolName="app", UsernameAttributes=["email"],
        Schema=[{"Name": "team", "AttributeDataType": "String",
                 "StringAttributeConstraints": {"MaxLength": "10"}},
                {"Name": "email", "AttributeDataType": "String", "Required": True}],
        Policies={"PasswordPolicy": {"MinimumLength": 10, "RequireSymbols": False}},
        UsernameConfiguration={"CaseSensitive": False})["UserPool"]
    assert pool["Id"].startswith("eu-west-1_") and len(pool["Id"]) == len("eu-west-1_") + 9
    assert pool["Arn"] == f"arn:aws:cognito-idp:eu-west-1:123456789012:userpool/{pool['Id']}"
    assert pool["Policies"]["PasswordPolicy"] == {
        "MinimumLength": 10, "RequireUppercase": True, "RequireLowercase": True,
        "RequireNumbers": True, "RequireSymbols": False, "TemporaryPasswordValidityDays": 7}
    names = {a["Name"]: a for a in pool["SchemaAttributes"]}
    assert names["custom:team"]["StringAttributeConstraints"] == {"MaxLength": "10"}
    assert names["email"]["Required"] is True and names["sub"]["Mutable"] is False
    assert pool["DeletionProtection"] == "INACTIVE" and pool["MfaConfiguration"] == "OFF"
    described = cog.describe_user_pool(UserPoolId=pool["Id"])["UserPool"]
    assert described["UsernameAttributes"] == ["email"]
    assert described["UsernameConfiguration"] == {"CaseSensitive": False}
    assert described["EstimatedNumberOfUsers"] == 0


def test_pools_are_regional(cog):
    pool_id = make_pool(cog)
    other = idp("us-west-2")
    with raises_aws("ResourceNotFoundException", f"User pool {pool_id} does not exist.",
                    status=400):
        other.describe_user_pool(UserPoolId=pool_id)
    assert other.list_user_pools(MaxResults=10)["UserPools"] == []


def test_malformed_pool_id_is_invalid_parameter(cog):
    with raises_aws("InvalidParameterException",
                    "1 validation error detected: Value 'nope' at 'userPoolId' failed to "
                    "satisfy constraint: Member must satisfy regular expression pattern: "
                    "[\\w-]+_[0-9a-zA-Z]+"):
        cog.describe_user_pool(UserPoolId="nope")


def test_modelled_exception_class_is_raised(cog):
    with pytest.raises(cog.exceptions.ResourceNotFoundException):
        cog.describe_user_pool(UserPoolId="eu-west-1_missing00")


def test_required_custom_attribute_refused(cog):
    with raises_aws("InvalidParameterException",
                    "Required custom attributes are not supported currently."):
        cog.create_user_pool(PoolName="p", Schema=[
            {"Name": "x", "AttributeDataType": "String", "Required": True}])
    assert cog.list_user_pools(MaxResults=10)["UserPools"] == []


def test_username_and_alias_attributes_exclusive(cog):
    with raises_aws("InvalidParameterException"):
        cog.create_user_pool(PoolName="p", UsernameAttributes=["email"],
                             AliasAttributes=["phone_number"])


def test_update_resets_unspecified_settings_and_keeps_immutable_ones(cog):
    pool_id = make_pool(cog, UsernameAttributes=["email"],
                        Policies={"PasswordPolicy": {"MinimumLength": 12}})
    cog.update_user_pool(UserPoolId=pool_id, MfaConfiguration="OFF")
    pool = cog.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert pool["Policies"]["PasswordPolicy"]["MinimumLength"] == 8
    assert "AutoVerifiedAttributes" not in pool
    assert pool["UsernameAttributes"] == ["email"]


def test_deletion_protection(cog):
    pool_id = make_pool(cog, DeletionProtection="ACTIVE")
    with raises_aws("InvalidParameterException", match="deletion protection is activated"):
        cog.delete_user_pool(UserPoolId=pool_id)
    cog.update_user_pool(UserPoolId=pool_id, DeletionProtection="INACTIVE")
    cog.delete_user_pool(UserPoolId=pool_id)
    with raises_aws("ResourceNotFoundException"):
        cog.describe_user_pool(UserPoolId=pool_id)


def test_list_user_pools_paginates(cog):
    ids = {make_pool(cog, PoolName=f"p{i}") for i in range(5)}
    seen, token = [], None
    while True:
        page = cog.list_user_pools(MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["UserPools"]) <= 2
        seen += [p["Id"] for p in page["UserPools"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(ids)
    paginator = cog.get_paginator("list_user_pools")
    assert sum(len(p["UserPools"]) for p in paginator.paginate(MaxResults=3)) == 5


def test_client_defaults_and_secret(cog):
    pool_id = make_pool(cog)
    plain = cog.create_user_pool_client(UserPoolId=pool_id, ClientName="web")["UserPoolClient"]
    assert "ClientSecret" not in plain and len(plain["ClientId"]) == 26
    assert plain["RefreshTokenValidity"] == 30 and plain["EnableTokenRevocation"] is True
    secret = make_client(cog, pool_id, GenerateSecret=True)
    assert len(secret["ClientSecret"]) == 51
    again = cog.describe_user_pool_client(UserPoolId=pool_id, ClientId=secret["ClientId"])
    assert again["UserPoolClient"]["ClientSecret"] == secret["ClientSecret"]


def test_client_validity_ranges(cog):
    pool_id = make_pool(cog)
    with raises_aws("InvalidParameterException"):
        make_client(cog, pool_id, AccessTokenValidity=2,
                    TokenValidityUnits={"AccessToken": "minutes"})
    with raises_aws("InvalidParameterException"):
        make_client(cog, pool_id, RefreshTokenValidity=3651)
    ok = make_client(cog, pool_id, AccessTokenValidity=5,
                     TokenValidityUnits={"AccessToken": "minutes"})
    assert ok["AccessTokenValidity"] == 5
    assert cog.list_user_pool_clients(UserPoolId=pool_id)["UserPoolClients"] == [
        {"ClientId": ok["ClientId"], "UserPoolId": pool_id, "ClientName": "web"}]


def test_client_attributes_must_exist(cog):
    pool_id = make_pool(cog)
    with raises_aws("InvalidParameterException",
                    "Invalid read attributes specified while creating a client"):
        make_client(cog, pool_id, ReadAttributes=["custom:nope"])


def test_update_and_delete_client(cog):
    pool_id = make_pool(cog)
    c = make_client(cog, pool_id, GenerateSecret=True, AccessTokenValidity=2)
    updated = cog.update_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"],
                                          ClientName="renamed")["UserPoolClient"]
    assert updated["ClientName"] == "renamed" and "AccessTokenValidity" not in updated
    assert updated["ClientSecret"] == c["ClientSecret"]
    cog.delete_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])
    with raises_aws("ResourceNotFoundException",
                    f"User pool client {c['ClientId']} does not exist."):
        cog.describe_user_pool_client(UserPoolId=pool_id, ClientId=c["ClientId"])
