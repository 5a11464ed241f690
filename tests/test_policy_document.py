"""Policy grammar: the pure validator (document.py) and its messages as IAM returns them."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iamsim.errors import MalformedPolicyDocument
from iamsim.policy.document import (
    Condition,
    PolicyDocument,
    encode_for_response,
    policy_size,
    validate_document,
)

from .helpers import raises_aws

SYNTAX = "Syntax errors in policy."


def stmt(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def doc(*statements: dict[str, Any], version: str | None = "2012-10-17") -> str:
    d: dict[str, Any] = {"Statement": list(statements) or [stmt()]}
    if version is not None:
        d["Version"] = version
    return json.dumps(d)


def error(text: str, kind: str = "identity", **kw: Any) -> str:
    with pytest.raises(MalformedPolicyDocument) as info:
        validate_document(text, kind, **kw)  # type: ignore[arg-type]
    return info.value.message


TRUST_OK = {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
            "Action": "sts:AssumeRole"}


# --- a valid document is normalized for the evaluation engine ---------------------------------


def test_statement_object_and_list_normalize_alike():
    one = validate_document(json.dumps({"Version": "2012-10-17", "Statement": stmt()}))
    many = validate_document(doc(stmt()))
    assert one.statements == many.statements
    s = one.statements[0]
    assert s.effect == "Allow" and s.actions == ("s3:GetObject",) and s.resources == ("*",)
    assert s.not_actions is None and s.not_resources is None and s.principals is None


def test_document_fields_are_kept():
    d = validate_document(json.dumps({"Version": "2008-10-17", "Id": "x", "Statement": [stmt()]}))
    assert isinstance(d, PolicyDocument)
    assert d.version == "2008-10-17" and d.id == "x"


def test_version_is_optional_for_unmanaged_documents():
    assert validate_document(doc(version=None)).version is None


def test_conditions_are_split_into_operator_qualifier_and_if_exists():
    d = validate_document(doc(stmt(Condition={
        "ForAnyValue:StringLikeIfExists": {"aws:TagKeys": ["a*", "b"]},
        "Bool": {"aws:SecureTransport": True},
        "NumericLessThan": {"s3:max-keys": 10},
        "Null": {"aws:TokenIssueTime": "true"},
    })))
    conds = d.statements[0].conditions
    assert conds[0] == Condition("StringLike", "aws:TagKeys", ("a*", "b"), "ForAnyValue", True)
    assert conds[0].written == "ForAnyValue:StringLikeIfExists"
    assert conds[1].values == ("true",)
    assert conds[2].values == ("10",)
    assert conds[3].operator == "Null" and not conds[3].if_exists


def test_principal_star_means_every_aws_principal():
    d = validate_document(doc(stmt(Principal="*")), "resource")
    assert d.statements[0].principals == {"AWS": ("*",)}


def test_not_forms_are_kept_apart():
    d = validate_document(doc(stmt(Action=None, NotAction=["iam:*"], Resource=None,
                                   NotResource="arn:aws:s3:::b")))
    s = d.statements[0]
    assert s.actions is None and s.not_actions == ("iam:*",)
    assert s.resources is None and s.not_resources == ("arn:aws:s3:::b",)


def test_policy_variables_and_wildcards_are_accepted():
    validate_document(doc(stmt(
        Action=["s3:Get*", "ec2:Describe?nstances", "*"],
        Resource=["arn:aws:s3:::bucket/${aws:username}/*", "arn:aws:iam::*:role/x*"],
    )))


# --- stage 1: grammar -> "Syntax errors in policy." -------------------------------------------


@pytest.mark.parametrize("text", [
    "{not json",
    "",
    "[]",
    '"a string"',
    "{}",
    '{"Version": "2012-10-17"}',
    '{"Version": "2012-10-17", "Statement": null}',
    '{"Version": "2012-10-17", "Statement": []}',
    '{"Version": "2012-10-17", "Statement": "hello"}',
    '{"Version": "2012-10-17", "Statement": ["x"]}',
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:x", '
    '"Resource": NaN}]}',
    doc(stmt(), version="2020-01-01"),
    json.dumps({"Version": 2012, "Statement": [stmt()]}),
    json.dumps({"Version": "2012-10-17", "Statement": [stmt()], "Extra": 1}),
    json.dumps({"Version": "2012-10-17", "Statement": [stmt()], "Id": 5}),
    doc(stmt(Unknown="x")),
    doc(stmt(Effect=None)),
    doc(stmt(Effect="Maybe")),
    doc(stmt(Effect=True)),
    doc(stmt(NotAction="s3:PutObject")),
    doc(stmt(NotResource="*")),
    doc(stmt(Action=123)),
    doc(stmt(Action=["s3:a", 1])),
    doc(stmt(Resource={"a": "b"})),
    doc(stmt(Sid=7)),
    doc(stmt(Condition="x")),
    doc(stmt(Condition={"StringEquals": "x"})),
    doc(stmt(Condition={"StringEqualz": {"a:b": "x"}})),
    doc(stmt(Condition={"ForSomeValues:StringEquals": {"a:b": "x"}})),
    doc(stmt(Condition={"NullIfExists": {"a:b": "true"}})),
    doc(stmt(Condition={"StringEquals": {"a:b": None}})),
    doc(stmt(Condition={"StringEquals": {"a:b": {"c": "d"}}})),
    doc(stmt(Principal="*", NotPrincipal="*")),
    doc(stmt(Principal={"Team": "x"})),
    doc(stmt(Principal={})),
    doc(stmt(Principal={"AWS": 12})),
    "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\u0100\"}]}",
])
def test_grammar_errors(text):
    assert error(text) == SYNTAX


def test_every_documented_operator_is_accepted_with_its_variants():
    for op in ["StringEquals", "StringNotEqualsIgnoreCase", "NumericGreaterThanEquals",
               "DateLessThan", "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
               "ArnLike", "ArnNotEquals", "Null"]:
        value = "2020-01-01" if op.startswith("Date") else "x"
        for written in (op, f"ForAllValues:{op}", f"ForAnyValue:{op}"):
            validate_document(doc(stmt(Condition={written: {"a:b": value}})))
        if op != "Null":
            validate_document(doc(stmt(Condition={f"{op}IfExists": {"a:b": value}})))


# --- stage 2: managed policies need the current language version ------------------------------


@pytest.mark.parametrize("version", [None, "2008-10-17"])
def test_managed_policies_need_2012_10_17(version):
    text = doc(version=version)
    assert error(text, managed=True) == "Policy document must be version 2012-10-17 or greater."
    validate_document(text)  # inline policies accept the older language


# --- stage 3: legacy parsing ------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    doc(stmt(Effect="allow")),
    doc(stmt(Resource="arn:aws::us-east-1:123456789012:x")),  # an empty vendor
    doc(stmt(Resource="arn:aws:")),
    doc(stmt(Condition={"DateGreaterThan": {"aws:CurrentTime": "yesterday"}})),
    doc(stmt(Condition={"DateLessThan": {"aws:CurrentTime": "2020-13-01"}})),
])
def test_legacy_parsing_errors(text):
    assert error(text) == "The policy failed legacy parsing"


@pytest.mark.parametrize("value", ["2020-01-01", "2020-01-01T10:00:00Z",
                                   "2020-06-30T00:00:00.5+02:00", "1577836800",
                                   "${aws:CurrentTime}",
                                   # lenient ISO 8601, as AWS accepts it (recorded)
                                   "01T", "2016-12-13t2:00:00.593194+23", "2016-1-2",
                                   str(2**63 - 1)])
def test_date_values_accepted(value):
    validate_document(doc(stmt(Condition={"DateGreaterThan": {"aws:CurrentTime": value}})))


@pytest.mark.parametrize("value", [str(2**63), str(-(2**63) - 1), "2016-12-13T24:00:00",
                                   "2016-12-13T10:00:00+24"])
def test_date_values_refused_by_legacy_parsing(value):
    text = doc(stmt(Condition={"DateGreaterThan": {"aws:CurrentTime": value}}))
    assert error(text) == "The policy failed legacy parsing"


@pytest.mark.parametrize(("resource", "message"), [
    ("arn:awss3::example-bucket/*",
     'Partition "awss3" is not valid for resource "arn:awss3::example-bucket/*:*:*".'),
    ("arn:aws", "Resource vendor must be fully qualified and cannot contain regexes."),
])
def test_partition_and_missing_vendor_come_before_legacy_parsing(resource, message):
    # Another statement's legacy error would otherwise be reported first.
    text = doc(stmt(Resource=resource), stmt(Effect="allow"))
    assert error(text) == message


def test_unknown_condition_operator_with_an_empty_block_is_accepted():
    validate_document(doc(stmt(Condition={"NotAnOperator": {}})))
    assert error(doc(stmt(Condition={"NotAnOperator": {"aws:x": "y"}}))) == (
        "Syntax errors in policy.")


# --- stages 4-7 -------------------------------------------------------------------------------


def test_duplicate_sids():
    text = doc(stmt(Sid="Dup"), stmt(Sid="Dup", Action="s3:PutObject"))
    assert error(text) == "Statement IDs (SID) in a single policy must be unique."


def test_empty_sids_may_repeat():
    validate_document(doc(stmt(Sid=""), stmt(Sid="")))


def test_sid_must_be_alphanumeric_in_iam_policies():
    assert error(doc(stmt(Sid="Atomic_Red_Team"))) == (
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the "
        "regular expression [0-9A-Za-z]*"
    )
    # resource-based policies of other services allow other characters
    validate_document(doc(stmt(Sid="a b-c", Principal="*")), "resource")


@pytest.mark.parametrize("fields", [{"Action": None}, {"Action": []}, {"Action": None,
                                                                          "NotAction": []}])
def test_statement_must_contain_actions(fields):
    assert error(doc(stmt(**fields))) == "Policy statement must contain actions."


@pytest.mark.parametrize(("resource", "message"), [
    ("invalid", 'Resource invalid must be in ARN format or "*".'),
    ("174313347505.dkr.ecr.us-west-2.amazonaws.com/repo",
     'Resource 174313347505.dkr.ecr.us-west-2.amazonaws.com/repo must be in ARN format or "*".'),
    ("s3::example-bucket/*",
     'Partition "" is not valid for resource "arn::example-bucket/*:*:*:*".'),
    ("arn:aws2:s3:::example-bucket/*",
     'Partition "aws2" is not valid for resource "arn:aws2:s3:::example-bucket/*".'),
    ("arn:aws:s3*:::b", "Resource vendor must be fully qualified and cannot contain regexes."),
    ("arn:aws:iam:us-east-1:123456789012:user/a",
     "IAM resource arn:aws:iam:us-east-1:123456789012:user/a cannot contain region information."),
    ("arn:aws:iam::123456789012:bucket/a",
     'IAM resource path must either be "*", root, or start with user/, federated-user/, '
     "role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, "
     "saml-provider/, oidc-provider/, report/, access-report/."),
    ("arn:aws:s3:us-east-1::example_bucket",
     "Resource arn:aws:s3:us-east-1::example_bucket can not contain region information."),
    ("arn:aws:route53:eu-west-1:123456789012:hostedzone/*",
     "Resource arn:aws:route53:eu-west-1:123456789012:hostedzone/* can not contain region "
     "information."),
    ("arn:aws:route53::123456789012:hostedzone/*",
     "Resource arn:aws:route53::123456789012:hostedzone/* cannot contain an account id."),
])
def test_resource_format_errors(resource, message):
    assert error(doc(stmt(Resource=["*", resource]))) == message
    assert error(doc(stmt(Resource=None, NotResource=resource))) == message


@pytest.mark.parametrize("resource", [
    "arn:aws:s3:::bucket", "arn:aws-cn:ec2:cn-north-1:123456789012:instance/*",
    "arn:aws:iam::123456789012:role/path/name", "arn:aws:iam::*:policy/*",
    "arn:aws:sqs:us-east-1:123456789012:queue:with:colons", "arn:*:s3:::b",
    # short ARNs are accepted (recorded); so are the account root and S3 access points
    "arn:aws:fdsasf", "arn:aws:s3", "arn:aws:iam::123456789012:root",
    "arn:aws:s3:us-east-1:123456789012:accesspoint/ap",
])
def test_resource_formats_accepted(resource):
    validate_document(doc(stmt(Resource=resource)))


@pytest.mark.parametrize(("action", "message"), [
    ("GetObject", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    ("", "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."),
    ("s3:List:Bucket", "Actions/Condition can contain only one colon."),
    (":GetObject", "Vendor  is not valid"),
    ("iam :Get", "Vendor iam  is not valid"),
    ("s_3:Get", "Vendor s_3 is not valid"),
])
def test_action_format_errors(action, message):
    assert error(doc(stmt(Action=["s3:ok", action]))) == message
    assert error(doc(stmt(Action=None, NotAction=action))) == message


def test_stage_order_sid_before_actions_before_resources_before_vendor():
    bad_all = [stmt(Sid="A", Action="nocolon", Resource="bad"), stmt(Sid="A", Action=[])]
    assert error(doc(*bad_all)) == "Statement IDs (SID) in a single policy must be unique."
    assert error(doc(stmt(Action="nocolon", Resource="bad"), stmt(Action=[]))) == (
        "Policy statement must contain actions.")
    assert error(doc(stmt(Action="nocolon", Resource="bad"))) == (
        'Resource bad must be in ARN format or "*".')
    assert error(doc(stmt(Action="nocolon", Resource=None, Principal="*"))) == (
        "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.")


# --- stage 8: rules of each policy kind -------------------------------------------------------


def test_identity_policies_may_not_name_principals():
    for field in ("Principal", "NotPrincipal"):
        assert error(doc(stmt(**{field: {"AWS": "*"}}))) == (
            "Policy document should not specify a principal.")


@pytest.mark.parametrize("fields", [{"Resource": None}, {"Resource": []}])
def test_identity_policies_need_resources(fields):
    assert error(doc(stmt(**fields))) == "Policy statement must contain resources."


def test_trust_policy_accepted_forms():
    for principal in ["*", {"AWS": "123456789012"}, {"AWS": ["arn:aws:iam::123456789012:root",
                      "arn:aws:iam::123456789012:role/x",
                      "arn:aws:sts::123456789012:assumed-role/r/s"]},
                      {"Federated": "arn:aws:iam::123456789012:oidc-provider/example.com"},
                      {"Federated": "cognito-identity.amazonaws.com"},
                      {"Service": ["ec2.amazonaws.com", "lambda.amazonaws.com"]}]:
        validate_document(doc({**TRUST_OK, "Principal": principal}), "trust")
    for action in ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML",
                   ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"], "sts:*",
                   "STS:assumerole", "sts:AssumeRole*"]:
        validate_document(doc({**TRUST_OK, "Action": action}), "trust")


def test_trust_policy_errors():
    assert error(doc({**TRUST_OK, "Principal": "someone"}), "trust") == SYNTAX
    no_principal = {k: v for k, v in TRUST_OK.items() if k != "Principal"}
    assert error(doc(no_principal), "trust") == "Missing required field Principal"
    assert error(doc({**no_principal, "NotPrincipal": {"AWS": "*"}}), "trust") == (
        "Missing required field Principal")
    for action in ["*", "s3:GetObject", ["sts:AssumeRole", "sts:GetCallerIdentity"]]:
        assert error(doc({**TRUST_OK, "Action": action}), "trust") == (
            "AssumeRole policy may only specify STS AssumeRole actions.")
    assert error(doc({**TRUST_OK, "Resource": "*"}), "trust") == "Has prohibited field Resource"
    assert error(doc({**TRUST_OK, "NotResource": "*"}), "trust") == (
        "Has prohibited field Resource")


@pytest.mark.parametrize(("principal", "message"), [
    ({"AWS": "not-an-arn"}, 'Invalid principal in policy: "AWS":"not-an-arn"'),
    ({"AWS": "arn:aws:iam::12345:root"},
     'Invalid principal in policy: "AWS":"arn:aws:iam::12345:root"'),
    ({"Service": "ec2"}, 'Invalid principal in policy: "SERVICE":"ec2"'),
    ({"Federated": ""}, 'Invalid principal in policy: "FEDERATED":""'),
])
def test_trust_policy_invalid_principals(principal, message):
    assert error(doc({**TRUST_OK, "Principal": principal}), "trust") == message


def test_resource_policies_need_a_principal():
    assert error(doc(stmt()), "resource") == "Missing required field Principal"
    validate_document(doc(stmt(NotPrincipal={"AWS": "123456789012"}, Effect="Deny")), "resource")


# --- size and encoding ------------------------------------------------------------------------


def test_policy_size_ignores_white_space():
    assert policy_size('{ "a" :\n\t"b c" }') == len('{"a":"bc"}')


def test_encode_for_response_round_trips():
    from urllib.parse import unquote

    text = doc(stmt(Resource="arn:aws:s3:::b/a b&c=%"))
    assert unquote(encode_for_response(text)) == text


def test_documents_are_url_encoded_on_the_wire():
    import boto3

    from iamsim import mock_iam

    text = doc(stmt(Resource="arn:aws:s3:::b/a b&c=%"))
    bodies: list[bytes] = []
    with mock_iam(path="wire"):
        iam = boto3.client("iam")
        iam.meta.events.register("after-call.iam.GetUserPolicy",
                                 lambda http_response, **kw: bodies.append(http_response.content))
        iam.create_user(UserName="u")
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=text)
        got = iam.get_user_policy(UserName="u", PolicyName="p")["PolicyDocument"]
    assert got == json.loads(text)
    sent = bodies[0].split(b"<PolicyDocument>")[1].split(b"</PolicyDocument>")[0]
    assert sent.startswith(b"%7B") and b"%22Version%22" in sent and b"%25" in sent
    assert not set(sent.decode()) & set('{}" :,&')


# --- properties -------------------------------------------------------------------------------

_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789", min_size=1, max_size=12)
_actions = st.builds(lambda v, a: f"{v}:{a}", _names, st.one_of(_names, st.just("*")))
_resources = st.one_of(
    st.just("*"),
    st.builds(lambda b, k: f"arn:aws:s3:::{b}/{k}", _names, _names),
    st.builds(lambda n: f"arn:aws:iam::123456789012:user/{n}", _names),
)
_values = st.one_of(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=255)),
                    st.booleans(), st.integers())
_statements = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny"]),
     "Action": st.one_of(_actions, st.lists(_actions, min_size=1, max_size=4)),
     "Resource": st.one_of(_resources, st.lists(_resources, min_size=1, max_size=4))},
    optional={"Condition": st.dictionaries(
        st.sampled_from(["StringEquals", "ForAnyValue:StringLike", "BoolIfExists", "ArnLike"]),
        st.dictionaries(_actions, st.one_of(_values, st.lists(_values, max_size=3)),
                        min_size=1, max_size=2),
        max_size=2)},
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_statements, min_size=1, max_size=4), st.sampled_from(["2012-10-17", None]))
def test_generated_valid_identity_policies_parse_and_round_trip(statements, version):
    d: dict[str, Any] = {"Statement": statements}
    if version:
        d["Version"] = version
    text = json.dumps(d)
    parsed = validate_document(text)
    assert len(parsed.statements) == len(statements)
    for s, raw in zip(parsed.statements, statements, strict=True):
        actions = raw["Action"] if isinstance(raw["Action"], list) else [raw["Action"]]
        assert s.actions == tuple(actions) and s.effect == raw["Effect"]
        n_conditions = sum(len(v) for v in raw.get("Condition", {}).values())
        assert len(s.conditions) == n_conditions
    # the same document pretty-printed means the same thing
    assert validate_document(json.dumps(d, indent=4)).statements == parsed.statements


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_either_parses_or_is_malformed(text):
    try:
        validate_document(text)
    except MalformedPolicyDocument as e:
        assert e.code == "MalformedPolicyDocument" and e.message


@settings(max_examples=100, deadline=None)
@given(_statements, st.sampled_from(["Effect", "Action", "Resource"]))
def test_removing_a_required_element_is_always_an_error(statement, key):
    del statement[key]
    with pytest.raises(MalformedPolicyDocument):
        validate_document(json.dumps({"Version": "2012-10-17", "Statement": statement}))


# --- through the API --------------------------------------------------------------------------


def test_put_user_policy_reports_grammar_errors_through_boto3(iam):
    iam.create_user(UserName="u")
    with raises_aws("MalformedPolicyDocument", "Policy statement must contain resources.",
                    status=400):
        iam.put_user_policy(UserName="u", PolicyName="p",
                            PolicyDocument=doc(stmt(Resource=None)))
    assert iam.list_user_policies(UserName="u")["PolicyNames"] == []


def test_characters_outside_latin1_are_refused_before_the_grammar(iam):
    iam.create_user(UserName="u")
    with raises_aws("ValidationError"):
        iam.put_user_policy(UserName="u", PolicyName="p",
                            PolicyDocument=doc(stmt(Resource="arn:aws:s3:::b/x")).replace(
                                "b/x", "b/\u20ac"))
    assert iam.list_user_policies(UserName="u")["PolicyNames"] == []
