"""Temporary delegation requests: a partner creates one, the customer associates it with an
identity, approves (directly or after an Update that forwards it for approval) or rejects it,
and finally sends the exchange token. In one account the partner and the customer are the same
account, so the whole lifecycle can be driven; states follow the documented transitions:

UNASSIGNED -> ASSIGNED -> (PENDING_APPROVAL ->) ACCEPTED -> FINALIZED, and REJECTED from
ASSIGNED, PENDING_APPROVAL or ACCEPTED. Requests not finalized expire (EXPIRED).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..dispatch import Call, handler
from ..errors import EntityAlreadyExists, InvalidInput, NoSuchEntity
from ..model.account_settings import DelegationRequest, DelegationState
from ..pagination import paginate_list

_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
# Rejected requests expire after 7 days (RejectDelegationRequest); iamsim gives every open
# state the same lifetime.
LIFETIME = _dt.timedelta(days=7)
CONSOLE = "https://console.aws.amazon.com/iam/home#/delegation-requests/{}"


def _state(call: Call) -> DelegationState:
    return call.account.state(DelegationState)


def get_request(call: Call, request_id: str) -> DelegationRequest:
    req = None
    if call.account.has_state(DelegationState):
        req = _state(call).requests.get(request_id)
    if req is None:
        raise NoSuchEntity(f"Delegation request with id {request_id} does not exist.")
    if req.state not in ("FINALIZED", "EXPIRED") and call.now >= req.expiration:
        req.state = "EXPIRED"
    return req


def request_out(req: DelegationRequest) -> dict[str, Any]:
    out: dict[str, Any] = {
        "DelegationRequestId": req.id,
        "OwnerAccountId": req.owner_account_id,
        "Description": req.description,
        "RequestMessage": req.request_message,
        "Permissions": req.permissions,
        "OwnerId": req.owner_id,
        "ApproverId": req.approver_id,
        "State": req.state,
        "ExpirationTime": req.expiration,
        "RequestorId": req.requestor_id,
        "CreateDate": req.create_date,
        "SessionDuration": req.session_duration,
        "RedirectUrl": req.redirect_url,
        "Notes": req.notes,
        "RejectionReason": req.rejection_reason,
        "OnlySendByOwner": req.only_send_by_owner,
        "UpdatedTime": req.updated,
    }
    return {k: v for k, v in out.items() if v is not None}


def _require(req: DelegationRequest, states: tuple[str, ...], action: str) -> None:
    if req.state not in states:
        raise InvalidInput(
            f"Cannot {action} delegation request {req.id} in state {req.state}."
        )


def _touch(call: Call, req: DelegationRequest, state: str) -> None:
    req.state = state
    req.updated = call.now


@handler("iam", "CreateDelegationRequest")
def create_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    state = _state(call)
    workflow = p["RequestorWorkflowId"]
    if workflow in state.workflow_ids:
        raise EntityAlreadyExists(
            f"A delegation request with requestor workflow id {workflow} already exists."
        )
    permissions = p["Permissions"]
    if not permissions.get("PolicyTemplateArn"):
        raise InvalidInput("Permissions must include a PolicyTemplateArn.")
    ids = call.account.ids
    request_id = ids.chars(_ID_ALPHABET, 32)
    while request_id in state.requests:
        request_id = ids.chars(_ID_ALPHABET, 32)
    req = DelegationRequest(
        id=request_id,
        owner_account_id=p.get("OwnerAccountId"),
        description=p["Description"],
        request_message=p.get("RequestMessage"),
        permissions=permissions,
        requestor_id=call.account.id,
        requestor_workflow_id=workflow,
        redirect_url=p.get("RedirectUrl"),
        notification_channel=p["NotificationChannel"],
        session_duration=p["SessionDuration"],
        only_send_by_owner=bool(p.get("OnlySendByOwner", False)),
        create_date=call.now,
        updated=call.now,
        expiration=call.now + LIFETIME,
    )
    state.requests[request_id] = req
    state.workflow_ids.add(workflow)
    return {"ConsoleDeepLink": CONSOLE.format(request_id), "DelegationRequestId": request_id}


@handler("iam", "GetDelegationRequest")
def get_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    out: dict[str, Any] = {"DelegationRequest": request_out(req)}
    if p.get("DelegationPermissionCheck"):
        # The root user holds every permission; for others iamsim cannot tell the template's
        # actions, which is AWS's UNSURE.
        out["PermissionCheckStatus"] = "COMPLETE"
        out["PermissionCheckResult"] = "ALLOWED" if call.caller.is_root else "UNSURE"
    return out


@handler("iam", "ListDelegationRequests")
def list_delegation_requests(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    # Requests with no owner are not listed, even when they target this account.
    requests = list(_state(call).requests.values()) if call.account.has_state(
        DelegationState) else []
    owner = p.get("OwnerId")
    chosen = [
        get_request(call, r.id) for r in requests
        if r.owner_id is not None and r.owner_account_id == call.account.id
        and (owner is None or r.owner_id == owner)
    ]
    page, more = paginate_list(p, chosen, key=lambda r: f"{r.create_date.isoformat()}|{r.id}")
    out: dict[str, Any] = {"DelegationRequests": [request_out(r) for r in page]}
    out["isTruncated"] = more["IsTruncated"]
    if "Marker" in more:
        out["Marker"] = more["Marker"]
    return out


@handler("iam", "AssociateDelegationRequest")
def associate_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    if req.owner_account_id is not None and req.owner_account_id != call.account.id:
        raise InvalidInput(
            f"Delegation request {req.id} can only be associated with an identity of account "
            f"{req.owner_account_id}."
        )
    _require(req, ("UNASSIGNED",), "associate")
    req.owner_id = call.caller.arn
    req.owner_account_id = call.account.id
    _touch(call, req, "ASSIGNED")
    return {}


@handler("iam", "UpdateDelegationRequest")
def update_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    _require(req, ("ASSIGNED", "PENDING_APPROVAL"), "update")
    if p.get("Notes") is not None:
        req.notes = p["Notes"]
    _touch(call, req, "PENDING_APPROVAL")
    return {}


@handler("iam", "AcceptDelegationRequest")
def accept_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    _require(req, ("ASSIGNED", "PENDING_APPROVAL"), "accept")
    req.approver_id = call.caller.arn
    _touch(call, req, "ACCEPTED")
    return {}


@handler("iam", "RejectDelegationRequest")
def reject_delegation_request(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    _require(req, ("ASSIGNED", "PENDING_APPROVAL", "ACCEPTED"), "reject")
    if p.get("Notes") is not None:
        req.rejection_reason = p["Notes"]
    _touch(call, req, "REJECTED")
    req.expiration = call.now + LIFETIME
    return {}


@handler("iam", "SendDelegationToken")
def send_delegation_token(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    req = get_request(call, p["DelegationRequestId"])
    _require(req, ("ACCEPTED",), "send the token of")
    if req.only_send_by_owner and call.caller.arn != req.owner_id:
        raise InvalidInput(
            f"Only the owner of delegation request {req.id} can send its delegation token."
        )
    _touch(call, req, "FINALIZED")
    # The delegated session runs from now for SessionDuration seconds.
    req.expiration = call.now + _dt.timedelta(seconds=req.session_duration)
    return {}
