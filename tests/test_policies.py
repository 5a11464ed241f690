"""Managed policies: CreatePolicy, GetPolicy, DeletePolicy, ListPolicies, versions, usage, tags."""

from __future__ import annotations

import json

import boto3
import pytest

from .helpers import raises_aws

DOC = {"Version": "2012-10-17",
       "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TEXT = json.dumps(DOC)
DOC2 = {"Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
]})
ACCOUNT = "123456789012"
AWS_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT}:policy{path}{name}"


def create(iam, name="p", **kw):
    return iam.create_policy(PolicyName=name, PolicyDocument=kw.pop("doc", TEXT), **kw)["Policy"]


# --- CreatePolicy / GetPolicy -------------------------------------------------------------


def test_create_policy_returns_the_policy(iam):
    p = create(iam, "p1", Path="/team/", Description="reads",
               Tags=[{"Key": "k", "Value": "v"}])
    assert p["PolicyName"] == "p1" and p["Path"] == "/team/"
    assert p["Arn"] == arn("p1", "/team/")
    assert p["PolicyId"].startswith("ANPA") and len(p["PolicyId"]) == 21
    assert p["DefaultVersionId"] == "v1"
    assert p["AttachmentCount"] == 0 and p["PermissionsBoundaryUsageCount"] == 0
    assert p["IsAttachable"] is True
    assert "Description" not in p  # CreatePolicy's response leaves it out (recorded 2026)
    assert p["Tags"] == [{"Key": "k", "Value": "v"}]
    assert p["CreateDate"] == p["UpdateDate"] and p["CreateDate"].tzinfo is not None


def test_get_policy(iam):
    created = create(iam, Description="d")
    got = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert got == {**created, "Description": "d", "Tags": []}


def test_get_policy_without_description_or_tags(iam):
    got = iam.get_policy(PolicyArn=create(iam)["Arn"])["Policy"]
    assert "Description" not in got and got["Tags"] == []  # Tags always (recorded 2026)


def test_get_aws_managed_policy(iam):
    p = iam.get_policy(PolicyArn=AWS_ARN)["Policy"]
    assert p["PolicyName"] == "ReadOnlyAccess" and p["Arn"] == AWS_ARN
    assert p["PolicyId"].startswith("ANPA") and p["AttachmentCount"] == 0


def test_get_policy_missing(iam):
    with raises_aws("NoSuchEntity", f"Policy {arn('nope')} was not found.", status=404):
        iam.get_policy(PolicyArn=arn("nope"))
    with raises_aws("NoSuchEntity"):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/NoSuchAwsPolicy")


def test_get_policy_invalid_arn(iam):
    with raises_aws("InvalidInput", "ARN not-an-arn-at-all-really is not valid.", status=400):
        iam.get_policy(PolicyArn="not-an-arn-at-all-really")


def test_create_policy_duplicate_name_regardless_of_case(iam):
    create(iam, "Reader")
    with raises_aws("EntityAlreadyExists",
                    "A policy called reader already exists. Duplicate names are not allowed.",
                    status=409):
        create(iam, "reader", Path="/other/")
    assert len(iam.list_policies(Scope="Local")["Policies"]) == 1


def test_create_policy_malformed(iam):
    with raises_aws("MalformedPolicyDocument", "Syntax errors in policy.", status=400):
        create(iam, doc="{")
    with raises_aws("MalformedPolicyDocument",
                    "Policy document must be version 2012-10-17 or greater."):
        create(iam, doc=json.dumps({"Statement": DOC["Statement"]}))
    with raises_aws("MalformedPolicyDocument", "Policy document should not specify a principal."):
        create(iam, doc=json.dumps({"Version": "2012-10-17", "Statement": [
            {**DOC["Statement"][0], "Principal": "*"}]}))
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_create_policy_size_quota_counts_non_whitespace(iam):
    # a document of exactly 6,144 non-whitespace characters passes, however it is indented
    body = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::x"}]},
        separators=(",", ":"))
    pad = 6144 - len(body)
    fits = body.replace("arn:aws:s3:::x", "arn:aws:s3:::" + "x" * (pad + 1))
    assert len(fits) == 6144
    create(iam, "fits", doc=json.dumps(json.loads(fits), indent=8))
    too_big = fits.replace("arn:aws:s3:::x", "arn:aws:s3:::xx")
    with raises_aws("LimitExceeded", "Cannot exceed quota for PolicySize: 6144", status=409):
        create(iam, "too-big", doc=too_big)
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["fits"]


def test_create_policy_account_quota(iam_mock):
    iam = boto3.client("iam", region_name="us-east-1")
    iam_mock.account.quotas._values["Policies"] = 2
    create(iam, "a")
    create(iam, "b")
    with raises_aws("LimitExceeded", "Cannot exceed quota for PoliciesPerAccount: 2"):
        create(iam, "c")


def test_create_policy_tag_errors(iam):
    with raises_aws("InvalidInput", "Duplicate tag keys found."):
        create(iam, Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}])
    with raises_aws("InvalidInput", "User-defined tag keys can't start with 'aws:'."):
        create(iam, Tags=[{"Key": "aws:x", "Value": "1"}])
    assert iam.list_policies(Scope="Local")["Policies"] == []


# --- DeletePolicy -----------------------------------------------------------------------------


def test_delete_policy(iam):
    p = create(iam)
    iam.delete_policy(PolicyArn=p["Arn"])
    with raises_aws("NoSuchEntity", f"Policy {p['Arn']} was not found."):
        iam.get_policy(PolicyArn=p["Arn"])
    create(iam)  # the name is free again


def test_delete_policy_missing(iam):
    with raises_aws("NoSuchEntity", f"Policy {arn('gone')} was not found.", status=404):
        iam.delete_policy(PolicyArn=arn("gone"))


def test_delete_policy_attached_conflicts(iam):
    p = create(iam)
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=p["Arn"])
    with raises_aws("DeleteConflict", "Cannot delete a policy attached to entities.", status=409):
        iam.delete_policy(PolicyArn=p["Arn"])
    iam.detach_user_policy(UserName="u", PolicyArn=p["Arn"])
    iam.delete_policy(PolicyArn=p["Arn"])


def test_delete_policy_used_as_boundary_conflicts(iam):
    p = create(iam)
    iam.create_user(UserName="u", PermissionsBoundary=p["Arn"])
    with raises_aws("DeleteConflict"):
        iam.delete_policy(PolicyArn=p["Arn"])
    assert iam.get_policy(PolicyArn=p["Arn"])["Policy"]["PermissionsBoundaryUsageCount"] == 1
    iam.delete_user_permissions_boundary(UserName="u")
    iam.delete_policy(PolicyArn=p["Arn"])


def test_delete_policy_with_versions_conflicts(iam):
    p = create(iam)
    iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
    with raises_aws("DeleteConflict",
                    "This policy has more than one version. Before you delete a policy, you "
                    "must delete the policy's versions. The default version is deleted with "
                    "the policy."):
        iam.delete_policy(PolicyArn=p["Arn"])
    iam.delete_policy_version(PolicyArn=p["Arn"], VersionId="v2")
    iam.delete_policy(PolicyArn=p["Arn"])


AWS_DENIED = (f"User: arn:aws:iam::{ACCOUNT}:root is not authorized to perform: "
              "iam:{op} on resource: policy " + AWS_ARN)


def test_aws_managed_policies_cannot_be_changed(iam):
    with raises_aws("AccessDenied", AWS_DENIED.format(op="DeletePolicy"), status=403):
        iam.delete_policy(PolicyArn=AWS_ARN)
    with raises_aws("AccessDenied", AWS_DENIED.format(op="CreatePolicyVersion")):
        iam.create_policy_version(PolicyArn=AWS_ARN, PolicyDocument=TEXT)
    v = iam.get_policy(PolicyArn=AWS_ARN)["Policy"]["DefaultVersionId"]
    with raises_aws("AccessDenied", AWS_DENIED.format(op="DeletePolicyVersion")):
        iam.delete_policy_version(PolicyArn=AWS_ARN, VersionId=v)
    with raises_aws("AccessDenied", AWS_DENIED.format(op="SetDefaultPolicyVersion")):
        iam.set_default_policy_version(PolicyArn=AWS_ARN, VersionId=v)
    with raises_aws("AccessDenied", AWS_DENIED.format(op="TagPolicy")):
        iam.tag_policy(PolicyArn=AWS_ARN, Tags=[{"Key": "a", "Value": "b"}])
    with raises_aws("AccessDenied", AWS_DENIED.format(op="UntagPolicy")):
        iam.untag_policy(PolicyArn=AWS_ARN, TagKeys=["a"])
    # Nothing changed: the default version is still the newest of AWS's versions.
    listed = iam.list_policy_versions(PolicyArn=AWS_ARN)["Versions"]
    assert listed[0]["VersionId"] == v and listed[0]["IsDefaultVersion"]
    assert not any(x["IsDefaultVersion"] for x in listed[1:])
    assert iam.list_policy_tags(PolicyArn=AWS_ARN)["Tags"] == []


# --- ListPolicies -------------------------------------------------------------------------------


def test_list_policies_local_omits_description_and_tags(iam):
    create(iam, "b", Description="d", Tags=[{"Key": "k", "Value": "v"}])
    create(iam, "a", Path="/x/")
    listed = iam.list_policies(Scope="Local")["Policies"]
    assert [p["PolicyName"] for p in listed] == ["a", "b"]
    assert all("Description" not in p and "Tags" not in p for p in listed)
    assert listed[1]["Arn"] == arn("b") and listed[1]["DefaultVersionId"] == "v1"


def test_list_policies_path_prefix(iam):
    create(iam, "a", Path="/x/")
    create(iam, "b", Path="/x/y/")
    create(iam, "c")
    names = [p["PolicyName"] for p in iam.list_policies(PathPrefix="/x/")["Policies"]]
    assert names == ["a", "b"]  # no AWS managed policy lives under /x/
    aws_roles = iam.list_policies(Scope="AWS", PathPrefix="/service-role/", MaxItems=5)
    assert all(p["Path"].startswith("/service-role/") for p in aws_roles["Policies"])
    assert len(aws_roles["Policies"]) == 5


def test_list_policies_scopes(iam):
    create(iam, "mine")
    aws = iam.list_policies(Scope="AWS", MaxItems=1000)["Policies"]
    assert aws and all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in aws)
    assert len(aws) == 1000 and "mine" not in {p["PolicyName"] for p in aws}
    paginator = iam.get_paginator("list_policies")
    everything = [p["Arn"] for page in paginator.paginate(PaginationConfig={"PageSize": 400})
                  for p in page["Policies"]]
    assert arn("mine") in everything
    assert len(everything) == len(set(everything))
    every_aws = [p["Arn"] for page in paginator.paginate(Scope="AWS") for p in page["Policies"]]
    assert len(everything) == len(every_aws) + 1
    assert AWS_ARN in every_aws


def test_list_policies_pagination_markers(iam):
    for n in "abcde":
        create(iam, n)
    first = iam.list_policies(Scope="Local", MaxItems=2)
    assert [p["PolicyName"] for p in first["Policies"]] == ["a", "b"] and first["IsTruncated"]
    iam.delete_policy(PolicyArn=arn("c"))  # a deletion between pages skips nothing
    rest = iam.list_policies(Scope="Local", Marker=first["Marker"])
    assert [p["PolicyName"] for p in rest["Policies"]] == ["d", "e"]
    assert rest["IsTruncated"] is False and "Marker" not in rest


def test_list_policies_only_attached_and_usage_filter(iam):
    attached = create(iam, "attached")["Arn"]
    boundary = create(iam, "boundary")["Arn"]
    create(iam, "unused")
    iam.create_user(UserName="u", PermissionsBoundary=boundary)
    iam.attach_user_policy(UserName="u", PolicyArn=attached)
    iam.attach_user_policy(UserName="u", PolicyArn=AWS_ARN)

    def names(**kw):
        return [p["PolicyName"] for p in iam.list_policies(**kw)["Policies"]]

    assert names(OnlyAttached=True) == ["attached", "ReadOnlyAccess"]
    assert names(OnlyAttached=True, Scope="Local") == ["attached"]
    assert names(OnlyAttached=True, Scope="AWS") == ["ReadOnlyAccess"]
    assert names(OnlyAttached=True, PolicyUsageFilter="PermissionsPolicy") == [
        "attached", "ReadOnlyAccess"]
    assert names(PolicyUsageFilter="PermissionsBoundary") == ["boundary"]
    listed = {p["PolicyName"]: p for p in iam.list_policies(OnlyAttached=True)["Policies"]}
    assert listed["ReadOnlyAccess"]["AttachmentCount"] == 1


# --- versions ------------------------------------------------------------------------------------


def test_create_policy_version(iam):
    p = create(iam)
    v = iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=json.dumps(DOC2))
    assert v["PolicyVersion"]["VersionId"] == "v2"
    assert v["PolicyVersion"]["IsDefaultVersion"] is False
    assert "Document" not in v["PolicyVersion"]
    assert iam.get_policy(PolicyArn=p["Arn"])["Policy"]["DefaultVersionId"] == "v1"
    v3 = iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT, SetAsDefault=True)
    assert v3["PolicyVersion"]["IsDefaultVersion"] is True
    assert iam.get_policy(PolicyArn=p["Arn"])["Policy"]["DefaultVersionId"] == "v3"


def test_get_policy_version_returns_the_decoded_document(iam):
    p = create(iam)
    iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=json.dumps(DOC2))
    v1 = iam.get_policy_version(PolicyArn=p["Arn"], VersionId="v1")["PolicyVersion"]
    assert v1["Document"] == DOC and v1["IsDefaultVersion"] is True
    assert iam.get_policy_version(PolicyArn=p["Arn"], VersionId="v2")["PolicyVersion"][
        "Document"] == DOC2


def test_get_aws_managed_policy_version(iam):
    v = iam.get_policy(PolicyArn=AWS_ARN)["Policy"]["DefaultVersionId"]
    doc = iam.get_policy_version(PolicyArn=AWS_ARN, VersionId=v)["PolicyVersion"]["Document"]
    assert "Statement" in doc


def test_policy_version_missing(iam):
    p = create(iam)
    msg = f"Policy {p['Arn']} version v7 does not exist or is not attachable."
    with raises_aws("NoSuchEntity", msg, status=404):
        iam.get_policy_version(PolicyArn=p["Arn"], VersionId="v7")
    with raises_aws("NoSuchEntity", msg):
        iam.delete_policy_version(PolicyArn=p["Arn"], VersionId="v7")
    with raises_aws("NoSuchEntity", msg):
        iam.set_default_policy_version(PolicyArn=p["Arn"], VersionId="v7")
    with raises_aws("NoSuchEntity", f"Policy {arn('x')} was not found."):
        iam.create_policy_version(PolicyArn=arn("x"), PolicyDocument=TEXT)


def test_create_policy_version_malformed_and_size(iam):
    p = create(iam)
    with raises_aws("MalformedPolicyDocument", "Policy statement must contain actions."):
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}))
    big = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::" + "x" * 6200}]})
    with raises_aws("LimitExceeded", "Cannot exceed quota for PolicySize: 6144"):
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=big)
    assert len(iam.list_policy_versions(PolicyArn=p["Arn"])["Versions"]) == 1


def test_at_most_five_versions_and_ids_are_never_reused(iam):
    p = create(iam)
    for _ in range(4):
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
    with raises_aws("LimitExceeded",
                    "A managed policy can have up to 5 versions. Before you create a new "
                    "version, you must delete an existing version.", status=409):
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
    iam.delete_policy_version(PolicyArn=p["Arn"], VersionId="v3")
    new = iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
    assert new["PolicyVersion"]["VersionId"] == "v6"


def test_list_policy_versions_newest_first_and_paginated(iam):
    p = create(iam)
    for _ in range(3):
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
    versions = iam.list_policy_versions(PolicyArn=p["Arn"])["Versions"]
    assert [v["VersionId"] for v in versions] == ["v4", "v3", "v2", "v1"]
    assert [v["IsDefaultVersion"] for v in versions] == [False, False, False, True]
    assert all("Document" not in v for v in versions)
    first = iam.list_policy_versions(PolicyArn=p["Arn"], MaxItems=3)
    assert first["IsTruncated"] and len(first["Versions"]) == 3
    rest = iam.list_policy_versions(PolicyArn=p["Arn"], Marker=first["Marker"])
    assert [v["VersionId"] for v in rest["Versions"]] == ["v1"]
    pages = iam.get_paginator("list_policy_versions").paginate(
        PolicyArn=p["Arn"], PaginationConfig={"PageSize": 1})
    assert [v["VersionId"] for page in pages for v in page["Versions"]] == [
        "v4", "v3", "v2", "v1"]
    with raises_aws("NoSuchEntity"):
        iam.list_policy_versions(PolicyArn=arn("nope"))


def test_default_version_cannot_be_deleted(iam):
    p = create(iam)
    with raises_aws("DeleteConflict", "Cannot delete the default version of a policy.",
                    status=409):
        iam.delete_policy_version(PolicyArn=p["Arn"], VersionId="v1")


def test_set_default_policy_version(iam):
    p = create(iam)
    iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=json.dumps(DOC2))
    iam.set_default_policy_version(PolicyArn=p["Arn"], VersionId="v2")
    assert iam.get_policy(PolicyArn=p["Arn"])["Policy"]["DefaultVersionId"] == "v2"
    iam.delete_policy_version(PolicyArn=p["Arn"], VersionId="v1")
    assert [v["VersionId"] for v in
            iam.list_policy_versions(PolicyArn=p["Arn"])["Versions"]] == ["v2"]


def test_update_date_follows_the_newest_version():
    import datetime

    from freezegun import freeze_time

    from iamsim import mock_iam

    with freeze_time("2026-01-01 00:00:00") as clock, mock_iam():
        iam = boto3.client("iam", region_name="us-east-1")
        p = create(iam)
        clock.move_to("2026-02-01 00:00:00")
        iam.create_policy_version(PolicyArn=p["Arn"], PolicyDocument=TEXT)
        got = iam.get_policy(PolicyArn=p["Arn"])["Policy"]
        utc = datetime.timezone.utc
        assert got["CreateDate"] == datetime.datetime(2026, 1, 1, tzinfo=utc)
        assert got["UpdateDate"] == datetime.datetime(2026, 2, 1, tzinfo=utc)


def test_update_date_after_deleting_versions():
    """Deleting the newest version moves UpdateDate back to the newest remaining one; with one
    version left it is the policy's creation date (the Policy shape's documentation)."""
    import datetime

    from freezegun import freeze_time

    from iamsim import mock_iam

    utc = datetime.timezone.utc
    with freeze_time("2026-01-01 00:00:00") as clock, mock_iam():
        iam = boto3.client("iam", region_name="us-east-1")
        arn = create(iam)["Arn"]
        for month in (2, 3):
            clock.move_to(f"2026-0{month}-01 00:00:00")
            iam.create_policy_version(PolicyArn=arn, PolicyDocument=TEXT)
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
        got = iam.get_policy(PolicyArn=arn)["Policy"]
        assert got["UpdateDate"] == datetime.datetime(2026, 2, 1, tzinfo=utc)
        iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
        got = iam.get_policy(PolicyArn=arn)["Policy"]
        assert got["UpdateDate"] == datetime.datetime(2026, 1, 1, tzinfo=utc)


# --- ListEntitiesForPolicy ------------------------------------------------------------------------


@pytest.fixture
def used_policy(iam):
    p = create(iam)["Arn"]
    iam.create_user(UserName="bob", Path="/eng/")
    iam.create_user(UserName="al")
    iam.create_group(GroupName="devs")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.create_role(RoleName="bounded", AssumeRolePolicyDocument=TRUST, PermissionsBoundary=p)
    iam.attach_user_policy(UserName="bob", PolicyArn=p)
    iam.attach_user_policy(UserName="al", PolicyArn=p)
    iam.attach_group_policy(GroupName="devs", PolicyArn=p)
    iam.attach_role_policy(RoleName="app", PolicyArn=p)
    return p


def _names(resp):
    return ([u["UserName"] for u in resp["PolicyUsers"]],
            [g["GroupName"] for g in resp["PolicyGroups"]],
            [r["RoleName"] for r in resp["PolicyRoles"]])


def test_list_entities_for_policy(iam, used_policy):
    r = iam.list_entities_for_policy(PolicyArn=used_policy)
    assert _names(r) == (["al", "bob"], ["devs"], ["app", "bounded"])
    user = iam.get_user(UserName="al")["User"]
    assert {"UserName": "al", "UserId": user["UserId"]} in r["PolicyUsers"]
    assert iam.get_policy(PolicyArn=used_policy)["Policy"]["AttachmentCount"] == 4
    assert iam.get_policy(PolicyArn=used_policy)["Policy"]["PermissionsBoundaryUsageCount"] == 1


def test_list_entities_for_policy_filters(iam, used_policy):
    def names(**kw):
        return _names(iam.list_entities_for_policy(PolicyArn=used_policy, **kw))

    assert names(EntityFilter="Role") == ([], [], ["app", "bounded"])
    assert names(EntityFilter="Group") == ([], ["devs"], [])
    assert names(PolicyUsageFilter="PermissionsPolicy") == (["al", "bob"], ["devs"], ["app"])
    assert names(PolicyUsageFilter="PermissionsBoundary") == ([], [], ["bounded"])
    assert names(PathPrefix="/eng/") == (["bob"], [], [])
    assert names(EntityFilter="LocalManagedPolicy") == (["al", "bob"], ["devs"],
                                                         ["app", "bounded"])
    assert names(EntityFilter="AWSManagedPolicy") == ([], [], [])


def test_list_entities_for_policy_paginates(iam, used_policy):
    pages = list(iam.get_paginator("list_entities_for_policy").paginate(
        PolicyArn=used_policy, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3
    seen = [n for page in pages for kind in _names(page) for n in kind]
    assert sorted(seen) == ["al", "app", "bob", "bounded", "devs"]


def test_list_entities_for_missing_policy(iam):
    with raises_aws("NoSuchEntity", f"Policy {arn('x')} was not found."):
        iam.list_entities_for_policy(PolicyArn=arn("x"))


# --- tags ----------------------------------------------------------------------------------------


def test_policy_tags(iam):
    # Policy tag keys are case-sensitive (recorded 2026): `b` and `B` coexist, listed sorted.
    p = create(iam, Tags=[{"Key": "b", "Value": "1"}])["Arn"]
    iam.tag_policy(PolicyArn=p, Tags=[{"Key": "a", "Value": "2"}, {"Key": "B", "Value": "3"}])
    assert iam.list_policy_tags(PolicyArn=p)["Tags"] == [
        {"Key": "B", "Value": "3"}, {"Key": "a", "Value": "2"}, {"Key": "b", "Value": "1"}]
    iam.untag_policy(PolicyArn=p, TagKeys=["b"])
    assert iam.list_policy_tags(PolicyArn=p)["Tags"] == [
        {"Key": "B", "Value": "3"}, {"Key": "a", "Value": "2"}]


def test_policy_tag_keys_differing_in_case_coexist(iam):
    p = create(iam, Tags=[{"Key": "a", "Value": "lowercase"}, {"Key": "A", "Value": "uppercase"}])
    assert p["Tags"] == [{"Key": "a", "Value": "lowercase"}, {"Key": "A", "Value": "uppercase"}]
    assert iam.list_policy_tags(PolicyArn=p["Arn"])["Tags"] == [
        {"Key": "A", "Value": "uppercase"}, {"Key": "a", "Value": "lowercase"}]
    iam.untag_policy(PolicyArn=p["Arn"], TagKeys=["a"])
    assert iam.list_policy_tags(PolicyArn=p["Arn"])["Tags"] == [
        {"Key": "A", "Value": "uppercase"}]


def test_user_tag_keys_still_fold_case(iam):
    with raises_aws("InvalidInput",
                    "Duplicate tag keys found. Please note that Tag keys are case insensitive."):
        iam.create_user(UserName="u", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}])


def test_policy_tags_paginate(iam):
    p = create(iam, Tags=[{"Key": k, "Value": ""} for k in "abc"])["Arn"]
    first = iam.list_policy_tags(PolicyArn=p, MaxItems=2)
    assert [t["Key"] for t in first["Tags"]] == ["a", "b"] and first["IsTruncated"]
    rest = iam.list_policy_tags(PolicyArn=p, Marker=first["Marker"])
    assert [t["Key"] for t in rest["Tags"]] == ["c"]


def test_policy_tag_quota_and_missing_policy(iam):
    p = create(iam, Tags=[{"Key": f"k{i}", "Value": ""} for i in range(50)])["Arn"]
    with raises_aws("LimitExceeded", "Cannot exceed quota for TagsPerEntity: 50"):
        iam.tag_policy(PolicyArn=p, Tags=[{"Key": "one-more", "Value": ""}])
    assert len(iam.list_policy_tags(PolicyArn=p)["Tags"]) == 50
    for call in (lambda: iam.tag_policy(PolicyArn=arn("x"), Tags=[{"Key": "a", "Value": ""}]),
                 lambda: iam.untag_policy(PolicyArn=arn("x"), TagKeys=["a"]),
                 lambda: iam.list_policy_tags(PolicyArn=arn("x"))):
        with raises_aws("NoSuchEntity", f"Policy {arn('x')} was not found."):
            call()


def test_listing_the_aws_catalog_builds_no_entities(iam_mock):
    # ListPolicies answers from catalog summaries: only policies the account uses get an
    # entity of their own (which carries the account's attachment counts).
    from iamsim.model.policies import PolicyState

    iam = boto3.client("iam", region_name="us-east-1")
    pages = iam.get_paginator("list_policies").paginate(Scope="AWS")
    assert sum(len(p["Policies"]) for p in pages) > 1000
    assert iam_mock.account.state(PolicyState).aws == {}
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=AWS_ARN)
    assert list(iam_mock.account.state(PolicyState).aws) == [AWS_ARN]


def test_version_operations_on_a_missing_policy_name_the_version(iam):
    # Recorded (2026) for GetPolicyVersion and SetDefaultPolicyVersion.
    arn = "arn:aws:iam::123456789012:policy/TestNonExistingPolicy"
    message = f"Policy {arn} version v1 does not exist or is not attachable."
    with raises_aws("NoSuchEntity", message, status=404):
        iam.get_policy_version(PolicyArn=arn, VersionId="v1")
    with raises_aws("NoSuchEntity", message, status=404):
        iam.set_default_policy_version(PolicyArn=arn, VersionId="v1")
    with raises_aws("NoSuchEntity", f"Policy {arn} was not found."):
        iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "k", "Value": "v"}])


def test_a_new_customer_policy_is_on_the_first_page_of_scope_all(iam):
    arn = create(iam, "zz-mine")["Arn"]
    first = iam.list_policies(Scope="All", MaxItems=100)
    assert arn in [p["Arn"] for p in first["Policies"]] and first["IsTruncated"]
    # Paging on from there reaches every AWS managed policy once, after the account's own.
    arns = [p["Arn"] for page in iam.get_paginator("list_policies").paginate(Scope="All")
            for p in page["Policies"]]
    assert arns[0] == arn and len(arns) == len(set(arns))
    assert len(arns) == 1 + len(
        [p for page in iam.get_paginator("list_policies").paginate(Scope="AWS")
         for p in page["Policies"]])
