"""Partitions: a client in cn-*, us-gov-*, us-iso-*, ... talks to that partition's IAM and STS,
with its own accounts and ARNs, and ARNs of another partition are refused where AWS refuses them."""

from __future__ import annotations

import json

import boto3
import pytest

from iamsim import mock_iam

from .helpers import raises_aws, user_client

ACCOUNT = "123456789012"
TRUST_EC2 = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

PARTITIONS = [
    ("cn-north-1", "aws-cn"),
    ("cn-northwest-1", "aws-cn"),
    ("us-gov-west-1", "aws-us-gov"),
    ("us-gov-east-1", "aws-us-gov"),
    ("us-iso-east-1", "aws-iso"),
    ("us-isob-east-1", "aws-iso-b"),
    ("eu-isoe-west-1", "aws-iso-e"),
    ("us-isof-south-1", "aws-iso-f"),
    ("eusc-de-east-1", "aws-eusc"),
]


def _trust(principal: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}]})


def _doc(resource: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}]})


@pytest.mark.parametrize(("region", "partition"), PARTITIONS)
def test_identity_arns_follow_the_client_partition(region: str, partition: str) -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        sts = boto3.client("sts", region_name=region)
        assert iam.meta.partition == partition
        ident = sts.get_caller_identity()
        assert ident["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:root"
        user = iam.create_user(UserName="alice", Path="/eng/")["User"]
        assert user["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:user/eng/alice"
        assert iam.get_user()["User"]["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:root"


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_every_arn_family_in_the_partition(region: str) -> None:
    partition = boto3.client("iam", region_name=region).meta.partition
    prefix = f"arn:{partition}:iam::{ACCOUNT}:"
    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        assert iam.create_group(GroupName="g", Path="/p/")["Group"]["Arn"] == prefix + "group/p/g"
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)["Role"]
        assert role["Arn"] == prefix + "role/r"
        pol = iam.create_policy(PolicyName="pol", PolicyDocument=_doc("*"))["Policy"]
        assert pol["Arn"] == prefix + "policy/pol"
        ip = iam.create_instance_profile(InstanceProfileName="ip")["InstanceProfile"]
        assert ip["Arn"] == prefix + "instance-profile/ip"
        mfa = iam.create_virtual_mfa_device(VirtualMFADeviceName="dev")["VirtualMFADevice"]
        assert mfa["SerialNumber"] == prefix + "mfa/dev"
        oidc = iam.create_open_id_connect_provider(
            Url="https://oidc.example.com", ClientIDList=["app"], ThumbprintList=["a" * 40])
        assert oidc["OpenIDConnectProviderArn"] == prefix + "oidc-provider/oidc.example.com"
        slr = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
        assert slr["Arn"].startswith(prefix + "role/aws-service-role/")
        attached = iam.list_attached_role_policies(RoleName=slr["RoleName"])["AttachedPolicies"]
        assert all(a["PolicyArn"].startswith(f"arn:{partition}:iam::aws:policy/")
                   for a in attached)
        report_user = iam.create_user(UserName="u")["User"]
        assert report_user["Arn"] == prefix + "user/u"


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_aws_managed_policies_live_in_the_partition(region: str) -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        partition = iam.meta.partition
        arn = f"arn:{partition}:iam::aws:policy/ReadOnlyAccess"
        got = iam.get_policy(PolicyArn=arn)["Policy"]
        assert got["Arn"] == arn and got["PolicyName"] == "ReadOnlyAccess"
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
        iam.attach_role_policy(RoleName="r", PolicyArn=arn)
        assert iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"] == [
            {"PolicyName": "ReadOnlyAccess", "PolicyArn": arn}]
        assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 1
        listed = iam.list_policies(Scope="AWS", MaxItems=5)["Policies"]
        assert listed and all(p["Arn"].startswith(f"arn:{partition}:iam::aws:policy/")
                              for p in listed)
        attached = iam.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]
        assert [p["Arn"] for p in attached] == [arn]
        # The documents name the partition's ARNs, as AWS publishes them there.
        admin = f"arn:{partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
        version = iam.get_policy(PolicyArn=admin)["Policy"]["DefaultVersionId"]
        doc = iam.get_policy_version(PolicyArn=admin, VersionId=version)["PolicyVersion"]
        assert "arn:aws:" not in json.dumps(doc["Document"])


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_sts_sessions_in_the_partition(region: str) -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        sts = user_client("sts", region)
        partition = iam.meta.partition
        root = f"arn:{partition}:iam::{ACCOUNT}:root"
        role = iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust({"AWS": root}))
        out = sts.assume_role(RoleArn=role["Role"]["Arn"], RoleSessionName="ss")
        session_arn = f"arn:{partition}:sts::{ACCOUNT}:assumed-role/r/ss"
        assert out["AssumedRoleUser"]["Arn"] == session_arn
        creds = out["Credentials"]
        as_role = boto3.client("sts", region_name=region,
                               aws_access_key_id=creds["AccessKeyId"],
                               aws_secret_access_key=creds["SecretAccessKey"],
                               aws_session_token=creds["SessionToken"])
        assert as_role.get_caller_identity()["Arn"] == session_arn
        fed = sts.get_federation_token(Name="bob")["FederatedUser"]
        assert fed["Arn"] == f"arn:{partition}:sts::{ACCOUNT}:federated-user/bob"


def test_role_last_used_region_is_the_partitions() -> None:
    """IAM is served from one region per partition; STS answers in the client's region."""
    with mock_iam():
        iam = boto3.client("iam", region_name="cn-northwest-1")
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(
            {"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"}))
        user_client("sts", "cn-northwest-1", "assumer").assume_role(
            RoleArn=f"arn:aws-cn:iam::{ACCOUNT}:role/r", RoleSessionName="ss")
        assert iam.get_role(RoleName="r")["Role"]["RoleLastUsed"]["Region"] == "cn-northwest-1"
        user = iam.create_user(UserName="u")["User"]["UserName"]
        key = iam.create_access_key(UserName=user)["AccessKey"]
        as_user = boto3.client("iam", region_name="cn-northwest-1",
                               aws_access_key_id=key["AccessKeyId"],
                               aws_secret_access_key=key["SecretAccessKey"])
        as_user.get_user()
        used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
        assert used["Region"] == "cn-north-1" and used["ServiceName"] == "iam"


def test_each_partition_holds_its_own_account() -> None:
    with mock_iam() as sim:
        aws = boto3.client("iam", region_name="us-east-1")
        cn = boto3.client("iam", region_name="cn-north-1")
        gov = boto3.client("iam", region_name="us-gov-west-1")
        aws.create_user(UserName="alice")
        with raises_aws("NoSuchEntity", "The user with name alice cannot be found."):
            cn.get_user(UserName="alice")
        cn.create_user(UserName="alice")  # the same name again: another account
        assert [u["UserName"] for u in gov.list_users()["Users"]] == []
        assert aws.get_user(UserName="alice")["User"]["Arn"].startswith("arn:aws:iam::")
        assert cn.get_user(UserName="alice")["User"]["Arn"].startswith("arn:aws-cn:iam::")
        assert sim.account.partition == "aws"
        assert sim.account_in("aws-cn").users.get("alice") is not None
        # Quotas and counts are per account too.
        assert cn.get_account_summary()["SummaryMap"]["Users"] == 1
        assert gov.get_account_summary()["SummaryMap"]["Users"] == 0


def test_credentials_work_only_in_their_partition() -> None:
    """China's STS answered AssumeRole signed with commercial credentials with
    InvalidClientTokenId (recorded in BerriAI/litellm#38747)."""
    with mock_iam():
        cn = boto3.client("iam", region_name="cn-north-1")
        cn.create_user(UserName="u")
        key = cn.create_access_key(UserName="u")["AccessKey"]
        creds = {"aws_access_key_id": key["AccessKeyId"],
                 "aws_secret_access_key": key["SecretAccessKey"]}
        assert boto3.client("sts", region_name="cn-north-1", **creds).get_caller_identity()[
            "Arn"] == f"arn:aws-cn:iam::{ACCOUNT}:user/u"
        boto3.client("iam", region_name="us-east-1").list_users()  # the aws account exists
        for region in ("us-east-1", "us-gov-west-1"):
            with raises_aws("InvalidClientTokenId",
                            "The security token included in the request is invalid."):
                boto3.client("sts", region_name=region, **creds).get_caller_identity()


def test_session_credentials_work_only_in_their_partition() -> None:
    with mock_iam():
        gov = boto3.client("sts", region_name="us-gov-west-1")
        token = gov.get_session_token()["Credentials"]
        boto3.client("iam", region_name="us-east-1").list_users()
        with raises_aws("InvalidClientTokenId"):
            boto3.client("sts", region_name="us-east-1", aws_access_key_id=token["AccessKeyId"],
                         aws_secret_access_key=token["SecretAccessKey"],
                         aws_session_token=token["SessionToken"]).get_caller_identity()


def test_seeded_accounts_issue_different_keys_per_partition() -> None:
    with mock_iam(seed=3):
        keys = []
        for region in ("us-east-1", "cn-north-1"):
            iam = boto3.client("iam", region_name=region)
            iam.create_user(UserName="u")
            keys.append(iam.create_access_key(UserName="u")["AccessKey"]["AccessKeyId"])
        assert keys[0] != keys[1]


def test_policy_arn_of_another_partition_is_refused() -> None:
    """AWS answered AttachRolePolicy of arn:aws:iam::aws:policy/... from cn-northwest-1 with
    ValidationError "Invalid ARN partition" (recorded in pulumi/pulumi-aws-apigateway#347)."""
    with mock_iam():
        iam = boto3.client("iam", region_name="cn-northwest-1")
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
        iam.create_user(UserName="u")
        wrong = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
        with raises_aws("ValidationError", "Invalid ARN partition", 400):
            iam.attach_role_policy(RoleName="r", PolicyArn=wrong)
        with raises_aws("ValidationError", "Invalid ARN partition", 400):
            iam.attach_user_policy(UserName="u", PolicyArn=f"arn:aws-us-gov:iam::{ACCOUNT}:policy/p")
        with raises_aws("ValidationError", "Invalid ARN partition", 400):
            iam.put_user_permissions_boundary(UserName="u", PermissionsBoundary=wrong)
        with raises_aws("ValidationError", "Invalid ARN partition", 400):
            iam.get_policy(PolicyArn=wrong)
        assert iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"] == []
        # And the other way round: an aws-cn ARN in the aws partition.
        aws = boto3.client("iam", region_name="us-east-1")
        aws.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST_EC2)
        with raises_aws("ValidationError", "Invalid ARN partition", 400):
            aws.attach_role_policy(RoleName="r",
                                   PolicyArn="arn:aws-cn:iam::aws:policy/AmazonS3FullAccess")


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_policy_resources_of_another_partition_are_refused(region: str) -> None:
    """IAM in aws-cn and aws-us-gov: 'Partition "aws" is not valid for resource "..."' (many
    public reports, e.g. aws/chalice#777, kubernetes/kops#6763)."""
    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        partition = iam.meta.partition
        msg = 'Partition "aws" is not valid for resource "arn:aws:logs:*:*:*".'
        with raises_aws("MalformedPolicyDocument", msg):
            iam.create_policy(PolicyName="p", PolicyDocument=_doc("arn:aws:logs:*:*:*"))
        iam.create_user(UserName="u")
        with raises_aws("MalformedPolicyDocument", msg):
            iam.put_user_policy(UserName="u", PolicyName="p",
                                PolicyDocument=_doc("arn:aws:logs:*:*:*"))
        assert iam.list_user_policies(UserName="u")["PolicyNames"] == []
        iam.create_policy(PolicyName="p", PolicyDocument=_doc(f"arn:{partition}:s3:::b/*"))
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=_doc("*"))


def test_aws_partition_refuses_other_partitions_resources() -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name="us-east-1")
        with raises_aws("MalformedPolicyDocument",
                        'Partition "aws-cn" is not valid for resource "arn:aws-cn:s3:::b".'):
            iam.create_policy(PolicyName="p", PolicyDocument=_doc("arn:aws-cn:s3:::b"))


def test_session_policy_resources_follow_the_partition() -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name="cn-north-1")
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(
            {"AWS": f"arn:aws-cn:iam::{ACCOUNT}:root"}))
        sts = user_client("sts", "cn-north-1")
        with raises_aws("MalformedPolicyDocument"):
            sts.assume_role(RoleArn=f"arn:aws-cn:iam::{ACCOUNT}:role/r", RoleSessionName="ss",
                            Policy=_doc("arn:aws:s3:::b"))
        sts.assume_role(RoleArn=f"arn:aws-cn:iam::{ACCOUNT}:role/r", RoleSessionName="ss",
                        Policy=_doc("arn:aws-cn:s3:::b"),
                        PolicyArns=[{"arn": "arn:aws-cn:iam::aws:policy/ReadOnlyAccess"}])


def test_trust_policy_principal_of_another_partition_is_invalid() -> None:
    with mock_iam():
        iam = boto3.client("iam", region_name="cn-north-1")
        wrong = f"arn:aws:iam::{ACCOUNT}:root"
        with raises_aws("MalformedPolicyDocument", f'Invalid principal in policy: "AWS":"{wrong}"'):
            iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust({"AWS": wrong}))
        federated = f"arn:aws:iam::{ACCOUNT}:oidc-provider/example.com"
        with raises_aws("MalformedPolicyDocument",
                        f'Invalid principal in policy: "FEDERATED":"{federated}"'):
            iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(
                {"Federated": federated}))
        with raises_aws("NoSuchEntity"):
            iam.get_role(RoleName="r")


def test_assume_role_across_partitions_is_denied() -> None:
    """A role ARN of another partition is denied, naming the ARN as given: recorded in
    corymhall/cdk-diff-action#79 (aws-cn) and #70 (aws-us-gov)."""
    with mock_iam():
        aws = boto3.client("iam", region_name="us-east-1")
        aws.create_role(RoleName="r", AssumeRolePolicyDocument=_trust({"AWS": ACCOUNT}))
        cn_sts = boto3.client("sts", region_name="cn-north-1")
        with raises_aws("AccessDenied",
                        f"User: arn:aws-cn:iam::{ACCOUNT}:root is not authorized to perform: "
                        f"sts:AssumeRole on resource: arn:aws:iam::{ACCOUNT}:role/r"):
            cn_sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="ss")
        user_client("sts", "us-east-1").assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/r", RoleSessionName="ss")


def test_assume_root_target_in_the_partition() -> None:
    with mock_iam():
        sts = boto3.client("sts", region_name="us-gov-west-1")
        with raises_aws("AccessDenied", match=f"arn:aws-us-gov:iam::{ACCOUNT}:root$"):
            sts.assume_root(TargetPrincipal=f"arn:aws-us-gov:iam::{ACCOUNT}:root",
                            TaskPolicyArn={"arn": "arn:aws-us-gov:iam::aws:policy/root-task/"
                                                  "IAMAuditRootUserCredentials"})
        with raises_aws("ValidationError"):
            sts.assume_root(TargetPrincipal=f"arn:aws:iam::{ACCOUNT}:root",
                            TaskPolicyArn={"arn": "arn:aws-us-gov:iam::aws:policy/root-task/"
                                                  "IAMAuditRootUserCredentials"})


def test_partition_lookup_uses_botocore_data() -> None:
    from iamsim.partitions import iam_region, partition_of

    assert partition_of("cn-northwest-1") == "aws-cn"
    assert partition_of("aws-cn-global") == "aws-cn"  # an IAM client's pseudo-region
    assert partition_of("us-gov-east-1") == "aws-us-gov"
    assert partition_of("us-isob-east-1") == "aws-iso-b"
    assert partition_of("eu-isoe-west-1") == "aws-iso-e"
    assert partition_of("us-isof-south-1") == "aws-iso-f"
    assert partition_of(None) == "aws"
    assert iam_region("aws") == "us-east-1"
    assert iam_region("aws-cn") == "cn-north-1"
    assert iam_region("aws-us-gov") == "us-gov-west-1"


@pytest.mark.parametrize("region", ["cn-north-1", "us-gov-west-1"])
def test_server_certificates_and_saml_providers_in_the_partition(region: str) -> None:
    from .test_providers_saml import metadata
    from .test_server_certificates import Pki

    with mock_iam():
        iam = boto3.client("iam", region_name=region)
        partition = iam.meta.partition
        meta = iam.upload_server_certificate(**Pki().params())["ServerCertificateMetadata"]
        assert meta["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:server-certificate/web"
        saml = iam.create_saml_provider(Name="idp", SAMLMetadataDocument=metadata())
        assert saml["SAMLProviderArn"] == f"arn:{partition}:iam::{ACCOUNT}:saml-provider/idp"
        iam.generate_credential_report()
        report = iam.get_credential_report()["Content"].decode()
        assert f"arn:{partition}:iam::{ACCOUNT}:root" in report
