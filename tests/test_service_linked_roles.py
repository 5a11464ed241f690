"""Service-linked roles: created for a service, protected from ordinary changes, deleted by task."""

from __future__ import annotations

import json
import re

import pytest

from iamsim.data.service_linked_roles import SERVICE_LINKED_ROLES

from .helpers import raises_aws

ECS_ROLE = "AWSServiceRoleForECS"
ECS_POLICY = "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"
TRUST = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                   "Action": "sts:AssumeRole"}],
})
PROTECTED = (f"Cannot perform the operation on the protected role '{ECS_ROLE}' - "
             "this role is only modifiable by AWS")


def _has(op: str) -> bool:
    from iamsim.dispatch import HANDLERS, load_handlers

    load_handlers()
    return ("iam", op) in HANDLERS


def _catalog_loaded() -> bool:
    from iamsim.data.managed_policies import aws_policy_arns

    return bool(aws_policy_arns())


def test_create_service_linked_role(iam):
    role = iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")["Role"]
    assert role["RoleName"] == ECS_ROLE
    assert role["Path"] == "/aws-service-role/ecs.amazonaws.com/"
    assert role["Arn"] == (
        "arn:aws:iam::123456789012:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS")
    assert role["RoleId"].startswith("AROA")
    assert role["AssumeRolePolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }
    assert "Description" not in role
    got = iam.get_role(RoleName=ECS_ROLE)["Role"]
    assert got["Arn"] == role["Arn"] and got["RoleLastUsed"] == {}


def test_create_service_linked_role_description(iam):
    role = iam.create_service_linked_role(AWSServiceName="elasticbeanstalk.amazonaws.com",
                                          Description="for Beanstalk")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForElasticBeanstalk"
    assert role["Description"] == "for Beanstalk"
    assert iam.get_role(RoleName=role["RoleName"])["Role"]["Description"] == "for Beanstalk"


def test_service_linked_role_listed_under_its_path(iam):
    iam.create_role(RoleName="plain", AssumeRolePolicyDocument=TRUST)
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    iam.create_service_linked_role(AWSServiceName="rds.amazonaws.com")
    listed = iam.list_roles(PathPrefix="/aws-service-role/")["Roles"]
    assert [r["RoleName"] for r in listed] == [ECS_ROLE, "AWSServiceRoleForRDS"]


def test_service_policy_is_attached(iam_mock, iam):
    from iamsim.model.roles import RoleState

    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    role = iam_mock.account.state(RoleState).roles.get(ECS_ROLE)
    assert list(role.attached_policies) == [ECS_POLICY]


@pytest.mark.skipif(not _has("ListAttachedRolePolicies"), reason="attachments not implemented")
def test_service_policy_is_listed_as_attached(iam):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    attached = iam.list_attached_role_policies(RoleName=ECS_ROLE)["AttachedPolicies"]
    assert attached == [{"PolicyName": "AmazonECSServiceRolePolicy", "PolicyArn": ECS_POLICY}]


@pytest.mark.skipif(not (_has("GetPolicy") and _catalog_loaded()),
                    reason="managed policies not implemented")
def test_service_policy_attachment_count_follows_the_role(iam):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    assert iam.get_policy(PolicyArn=ECS_POLICY)["Policy"]["AttachmentCount"] == 1
    iam.delete_service_linked_role(RoleName=ECS_ROLE)
    assert iam.get_policy(PolicyArn=ECS_POLICY)["Policy"]["AttachmentCount"] == 0


def test_custom_suffix_where_the_service_accepts_one(iam):
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com",
                                          CustomSuffix="web")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling_web"
    assert role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    plain = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    assert plain["RoleName"] == "AWSServiceRoleForAutoScaling"


def test_custom_suffix_refused_by_other_services(iam):
    with raises_aws("InvalidInput", "Custom suffix is not allowed for ecs.amazonaws.com",
                    status=400):
        iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com", CustomSuffix="x")
    assert iam.list_roles()["Roles"] == []


def test_service_linked_role_name_taken(iam):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    msg = (f"Service role name {ECS_ROLE} has been taken in this account, "
           "please try a different suffix.")
    with raises_aws("InvalidInput", msg, status=400):
        iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="a")
    with raises_aws("InvalidInput", match="AWSServiceRoleForAutoScaling_A has been taken"):
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com",
                                       CustomSuffix="A")


def test_name_taken_by_an_ordinary_role(iam):
    iam.create_role(RoleName=ECS_ROLE, AssumeRolePolicyDocument=TRUST)
    with raises_aws("InvalidInput", match="has been taken in this account"):
        iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")


def test_unknown_service(iam):
    with raises_aws("InvalidInput", status=400):
        iam.create_service_linked_role(AWSServiceName="nothing.amazonaws.com")
    with raises_aws("InvalidInput"):  # service principals are case-sensitive
        iam.create_service_linked_role(AWSServiceName="ECS.amazonaws.com")
    assert iam.list_roles()["Roles"] == []


def test_service_linked_roles_count_against_the_roles_quota(iam_mock, iam):
    iam_mock.account.quotas._values["Roles"] = 1
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    with raises_aws("LimitExceeded", "Cannot exceed quota for RolesPerAccount: 1"):
        iam.create_service_linked_role(AWSServiceName="rds.amazonaws.com")


@pytest.mark.parametrize("op,kw", [
    ("update_role", {"Description": "x"}),
    ("update_role_description", {"Description": "x"}),
    ("update_assume_role_policy", {"PolicyDocument": TRUST}),
    ("delete_role", {}),
    ("put_role_permissions_boundary",
     {"PermissionsBoundary": "arn:aws:iam::aws:policy/ReadOnlyAccess"}),
    ("delete_role_permissions_boundary", {}),
])
def test_ordinary_role_operations_refuse_service_linked_roles(iam, op, kw):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    with raises_aws("UnmodifiableEntity", PROTECTED, status=400):
        getattr(iam, op)(RoleName=ECS_ROLE, **kw)
    role = iam.get_role(RoleName=ECS_ROLE)["Role"]
    assert "Description" not in role and "PermissionsBoundary" not in role
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "ecs.amazonaws.com"}


def test_service_linked_role_cannot_join_an_instance_profile(iam):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    iam.create_instance_profile(InstanceProfileName="p")
    with raises_aws("UnmodifiableEntity", PROTECTED):
        iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName=ECS_ROLE)
    assert iam.list_instance_profiles_for_role(RoleName=ECS_ROLE)["InstanceProfiles"] == []


def test_delete_service_linked_role_and_status(iam):
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    task = iam.delete_service_linked_role(RoleName=ECS_ROLE)["DeletionTaskId"]
    assert re.fullmatch(
        r"task/aws-service-role/ecs\.amazonaws\.com/AWSServiceRoleForECS/"
        r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", task)
    with raises_aws("NoSuchEntity"):
        iam.get_role(RoleName=ECS_ROLE)
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "SUCCEEDED" and "Reason" not in status
    # The role can be created again afterwards.
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")


def test_delete_service_linked_role_errors(iam):
    with raises_aws("NoSuchEntity", "The role with name ghost cannot be found.", status=404):
        iam.delete_service_linked_role(RoleName="ghost")
    iam.create_role(RoleName="plain", AssumeRolePolicyDocument=TRUST)
    with raises_aws("NoSuchEntity"):
        iam.delete_service_linked_role(RoleName="plain")
    assert iam.get_role(RoleName="plain")


def test_deletion_status_unknown_or_malformed_task(iam):
    with raises_aws("NoSuchEntity", status=404):
        iam.get_service_linked_role_deletion_status(
            DeletionTaskId="task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/"
                           "11111111-2222-4333-8444-555555555555")
    with raises_aws("InvalidInput", status=400):
        iam.get_service_linked_role_deletion_status(DeletionTaskId="not-a-task")


def test_table_covers_common_services():
    assert len(SERVICE_LINKED_ROLES) >= 20
    for service in ("autoscaling.amazonaws.com", "elasticbeanstalk.amazonaws.com",
                    "ecs.amazonaws.com", "rds.amazonaws.com",
                    "elasticloadbalancing.amazonaws.com", "organizations.amazonaws.com",
                    "support.amazonaws.com", "trustedadvisor.amazonaws.com",
                    "guardduty.amazonaws.com", "config.amazonaws.com"):
        spec = SERVICE_LINKED_ROLES[service]
        assert spec.role_name.startswith("AWSServiceRoleFor")
    names = [s.role_name for s in SERVICE_LINKED_ROLES.values()]
    assert len(set(names)) == len(names)


@pytest.mark.skipif(not _catalog_loaded(), reason="managed policy catalog not loaded")
def test_every_service_policy_is_in_the_catalog():
    from iamsim.data.managed_policies import build_aws_policy

    # AmazonLexBotPolicy is AWS's (named by AmazonLexFullAccess) but not in the npm catalog.
    missing = [s.policy_arn for s in SERVICE_LINKED_ROLES.values()
               if s.policy_arn is not None and build_aws_policy(s.policy_arn) is None]
    assert missing == ["arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy"]


@pytest.mark.parametrize("service", sorted(SERVICE_LINKED_ROLES))
def test_every_table_service_creates_its_role(iam, service):
    spec = SERVICE_LINKED_ROLES[service]
    role = iam.create_service_linked_role(AWSServiceName=service)["Role"]
    assert role["RoleName"] == spec.role_name
    assert role["Path"] == f"/aws-service-role/{service}/"


def test_delete_service_linked_role_blocked_by_inline_policy_changes_nothing(iam_mock, iam):
    from iamsim.model.roles import RoleState

    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    role = iam_mock.account.state(RoleState).roles.get(ECS_ROLE)
    role.inline_policies["extra"] = "{}"  # only AWS could put this here
    with raises_aws("DeleteConflict", "Cannot delete entity, must delete policies first."):
        iam.delete_service_linked_role(RoleName=ECS_ROLE)
    assert list(role.attached_policies) == [ECS_POLICY]
    assert iam.get_role(RoleName=ECS_ROLE)


def test_catalog_has_the_services_aws_managed_policies_name():
    """Derived from AWS's own managed policy documents (scripts/build_service_linked_roles.py),
    beside the documented entries: a real service is not refused as an invalid name."""
    assert len(SERVICE_LINKED_ROLES) >= 130
    for service, role in (("acm.amazonaws.com", "AWSServiceRoleForCertificateManager"),
                          ("airflow.amazonaws.com", "AWSServiceRoleForAmazonMWAA"),
                          ("memorydb.amazonaws.com", "AWSServiceRoleForMemoryDB"),
                          ("vpc-lattice.amazonaws.com", "AWSServiceRoleForVpcLattice")):
        assert SERVICE_LINKED_ROLES[service].role_name == role


def test_lex_role_carries_amazon_lex_bot_policy(iam):
    role = iam.create_service_linked_role(AWSServiceName="lex.amazonaws.com")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForLexBots"
    attached = iam.list_attached_role_policies(RoleName="AWSServiceRoleForLexBots")
    assert attached["AttachedPolicies"] == [{
        "PolicyName": "AmazonLexBotPolicy",
        "PolicyArn": "arn:aws:iam::aws:policy/aws-service-role/AmazonLexBotPolicy"}]


def test_derived_service_creates_its_role_with_its_policy(iam):
    role = iam.create_service_linked_role(AWSServiceName="memorydb.amazonaws.com")["Role"]
    assert role["Path"] == "/aws-service-role/memorydb.amazonaws.com/"
    attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
    assert [p["PolicyName"] for p in attached] == ["MemoryDBServiceRolePolicy"]
    with raises_aws("InvalidInput", "Custom suffix is not allowed for memorydb.amazonaws.com"):
        iam.create_service_linked_role(AWSServiceName="memorydb.amazonaws.com",
                                       CustomSuffix="x")


def test_derived_service_with_a_suffix_pattern_accepts_one(iam):
    role = iam.create_service_linked_role(AWSServiceName="connect.amazonaws.com",
                                          CustomSuffix="inst1")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForAmazonConnect_inst1"
