"""Enforcement of S3 calls moto answers: bucket and object ARNs, the actions S3 names
differently, S3's condition keys, boundaries, session policies, explicit denies, S3's error."""

from __future__ import annotations

import pytest

from .enforce_services_helpers import (
    SCOPE_IDS,
    SCOPES,
    allow,
    client,
    deny,
    doc,
    explicit,
    not_allowed,
    role_session,
    root,
    scope,
    session_arn,
    user,
    user_arn,
)
from .helpers import raises_aws

pytestmark = pytest.mark.usefixtures("sim")


@pytest.fixture(params=SCOPES, ids=SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def buckets(*names: str) -> None:
    s3 = root("s3")
    for n in names:
        s3.create_bucket(Bucket=n)


def keys(bucket: str) -> list[str]:
    return [o["Key"] for o in root("s3").list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_policy_on_one_bucket_allows_it_and_not_another():
    buckets("good", "other")
    s3 = client("s3", user("alice", allow("s3:PutObject", "arn:aws:s3:::good/*")))
    s3.put_object(Bucket="good", Key="a.txt", Body=b"x")
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:PutObject",
                                                '"arn:aws:s3:::other/a.txt"'), 403):
        s3.put_object(Bucket="other", Key="a.txt", Body=b"x")
    assert keys("good") == ["a.txt"]
    assert keys("other") == []  # the denied call never reached moto


def test_list_objects_v2_needs_list_bucket_with_the_prefix_as_s3_prefix():
    buckets("home")
    root("s3").put_object(Bucket="home", Key="alice/1", Body=b"1")
    root("s3").put_object(Bucket="home", Key="bob/1", Body=b"1")
    s3 = client("s3", user("alice", allow("s3:ListBucket", "arn:aws:s3:::home", Condition={
        "StringLike": {"s3:prefix": "alice/*"}})))
    listed = s3.list_objects_v2(Bucket="home", Prefix="alice/")
    assert [o["Key"] for o in listed["Contents"]] == ["alice/1"]
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:ListBucket",
                                                '"arn:aws:s3:::home"'), 403):
        s3.list_objects_v2(Bucket="home", Prefix="bob/")
    with raises_aws("AccessDenied", status=403):  # no prefix at all: the condition fails
        s3.list_objects_v2(Bucket="home")


def test_head_object_needs_get_object_and_is_refused_without_a_body():
    buckets("bkt")
    root("s3").put_object(Bucket="bkt", Key="k", Body=b"abc")
    reader = client("s3", user("reader", allow("s3:GetObject", "arn:aws:s3:::bkt/*")))
    assert reader.head_object(Bucket="bkt", Key="k")["ContentLength"] == 3
    assert reader.get_object(Bucket="bkt", Key="k")["Body"].read() == b"abc"
    lister = client("s3", user("lister", allow("s3:ListBucket", "arn:aws:s3:::bkt")))
    with raises_aws("403", "Forbidden", 403):  # S3 answers HEAD with no body
        lister.head_object(Bucket="bkt", Key="k")
    lister.head_bucket(Bucket="bkt")  # s3:ListBucket


def test_server_side_encryption_condition_allows_and_denies():
    buckets("enc")
    s3 = client("s3", user(
        "alice", allow("s3:PutObject", "arn:aws:s3:::enc/*"),
        deny("s3:PutObject", "arn:aws:s3:::enc/*", Condition={
            "StringNotEquals": {"s3:x-amz-server-side-encryption": "aws:kms"}})))
    s3.put_object(Bucket="enc", Key="secret", Body=b"x", ServerSideEncryption="aws:kms")
    with raises_aws("AccessDenied", explicit(user_arn("alice"), "s3:PutObject",
                                             '"arn:aws:s3:::enc/plain"'), 403):
        s3.put_object(Bucket="enc", Key="plain", Body=b"x")
    assert keys("enc") == ["secret"]


def test_a_permissions_boundary_limits_what_the_policy_allows():
    buckets("bkt")
    s3 = client("s3", user("alice", allow("s3:*"), boundary=[allow("s3:GetObject")]))
    root("s3").put_object(Bucket="bkt", Key="k", Body=b"1")
    assert s3.get_object(Bucket="bkt", Key="k")["Body"].read() == b"1"
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:PutObject",
                                                '"arn:aws:s3:::bkt/new"', "permissions boundary")):
        s3.put_object(Bucket="bkt", Key="new", Body=b"x")
    assert keys("bkt") == ["k"]


def test_a_session_policy_narrows_a_role_session():
    buckets("good", "other")
    creds = role_session("app", allow("s3:*"),
                         session_policy=[allow("s3:PutObject", "arn:aws:s3:::good/*")])
    s3 = client("s3", creds)
    s3.put_object(Bucket="good", Key="k", Body=b"x")
    with raises_aws("AccessDenied", not_allowed(session_arn("app"), "s3:PutObject",
                                                '"arn:aws:s3:::other/k"', "session policy")):
        s3.put_object(Bucket="other", Key="k", Body=b"x")
    assert keys("other") == []


def test_an_explicit_deny_in_a_managed_policy_names_the_policy():
    buckets("bkt")
    s3 = client("s3", user("alice", allow("s3:*"),
                           managed=[deny("s3:DeleteObject", "arn:aws:s3:::bkt/*")]))
    s3.put_object(Bucket="bkt", Key="k", Body=b"x")
    with raises_aws("AccessDenied", explicit(
            user_arn("alice"), "s3:DeleteObject", '"arn:aws:s3:::bkt/k"',
            "an identity-based policy: arn:aws:iam::123456789012:policy/alice-m0")):
        s3.delete_object(Bucket="bkt", Key="k")
    assert keys("bkt") == ["k"]


def test_copy_object_needs_get_on_the_source_and_put_on_the_destination():
    buckets("src", "dst")
    root("s3").put_object(Bucket="src", Key="k", Body=b"x")
    s3 = client("s3", user("alice", allow("s3:PutObject", "arn:aws:s3:::dst/*")))
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:GetObject",
                                                '"arn:aws:s3:::src/k"')):
        s3.copy_object(Bucket="dst", Key="k", CopySource={"Bucket": "src", "Key": "k"})
    assert keys("dst") == []
    both = client("s3", user("bob", allow("s3:PutObject", "arn:aws:s3:::dst/*"),
                             allow("s3:GetObject", "arn:aws:s3:::src/*")))
    both.copy_object(Bucket="dst", Key="k", CopySource="src/k")
    assert keys("dst") == ["k"]


def test_list_buckets_needs_list_all_my_buckets_on_star():
    buckets("bkt")
    s3 = client("s3", user("alice", allow("s3:ListBucket")))
    with raises_aws("AccessDenied", not_allowed(user_arn("alice"), "s3:ListAllMyBuckets",
                                                '"*"')):
        s3.list_buckets()
    s3 = client("s3", user("bob", allow("s3:ListAllMyBuckets")))
    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["bkt"]


def test_the_root_user_and_unenforced_set_up_are_not_checked(sim):
    buckets("bkt")  # as the root user
    s3 = client("s3", user("alice"))
    with sim.unenforced():
        s3.put_object(Bucket="bkt", Key="k", Body=b"x")
    with raises_aws("AccessDenied"):
        s3.put_object(Bucket="bkt", Key="k2", Body=b"x")
    assert keys("bkt") == ["k"]


def test_a_deleted_key_is_refused_as_s3_refuses_an_unknown_key():
    buckets("bkt")
    creds = user("alice", allow("s3:*"))
    root("iam").delete_access_key(UserName="alice", AccessKeyId=creds["aws_access_key_id"])
    with raises_aws("InvalidAccessKeyId",
                    "The AWS Access Key Id you provided does not exist in our records.", 403):
        client("s3", creds).put_object(Bucket="bkt", Key="k", Body=b"x")
    assert keys("bkt") == []


def test_a_bucket_policy_naming_the_user_grants_without_an_identity_policy():
    buckets("shared")
    s3 = client("s3", user("alice"))
    with raises_aws("AccessDenied"):
        s3.put_object(Bucket="shared", Key="k", Body=b"x")
    root("s3").put_bucket_policy(Bucket="shared", Policy=doc({
        "Effect": "Allow", "Principal": {"AWS": user_arn("alice")}, "Action": "s3:PutObject",
        "Resource": "arn:aws:s3:::shared/*"}))
    s3.put_object(Bucket="shared", Key="k", Body=b"x")  # the new policy is seen at once
    assert keys("shared") == ["k"]
    root("s3").delete_bucket_policy(Bucket="shared")
    with raises_aws("AccessDenied"):
        s3.put_object(Bucket="shared", Key="k2", Body=b"x")
    assert keys("shared") == ["k"]


def test_an_explicit_deny_in_a_bucket_policy_wins_over_the_identity_policy():
    buckets("locked")
    root("s3").put_bucket_policy(Bucket="locked", Policy=doc({
        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject",
        "Resource": "arn:aws:s3:::locked/*"}))
    root("s3").put_object(Bucket="locked", Key="k", Body=b"x")
    s3 = client("s3", user("alice", allow("s3:*")))
    assert s3.get_object(Bucket="locked", Key="k")["Body"].read() == b"x"
    with raises_aws("AccessDenied", explicit(user_arn("alice"), "s3:DeleteObject",
                                             '"arn:aws:s3:::locked/k"',
                                             "a resource-based policy"), 403):
        s3.delete_object(Bucket="locked", Key="k")
    assert keys("locked") == ["k"]


def test_an_anonymous_request_is_allowed_only_by_a_public_bucket_policy(sim):
    import json

    import boto3
    import botocore
    from botocore.config import Config

    s3 = root("s3")
    for b in ("public-bkt", "private-bkt"):
        s3.create_bucket(Bucket=b)
        s3.put_object(Bucket=b, Key="a", Body=b"x")
    s3.put_bucket_policy(Bucket="public-bkt", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::public-bkt/*"}]}))
    anon = boto3.client("s3", region_name="us-east-1",
                        config=Config(signature_version=botocore.UNSIGNED))
    assert anon.get_object(Bucket="public-bkt", Key="a")["Body"].read() == b"x"
    with raises_aws("AccessDenied", "Access Denied", 403):
        anon.get_object(Bucket="private-bkt", Key="a")
    with raises_aws("AccessDenied", "Access Denied", 403):
        anon.put_object(Bucket="public-bkt", Key="b", Body=b"y")  # only reads are public
    assert root("s3").list_objects_v2(Bucket="public-bkt")["KeyCount"] == 1
