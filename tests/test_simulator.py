"""SimulateCustomPolicy through boto3: decisions as AWS documents them, every parameter and
result field, and the errors."""

from __future__ import annotations

import json

import pytest

from .helpers import raises_aws

ACCOUNT = "123456789012"
USER = f"arn:aws:iam::{ACCOUNT}:user/alice"


def doc(*statements: dict, version: str = "2012-10-17") -> str:
    return json.dumps({"Version": version, "Statement": list(statements)})


def allow(action="s3:GetObject", resource="*", **extra) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action="s3:GetObject", resource="*", **extra) -> dict:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def simulate(iam, policies, actions=("s3:GetObject",), **kw):
    return iam.simulate_custom_policy(PolicyInputList=list(policies), ActionNames=list(actions),
                                      **kw)["EvaluationResults"]


def decision(iam, policies, action="s3:GetObject", **kw) -> str:
    return simulate(iam, policies, [action], **kw)[0]["EvalDecision"]


# --- decisions ------------------------------------------------------------------------------

def test_allow_implicit_deny_and_explicit_deny_wins(iam):
    assert decision(iam, [doc(allow())]) == "allowed"
    assert decision(iam, [doc(allow("s3:PutObject"))]) == "implicitDeny"
    assert decision(iam, [doc(allow()), doc(deny())]) == "explicitDeny"
    assert decision(iam, [doc(allow("s3:*"), deny("s3:Get*"))]) == "explicitDeny"


def test_actions_are_case_insensitive_and_wildcards_match(iam):
    assert decision(iam, [doc(allow("S3:get*"))], "s3:GetObject") == "allowed"
    assert decision(iam, [doc(allow("s3:Get?bject"))], "s3:GetObject") == "allowed"
    assert decision(iam, [doc({"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"})],
                    "s3:GetObject") == "implicitDeny"


def test_one_result_per_action_with_resource_specific_results(iam):
    policy = doc(allow(resource="arn:aws:s3:::b/*"))
    results = simulate(iam, [policy], ["s3:GetObject", "s3:PutObject"],
                       ResourceArns=["arn:aws:s3:::b/k", "arn:aws:s3:::c/k"])
    assert [r["EvalActionName"] for r in results] == ["s3:GetObject", "s3:PutObject"]
    get = results[0]
    # The most restrictive decision over the resources is the top-level one.
    assert get["EvalDecision"] == "implicitDeny"
    per = {r["EvalResourceName"]: r["EvalResourceDecision"] for r in get["ResourceSpecificResults"]}
    assert per == {"arn:aws:s3:::b/k": "allowed", "arn:aws:s3:::c/k": "implicitDeny"}
    assert get["MatchedStatements"] == []  # only statements behind the aggregate decision
    assert get["ResourceSpecificResults"][0]["MatchedStatements"][0]["SourcePolicyId"] == \
        "PolicyInputList.1"


def test_explicit_deny_on_one_resource_is_the_top_decision_with_its_statement(iam):
    policy = doc(allow(), deny(resource="arn:aws:s3:::secret/*"))
    r = simulate(iam, [policy], ResourceArns=["arn:aws:s3:::b/k", "arn:aws:s3:::secret/k"])[0]
    assert r["EvalDecision"] == "explicitDeny"
    assert len(r["MatchedStatements"]) == 1
    deny_stmt = r["ResourceSpecificResults"][1]["MatchedStatements"][0]
    assert r["MatchedStatements"][0] == deny_stmt
    assert r["ResourceSpecificResults"][0]["EvalResourceDecision"] == "allowed"


def test_resource_arns_default_to_star(iam):
    r = simulate(iam, [doc(allow())])[0]
    assert [x["EvalResourceName"] for x in r["ResourceSpecificResults"]] == ["*"]
    assert "EvalDecisionDetails" not in r  # same account, all resources: not returned


def test_named_resource_same_account_has_empty_details(iam):
    r = simulate(iam, [doc(allow())], ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalDecisionDetails"] == {}
    assert r["ResourceSpecificResults"][0]["EvalDecisionDetails"] == {}


def test_eval_resource_name_is_the_catalog_arn_template(iam):
    r = simulate(iam, [doc(allow())], ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalResourceName"] == "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    r = simulate(iam, [doc(allow("s3:ListBucket"))], ["s3:ListBucket"],
                 ResourceArns=["arn:aws:s3:::b"])[0]
    assert r["EvalResourceName"] == "arn:${Partition}:s3:::${BucketName}"
    r = simulate(iam, [doc(allow("iam:*"))], ["iam:CreateUser"])[0]
    assert r["EvalResourceName"] == "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}"
    # An action with no resource type, and one the reference does not list.
    assert simulate(iam, [doc(allow("iam:*"))], ["iam:ListUsers"])[0]["EvalResourceName"] == "*"
    assert simulate(iam, [doc(allow("x:*"))], ["x:Nothing"])[0]["EvalResourceName"] == "*"


def test_resource_matching_is_case_sensitive(iam):
    policy = doc(allow(resource="arn:aws:s3:::Bucket/*"))
    assert decision(iam, [policy], ResourceArns=["arn:aws:s3:::Bucket/k"]) == "allowed"
    assert decision(iam, [policy], ResourceArns=["arn:aws:s3:::bucket/k"]) == "implicitDeny"


# --- matched statements and their positions ---------------------------------------------------

def test_positions_in_a_statement_list(iam):
    text = ('{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", '
            '"Action": "s3:GetObject", "Resource": "*"},\n    {"Effect": "Allow", '
            '"Action": "s3:*", "Resource": "*"}\n  ]\n}')
    r = simulate(iam, [text])[0]
    got = [(m["StartPosition"], m["EndPosition"]) for m in r["MatchedStatements"]]
    # The first statement starts at its "{"; the second at the comma before it; each ends
    # one column past its "}".
    assert got == [
        ({"Line": 4, "Column": 5}, {"Line": 4, "Column": 67}),
        ({"Line": 4, "Column": 67}, {"Line": 5, "Column": 59}),
    ]
    assert all(m["SourcePolicyType"] == "IAM Policy" for m in r["MatchedStatements"])


def test_positions_of_an_object_form_statement(iam):
    text = json.dumps({"Version": "2012-10-17",
                       "Statement": {"Effect": "Allow", "Action": "s3:GetObject",
                                     "Resource": "*"}})
    m = simulate(iam, [text])[0]["MatchedStatements"][0]
    brace = text.index("{", 1) + 1  # 1-based column of the statement's "{"
    assert m["StartPosition"] == {"Line": 1, "Column": brace + 1}
    assert m["EndPosition"] == {"Line": 1, "Column": len(text)}


def test_source_policy_ids_number_the_inputs(iam):
    r = simulate(iam, [doc(allow("s3:PutObject")), doc(allow())])[0]
    assert [m["SourcePolicyId"] for m in r["MatchedStatements"]] == ["PolicyInputList.2"]


# --- context entries ------------------------------------------------------------------------

CASES = [
    ("string", ["alice"], {"StringEquals": {"aws:username": "alice"}}, "aws:username"),
    ("stringList", ["a", "b"], {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b", "c"]}},
     "aws:TagKeys"),
    ("numeric", ["5"], {"NumericLessThan": {"aws:MultiFactorAuthAge": "10"}},
     "aws:MultiFactorAuthAge"),
    ("numericList", ["1", "2"], {"ForAnyValue:NumericEquals": {"s3:max-keys": "2"}}, "s3:max-keys"),
    ("boolean", ["true"], {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
     "aws:MultiFactorAuthPresent"),
    ("booleanList", ["false", "true"], {"ForAnyValue:Bool": {"x:flags": "true"}}, "x:flags"),
    ("ip", ["10.1.2.3"], {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, "aws:SourceIp"),
    ("ipList", ["192.168.0.1", "10.0.0.1"], {"ForAnyValue:IpAddress": {"x:ips": "10.0.0.0/8"}},
     "x:ips"),
    ("binary", ["aGVsbG8="], {"BinaryEquals": {"x:bin": "aGVsbG8="}}, "x:bin"),
    ("binaryList", ["aGVsbG8=", "eA=="], {"ForAnyValue:BinaryEquals": {"x:bins": "eA=="}}, "x:bins"),
    ("date", ["2026-01-01T00:00:00Z"], {"DateLessThan": {"aws:CurrentTime": "2027-01-01T00:00:00Z"}},
     "aws:CurrentTime"),
    ("dateList", ["2026-01-01T00:00:00Z", "1700000000"],
     {"ForAllValues:DateGreaterThan": {"x:dates": "2020-01-01T00:00:00Z"}}, "x:dates"),
]


@pytest.mark.parametrize(("ktype", "values", "condition", "key"), CASES,
                         ids=[c[0] for c in CASES])
def test_every_context_key_type(iam, ktype, values, condition, key):
    policy = doc(allow(Condition=condition))
    without = simulate(iam, [policy])[0]
    assert without["MissingContextValues"] == [key]
    entry = {"ContextKeyName": key, "ContextKeyValues": values, "ContextKeyType": ktype}
    r = simulate(iam, [policy], ContextEntries=[entry])[0]
    assert r["EvalDecision"] == "allowed", ktype
    assert r["MissingContextValues"] == []


@pytest.mark.parametrize(("ktype", "value"), [
    ("numeric", "five"), ("boolean", "yes"), ("ip", "300.1.1.1"), ("date", "tomorrow"),
    ("binary", "***"), ("numericList", "1x"),
])
def test_context_values_of_the_wrong_type_are_invalid_input(iam, ktype, value):
    entry = {"ContextKeyName": "x:key", "ContextKeyValues": [value], "ContextKeyType": ktype}
    with raises_aws("InvalidInput", status=400):
        simulate(iam, [doc(allow())], ContextEntries=[entry])


def test_missing_context_values_are_reported(iam):
    policy = doc(allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "core"},
                                  "Bool": {"aws:SecureTransport": "true"}}))
    r = simulate(iam, [policy], ResourceArns=["arn:aws:s3:::b/k", "arn:aws:s3:::c/k"])[0]
    assert r["EvalDecision"] == "implicitDeny"
    assert sorted(r["MissingContextValues"]) == ["aws:PrincipalTag/team", "aws:SecureTransport"]
    for per in r["ResourceSpecificResults"]:
        assert sorted(per["MissingContextValues"]) == sorted(r["MissingContextValues"])
    entries = [{"ContextKeyName": "aws:PrincipalTag/team", "ContextKeyValues": ["core"],
                "ContextKeyType": "string"},
               {"ContextKeyName": "aws:SecureTransport", "ContextKeyValues": ["true"],
                "ContextKeyType": "boolean"}]
    r = simulate(iam, [policy], ContextEntries=entries)[0]
    assert (r["EvalDecision"], r["MissingContextValues"]) == ("allowed", [])


def test_policy_variables_take_context_entries(iam):
    policy = doc(allow(resource="arn:aws:s3:::home/${aws:username}/*"))
    entry = [{"ContextKeyName": "aws:username", "ContextKeyValues": ["alice"],
              "ContextKeyType": "string"}]
    assert decision(iam, [policy], ResourceArns=["arn:aws:s3:::home/alice/x"],
                    ContextEntries=entry) == "allowed"
    assert decision(iam, [policy], ResourceArns=["arn:aws:s3:::home/bob/x"],
                    ContextEntries=entry) == "implicitDeny"
    r = simulate(iam, [policy], ResourceArns=["arn:aws:s3:::home/alice/x"])[0]
    assert r["MissingContextValues"] == ["aws:username"]


# --- permissions boundary -----------------------------------------------------------------

def test_boundary_limits_and_reports(iam):
    boundary = doc(allow("s3:List*"))
    r = simulate(iam, [doc(allow())], PermissionsBoundaryPolicyInputList=[boundary])[0]
    assert r["EvalDecision"] == "implicitDeny"
    assert r["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    assert r["ResourceSpecificResults"][0]["PermissionsBoundaryDecisionDetail"] == {
        "AllowedByPermissionsBoundary": False}
    r = simulate(iam, [doc(allow())], PermissionsBoundaryPolicyInputList=[doc(allow("s3:*"))])[0]
    assert r["EvalDecision"] == "allowed"
    assert r["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    ids = {m["SourcePolicyId"] for m in r["MatchedStatements"]}
    assert ids == {"PolicyInputList.1", "PermissionsBoundaryPolicyInputList.1"}


def test_boundary_explicit_deny(iam):
    boundary = doc(allow("s3:*"), deny())
    r = simulate(iam, [doc(allow())], PermissionsBoundaryPolicyInputList=[boundary])[0]
    assert r["EvalDecision"] == "explicitDeny"
    assert [m["SourcePolicyId"] for m in r["MatchedStatements"]] == [
        "PermissionsBoundaryPolicyInputList.1"]


def test_boundary_never_grants(iam):
    r = simulate(iam, [doc(allow("s3:PutObject"))],
                 PermissionsBoundaryPolicyInputList=[doc(allow())])[0]
    assert r["EvalDecision"] == "implicitDeny"
    assert r["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}


def test_only_one_boundary(iam):
    with raises_aws("InvalidInput"):
        simulate(iam, [doc(allow())], PermissionsBoundaryPolicyInputList=[doc(allow())] * 2)


def test_no_boundary_no_boundary_detail(iam):
    assert "PermissionsBoundaryDecisionDetail" not in simulate(iam, [doc(allow())])[0]


# --- SCP hierarchy ------------------------------------------------------------------------

FULL = doc(allow("*"))


def scp_levels(*levels):
    return [{"ServiceControlPolicyInputList": list(level)} for level in levels]


def test_every_scp_level_must_allow(iam):
    ok = simulate(iam, [doc(allow())],
                  OrderedOrganizationPolicyInputList=scp_levels([FULL], [FULL]))[0]
    assert ok["EvalDecision"] == "allowed"
    assert ok["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": True}
    # The OU level allows only EC2: the identity allow does not get through.
    r = simulate(iam, [doc(allow())], OrderedOrganizationPolicyInputList=scp_levels(
        [FULL], [doc(allow("ec2:*"))], [FULL]))[0]
    assert r["EvalDecision"] == "implicitDeny"
    assert r["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}
    assert "EvalDecisionDetails" not in r


def test_scp_deny_is_explicit_and_its_statements_are_never_reported(iam):
    scp = doc(allow("*"), deny(Condition={"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}))
    r = simulate(iam, [doc(allow())], OrderedOrganizationPolicyInputList=scp_levels([scp]),
                 ResourceArns=["arn:aws:s3:::b/k"])[0]
    # aws:RequestedRegion is missing, StringNotEquals holds: the SCP denies.
    assert r["EvalDecision"] == "explicitDeny"
    assert r["MatchedStatements"] == []
    assert r["MissingContextValues"] == []  # used only by the SCP
    assert r["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}
    entry = [{"ContextKeyName": "aws:RequestedRegion", "ContextKeyValues": ["eu-west-1"],
              "ContextKeyType": "string"}]
    r = simulate(iam, [doc(allow())], OrderedOrganizationPolicyInputList=scp_levels([scp]),
                 ContextEntries=entry)[0]
    assert r["EvalDecision"] == "allowed"
    assert [m["SourcePolicyId"] for m in r["MatchedStatements"]] == ["PolicyInputList.1"]


def test_scp_resource_scoping(iam):
    scp = doc(allow("*", resource="arn:aws:s3:::ok/*"))
    r = simulate(iam, [doc(allow())], OrderedOrganizationPolicyInputList=scp_levels([scp]),
                 ResourceArns=["arn:aws:s3:::ok/k", "arn:aws:s3:::no/k"])[0]
    assert [x["EvalResourceDecision"] for x in r["ResourceSpecificResults"]] == [
        "allowed", "implicitDeny"]


def test_without_scps_no_organizations_detail(iam):
    assert "OrganizationsDecisionDetail" not in simulate(iam, [doc(allow())])[0]


# --- resource policy, caller and owner ---------------------------------------------------------

def bucket_policy(principal=USER, action="s3:GetObject", effect="Allow"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": effect, "Principal": {"AWS": principal}, "Action": action,
         "Resource": "arn:aws:s3:::b/*"}]})


def test_same_account_resource_policy_naming_the_user_is_enough(iam):
    r = simulate(iam, [doc(allow("s3:PutObject"))], ResourcePolicy=bucket_policy(),
                 CallerArn=USER, ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalDecision"] == "allowed"
    assert [(m["SourcePolicyId"], m["SourcePolicyType"]) for m in r["MatchedStatements"]] == [
        ("ResourcePolicy", "Resource Policy")]
    other = f"arn:aws:iam::{ACCOUNT}:user/bob"
    assert decision(iam, [doc(allow("s3:PutObject"))], ResourcePolicy=bucket_policy(),
                    CallerArn=other, ResourceArns=["arn:aws:s3:::b/k"]) == "implicitDeny"


def test_resource_policy_deny_wins(iam):
    r = simulate(iam, [doc(allow())], ResourcePolicy=bucket_policy(effect="Deny"),
                 CallerArn=USER, ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert r["EvalDecision"] == "explicitDeny"
    assert r["MatchedStatements"][0]["SourcePolicyId"] == "ResourcePolicy"


def test_cross_account_needs_both_sides(iam):
    owner = "arn:aws:iam::210987654321:root"
    both = simulate(iam, [doc(allow())], ResourcePolicy=bucket_policy(), CallerArn=USER,
                    ResourceOwner=owner, ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert both["EvalDecision"] == "allowed"
    assert both["EvalDecisionDetails"] == {"IAM Policy": "allowed", "Resource Policy": "allowed"}
    only_resource = simulate(iam, [doc(allow("s3:PutObject"))], ResourcePolicy=bucket_policy(),
                             CallerArn=USER, ResourceOwner=owner,
                             ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert only_resource["EvalDecision"] == "implicitDeny"
    assert only_resource["EvalDecisionDetails"] == {"IAM Policy": "implicitDeny",
                                                    "Resource Policy": "allowed"}
    only_identity = simulate(iam, [doc(allow())], ResourceOwner=owner,
                             ResourceArns=["arn:aws:s3:::b/k"])[0]
    assert only_identity["EvalDecision"] == "implicitDeny"


def test_resource_arn_account_makes_it_cross_account(iam):
    queue = "arn:aws:sqs:us-east-1:210987654321:q"
    r = simulate(iam, [doc(allow("sqs:SendMessage"))], ["sqs:SendMessage"], ResourceArns=[queue])[0]
    assert r["EvalDecision"] == "implicitDeny"
    assert r["EvalDecisionDetails"]["IAM Policy"] == "allowed"


def test_resource_owner_must_be_an_account_arn(iam):
    with raises_aws("InvalidInput", status=400):
        simulate(iam, [doc(allow())], ResourceOwner="210987654321")
    with raises_aws("InvalidInput"):
        simulate(iam, [doc(allow())], ResourceOwner="arn:aws:iam::210987654321:user/x")


@pytest.mark.parametrize("caller", [None, f"arn:aws:iam::{ACCOUNT}:role/r",
                                    f"arn:aws:iam::{ACCOUNT}:group/g"])
def test_resource_policy_needs_a_user_caller(iam, caller):
    kw = {} if caller is None else {"CallerArn": caller}
    with raises_aws("InvalidInput", "Invalid caller - Caller must be an IAM user in this context."):
        simulate(iam, [doc(allow())], ResourcePolicy=bucket_policy(), **kw)


def test_caller_must_be_an_iam_entity(iam):
    with raises_aws("InvalidInput"):
        simulate(iam, [doc(allow())], CallerArn=f"arn:aws:sts::{ACCOUNT}:assumed-role/r/s")


# --- malformed input and other errors ----------------------------------------------------------

def test_malformed_policies(iam):
    with raises_aws("MalformedPolicyDocument", "Syntax errors in policy.", 400):
        simulate(iam, ["{"])
    with raises_aws("MalformedPolicyDocument"):
        simulate(iam, [doc(allow())], PermissionsBoundaryPolicyInputList=["nope"])
    with raises_aws("MalformedPolicyDocument"):  # a resource policy must name principals
        simulate(iam, [doc(allow())], ResourcePolicy=doc(allow()), CallerArn=USER)
    with raises_aws("MalformedPolicyDocument"):
        simulate(iam, [doc(allow())], OrderedOrganizationPolicyInputList=scp_levels(["[]"]))


@pytest.mark.parametrize("action", ["GetObject", "s3:*", "s3:Get*", "s3:"])
def test_action_names_need_a_service_and_no_wildcard(iam, action):
    with raises_aws("InvalidInput"):
        simulate(iam, [doc(allow())], [action])


def test_resource_handling_option(iam):
    ec2 = "arn:aws:ec2:us-east-1:123456789012:"
    resources = [ec2 + t for t in ("instance/i-1", "image/ami-1", "security-group/sg-1",
                                   "network-interface/eni-1")]
    r = simulate(iam, [doc(allow("ec2:RunInstances"))], ["ec2:RunInstances"],
                 ResourceArns=resources, ResourceHandlingOption="EC2-VPC-InstanceStore")[0]
    assert r["EvalDecision"] == "allowed"
    with raises_aws("InvalidInput"):  # the scenario also needs a subnet
        simulate(iam, [doc(allow("ec2:*"))], ["ec2:RunInstances"], ResourceArns=resources,
                 ResourceHandlingOption="EC2-VPC-InstanceStore-Subnet")
    with raises_aws("InvalidInput"):
        simulate(iam, [doc(allow())], ResourceHandlingOption="Lambda")


# --- pagination -----------------------------------------------------------------------------

def test_results_paginate_by_action(iam):
    actions = [f"s3:Action{i}" for i in range(5)]
    first = iam.simulate_custom_policy(PolicyInputList=[doc(allow("s3:*"))], ActionNames=actions,
                                       MaxItems=2)
    assert first["IsTruncated"] is True
    assert [r["EvalActionName"] for r in first["EvaluationResults"]] == actions[:2]
    pages = iam.get_paginator("simulate_custom_policy").paginate(
        PolicyInputList=[doc(allow("s3:*"))], ActionNames=actions,
        PaginationConfig={"PageSize": 2})
    got = [r["EvalActionName"] for page in pages for r in page["EvaluationResults"]]
    assert got == actions
    with raises_aws("ValidationError", "Invalid Marker."):
        iam.simulate_custom_policy(PolicyInputList=[doc(allow())], ActionNames=actions,
                                   Marker="garbage")


def test_role_trust_policies_are_not_simulated(iam):
    # The API reference: resource-based policies of IAM roles are not simulated; a trust
    # policy given as ResourcePolicy is accepted and left out (public reports: even its Deny).
    role = f"arn:aws:iam::{ACCOUNT}:role/r"
    trust = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": {"AWS": USER}, "Action": "sts:AssumeRole"}]})
    r = simulate(iam, [doc(allow("sts:AssumeRole"))], ["sts:AssumeRole"], ResourcePolicy=trust,
                 CallerArn=USER, ResourceArns=[role])[0]
    assert r["EvalDecision"] == "allowed"
    assert [m["SourcePolicyId"] for m in r["MatchedStatements"]] == ["PolicyInputList.1"]
