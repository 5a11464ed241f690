"""The root user beside moto: allowed everything in its own account outside an organization's
SCPs, except what the resource's own policy refuses it. A bucket policy's explicit deny binds
it (but never for the bucket policy operations themselves: S3 API Reference,
DeleteBucketPolicy), and a KMS key policy must allow it like anyone else (KMS Developer Guide,
"Key policies": no principal, the root user included, has any permission to a key the key
policy does not allow)."""

from __future__ import annotations

import pytest

from iamsim import mock_iam

from .enforce_services_helpers import (
    ACCOUNT,
    SOME_SCOPE_IDS,
    SOME_SCOPES,
    doc,
    root,
    scope,
)
from .helpers import raises_aws

ROOT = f"arn:aws:iam::{ACCOUNT}:root"
MEMBER = "111122223333"


@pytest.fixture(params=SOME_SCOPES, ids=SOME_SCOPE_IDS)
def sim(request):
    with scope(*request.param) as s:
        yield s


def deny_everyone(bucket: str) -> str:
    return doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"]})


def test_a_bucket_policy_deny_binds_the_root_user_but_not_on_the_bucket_policy(sim):
    s3 = root("s3")
    s3.create_bucket(Bucket="locked-bucket")
    s3.put_object(Bucket="locked-bucket", Key="k", Body=b"x")
    s3.put_bucket_policy(Bucket="locked-bucket", Policy=deny_everyone("locked-bucket"))
    with raises_aws("AccessDenied", (
            f'User: {ROOT} is not authorized to perform: s3:GetObject on resource: '
            '"arn:aws:s3:::locked-bucket/k" with an explicit deny in a resource-based policy'),
            403):
        s3.get_object(Bucket="locked-bucket", Key="k")
    # The lock-out escape: the bucket owner's root user may still read and remove the policy.
    assert "Deny" in s3.get_bucket_policy(Bucket="locked-bucket")["Policy"]
    s3.delete_bucket_policy(Bucket="locked-bucket")
    assert s3.get_object(Bucket="locked-bucket", Key="k")["Body"].read() == b"x"


def test_a_kms_key_policy_that_leaves_the_root_user_out_refuses_it(sim):
    kms = root("kms")
    nobody = f"arn:aws:iam::{ACCOUNT}:user/nobody"
    key = kms.create_key(Policy=doc({"Effect": "Allow", "Principal": {"AWS": nobody},
                                     "Action": "kms:*", "Resource": "*"}),
                         BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
    with raises_aws("AccessDeniedException", (
            f"User: {ROOT} is not authorized to perform: kms:Encrypt on resource: {key} "
            "because no resource-based policy allows the kms:Encrypt action"), 400):
        kms.encrypt(KeyId=key, Plaintext=b"x")
    default = kms.create_key()["KeyMetadata"]["Arn"]  # the default policy names the account
    assert kms.encrypt(KeyId=default, Plaintext=b"x")["KeyId"] == default


def test_a_key_policy_also_binds_the_root_user_through_s3(sim):
    kms, s3 = root("kms"), root("s3")
    key = kms.create_key(Policy=doc({"Effect": "Allow",
                                     "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:user/x"},
                                     "Action": "kms:*", "Resource": "*"}),
                         BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
    s3.create_bucket(Bucket="sse-bucket")
    with raises_aws("AccessDenied", match=f'kms:GenerateDataKey on resource: "{key}"'):
        s3.put_object(Bucket="sse-bucket", Key="k", Body=b"x", ServerSideEncryption="aws:kms",
                      SSEKMSKeyId=key)


def test_report_mode_records_what_would_refuse_the_root_user_only():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(enforce="report") as sim:
        kms = root("kms")
        nobody = f"arn:aws:iam::{ACCOUNT}:user/nobody"
        key = kms.create_key(Policy=doc({"Effect": "Allow", "Principal": {"AWS": nobody},
                                         "Action": "kms:*", "Resource": "*"}),
                             BypassPolicyLockoutSafetyCheck=True)["KeyMetadata"]["Arn"]
        kms.encrypt(KeyId=key, Plaintext=b"x")  # recorded, not refused
        kms.list_keys()
        assert [(r.principal, r.action, r.resource, r.decision) for r in sim.decisions] == [
            (ROOT, "kms:Encrypt", key, "implicitDeny")]


def test_a_member_accounts_root_may_still_remove_a_bucket_policy_that_denies_it():
    moto = pytest.importorskip("moto")
    with moto.mock_aws(), mock_iam(accounts=[MEMBER], enforce=True) as sim:
        sim.organization().add_account(MEMBER)
        s3 = sim.client("s3", MEMBER)
        s3.create_bucket(Bucket="member-bucket")
        s3.put_bucket_policy(Bucket="member-bucket", Policy=deny_everyone("member-bucket"))
        with raises_aws("AccessDenied", match="explicit deny in a resource-based policy"):
            s3.list_objects_v2(Bucket="member-bucket")
        s3.delete_bucket_policy(Bucket="member-bucket")
        assert s3.list_objects_v2(Bucket="member-bucket")["KeyCount"] == 0


def test_a_table_policy_deny_binds_the_root_user_but_not_its_removal(sim):
    ddb = root("dynamodb")
    arn = ddb.create_table(
        TableName="locked", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST")["TableDescription"]["TableArn"]
    ddb.put_resource_policy(ResourceArn=arn, Policy=doc({
        "Effect": "Deny", "Principal": "*", "Action": "dynamodb:*", "Resource": arn}))
    with raises_aws("AccessDeniedException", match="explicit deny in a resource-based policy"):
        ddb.get_item(TableName="locked", Key={"pk": {"S": "a"}})
    # DynamoDB API Reference, DeleteResourcePolicy: the root principal may always remove it.
    ddb.delete_resource_policy(ResourceArn=arn)
    assert "Item" not in ddb.get_item(TableName="locked", Key={"pk": {"S": "a"}})
