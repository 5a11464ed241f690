"""Organizations-related operations for a standalone account, and outbound federation."""

from __future__ import annotations

import pytest

from tests.helpers import raises_aws

NO_ORG = "The request was rejected because no organization is associated with your account."


@pytest.mark.parametrize("op", [
    "list_organizations_features",
    "enable_organizations_root_credentials_management",
    "disable_organizations_root_credentials_management",
    "enable_organizations_root_sessions",
    "disable_organizations_root_sessions",
])
def test_root_access_features_need_an_organization(iam, op):
    with raises_aws("OrganizationNotFoundException", NO_ORG, 400) as info:
        getattr(iam, op)()
    assert isinstance(info.value, iam.exceptions.OrganizationNotFoundException)


def test_organizations_access_report_fails_without_organization(iam):
    job = iam.generate_organizations_access_report(
        EntityPath="o-a1b2c3d4e5/r-f6g7h8i9j0example/123456789012")
    assert len(job["JobId"]) == 36
    report = iam.get_organizations_access_report(JobId=job["JobId"])
    assert report["JobStatus"] == "FAILED"
    assert report["ErrorDetails"]["Message"] == NO_ORG
    assert "AccessDetails" not in report


def test_organizations_access_report_entity_path_pattern(iam):
    with raises_aws("ValidationError"):
        iam.generate_organizations_access_report(EntityPath="not-an-organizations-path")


def test_unknown_organizations_job(iam):
    with raises_aws("NoSuchEntity", status=404):
        iam.get_organizations_access_report(JobId="0" * 36)


def test_outbound_federation_lifecycle(iam):
    with raises_aws("FeatureDisabled", status=404):
        iam.get_outbound_web_identity_federation_info()
    with raises_aws("FeatureDisabled", status=404):
        iam.disable_outbound_web_identity_federation()
    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    assert issuer.startswith("https://")
    with raises_aws("FeatureEnabled", status=409):
        iam.enable_outbound_web_identity_federation()
    info = iam.get_outbound_web_identity_federation_info()
    assert info == {**info, "IssuerIdentifier": issuer, "JwtVendingEnabled": True}
    iam.disable_outbound_web_identity_federation()
    info = iam.get_outbound_web_identity_federation_info()
    assert info["JwtVendingEnabled"] is False and info["IssuerIdentifier"] == issuer
    # The account keeps its issuer when the feature is enabled again.
    assert iam.enable_outbound_web_identity_federation()["IssuerIdentifier"] == issuer
