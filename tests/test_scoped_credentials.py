"""STS GetScopedCredentials (botocore 1.44.8): the calling session's identity with fewer
permissions, a shorter lifetime, or both."""

from __future__ import annotations

import datetime
import json
import random
import string

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from iamsim import mock_iam
from tests.helpers import raises_aws, user_client


@pytest.fixture
def sts(iam):
    """STS as an IAM user: AWS never lets the root user assume a role."""
    from tests.helpers import user_client

    return user_client("sts")


ACCOUNT = "123456789012"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": ACCOUNT},
    "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"]}]})
SCOPE = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"}]})


def _client(creds, service="sts", region="us-east-1"):
    return boto3.client(service, region_name=region, aws_access_key_id=creds["AccessKeyId"],
                        aws_secret_access_key=creds["SecretAccessKey"],
                        aws_session_token=creds["SessionToken"])


def _role_session(iam, sts, **kw):
    iam.create_role(RoleName="worker", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=7200)
    return sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/worker",
                           RoleSessionName="job-1", DurationSeconds=7200, **kw)


def test_scoped_credentials_keep_the_identity(iam, sts):
    parent = _role_session(iam, sts, SourceIdentity="alice")
    out = _client(parent["Credentials"]).get_scoped_credentials(
        Policy=SCOPE, ScopedSessionDescription="read one bucket")
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    assert creds["AccessKeyId"] != parent["Credentials"]["AccessKeyId"]
    # No DurationSeconds: the credentials expire with the calling session.
    assert creds["Expiration"] == parent["Credentials"]["Expiration"]
    session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/worker/job-1"
    assert out["SessionInfo"] == {"ScopedSessionId": parent["AssumedRoleUser"]["AssumedRoleId"],
                                  "Arn": session_arn}
    assert out["ScopedPoliciesCount"] == 1
    assert out["SourceIdentity"] == "alice"
    assert out["SessionTokenSize"] == len(creds["SessionToken"])
    assert 0 < out["SessionTokenUtilization"] <= 100
    ident = _client(creds).get_caller_identity()
    assert ident["Arn"] == session_arn
    assert ident["UserId"] == parent["AssumedRoleUser"]["AssumedRoleId"]
    # The calling session still works, unchanged.
    assert _client(parent["Credentials"]).get_caller_identity()["Arn"] == session_arn


def test_duration_shortens_the_session(iam, sts):
    with freeze_time("2026-06-01T10:00:00Z"):
        parent = _role_session(iam, sts)
        out = _client(parent["Credentials"]).get_scoped_credentials(DurationSeconds=60)
        assert out["Credentials"]["Expiration"] == datetime.datetime(
            2026, 6, 1, 10, 1, tzinfo=datetime.timezone.utc)
        assert out["ScopedPoliciesCount"] == 0  # no Policy: no scope-down layer
        assert "SourceIdentity" not in out
    with freeze_time("2026-06-01T10:02:00Z"):
        with raises_aws("ExpiredToken"):
            _client(out["Credentials"]).get_caller_identity()
        _client(parent["Credentials"]).get_caller_identity()


def test_duration_cannot_outlive_the_caller(iam, sts):
    with freeze_time("2026-06-01T10:00:00Z") as frozen:
        parent = _role_session(iam, sts)
        scoped = _client(parent["Credentials"])
        frozen.tick(datetime.timedelta(seconds=200))  # 7,000 s of the session remain
        with raises_aws("InsufficientSessionLifetime", status=400):
            scoped.get_scoped_credentials(DurationSeconds=7001)
        out = scoped.get_scoped_credentials(DurationSeconds=7000)
    assert out["Credentials"]["Expiration"] == parent["Credentials"]["Expiration"]


def test_policy_or_duration_is_required(iam, sts):
    parent = _role_session(iam, sts)
    with raises_aws("ValidationError",
                    "A request must provide at least one of Policy or DurationSeconds.", 400):
        _client(parent["Credentials"]).get_scoped_credentials()


def test_long_term_credentials_are_refused(iam, client_for):
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    for client in (boto3.client("sts", region_name="us-east-1"), client_for(key, "sts")):
        with raises_aws("InvalidSubjectCredentials",
                        "GetScopedCredentials must be called with temporary security "
                        "credentials.", 400):
            client.get_scoped_credentials(DurationSeconds=900)


def test_user_session_token_may_be_scoped(iam, client_for):
    """The documented way for an IAM user: GetSessionToken first."""
    iam.create_user(UserName="u")
    key = iam.create_access_key(UserName="u")["AccessKey"]
    token = client_for(key, "sts").get_session_token()["Credentials"]
    out = _client(token).get_scoped_credentials(Policy=SCOPE)
    assert out["SessionInfo"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/u"
    assert _client(out["Credentials"]).get_caller_identity()["Arn"] == \
        f"arn:aws:iam::{ACCOUNT}:user/u"


def test_at_most_three_scope_down_layers(iam, sts):
    creds = _role_session(iam, sts)["Credentials"]
    for expected in (1, 2, 3):
        out = _client(creds).get_scoped_credentials(Policy=SCOPE)
        assert out["ScopedPoliciesCount"] == expected
        creds = out["Credentials"]
    with raises_aws("AccessDenied", status=403):
        _client(creds).get_scoped_credentials(Policy=SCOPE)
    # Shortening without a new policy adds no layer, so it still works.
    assert _client(creds).get_scoped_credentials(DurationSeconds=900)["ScopedPoliciesCount"] == 3


def test_malformed_policy(iam, sts):
    parent = _role_session(iam, sts)
    with raises_aws("MalformedPolicyDocument", status=400):
        _client(parent["Credentials"]).get_scoped_credentials(Policy='{"Version": "2012-10-17"}')


def test_packed_policy_too_large(iam, sts):
    """Within the 2,048-character plaintext limit, but incompressible past the packed budget."""
    parent = _role_session(iam, sts)
    rng = random.Random(5)
    alphabet = string.ascii_letters + string.digits
    resources = ["arn:aws:s3:::" + "".join(rng.choices(alphabet, k=62)) for _ in range(24)]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resources}]},
        separators=(",", ":"))
    assert len(policy) <= 2048
    with raises_aws("PackedPolicyTooLarge", status=400):
        _client(parent["Credentials"]).get_scoped_credentials(Policy=policy)


def test_minimum_session_token_size(iam, sts):
    parent = _role_session(iam, sts)
    out = _client(parent["Credentials"]).get_scoped_credentials(
        DurationSeconds=900, MinimumSessionTokenSize=3000)
    assert len(out["Credentials"]["SessionToken"]) >= 3000
    assert out["SessionTokenSize"] == len(out["Credentials"]["SessionToken"])


def test_scoped_credentials_in_a_partition():
    with mock_iam():
        iam = boto3.client("iam", region_name="us-gov-west-1")
        sts = user_client("sts", "us-gov-west-1")
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
        parent = sts.assume_role(RoleArn=f"arn:aws-us-gov:iam::{ACCOUNT}:role/r",
                                 RoleSessionName="ss")["Credentials"]
        scoped = _client(parent, region="us-gov-west-1")
        with raises_aws("MalformedPolicyDocument",
                        'Partition "aws" is not valid for resource "arn:aws:s3:::bucket/*".'):
            scoped.get_scoped_credentials(Policy=SCOPE)
        out = scoped.get_scoped_credentials(Policy=SCOPE.replace("arn:aws:", "arn:aws-us-gov:"))
        assert out["SessionInfo"]["Arn"] == f"arn:aws-us-gov:sts::{ACCOUNT}:assumed-role/r/ss"


def _run(path: str) -> list:
    """A success scenario, recorded through one interception path."""
    results: list = []
    with freeze_time("2026-03-01T12:00:00Z"), mock_iam(seed=11, path=path):
        iam = boto3.client("iam", region_name="us-east-1")
        sts = user_client("sts", "us-east-1")
        parent = _role_session(iam, sts, SourceIdentity="alice")
        client = _client(parent["Credentials"])
        for params in ({"Policy": SCOPE}, {"DurationSeconds": 900, "MinimumSessionTokenSize": 2000},
                       {"DurationSeconds": 9000}, {}):
            try:
                out = client.get_scoped_credentials(**params)
                out.pop("ResponseMetadata")
                results.append(out)
            except ClientError as e:
                results.append(e.response["Error"])
    return results


@pytest.mark.parametrize("unused", [None])
def test_fast_and_wire_paths_agree(unused):
    assert _run("fast") == _run("wire")
