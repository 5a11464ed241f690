"""Account-wide settings and jobs: alias, STS token version, outbound federation, reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from .base import Record, Timestamp

if TYPE_CHECKING:
    from .account import Account


class AccountSettings:
    """Singletons of the account that no entity family owns."""

    def __init__(self, account: Account) -> None:
        self.alias: str | None = None
        self.global_endpoint_token_version = 1  # SetSecurityTokenServicePreferences
        self.outbound_federation = False
        self.issuer_identifier: str | None = None  # kept once generated, as AWS keeps it
        # PutAccountProperties: "Namespace/PropertyName" -> value, only those set explicitly
        # (GetAccountProperties adds the documented defaults of the others).
        self.properties: dict[str, str] = {}


class CredentialReport(Record):
    generated: Timestamp  # when GenerateCredentialReport started this report
    content: bytes | None = None  # filled when a later call finds it complete


class AccessJob(Record):
    """A service-last-accessed or Organizations access report job."""

    id: str
    kind: str  # "service" or "organizations"
    created: Timestamp
    arn: str | None = None
    granularity: str = "SERVICE_LEVEL"
    data: dict[str, Any] = Field(default_factory=dict)


class ReportState:
    def __init__(self, account: Account) -> None:
        self.credential_report: CredentialReport | None = None
        self.jobs: dict[str, AccessJob] = {}


class DelegationRequest(Record):
    id: str
    owner_account_id: str | None = None
    owner_id: str | None = None
    approver_id: str | None = None
    description: str
    request_message: str | None = None
    permissions: dict[str, Any] = Field(default_factory=dict)
    requestor_id: str
    requestor_workflow_id: str
    redirect_url: str | None = None
    notification_channel: str
    session_duration: int
    only_send_by_owner: bool = False
    state: str = "UNASSIGNED"
    notes: str | None = None
    rejection_reason: str | None = None
    create_date: Timestamp
    updated: Timestamp
    expiration: Timestamp


class DelegationState:
    def __init__(self, account: Account) -> None:
        self.requests: dict[str, DelegationRequest] = {}
        self.workflow_ids: set[str] = set()
