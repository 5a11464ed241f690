"""The evaluation logic, case by case, as the IAM User Guide documents it ("Policy evaluation
logic", "Cross-account policy evaluation logic", the table of resource-based policies and
implicit denies, permissions boundaries, session policies, SCPs and RCPs)."""

from __future__ import annotations

import pytest

from iamsim.policy import Principal, denial_reason
from tests.engine_helpers import (
    ACCOUNT,
    BUCKET,
    OTHER,
    allow,
    decide,
    deny,
    doc,
    federated_user,
    grant_to,
    role_session,
    root,
    stmt,
    user,
)

USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/r"
SESSION_ARN = f"arn:aws:sts::{ACCOUNT}:assumed-role/r/s"
FED_ARN = f"arn:aws:sts::{ACCOUNT}:federated-user/fed"
NOTHING = allow(action="ec2:RunInstances")  # a policy that allows something else

CASES = [
    # (id, principal, kwargs, decision, deciding type)
    ("identity allow", user(), dict(identity=[allow()]), "allowed", "identity"),
    ("no policy", user(), {}, "implicitDeny", "identity"),
    ("identity allows other action", user(), dict(identity=[NOTHING]), "implicitDeny", "identity"),
    ("deny beats allow", user(), dict(identity=[allow(), deny()]), "explicitDeny", "identity"),
    ("deny in same policy", user(), dict(identity=[doc(stmt(), stmt("Deny"))]),
     "explicitDeny", "identity"),
    # Same account resource-based policies (the User Guide's table).
    ("resource policy names user", user(), dict(resource_policy=grant_to(USER_ARN)),
     "allowed", "resource"),
    ("resource policy names user unique id", user(), dict(resource_policy=grant_to("AIDAALICE")),
     "allowed", "resource"),
    ("user grant not limited by boundary", user(),
     dict(resource_policy=grant_to(USER_ARN), boundary=NOTHING), "allowed", "resource"),
    ("resource deny beats identity allow", user(),
     dict(identity=[allow()], resource_policy=grant_to(USER_ARN, effect="Deny")),
     "explicitDeny", "resource"),
    ("resource policy names other user", user(),
     dict(resource_policy=grant_to(f"arn:aws:iam::{ACCOUNT}:user/bob")), "implicitDeny", "identity"),
    ("resource policy names everyone", user(),
     dict(resource_policy=doc(stmt(Principal="*"))), "allowed", "resource"),
    ("resource policy names the account only", user(),
     dict(resource_policy=grant_to(ACCOUNT)), "implicitDeny", "identity"),
    ("account grant plus identity allow", user(),
     dict(resource_policy=grant_to(f"arn:aws:iam::{ACCOUNT}:root"), identity=[allow()]),
     "allowed", "identity"),
    ("session grant ignores identity, boundary, session policy", role_session(),
     dict(resource_policy=grant_to(SESSION_ARN), boundary=NOTHING, session=[NOTHING]),
     "allowed", "resource"),
    ("role grant stands in for identity (boundary allows)", role_session(),
     dict(resource_policy=grant_to(ROLE_ARN), boundary=allow()), "allowed", "resource"),
    ("role grant alone", role_session(), dict(resource_policy=grant_to(ROLE_ARN)),
     "allowed", "resource"),
    ("role grant by unique id", role_session(), dict(resource_policy=grant_to("AROAR")),
     "allowed", "resource"),
    ("role grant limited by boundary", role_session(),
     dict(resource_policy=grant_to(ROLE_ARN), boundary=NOTHING), "implicitDeny", "boundary"),
    ("role grant plus identity, boundary silent", role_session(),
     dict(resource_policy=grant_to(ROLE_ARN), identity=[allow()], boundary=NOTHING),
     "implicitDeny", "boundary"),
    ("role grant limited by session policy", role_session(),
     dict(resource_policy=grant_to(ROLE_ARN), session=[NOTHING]), "implicitDeny", "session"),
    ("role grant with session policy allowing", role_session(),
     dict(resource_policy=grant_to(ROLE_ARN), session=[allow()]), "allowed", "resource"),
    # Boundaries (benkehoe/permissions-boundary-test's table for a role session).
    ("boundary and identity allow", role_session(), dict(identity=[allow()], boundary=allow()),
     "allowed", "identity"),
    ("boundary alone", role_session(), dict(boundary=allow()), "implicitDeny", "identity"),
    ("identity without boundary allow", role_session(), dict(identity=[allow()], boundary=NOTHING),
     "implicitDeny", "boundary"),
    ("boundary deny", user(), dict(identity=[allow()], boundary=deny()), "explicitDeny", "boundary"),
    # Session policies.
    ("role session without session policy", role_session(), dict(identity=[allow()]),
     "allowed", "identity"),
    ("session policy allows", role_session(), dict(identity=[allow()], session=[allow()]),
     "allowed", "identity"),
    ("session policy silent", role_session(), dict(identity=[allow()], session=[NOTHING]),
     "implicitDeny", "session"),
    ("one of two session policies allows", role_session(),
     dict(identity=[allow()], session=[NOTHING, allow()]), "allowed", "identity"),
    ("session policy alone grants nothing", role_session(), dict(session=[allow()]),
     "implicitDeny", "identity"),
    ("session policy deny", role_session(), dict(identity=[allow()], session=[deny()]),
     "explicitDeny", "session"),
    ("session deny beats session-ARN grant", role_session(),
     dict(resource_policy=grant_to(SESSION_ARN), session=[deny()]), "explicitDeny", "session"),
    ("federated user with session policy", federated_user(),
     dict(identity=[allow()], session=[allow()]), "allowed", "identity"),
    ("federated user without session policy", federated_user(), dict(identity=[allow()]),
     "implicitDeny", "session"),
    ("grant to federated-user ARN", federated_user(), dict(resource_policy=grant_to(FED_ARN)),
     "allowed", "resource"),
    ("grant to the user behind a federated user, session policy silent", federated_user(),
     dict(resource_policy=grant_to(USER_ARN), session=[NOTHING]), "implicitDeny", "session"),
    ("grant to the user behind a federated user, session policy allows", federated_user(),
     dict(resource_policy=grant_to(USER_ARN), session=[allow()]), "allowed", "resource"),
    # Root user.
    ("root needs no policy", root(), {}, "allowed", "identity"),
    ("root and SCP deny", root(), dict(scps=[[allow(), deny()]]), "explicitDeny", "scp"),
    ("root and SCP without allow", root(), dict(scps=[[NOTHING]]), "implicitDeny", "scp"),
    ("root and resource deny", root(),
     dict(resource_policy=grant_to(ACCOUNT, effect="Deny")), "explicitDeny", "resource"),
    # SCPs: every level of the hierarchy must allow.
    ("SCP allows", user(), dict(identity=[allow()], scps=[[allow()]]), "allowed", "identity"),
    ("SCP does not allow", user(), dict(identity=[allow()], scps=[[NOTHING]]),
     "implicitDeny", "scp"),
    ("SCP root allows, OU does not", user(),
     dict(identity=[allow()], scps=[[allow()], [NOTHING], [allow()]]), "implicitDeny", "scp"),
    ("SCP every level allows", user(),
     dict(identity=[allow()], scps=[[allow()], [NOTHING, allow()], [allow()]]),
     "allowed", "identity"),
    ("SCP alone grants nothing", user(), dict(scps=[[allow()]]), "implicitDeny", "identity"),
    ("SCP deny", user(), dict(identity=[allow()], scps=[[allow(), deny()]]), "explicitDeny", "scp"),
    ("SCP limits a resource-policy grant", user(),
     dict(resource_policy=grant_to(USER_ARN), scps=[[NOTHING]]), "implicitDeny", "scp"),
    ("management account exempt from SCPs", root(in_management_account=True),
     dict(scps=[[deny()]]), "allowed", "identity"),
    ("service-linked role exempt from SCPs", role_session(service_linked_role=True),
     dict(identity=[allow()], scps=[[deny()]]), "allowed", "identity"),
    # RCPs.
    ("RCP allows", user(), dict(identity=[allow()], rcps=[[doc(stmt(Principal="*"))]]),
     "allowed", "identity"),
    ("RCP does not allow", user(), dict(identity=[allow()], rcps=[[NOTHING]]),
     "implicitDeny", "rcp"),
    ("RCP deny", user(),
     dict(identity=[allow()], rcps=[[doc(stmt(Principal="*"), stmt("Deny", Principal="*"))]]),
     "explicitDeny", "rcp"),
    ("service-linked role exempt from RCPs", role_session(service_linked_role=True),
     dict(identity=[allow()], rcps=[[doc(stmt("Deny", Principal="*"))]]), "allowed", "identity"),
]


@pytest.mark.parametrize(("principal", "kwargs", "decision", "ptype"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_same_account(principal: Principal, kwargs: dict, decision: str, ptype: str) -> None:
    d = decide(principal, **kwargs)
    assert (d.decision, d.policy_type) == (decision, ptype)


def test_rcp_exempts_management_account_resources() -> None:
    d = decide(user(), identity=[allow()], rcps=[[doc(stmt("Deny", Principal="*"))]],
               resource_in_management_account=True)
    assert d.allowed


CROSS = [
    ("identity and resource allow", user(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to(OTHER)), "allowed", "identity"),
    ("identity only", user(account=OTHER), dict(identity=[allow()]), "implicitDeny", "resource"),
    ("resource policy names another account", user(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to("999999999999")), "implicitDeny", "resource"),
    ("resource only, naming the user", user(account=OTHER),
     dict(resource_policy=grant_to(f"arn:aws:iam::{OTHER}:user/alice")), "implicitDeny", "identity"),
    ("both, boundary silent", user(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to(OTHER), boundary=NOTHING),
     "implicitDeny", "boundary"),
    ("both, session policy silent", role_session(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to(f"arn:aws:sts::{OTHER}:assumed-role/r/s"),
          session=[NOTHING]), "implicitDeny", "session"),
    ("both, role grant", role_session(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to(f"arn:aws:iam::{OTHER}:role/r")),
     "allowed", "identity"),
    ("both, SCP of the principal's account silent", user(account=OTHER),
     dict(identity=[allow()], resource_policy=grant_to(OTHER), scps=[[NOTHING]]),
     "implicitDeny", "scp"),
    ("root of the other account", root(OTHER), dict(resource_policy=grant_to(OTHER)),
     "allowed", "identity"),
    ("root of the other account, no resource policy", root(OTHER), {}, "implicitDeny", "resource"),
    ("everyone", user(account=OTHER),
     dict(identity=[allow()], resource_policy=doc(stmt(Principal="*"))), "allowed", "identity"),
]


@pytest.mark.parametrize(("principal", "kwargs", "decision", "ptype"),
                         [c[1:] for c in CROSS], ids=[c[0] for c in CROSS])
def test_cross_account(principal: Principal, kwargs: dict, decision: str, ptype: str) -> None:
    d = decide(principal, resource_account=ACCOUNT, **kwargs)
    assert (d.decision, d.policy_type) == (decision, ptype)


ASSUME = "sts:AssumeRole"
TRUST = [
    # A role trust policy must allow even within the account (resource_required).
    ("identity only", dict(identity=[allow(action=ASSUME)]), "implicitDeny", "resource"),
    ("trust names the user", dict(resource_policy=grant_to(USER_ARN, action=ASSUME)),
     "allowed", "resource"),
    ("trust names the account, identity allows",
     dict(resource_policy=grant_to(ACCOUNT, action=ASSUME), identity=[allow(action=ASSUME)]),
     "allowed", "identity"),
    ("trust names the account, no identity allow",
     dict(resource_policy=grant_to(ACCOUNT, action=ASSUME)), "implicitDeny", "identity"),
]


@pytest.mark.parametrize(("kwargs", "decision", "ptype"), [c[1:] for c in TRUST],
                         ids=[c[0] for c in TRUST])
def test_resource_policy_required(kwargs: dict, decision: str, ptype: str) -> None:
    d = decide(user(), action=ASSUME, resource=ROLE_ARN, resource_required=True, **kwargs)
    assert (d.decision, d.policy_type) == (decision, ptype)


def _trust_grant(**principal: object) -> str:
    return doc(stmt(action="sts:AssumeRoleWithWebIdentity", resource=None, Principal=principal))


@pytest.mark.parametrize(("principal", "policy", "allowed"), [
    (Principal("service", name="ec2.amazonaws.com"), _trust_grant(Service="ec2.amazonaws.com"), True),
    (Principal("service", name="EC2.amazonaws.com"), _trust_grant(Service="ec2.amazonaws.com"), True),
    (Principal("service", name="lambda.amazonaws.com"), _trust_grant(Service="ec2.amazonaws.com"),
     False),
    (Principal("web-identity", name="accounts.google.com"),
     _trust_grant(Federated="accounts.google.com"), True),
    (Principal("saml", name=f"arn:aws:iam::{ACCOUNT}:saml-provider/idp"),
     _trust_grant(Federated=f"arn:aws:iam::{ACCOUNT}:saml-provider/idp"), True),
    (Principal("web-identity", name="accounts.google.com"), _trust_grant(AWS=ACCOUNT), False),
    (Principal("canonical-user", name="a" * 64), _trust_grant(CanonicalUser="a" * 64), True),
    (Principal("anonymous"), doc(stmt(action="sts:AssumeRoleWithWebIdentity", resource=None,
                                      Principal="*")), True),
    (Principal("anonymous"), _trust_grant(AWS=ACCOUNT), False),
])
def test_principals_without_identity_side(principal: Principal, policy: str, allowed: bool) -> None:
    d = decide(principal, action="sts:AssumeRoleWithWebIdentity", resource=ROLE_ARN,
               resource_policy=policy, identity=[allow(action="*")], scps=[[NOTHING]])
    assert d.allowed is allowed
    assert d.policy_type == "resource"


@pytest.mark.parametrize(("not_principal", "denied"), [
    ([USER_ARN, f"arn:aws:iam::{ACCOUNT}:root"], False),
    ([USER_ARN, ACCOUNT], False),
    ([USER_ARN], True),  # the account is not exempt, so neither is its user
    ([f"arn:aws:iam::{ACCOUNT}:root"], True),
    ([f"arn:aws:iam::{ACCOUNT}:user/bob", ACCOUNT], True),
])
def test_not_principal_deny_user(not_principal: list[str], denied: bool) -> None:
    policy = doc(stmt(Principal={"AWS": USER_ARN}),
                 stmt("Deny", NotPrincipal={"AWS": not_principal}))
    d = decide(user(), resource_policy=policy)
    assert d.decision == ("explicitDeny" if denied else "allowed")


@pytest.mark.parametrize(("not_principal", "denied"), [
    ([SESSION_ARN, ROLE_ARN, ACCOUNT], False),
    ([SESSION_ARN, ACCOUNT], True),
    ([ROLE_ARN, ACCOUNT], True),
    ([SESSION_ARN, ROLE_ARN], True),
])
def test_not_principal_deny_role_session(not_principal: list[str], denied: bool) -> None:
    policy = doc(stmt(Principal={"AWS": SESSION_ARN}),
                 stmt("Deny", NotPrincipal={"AWS": not_principal}))
    d = decide(role_session(), resource_policy=policy)
    assert d.decision == ("explicitDeny" if denied else "allowed")


def test_not_principal_allow_grants_everyone_else() -> None:
    policy = doc(stmt(NotPrincipal={"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"}))
    assert decide(user(), resource_policy=policy).allowed


@pytest.mark.parametrize(("statement", "action", "resource", "allowed"), [
    (stmt(action="s3:*"), "s3:GetObject", BUCKET, True),
    (stmt(action="S3:getobject"), "s3:GetObject", BUCKET, True),
    (stmt(action="s3:Get*"), "S3:GETOBJECT", BUCKET, True),
    (stmt(action="s3:Get?bject"), "s3:GetObject", BUCKET, True),
    (stmt(action="s3:Get?"), "s3:GetObject", BUCKET, False),
    (stmt(action="*"), "iam:CreateUser", BUCKET, True),
    (stmt(action="*:Get*"), "iam:GetUser", BUCKET, True),
    (stmt(action=["ec2:*", "s3:Put*"]), "s3:GetObject", BUCKET, False),
    (stmt(action=None, NotAction="s3:Put*"), "s3:GetObject", BUCKET, True),
    (stmt(action=None, NotAction=["s3:*"]), "s3:GetObject", BUCKET, False),
    (stmt(action=None, NotAction="iam:*"), "s3:GetObject", BUCKET, True),
    (stmt(resource="arn:aws:s3:::bucket/*"), "s3:GetObject", BUCKET, True),
    (stmt(resource="arn:aws:s3:::Bucket/*"), "s3:GetObject", BUCKET, False),
    (stmt(resource=None, NotResource="arn:aws:s3:::bucket/*"), "s3:GetObject", BUCKET, False),
    (stmt(resource=None, NotResource="arn:aws:s3:::other/*"), "s3:GetObject", BUCKET, True),
])
def test_action_and_resource_elements(statement: dict, action: str, resource: str,
                                      allowed: bool) -> None:
    assert decide(user(), action, resource, identity=[doc(statement)]).allowed is allowed


def test_not_action_deny_with_allow_elsewhere() -> None:
    # The User Guide's example: deny everything but IAM to a user without MFA.
    policy = doc(stmt(action="*"), stmt("Deny", action=None, NotAction="iam:*",
                                        Condition={"BoolIfExists":
                                                   {"aws:MultiFactorAuthPresent": "false"}}))
    assert decide(user(), "iam:ListUsers", "*", identity=[policy]).allowed
    d = decide(user(), "s3:GetObject", BUCKET, {"aws:MultiFactorAuthPresent": False},
               identity=[policy])
    assert d.decision == "explicitDeny"
    assert decide(user(), "s3:GetObject", BUCKET, {"aws:MultiFactorAuthPresent": True},
                  identity=[policy]).allowed
    # Long-term keys carry no aws:MultiFactorAuthPresent: BoolIfExists holds and denies,
    # which is the point of the User Guide's example.
    assert decide(user(), "s3:GetObject", BUCKET, identity=[policy]).decision == "explicitDeny"


def test_matched_statements_and_positions() -> None:
    text = (
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n'
        '    {"Sid": "A", "Effect": "Allow", "Action": "s3:*", "Resource": "*"},\n'
        '    {"Sid": "B", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},\n'
        '    {"Sid": "C", "Effect": "Allow", "Action": "ec2:*", "Resource": "*"}\n  ]\n}'
    )
    d = decide(user(), identity=[text])
    assert d.allowed
    got = [(m.policy_id, m.policy_type, m.index, m.sid, m.effect,
            (m.start.line, m.start.column), (m.end.line, m.end.column))
           for m in d.matched_statements]
    assert got == [
        ("identity1", "identity", 0, "A", "Allow", (4, 5), (4, 71)),
        ("identity1", "identity", 1, "B", "Allow", (4, 71), (5, 79)),
    ]


def test_explicit_deny_lists_the_deny_statements_of_every_type() -> None:
    d = decide(user(), identity=[doc(stmt(), stmt("Deny"))], boundary=deny(),
               scps=[[doc(stmt(), stmt("Deny"))]])
    assert d.decision == "explicitDeny"
    assert d.policy_type == "scp"
    assert [(m.policy_type, m.index, m.effect) for m in d.matched_statements] == [
        ("scp", 1, "Deny"), ("identity", 1, "Deny"), ("boundary", 0, "Deny")]
    assert d.type_decisions == {"scp": "explicitDeny", "identity": "explicitDeny",
                                "boundary": "explicitDeny"}


def test_type_decisions_report_each_type() -> None:
    d = decide(user(), identity=[allow()], boundary=NOTHING, scps=[[allow()]])
    assert d.type_decisions == {"scp": "allowed", "identity": "allowed",
                                "boundary": "implicitDeny"}
    assert [m.policy_type for m in d.matched_statements] == ["scp", "identity"]


def test_missing_context_values_by_type() -> None:
    cond = {"StringEquals": {"aws:PrincipalTag/team": "a", "aws:RequestedRegion": "x"}}
    d = decide(user(), identity=[allow(Condition=cond)],
               scps=[[allow(Condition={"Bool": {"aws:SecureTransport": "true"}})]],
               context={"aws:requestedregion": "x"})
    assert d.decision == "implicitDeny"
    assert d.missing_context_values == ("aws:SecureTransport", "aws:PrincipalTag/team")
    assert dict(d.missing_by_type) == {"scp": ("aws:SecureTransport",),
                                       "identity": ("aws:PrincipalTag/team",)}


def test_statements_not_selected_report_no_missing_keys() -> None:
    d = decide(user(), identity=[allow(action="ec2:*", Condition={"Null": {"ec2:x": "true"}})])
    assert d.missing_context_values == ()


@pytest.mark.parametrize(("kwargs", "reason"), [
    ({}, "because no identity-based policy allows the s3:GetObject action"),
    (dict(identity=[deny()]), "with an explicit deny in an identity-based policy"),
    (dict(identity=[allow()], resource_policy=grant_to(ACCOUNT, effect="Deny")),
     "with an explicit deny in a resource-based policy"),
    (dict(identity=[allow()], boundary=NOTHING),
     "because no permissions boundary allows the s3:GetObject action"),
    (dict(identity=[allow()], boundary=deny()), "with an explicit deny in a permissions boundary"),
    (dict(identity=[allow()], scps=[[deny()]]),
     "with an explicit deny in a service control policy"),
    (dict(identity=[allow()], scps=[[NOTHING]]),
     "because no service control policy allows the s3:GetObject action"),
    (dict(identity=[allow()], rcps=[[doc(stmt("Deny", Principal="*"))]]),
     "with an explicit deny in a resource control policy"),
])
def test_denial_reason_wording(kwargs: dict, reason: str) -> None:
    d = decide(user(), **kwargs)
    assert denial_reason(d, "s3:GetObject") == reason


def test_session_policy_reasons() -> None:
    d = decide(role_session(), identity=[allow()], session=[NOTHING])
    assert denial_reason(d, "s3:GetObject") == (
        "because no session policy allows the s3:GetObject action")
    d = decide(role_session(), identity=[allow()], session=[deny()])
    assert denial_reason(d, "s3:GetObject") == "with an explicit deny in a session policy"
    assert d.policy_type_label == "session policy"


def test_cross_account_reason_names_the_resource_policy() -> None:
    d = decide(user(account=OTHER), identity=[allow()], resource_account=ACCOUNT)
    assert denial_reason(d, "s3:GetObject") == (
        "because no resource-based policy allows the s3:GetObject action")


def test_statements_for_other_principals_report_no_missing_keys() -> None:
    policy = doc(stmt(Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"},
                      Condition={"StringEquals": {"k:x": "1"}}))
    d = decide(user(), resource_policy=policy)
    assert d.missing_context_values == ()


def test_denying_statement_and_policy_arn_in_reason() -> None:
    d = decide(user(), identity=[allow(), deny()], scps=[[allow()]])
    assert d.denying_statement is not None
    assert (d.denying_statement.policy_id, d.denying_statement.policy_type) == (
        "identity2", "identity")
    arn = f"arn:aws:iam::{ACCOUNT}:policy/NoS3"
    assert denial_reason(d, "s3:GetObject", arn) == (
        f"with an explicit deny in an identity-based policy: {arn}")
    allowed = decide(user(), identity=[allow()])
    assert allowed.denying_statement is None
    implicit = decide(user())
    assert denial_reason(implicit, "s3:GetObject", arn) == (
        "because no identity-based policy allows the s3:GetObject action")


CARLOS_IDENTITY = doc(
    stmt(action=["s3:GetBucketLocation", "s3:GetAccountPublicAccessBlock", "s3:ListAccessPoints",
                 "s3:ListAllMyBuckets"], resource="arn:aws:s3:::*", Sid="AllowS3ListRead"),
    stmt(action="s3:*", resource=["arn:aws:s3:::carlossalazar/*", "arn:aws:s3:::carlossalazar"],
         Sid="AllowS3Self"),
    stmt("Deny", action="s3:*", resource="arn:aws:s3:::*log*", Sid="DenyS3Logs"),
)
CARLOS_BUCKET = doc(stmt(action="s3:*", resource=["arn:aws:s3:::carlossalazar/*",
                                                  "arn:aws:s3:::carlossalazar"],
                         Principal={"AWS": f"arn:aws:iam::{ACCOUNT}:user/carlossalazar"}))


@pytest.mark.parametrize(("resource", "bucket_policy", "decision"), [
    ("arn:aws:s3:::carlossalazar-logs/file", None, "explicitDeny"),
    ("arn:aws:s3:::carlossalazar/file", CARLOS_BUCKET, "allowed"),
    ("arn:aws:s3:::carlossalazar/file", None, "allowed"),
    ("arn:aws:s3:::someone-else/file", None, "implicitDeny"),
])
def test_user_guide_carlos_example(resource: str, bucket_policy: str | None,
                                   decision: str) -> None:
    # "Example identity-based and resource-based policy evaluation" in the User Guide.
    d = decide(user("carlossalazar"), "s3:PutObject", resource, identity=[CARLOS_IDENTITY],
               resource_policy=bucket_policy)
    assert d.decision == decision


GET_LIST = doc(stmt(action=["iam:Get*", "iam:List*"], Sid="AllowGetList"),
               stmt("Deny", action="iam:*Report", Sid="DenyReports"))


@pytest.mark.parametrize(("action", "decision"), [
    ("iam:GetUser", "allowed"),
    ("iam:ListRoles", "allowed"),
    ("iam:CreatePolicy", "implicitDeny"),
    ("iam:GetOrganizationsAccessReport", "explicitDeny"),
    ("iam:GenerateCredentialReport", "explicitDeny"),
])
def test_user_guide_explicit_and_implicit_deny_example(action: str, decision: str) -> None:
    # "The difference between explicit and implicit denies": another allow does not help.
    d = decide(user(), action, "*", identity=[GET_LIST, allow(action="iam:GenerateCredentialReport")])
    assert d.decision == decision
