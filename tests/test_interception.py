"""Interception that real suites cannot slip past: patched _make_api_call, moto beside iamsim on
both paths, deferred and pre-scope credentials, custom parser defaults."""

from __future__ import annotations

import datetime
import os
from unittest import mock

import boto3
import botocore.client
import pytest
from freezegun import freeze_time

from iamsim import UnmockedServiceError, mock_iam

from .helpers import raises_aws

PATHS = ["fast", "wire"]
TRUST_ANYONE = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
                '{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}')
# Captured at import, before any scope: the idiom moto's documentation shows.
_ORIGINAL_MAKE_API_CALL = botocore.client.BaseClient._make_api_call


def _stubbing(self, operation_name, kwargs):
    if operation_name == "GetAccountSummary":
        return {"SummaryMap": {"Users": 4242}}
    return _ORIGINAL_MAKE_API_CALL(self, operation_name, kwargs)


@pytest.mark.parametrize("path", PATHS)
def test_a_make_api_call_patched_after_the_scope_started_still_reaches_iamsim(path):
    with mock_iam(path=path):
        iam = boto3.client("iam", region_name="us-east-1")
        with mock.patch("botocore.client.BaseClient._make_api_call", new=_stubbing):
            assert iam.get_account_summary()["SummaryMap"]["Users"] == 4242  # the stub
            iam.create_user(UserName="alice")  # iamsim
            with raises_aws("EntityAlreadyExists"):
                iam.create_user(UserName="alice")
            fresh = boto3.client("iam", region_name="us-east-1")  # made while patched
            assert [u["UserName"] for u in fresh.list_users()["Users"]] == ["alice"]


@pytest.mark.parametrize("path", PATHS)
def test_a_patched_make_api_call_beside_moto_still_reaches_iamsim(path):
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(path=path), mock.patch(
            "botocore.client.BaseClient._make_api_call", new=_stubbing):
        iam = boto3.client("iam", region_name="us-east-1")
        with raises_aws("ValidationError"):  # moto accepts this name; AWS and iamsim do not
            iam.create_user(UserName="has space")


def _moto_user_names() -> list[str]:
    return [u["UserName"] for u in boto3.client("iam", region_name="us-east-1").list_users()["Users"]]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("moto_outside", [True, False])
def test_beside_moto_iamsim_answers_iam_and_moto_never_executes_it(path, moto_outside):
    moto = pytest.importorskip("moto")
    m = moto.mock_aws()
    sim = mock_iam(path=path)
    first, second = (m, sim) if moto_outside else (sim, m)
    with first, second:
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="alice")
        # an operation moto does not implement is answered by iamsim (AWS's error outside an
        # organization), not moto's NotImplementedError
        with raises_aws("OrganizationNotFoundException"):
            iam.list_organizations_features()
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bucket-b")  # moto
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bucket-b"]
        sim.stop()
        try:
            # moto now answers IAM: it never saw the request iamsim answered
            assert _moto_user_names() == []
        finally:
            sim.start()


def test_operations_moto_lacks_are_answered_on_the_wire_path_beside_moto():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(path="wire"):
        iam = boto3.client("iam", region_name="us-east-1")
        with raises_aws("NoSuchEntity"):
            iam.get_service_linked_role_deletion_status(
                DeletionTaskId="task/aws-service-role/x.amazonaws.com/AWSServiceRoleForX/abc")


@pytest.mark.parametrize("path", PATHS)
def test_unmocked_service_error_names_the_operation(path):
    with mock_iam(path=path):
        with pytest.raises(UnmockedServiceError, match=r"dynamodb:ListTables"):
            boto3.client("dynamodb", region_name="us-east-1").list_tables()
        with pytest.raises(UnmockedServiceError, match=r"s3:ListBuckets"):
            boto3.client("s3", region_name="us-east-1").list_buckets()


def _profiles(tmp_path, key, extra: str = "") -> str:
    config = tmp_path / "config"
    config.write_text(
        "[profile source]\n"
        f"aws_access_key_id = {key['AccessKeyId']}\n"
        f"aws_secret_access_key = {key['SecretAccessKey']}\n"
        "[profile assumer]\n"
        "role_arn = arn:aws:iam::123456789012:role/deployer\n"
        "source_profile = source\n"
        "role_session_name = deploy\n"
        "region = us-east-1\n" + extra)
    return str(config)


def _role_and_key():
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_role(RoleName="deployer", AssumeRolePolicyDocument=TRUST_ANYONE)
    iam.create_user(UserName="ci")
    return iam.create_access_key(UserName="ci")["AccessKey"]


@pytest.mark.parametrize("path", PATHS)
def test_an_assume_role_profile_is_resolved_as_botocore_would(path, tmp_path):
    with mock_iam(path=path), pytest.MonkeyPatch.context() as mp:
        key = _role_and_key()
        mp.setenv("AWS_CONFIG_FILE", _profiles(tmp_path, key))
        sts = boto3.Session(profile_name="assumer").client("sts")
        arn = sts.get_caller_identity()["Arn"]
        assert arn == "arn:aws:sts::123456789012:assumed-role/deployer/deploy"


@pytest.mark.parametrize("path", PATHS)
def test_expired_role_credentials_of_a_long_lived_client_are_refreshed(path, tmp_path):
    with mock_iam(path=path), pytest.MonkeyPatch.context() as mp:
        key = _role_and_key()
        mp.setenv("AWS_CONFIG_FILE", _profiles(tmp_path, key))
        sts = boto3.Session(profile_name="assumer").client("sts")
        first = sts.get_caller_identity()["UserId"]
        assert first.startswith("AROA") and first.endswith(":deploy")
        later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=2)
        with freeze_time(later):
            # the first session expired after an hour: botocore refreshes before signing
            assert sts.get_caller_identity()["UserId"] == first


@pytest.mark.parametrize("path", PATHS)
def test_a_session_made_before_the_scope_runs_no_credential_provider(path, tmp_path,
                                                                        monkeypatch):
    marker = tmp_path / "ran"
    config = tmp_path / "config"
    config.write_text(
        "[profile external]\n"
        f"credential_process = sh -c 'touch {marker}; echo {{\\\"Version\\\": 1}}'\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
    session = boto3.Session(profile_name="external", region_name="us-east-1")
    with mock_iam(path=path):
        arn = session.client("sts").get_caller_identity()["Arn"]
    assert not marker.exists()
    assert arn == "arn:aws:iam::123456789012:root"  # the scope's fake credentials


@pytest.mark.parametrize("path", PATHS)
def test_refreshable_credentials_made_before_the_scope_are_never_refreshed(path):
    from botocore.credentials import DeferredRefreshableCredentials, RefreshableCredentials

    calls = []

    def refresh():
        calls.append(1)
        raise AssertionError("a real credential source was asked")

    expired = RefreshableCredentials(
        "AKIAEARLYEARLYEARLY0", "s" * 40, None,
        datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1),
        refresh, "test")
    never_fetched = DeferredRefreshableCredentials(refresh, "sso")
    clients = []
    for creds in (expired, never_fetched):
        c = boto3.client("iam", region_name="us-east-1", aws_access_key_id="AKIAPLACEHOLDER00000",
                         aws_secret_access_key="x")
        c._request_signer._credentials = creds
        clients.append(c)
    with mock_iam(path=path):
        for c in clients:
            assert c.get_user()["User"]["Arn"] == "arn:aws:iam::123456789012:root"
    assert calls == []


def _cli_like_client(service):
    """A client whose parser keeps blobs and timestamps as the wire text, as the AWS CLI's."""
    session = botocore.session.get_session()
    session.get_component("response_parser_factory").set_parser_defaults(
        timestamp_parser=lambda v: v, blob_parser=lambda v: v)
    return session.create_client(service, region_name="us-east-1")


def test_custom_parser_defaults_get_what_the_parser_makes_of_the_wire():
    results = {}
    for path in PATHS:
        with freeze_time("2026-11-30 12:00:00"), mock_iam(path=path, seed=1):
            iam = _cli_like_client("iam")
            device = iam.create_virtual_mfa_device(VirtualMFADeviceName="d")["VirtualMFADevice"]
            iam.generate_credential_report()
            report = iam.get_credential_report()
            results[path] = (device, report["Content"], report["GeneratedTime"])
    assert results["fast"] == results["wire"]
    device, content, generated = results["fast"]
    assert isinstance(device["Base32StringSeed"], str)  # base64 text, as the CLI writes it
    import base64

    assert base64.b64decode(device["QRCodePNG"]).startswith(b"\x89PNG")
    assert isinstance(content, str) and base64.b64decode(content).startswith(b"user,arn")
    assert isinstance(generated, str) and generated.endswith("Z")


@pytest.mark.parametrize("path", PATHS)
def test_nothing_is_sent_when_a_scope_answers(path):
    with mock_iam(path=path), mock.patch(
            "botocore.endpoint.Endpoint._send", side_effect=AssertionError("sent")):
        boto3.client("iam", region_name="us-east-1").list_users()
        boto3.client("sts", region_name="eu-west-1").get_caller_identity()


@pytest.mark.parametrize("path", PATHS)
def test_web_identity_from_the_environment_is_resolved_as_botocore_would(path, tmp_path):
    import time

    from .test_sts_sessions import GITHUB, github_claims, jwt, make_role, trust

    with mock_iam(path=path), pytest.MonkeyPatch.context() as mp:
        iam = boto3.client("iam", region_name="us-east-1")
        provider = iam.create_open_id_connect_provider(
            Url=f"https://{GITHUB}", ClientIDList=["sts.amazonaws.com"],
            ThumbprintList=["6938fd4d98bab03faadb97b34396831e3780aea1"])["OpenIDConnectProviderArn"]
        role = make_role(iam, "gha", trust({"Federated": provider},
                                           action="sts:AssumeRoleWithWebIdentity"))
        now = int(time.time())
        token = tmp_path / "token"
        token.write_text(jwt(github_claims(iat=now, exp=now + 600)))
        mp.setenv("AWS_ROLE_ARN", role["Arn"])
        mp.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token))
        mp.setenv("AWS_ROLE_SESSION_NAME", "from-env")
        # as on a CI runner or an EKS pod: no static keys, only the role and the token
        mp.delenv("AWS_ACCESS_KEY_ID")
        mp.delenv("AWS_SECRET_ACCESS_KEY")
        arn = boto3.Session(region_name="us-east-1").client("sts").get_caller_identity()["Arn"]
        assert arn == "arn:aws:sts::123456789012:assumed-role/gha/from-env"
