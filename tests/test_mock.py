"""mock_iam in every form, scope isolation, credential isolation and restoration."""

from __future__ import annotations

import asyncio
import os
import unittest

import boto3
import botocore.client
import botocore.endpoint
import pytest

from iamsim import IamSim, UnmockedServiceError, mock_iam
from iamsim.mock import FAKE_ACCESS_KEY

from .helpers import raises_aws


def _user_count() -> int:
    return len(boto3.client("iam").list_users()["Users"])


@mock_iam
def test_bare_decorator():
    boto3.client("iam").create_user(UserName="a")
    assert _user_count() == 1


@mock_iam(account_id="111122223333", seed=3)
def test_called_decorator_with_options():
    arn = boto3.client("iam").create_user(UserName="a")["User"]["Arn"]
    assert arn == "arn:aws:iam::111122223333:user/a"


def test_decorated_function_gets_a_fresh_account_on_each_call():
    @mock_iam
    def make():
        boto3.client("iam").create_user(UserName="a")
        return _user_count()

    assert make() == 1
    assert make() == 1  # no EntityAlreadyExists: the second call starts empty


def test_decorator_keeps_return_value_and_metadata():
    @mock_iam
    def f(x):
        """doc"""
        return x * 2

    assert f(21) == 42
    assert f.__name__ == "f" and f.__doc__ == "doc"


def test_async_function():
    @mock_iam
    async def f():
        boto3.client("iam").create_user(UserName="a")
        return _user_count()

    assert asyncio.run(f()) == 1


def test_context_manager_yields_the_sim():
    with mock_iam() as sim:
        assert isinstance(sim, IamSim)
        boto3.client("iam").create_user(UserName="alice")
        assert sim.account.users.get("ALICE").name == "alice"
        sim.reset()
        assert _user_count() == 0


def test_start_stop():
    sim = mock_iam(account_id="210987654321")
    sim.start()
    try:
        ident = boto3.client("sts").get_caller_identity()
        assert ident["Account"] == "210987654321"
        assert ident["Arn"] == "arn:aws:iam::210987654321:root"
    finally:
        sim.stop()
    assert not sim.active
    with pytest.raises(RuntimeError):
        sim.stop()


def test_start_twice_is_an_error():
    with mock_iam() as sim, pytest.raises(RuntimeError):
        sim.start()


def test_invalid_options_are_refused():
    with pytest.raises(ValueError):
        mock_iam(account_id="12")
    with pytest.raises(ValueError):
        mock_iam(path="telepathy")
    with pytest.raises(KeyError):
        mock_iam(quotas={"NoSuchQuota": 1})
    with pytest.raises(ValueError):
        mock_iam(quotas={"Users": 6000})  # not adjustable at AWS


def test_quotas_can_be_raised_per_scope():
    with mock_iam(quotas={"Groups": 400}) as sim:
        assert sim.account.quotas["Groups"] == 400


@mock_iam
class TestPlainClassDecorator:
    def setup_method(self, method):
        boto3.client("iam").create_user(UserName="from-setup")

    def test_setup_ran_in_the_same_scope(self):
        assert _user_count() == 1
        assert isinstance(self.iamsim, IamSim)

    def test_each_test_starts_empty_again(self):
        boto3.client("iam").create_user(UserName="other")
        assert _user_count() == 2


@mock_iam(seed=1)
class TestUnittestClassDecorator(unittest.TestCase):
    def setUp(self):
        self.iam = boto3.client("iam")
        self.iam.create_user(UserName="from-setup")

    def tearDown(self):
        # tear-down still runs inside the scope
        self.iam.delete_user(UserName="from-setup")

    def test_one(self):
        self.assertEqual(_user_count(), 1)

    def test_two(self):
        self.iam.create_user(UserName="x")
        self.assertEqual(_user_count(), 2)


def test_seed_makes_ids_and_keys_reproducible():
    def run():
        with mock_iam(seed=42):
            iam = boto3.client("iam")
            u = iam.create_user(UserName="a")["User"]
            k = iam.create_access_key(UserName="a")["AccessKey"]
            return u["UserId"], k["AccessKeyId"], k["SecretAccessKey"]

    assert run() == run()
    with mock_iam(seed=43):
        other = boto3.client("iam").create_user(UserName="a")["User"]["UserId"]
    assert other != run()[0]


def test_seeded_ids_are_the_ones_earlier_versions_gave():
    # A seed's IDs stay the same from version to version (tests may record them), however
    # they are drawn.
    with mock_iam(seed=42):
        iam = boto3.client("iam")
        u = iam.create_user(UserName="a")
        k = iam.create_access_key(UserName="a")["AccessKey"]
    assert u["ResponseMetadata"]["RequestId"] == "bdd640fb-0667-4ad1-9c80-317fa3b1799d"
    assert u["User"]["UserId"] == "AIDAIHXV4CNAGQAGURHSZ"
    assert k["AccessKeyId"] == "AKIABZPUZDIKOUYGYGSX"
    assert k["SecretAccessKey"] == "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"


def test_scopes_are_isolated_and_nest_predictably():
    with mock_iam():
        iam = boto3.client("iam")
        iam.create_user(UserName="outer")
        with mock_iam():
            assert _user_count() == 0  # the inner scope has its own, empty account
            iam.create_user(UserName="inner")
            assert [u["UserName"] for u in iam.list_users()["Users"]] == ["inner"]
        # back in the outer scope: its state is intact
        assert [u["UserName"] for u in iam.list_users()["Users"]] == ["outer"]


def test_sequential_scopes_start_empty():
    for _ in range(3):
        with mock_iam():
            boto3.client("iam").create_user(UserName="same-name")


def test_client_created_before_the_scope_is_intercepted():
    iam = boto3.client(
        "iam", region_name="us-east-1", aws_access_key_id="AKIAEXAMPLEEXAMPLE12",
        aws_secret_access_key="x" * 40,
    )
    with mock_iam():
        assert iam.create_user(UserName="early")["User"]["UserName"] == "early"
        assert iam.list_users()["Users"][0]["UserName"] == "early"


def test_environment_is_faked_and_restored(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALREALREALREAL")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_PROFILE", "production")
    with mock_iam():
        assert os.environ["AWS_ACCESS_KEY_ID"] == FAKE_ACCESS_KEY
        assert "AWS_SESSION_TOKEN" not in os.environ
        assert "AWS_PROFILE" not in os.environ
        assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
        creds = boto3.session.Session().get_credentials()
        assert creds.access_key == FAKE_ACCESS_KEY and creds.token is None
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALREALREALREAL"
    assert os.environ["AWS_SESSION_TOKEN"] == "real-token"
    assert os.environ["AWS_PROFILE"] == "production"


def test_real_credential_files_are_not_read(monkeypatch, tmp_path):
    creds_file = tmp_path / "credentials"
    creds_file.write_text("[default]\naws_access_key_id = AKIAFROMFILEFROMFILE\n"
                          "aws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(creds_file))
    monkeypatch.delenv("AWS_ACCESS_KEY_ID", raising=False)
    with mock_iam():
        assert boto3.session.Session().get_credentials().access_key == FAKE_ACCESS_KEY
    assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == str(creds_file)


def test_restored_even_when_the_test_raises(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALREALREALREAL")
    original = botocore.client.BaseClient._emit_api_params
    with pytest.raises(ZeroDivisionError), mock_iam():
        boto3.client("iam").list_users()
        raise ZeroDivisionError
    assert os.environ["AWS_ACCESS_KEY_ID"] == "AKIAREALREALREALREAL"
    assert botocore.client.BaseClient._emit_api_params is original


def test_botocore_hooks_are_removed_after_the_last_scope():
    import threading

    import botocore.credentials
    import botocore.session

    patched = [
        (botocore.client.BaseClient, "_emit_api_params"),
        (botocore.endpoint.Endpoint, "_do_get_response"),
        (botocore.session.Session, "__init__"),
        (botocore.session.Session, "get_credentials"),
        (botocore.credentials.RefreshableCredentials, "__init__"),
        (botocore.credentials.RefreshableCredentials, "_refresh"),
        (botocore.credentials.RefreshableCredentials, "get_frozen_credentials"),
        (botocore.credentials.DeferredRefreshableCredentials, "__init__"),
        (threading.Thread, "__init__"),
    ]
    originals = [getattr(cls, name) for cls, name in patched]
    iam = boto3.client("iam", region_name="us-east-1")
    with mock_iam():
        iam.list_users()
        assert botocore.client.BaseClient._emit_api_params is not originals[0]
    assert [getattr(cls, name) for cls, name in patched] == originals
    names = [getattr(h, "__module__", "") for h in
             iam.meta.events._emitter._handlers.prefix_search("before-call.iam.ListUsers")]
    assert not any(n.startswith("iamsim") for n in names)


def test_unemulated_service_fails_at_once_naming_it():
    with mock_iam():
        s3 = boto3.client("s3", region_name="us-east-1")
        with pytest.raises(UnmockedServiceError, match="'s3'"):
            s3.list_buckets()


def test_works_alongside_moto_for_other_services():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(seed=5):
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="shared-bucket")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["shared-bucket"]
        iam = boto3.client("iam")
        iam.create_user(UserName="alice")
        # iamsim, not moto, answers IAM: its validation is stricter than moto's
        with raises_aws("ValidationError"):
            iam.create_user(UserName="bad name")
    with mock_iam(), moto.mock_aws():  # either order
        boto3.client("iam").create_user(UserName="x")
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bucket-two")


def test_pytest_fixture(iam_mock):
    assert isinstance(iam_mock, IamSim) and iam_mock.active
    boto3.client("iam").create_user(UserName="fixture-user")
    assert iam_mock.account.users.get("fixture-user") is not None


@pytest.mark.iamsim(account_id="999988887777")
def test_pytest_fixture_marker_options(iam_mock):
    assert boto3.client("sts").get_caller_identity()["Account"] == "999988887777"


def test_plugin_is_registered_by_entry_point_and_isolated_under_xdist(pytester):
    pytester.makepyfile(
        """
        import boto3, pytest

        @pytest.mark.parametrize("i", range(8))
        def test_isolated(iam_mock, i):
            iam = boto3.client("iam", region_name="us-east-1")
            iam.create_user(UserName="same")
            assert len(iam.list_users()["Users"]) == 1
        """
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=8)


def test_an_explicit_stubber_inside_a_scope_takes_precedence():
    import datetime

    from botocore.stub import Stubber

    with mock_iam():
        iam = boto3.client("iam")
        iam.create_user(UserName="real")
        with Stubber(iam) as stub:
            stub.add_response("get_user", {"User": {
                "Path": "/", "UserName": "stubbed", "UserId": "AIDAAAAAAAAAAAAAAAAAA",
                "Arn": "arn:aws:iam::123456789012:user/stubbed",
                "CreateDate": datetime.datetime(2020, 1, 1)}})
            assert iam.get_user(UserName="real")["User"]["UserName"] == "stubbed"
        assert iam.get_user(UserName="real")["User"]["UserName"] == "real"


def test_refreshable_credentials_of_an_earlier_client_are_not_refreshed():
    import datetime

    from botocore.credentials import RefreshableCredentials

    calls = []

    def refresh():
        calls.append(1)
        raise AssertionError("a real credential source was asked")

    creds = RefreshableCredentials(
        "AKIAEARLYEARLYEARLY0", "s" * 40, None,
        datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=1),  # expired
        refresh, "test")
    iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="AKIAPLACEHOLDER00000",
                       aws_secret_access_key="x")
    iam._request_signer._credentials = creds
    with mock_iam(path="fast"):  # the wire path signs, and signing refreshes
        assert iam.get_user()["User"]["Arn"] == "arn:aws:iam::123456789012:root"
    assert calls == []
