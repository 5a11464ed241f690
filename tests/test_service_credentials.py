"""Service-specific credentials: CodeCommit/Keyspaces passwords, Bedrock/CloudWatch Logs API
keys with expiry; list filters, reset, status, delete; quota per service and DeleteUser."""

from __future__ import annotations

import base64
import datetime

import pytest
from freezegun import freeze_time

from .helpers import raises_aws

T0 = datetime.datetime(2026, 3, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
CODECOMMIT = "codecommit.amazonaws.com"
KEYSPACES = "cassandra.amazonaws.com"
BEDROCK = "bedrock.amazonaws.com"


@pytest.fixture
def user(iam):
    iam.create_user(UserName="jane")
    return "jane"


def create(iam, service=CODECOMMIT, user="jane", **kw):
    return iam.create_service_specific_credential(UserName=user, ServiceName=service, **kw)[
        "ServiceSpecificCredential"]


def listed(iam, **kw):
    return iam.list_service_specific_credentials(**kw)["ServiceSpecificCredentials"]


@pytest.mark.parametrize("service", [CODECOMMIT, KEYSPACES])
def test_create_password_credential(iam, user, service):
    cred = create(iam, service)
    assert cred["UserName"] == "jane" and cred["ServiceName"] == service
    assert cred["ServiceUserName"] == "jane-at-123456789012"
    assert cred["Status"] == "Active"
    assert len(base64.b64decode(cred["ServicePassword"])) == 32
    cid = cred["ServiceSpecificCredentialId"]
    assert cid.startswith("ACCA") and len(cid) == 21 and cid.isupper()
    assert "ExpirationDate" not in cred and "ServiceCredentialSecret" not in cred


def test_create_bedrock_api_key_with_expiry(iam, user):
    with freeze_time(T0):
        cred = create(iam, BEDROCK, CredentialAgeDays=30)
    assert cred["ExpirationDate"] == T0 + datetime.timedelta(days=30)
    alias = cred["ServiceCredentialAlias"]
    assert alias.startswith("jane") and alias.endswith("-at-123456789012")
    secret = cred["ServiceCredentialSecret"]
    assert secret.startswith("ABSK")
    assert base64.b64decode(secret[4:]).decode().startswith(alias + ":")
    assert "ServicePassword" not in cred and "ServiceUserName" not in cred


def test_bedrock_key_without_age_never_expires(iam, user):
    cred = create(iam, BEDROCK)
    assert "ExpirationDate" not in cred
    assert "ExpirationDate" not in listed(iam, UserName="jane")[0]


def test_expired_key_lists_as_expired(iam, user):
    with freeze_time(T0) as clock:
        create(iam, BEDROCK, CredentialAgeDays=1)
        assert listed(iam, UserName="jane")[0]["Status"] == "Active"
        clock.tick(datetime.timedelta(days=1, seconds=1))
        assert listed(iam, UserName="jane")[0]["Status"] == "Expired"


def test_age_days_for_a_password_service_is_invalid(iam, user):
    with raises_aws("InvalidInput", status=400):
        create(iam, CODECOMMIT, CredentialAgeDays=5)
    assert listed(iam, UserName="jane") == []


def test_unsupported_service(iam, user):
    with raises_aws("NoSuchEntity",
                    "No such service codecommit is supported for Service Specific Credentials",
                    status=404):
        create(iam, "codecommit")


def test_missing_user(iam):
    with raises_aws("NoSuchEntity", "The user with name ghost cannot be found.", status=404):
        create(iam, user="ghost")


def test_two_per_user_per_service(iam, user):
    create(iam)
    create(iam)
    with raises_aws("LimitExceeded",
                    "Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2",
                    status=409):
        create(iam)
    create(iam, KEYSPACES)  # another service has its own two
    assert len(listed(iam, UserName="jane", ServiceName=CODECOMMIT)) == 2


def test_list_returns_metadata_without_secrets(iam, user):
    cred = create(iam)
    item = listed(iam, UserName="jane")[0]
    assert set(item) == {"UserName", "Status", "ServiceUserName", "CreateDate",
                         "ServiceSpecificCredentialId", "ServiceName"}
    assert item["ServiceSpecificCredentialId"] == cred["ServiceSpecificCredentialId"]


def test_list_filters_by_service(iam, user):
    create(iam, CODECOMMIT)
    create(iam, KEYSPACES)
    assert [c["ServiceName"] for c in listed(iam, UserName="jane", ServiceName=KEYSPACES)] == [
        KEYSPACES]
    assert len(listed(iam, UserName="jane")) == 2


def test_list_unsupported_service(iam, user):
    with raises_aws("NoSuchEntity", "No such service s3.amazonaws.com is supported for "
                    "Service Specific Credentials"):
        listed(iam, UserName="jane", ServiceName="s3.amazonaws.com")


def test_list_all_users(iam, user):
    iam.create_user(UserName="bob")
    create(iam, BEDROCK, user="jane")
    create(iam, BEDROCK, user="bob")
    create(iam, CODECOMMIT, user="bob")
    every = listed(iam, AllUsers=True, ServiceName=BEDROCK)
    assert [c["UserName"] for c in every] == ["bob", "jane"]
    assert len(listed(iam, AllUsers=True)) == 3
    with raises_aws("InvalidInput"):
        listed(iam, AllUsers=True, UserName="jane")


def test_list_pages(iam, user):
    ids = [create(iam, s)["ServiceSpecificCredentialId"] for s in (CODECOMMIT, KEYSPACES, BEDROCK)]
    first = iam.list_service_specific_credentials(UserName="jane", MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_service_specific_credentials(UserName="jane", MaxItems=2,
                                                 Marker=first["Marker"])
    assert rest["IsTruncated"] is False
    got = first["ServiceSpecificCredentials"] + rest["ServiceSpecificCredentials"]
    assert [c["ServiceSpecificCredentialId"] for c in got] == ids


def test_list_defaults_to_the_caller(iam, user, client_for):
    cred = create(iam)
    me = client_for(iam.create_access_key(UserName="jane")["AccessKey"])
    mine = me.list_service_specific_credentials()["ServiceSpecificCredentials"]
    assert [c["ServiceSpecificCredentialId"] for c in mine] == [cred["ServiceSpecificCredentialId"]]
    assert listed(iam) == []  # the root user has none


def test_list_missing_user(iam):
    with raises_aws("NoSuchEntity"):
        listed(iam, UserName="ghost")


def test_reset_changes_the_password(iam, user):
    cred = create(iam)
    reset = iam.reset_service_specific_credential(
        UserName="jane", ServiceSpecificCredentialId=cred["ServiceSpecificCredentialId"])[
        "ServiceSpecificCredential"]
    assert reset["ServicePassword"] != cred["ServicePassword"]
    assert {k: v for k, v in reset.items() if k != "ServicePassword"} == {
        k: v for k, v in cred.items() if k != "ServicePassword"}


def test_reset_missing(iam, user):
    missing = "ACCA" + "A" * 17
    with raises_aws("NoSuchEntity", f"No such credential {missing} exists", status=404):
        iam.reset_service_specific_credential(UserName="jane",
                                              ServiceSpecificCredentialId=missing)


def test_update_status(iam, user):
    cid = create(iam)["ServiceSpecificCredentialId"]
    iam.update_service_specific_credential(UserName="jane", ServiceSpecificCredentialId=cid,
                                           Status="Inactive")
    assert listed(iam, UserName="jane")[0]["Status"] == "Inactive"
    with raises_aws("InvalidInput"):
        iam.update_service_specific_credential(UserName="jane", ServiceSpecificCredentialId=cid,
                                               Status="Expired")
    assert listed(iam, UserName="jane")[0]["Status"] == "Inactive"


def test_update_credential_of_another_user(iam, user):
    iam.create_user(UserName="bob")
    cid = create(iam)["ServiceSpecificCredentialId"]
    with raises_aws("NoSuchEntity"):
        iam.update_service_specific_credential(UserName="bob", ServiceSpecificCredentialId=cid,
                                               Status="Inactive")
    assert listed(iam, UserName="jane")[0]["Status"] == "Active"


def test_delete(iam, user):
    cid = create(iam)["ServiceSpecificCredentialId"]
    iam.delete_service_specific_credential(UserName="jane", ServiceSpecificCredentialId=cid)
    assert listed(iam, UserName="jane") == []
    with raises_aws("NoSuchEntity"):
        iam.delete_service_specific_credential(UserName="jane", ServiceSpecificCredentialId=cid)


def test_delete_user_with_credentials_conflicts(iam, user):
    cid = create(iam)["ServiceSpecificCredentialId"]
    with raises_aws("DeleteConflict",
                    "Cannot delete entity, must remove referenced objects first."):
        iam.delete_user(UserName="jane")
    iam.delete_service_specific_credential(UserName="jane", ServiceSpecificCredentialId=cid)
    iam.delete_user(UserName="jane")

