"""Temporary delegation requests and their human readable summary."""

from __future__ import annotations

from tests.helpers import raises_aws

PERMS = {"PolicyTemplateArn": "arn:aws:iam::aws:delegation-template/partner/Setup",
         "Parameters": [{"Name": "BucketName", "Values": ["my-bucket"], "Type": "string"}]}


def _create(iam, workflow="workflow-1", **kw):
    params = dict(Description="Set up monitoring", Permissions=PERMS,
                  RequestorWorkflowId=workflow,
                  NotificationChannel="arn:aws:sns:us-east-1:123456789012:partner",
                  SessionDuration=3600)
    params.update(kw)
    return iam.create_delegation_request(**params)["DelegationRequestId"]


def _get(iam, rid):
    return iam.get_delegation_request(DelegationRequestId=rid)["DelegationRequest"]


def test_create_and_get(iam):
    out = iam.create_delegation_request(
        Description="Set up monitoring", Permissions=PERMS, RequestorWorkflowId="wf-abc",
        NotificationChannel="arn:aws:sns:us-east-1:123456789012:partner",
        SessionDuration=900, RequestMessage="please", RedirectUrl="https://partner.example.com/x",
        OnlySendByOwner=True)
    rid = out["DelegationRequestId"]
    assert rid in out["ConsoleDeepLink"]
    req = _get(iam, rid)
    assert req["State"] == "UNASSIGNED"
    assert req["Description"] == "Set up monitoring"
    assert req["Permissions"] == PERMS
    assert req["RequestMessage"] == "please"
    assert req["SessionDuration"] == 900
    assert req["OnlySendByOwner"] is True
    assert req["RequestorId"] == "123456789012"
    assert req["ExpirationTime"] > req["CreateDate"]
    assert "OwnerId" not in req


def test_workflow_id_is_unique(iam):
    _create(iam)
    with raises_aws("EntityAlreadyExists", status=409):
        _create(iam)


def test_unknown_request(iam):
    rid = "x" * 20
    for op in ("get_delegation_request", "associate_delegation_request",
               "accept_delegation_request", "reject_delegation_request",
               "update_delegation_request", "send_delegation_token"):
        with raises_aws("NoSuchEntity", status=404):
            getattr(iam, op)(DelegationRequestId=rid)


def test_approval_path(iam):
    rid = _create(iam)
    iam.associate_delegation_request(DelegationRequestId=rid)
    req = _get(iam, rid)
    assert req["State"] == "ASSIGNED"
    assert req["OwnerId"] == "arn:aws:iam::123456789012:root"
    assert req["OwnerAccountId"] == "123456789012"
    iam.update_delegation_request(DelegationRequestId=rid, Notes="forwarded to admin")
    req = _get(iam, rid)
    assert req["State"] == "PENDING_APPROVAL" and req["Notes"] == "forwarded to admin"
    iam.accept_delegation_request(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "ACCEPTED"
    assert _get(iam, rid)["ApproverId"] == "arn:aws:iam::123456789012:root"
    iam.send_delegation_token(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "FINALIZED"
    with raises_aws("InvalidInput"):
        iam.reject_delegation_request(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "FINALIZED"


def test_transitions_out_of_order(iam):
    rid = _create(iam)
    with raises_aws("InvalidInput"):
        iam.accept_delegation_request(DelegationRequestId=rid)
    with raises_aws("InvalidInput"):
        iam.send_delegation_token(DelegationRequestId=rid)
    iam.associate_delegation_request(DelegationRequestId=rid)
    with raises_aws("InvalidInput"):
        iam.associate_delegation_request(DelegationRequestId=rid)
    with raises_aws("InvalidInput"):
        iam.send_delegation_token(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "ASSIGNED"


def test_reject_after_accept(iam):
    rid = _create(iam)
    iam.associate_delegation_request(DelegationRequestId=rid)
    iam.accept_delegation_request(DelegationRequestId=rid)
    iam.reject_delegation_request(DelegationRequestId=rid, Notes="changed my mind")
    req = _get(iam, rid)
    assert req["State"] == "REJECTED" and req["RejectionReason"] == "changed my mind"
    with raises_aws("InvalidInput"):
        iam.accept_delegation_request(DelegationRequestId=rid)
    with raises_aws("InvalidInput"):
        iam.update_delegation_request(DelegationRequestId=rid, Notes="x")


def test_targeted_at_another_account(iam):
    rid = _create(iam, OwnerAccountId="999999999999")
    with raises_aws("InvalidInput"):
        iam.associate_delegation_request(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "UNASSIGNED"


def test_only_send_by_owner(iam, client_for):
    iam.create_user(UserName="approver")
    key = iam.create_access_key(UserName="approver")["AccessKey"]
    other = client_for(key)
    rid = _create(iam, OnlySendByOwner=True)
    iam.associate_delegation_request(DelegationRequestId=rid)
    other.accept_delegation_request(DelegationRequestId=rid)
    assert _get(iam, rid)["ApproverId"] == "arn:aws:iam::123456789012:user/approver"
    with raises_aws("InvalidInput"):
        other.send_delegation_token(DelegationRequestId=rid)
    iam.send_delegation_token(DelegationRequestId=rid)
    assert _get(iam, rid)["State"] == "FINALIZED"


def test_list_only_owned_requests(iam):
    unowned = _create(iam, "wf-unowned")
    owned = [_create(iam, f"wf-own-{i}") for i in range(3)]
    for rid in owned:
        iam.associate_delegation_request(DelegationRequestId=rid)
    out = iam.list_delegation_requests()
    ids = [r["DelegationRequestId"] for r in out["DelegationRequests"]]
    assert sorted(ids) == sorted(owned) and unowned not in ids
    assert out["isTruncated"] is False
    page = iam.list_delegation_requests(MaxItems=2)
    assert len(page["DelegationRequests"]) == 2 and page["isTruncated"] is True
    rest = iam.list_delegation_requests(Marker=page["Marker"])
    assert len(rest["DelegationRequests"]) == 1
    mine = iam.list_delegation_requests(OwnerId="arn:aws:iam::123456789012:root")
    assert len(mine["DelegationRequests"]) == 3
    none = iam.list_delegation_requests(OwnerId="arn:aws:iam::123456789012:user/nobody")
    assert none["DelegationRequests"] == []


def test_permission_check(iam):
    rid = _create(iam)
    out = iam.get_delegation_request(DelegationRequestId=rid, DelegationPermissionCheck=True)
    assert out["PermissionCheckStatus"] == "COMPLETE"
    assert out["PermissionCheckResult"] == "ALLOWED"
    assert "PermissionCheckStatus" not in iam.get_delegation_request(DelegationRequestId=rid)


def test_human_readable_summary(iam):
    rid = _create(iam)
    arn = f"arn:aws:iam::123456789012:delegation-request/{rid}"
    out = iam.get_human_readable_summary(EntityArn=arn, Locale="en-US")
    assert out["SummaryState"] == "AVAILABLE" and out["Locale"] == "en-US"
    assert "Set up monitoring" in out["SummaryContent"]
    assert "my-bucket" in out["SummaryContent"]


def test_human_readable_summary_errors(iam):
    with raises_aws("InvalidInput", status=400):
        iam.get_human_readable_summary(EntityArn="arn:aws:iam::123456789012:user/alice")
    with raises_aws("NoSuchEntity", status=404):
        iam.get_human_readable_summary(
            EntityArn="arn:aws:iam::123456789012:delegation-request/" + "z" * 20)
