"""Operations that need AWS Organizations. An iamsim account is a standalone account that
belongs to no organization, so these answer what AWS answers such an account."""

from __future__ import annotations

import uuid
from typing import Any

from ..dispatch import Call, handler
from ..errors import NoSuchEntity
from ..model.account_settings import AccessJob, ReportState
from ._account_errors import OrganizationNotFound

_NO_ORGANIZATION = (
    "The request was rejected because no organization is associated with your account."
)


def _no_organization(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    raise OrganizationNotFound(_NO_ORGANIZATION)


for _op in (
    "ListOrganizationsFeatures",
    "EnableOrganizationsRootCredentialsManagement",
    "DisableOrganizationsRootCredentialsManagement",
    "EnableOrganizationsRootSessions",
    "DisableOrganizationsRootSessions",
):
    handler("iam", _op)(_no_organization)


@handler("iam", "GenerateOrganizationsAccessReport")
def generate_organizations_access_report(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    # The job is accepted; it fails because the account is not an organization's management
    # account, which GetOrganizationsAccessReport reports in ErrorDetails.
    account = call.account
    job_id = str(uuid.UUID(bytes=account.ids.randbytes(16), version=4))
    account.state(ReportState).jobs[job_id] = AccessJob(
        id=job_id, kind="organizations", created=call.now,
        data={"EntityPath": p["EntityPath"]},
    )
    return {"JobId": job_id}


@handler("iam", "GetOrganizationsAccessReport")
def get_organizations_access_report(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    job = account.state(ReportState).jobs.get(p["JobId"]) if account.has_state(
        ReportState) else None
    if job is None or job.kind != "organizations":
        raise NoSuchEntity(f"No report found for job id {p['JobId']}.")
    return {
        "JobStatus": "FAILED",
        "JobCreationDate": job.created,
        "JobCompletionDate": job.created,
        "ErrorDetails": {"Code": "OrganizationNotFoundException", "Message": _NO_ORGANIZATION},
    }
