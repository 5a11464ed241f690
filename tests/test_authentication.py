"""Who may call at all: deleted and foreign keys, unsigned requests, session tokens, strict mode.

Every test runs on both paths (the `path` fixture), since the wire path recomputes signatures
from the bytes while the fast path reads the client's credentials.
"""

from __future__ import annotations

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import NoCredentialsError

from iamsim import mock_iam

from .helpers import raises_aws

INVALID = "The security token included in the request is invalid."


@pytest.fixture(params=["fast", "wire"])
def sim(request):
    with mock_iam(path=request.param) as s:
        yield s


def _client(service, key_id, secret, token=None, **kw):
    return boto3.client(service, region_name="us-east-1", aws_access_key_id=key_id,
                        aws_secret_access_key=secret, aws_session_token=token, **kw)


def _user_key(name="alice"):
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName=name)
    return iam, iam.create_access_key(UserName=name)["AccessKey"]


def test_a_deleted_user_key_is_refused_forever(sim):
    iam, key = _user_key()
    sts = _client("sts", key["AccessKeyId"], key["SecretAccessKey"])
    assert sts.get_caller_identity()["Arn"].endswith(":user/alice")
    iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    with raises_aws("InvalidClientTokenId", INVALID, 403):
        sts.get_caller_identity()
    iam.delete_user(UserName="alice")  # the user is gone too: still refused, never root
    with raises_aws("InvalidClientTokenId", INVALID):
        _client("iam", key["AccessKeyId"], key["SecretAccessKey"]).get_user()


def test_a_deleted_root_key_is_refused(sim):
    iam = boto3.client("iam", region_name="us-east-1")
    key = iam.create_access_key()["AccessKey"]
    root = _client("iam", key["AccessKeyId"], key["SecretAccessKey"])
    assert root.get_user()["User"]["Arn"] == "arn:aws:iam::123456789012:root"
    iam.delete_access_key(AccessKeyId=key["AccessKeyId"])
    with raises_aws("InvalidClientTokenId", INVALID):
        root.get_user()


def test_a_deactivated_key_is_refused_and_works_again_when_activated(sim):
    iam, key = _user_key()
    sts = _client("sts", key["AccessKeyId"], key["SecretAccessKey"])
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Inactive")
    with raises_aws("InvalidClientTokenId", INVALID):
        sts.get_caller_identity()
    iam.update_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"], Status="Active")
    assert sts.get_caller_identity()["Arn"].endswith(":user/alice")


def test_an_unsigned_request_is_missing_its_authentication_token(sim):
    for service, call in (("iam", "list_users"), ("sts", "get_caller_identity")):
        client = boto3.client(service, region_name="us-east-1",
                              config=Config(signature_version=botocore.UNSIGNED))
        with raises_aws("MissingAuthenticationToken", "Request is missing Authentication Token",
                        403):
            getattr(client, call)()
    assert boto3.client("iam").list_users()["Users"] == []  # nothing happened


def test_operations_aws_documents_as_unsigned_need_no_signature(sim):
    sts = boto3.client("sts", region_name="us-east-1",
                       config=Config(signature_version=botocore.UNSIGNED))
    # AssumeRoleWithWebIdentity is answered (here: the token is refused), not rejected as
    # unsigned.
    with raises_aws("InvalidIdentityToken"):
        sts.assume_role_with_web_identity(
            RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="web",
            WebIdentityToken="not-a-jwt")


def test_a_long_term_key_with_a_made_up_session_token_is_refused(sim):
    _, key = _user_key()
    with raises_aws("InvalidClientTokenId", INVALID):
        _client("sts", key["AccessKeyId"], key["SecretAccessKey"], "made-up").get_caller_identity()


def test_temporary_credentials_iamsim_did_not_issue_are_refused(sim):
    with raises_aws("InvalidClientTokenId", INVALID):
        _client("sts", "ASIAXXXXXXXXXXXXXXXX", "s" * 40, "FwoGZXIvYXdzE...").get_caller_identity()
    with raises_aws("InvalidClientTokenId", INVALID):  # a fake key with a token is no better
        _client("iam", "AKIAFAKEFAKEFAKEFAKE", "s" * 40, "token").list_users()


def test_fake_credentials_iamsim_did_not_issue_are_the_root_user_by_default(sim):
    arn = _client("sts", "testing", "testing").get_caller_identity()["Arn"]
    assert arn == "arn:aws:iam::123456789012:root"


def test_a_client_without_credentials_raises_what_botocore_raises(sim):
    client = boto3.client("sts", region_name="us-east-1")
    client._request_signer._credentials = None  # as when no provider found any
    with pytest.raises(NoCredentialsError):
        client.get_caller_identity()


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_strict_credentials_refuse_every_key_the_scope_did_not_issue(path):
    with mock_iam(path=path, strict_credentials=True):
        iam = boto3.client("iam", region_name="us-east-1")  # the scope's own fake root key
        assert iam.get_user()["User"]["Arn"] == "arn:aws:iam::123456789012:root"
        with raises_aws("InvalidClientTokenId", INVALID):
            _client("iam", "AKIAFAKEFAKEFAKEFAKE", "s" * 40).get_user()
        iam.create_user(UserName="alice")
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        assert _client("iam", key["AccessKeyId"], key["SecretAccessKey"]).get_user()[
            "User"]["UserName"] == "alice"


def test_strict_credentials_carry_over_to_decorated_clones():
    @mock_iam(strict_credentials=True)
    def body():
        with raises_aws("InvalidClientTokenId"):
            _client("sts", "AKIAFAKEFAKEFAKEFAKE", "s" * 40).get_caller_identity()

    body()
