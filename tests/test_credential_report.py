"""Credential report: generation states, CSV columns and values, expiry."""

from __future__ import annotations

import csv
import datetime
import io

import boto3
from freezegun import freeze_time

from iamsim import mock_iam
from tests.helpers import raises_aws

COLUMNS = [
    "user", "arn", "user_creation_time", "password_enabled", "password_last_used",
    "password_last_changed", "password_next_rotation", "mfa_active",
    "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date",
    "access_key_1_last_used_region", "access_key_1_last_used_service",
    "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
    "access_key_2_last_used_region", "access_key_2_last_used_service",
    "cert_1_active", "cert_1_last_rotated", "cert_2_active", "cert_2_last_rotated",
]


def _rows(iam) -> list[dict[str, str]]:
    report = iam.get_credential_report()
    assert report["ReportFormat"] == "text/csv"
    reader = csv.DictReader(io.StringIO(report["Content"].decode()))
    assert reader.fieldnames == COLUMNS
    return list(reader)


def test_not_present_before_generation(iam):
    with raises_aws("ReportNotPresent", status=410) as info:
        iam.get_credential_report()
    assert isinstance(info.value, iam.exceptions.CredentialReportNotPresentException)
    assert "Message" not in info.value.response["Error"]  # AWS sends none (recorded 2026)


def test_generate_states(iam):
    first = iam.generate_credential_report()
    assert first["State"] == "STARTED"
    assert first["Description"] == "No report exists. Starting a new report generation task"
    assert iam.generate_credential_report()["State"] == "COMPLETE"
    assert isinstance(iam.get_credential_report()["GeneratedTime"], datetime.datetime)


def test_root_row_first(iam):
    iam.generate_credential_report()
    [root] = _rows(iam)
    assert root["user"] == "<root_account>"
    assert root["arn"] == "arn:aws:iam::123456789012:root"
    assert root["password_enabled"] == "not_supported"
    assert root["password_last_changed"] == "not_supported"
    assert root["password_next_rotation"] == "not_supported"
    assert root["access_key_1_active"] == "false"
    assert root["cert_1_last_rotated"] == "N/A"


def test_user_without_credentials(iam):
    iam.create_user(UserName="plain")
    iam.generate_credential_report()
    row = _rows(iam)[1]
    assert row["user"] == "plain"
    assert row["arn"] == "arn:aws:iam::123456789012:user/plain"
    assert row["password_enabled"] == "false"
    for col in ("password_last_used", "password_last_changed", "password_next_rotation",
                "access_key_1_last_rotated", "access_key_1_last_used_date",
                "access_key_2_last_used_service", "cert_2_last_rotated"):
        assert row[col] == "N/A", col
    assert row["mfa_active"] == "false"


def test_user_with_password_and_keys(iam, client_for):
    with freeze_time("2026-01-10 08:00:00"):
        iam.update_account_password_policy(MinimumPasswordLength=8, MaxPasswordAge=30)
        iam.create_user(UserName="dev")
        iam.create_login_profile(UserName="dev", Password="Passw0rd!")
        used = iam.create_access_key(UserName="dev")["AccessKey"]
        unused = iam.create_access_key(UserName="dev")["AccessKey"]
        iam.update_access_key(UserName="dev", AccessKeyId=unused["AccessKeyId"],
                              Status="Inactive")
    with freeze_time("2026-01-11 09:30:00"):
        client_for(used, service="sts", region="eu-west-1").get_caller_identity()
        iam.generate_credential_report()
        row = _rows(iam)[1]
    assert row["user_creation_time"] == "2026-01-10T08:00:00+00:00"
    assert row["password_enabled"] == "true"
    assert row["password_last_used"] == "no_information"
    assert row["password_last_changed"] == "2026-01-10T08:00:00+00:00"
    assert row["password_next_rotation"] == "2026-02-09T08:00:00+00:00"
    assert row["access_key_1_active"] == "true"
    assert row["access_key_1_last_rotated"] == "2026-01-10T08:00:00+00:00"
    assert row["access_key_1_last_used_date"] == "2026-01-11T09:30:00+00:00"
    assert row["access_key_1_last_used_region"] == "eu-west-1"
    assert row["access_key_1_last_used_service"] == "sts"
    assert row["access_key_2_active"] == "false"
    assert row["access_key_2_last_used_date"] == "N/A"
    assert row["access_key_2_last_used_region"] == "N/A"


def test_password_change_updates_last_changed(iam):
    with freeze_time("2026-03-01 00:00:00"):
        iam.create_user(UserName="u")
        iam.create_login_profile(UserName="u", Password="Passw0rd!x")
    with freeze_time("2026-03-05 00:00:00"):
        iam.update_login_profile(UserName="u", Password="N3wPassw0rd!")
        iam.generate_credential_report()
        assert _rows(iam)[1]["password_last_changed"] == "2026-03-05T00:00:00+00:00"


def test_report_is_a_snapshot_reused_for_four_hours():
    with mock_iam():
        iam = boto3.client("iam", region_name="us-east-1")
        with freeze_time("2026-05-01 10:00:00"):
            iam.generate_credential_report()
            iam.create_user(UserName="late")
        with freeze_time("2026-05-01 13:59:00"):
            assert iam.generate_credential_report()["State"] == "COMPLETE"
            assert [r["user"] for r in _rows(iam)] == ["<root_account>"]
        with freeze_time("2026-05-01 14:00:00"):
            with raises_aws("ReportExpired", status=410):
                iam.get_credential_report()
            assert iam.generate_credential_report()["State"] == "STARTED"
            assert [r["user"] for r in _rows(iam)] == ["<root_account>", "late"]
