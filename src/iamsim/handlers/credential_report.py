"""The credential report: a CSV snapshot of every user's credentials, generated on request and
kept for four hours, with AWS's columns and its N/A, no_information and not_supported values."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from ..dispatch import Call, handler
from ..errors import ReportNotPresent
from ..model.account import Account
from ..model.account_settings import CredentialReport, ReportState
from ..model.credentials import SigningCertificateState
from ..model.password_policy import PasswordPolicyState
from ..model.users import AccessKey, User
from ._account_errors import ReportExpired
from .access_keys import RootKeys

COLUMNS = (
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,"
    "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,"
    "access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,"
    "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated"
)
# A report is reused for four hours; after that a new one is generated and the old one expires.
LIFETIME = _dt.timedelta(hours=4)
_STARTED = "No report exists. Starting a new report generation task"
_NOT_PRESENT = (
    "Unable to find the credential report. Use GenerateCredentialReport to generate a report."
)
_EXPIRED = (
    "The credential report has expired. Use GenerateCredentialReport to generate a new report."
)


def _ts(t: _dt.datetime | None, missing: str = "N/A") -> str:
    if t is None:
        return missing
    return t.astimezone(_dt.timezone.utc).isoformat(timespec="seconds")


def _key_cells(keys: list[AccessKey]) -> list[str]:
    cells: list[str] = []
    for i in range(2):
        if i < len(keys):
            k = keys[i]
            used = k.last_used_date is not None
            cells += [
                "true" if k.status == "Active" else "false",
                _ts(k.create_date),
                _ts(k.last_used_date),
                (k.last_used_region or "N/A") if used else "N/A",
                (k.last_used_service or "N/A") if used else "N/A",
            ]
        else:
            cells += ["false", "N/A", "N/A", "N/A", "N/A"]
    return cells


def _cert_cells(certs: list[Any]) -> list[str]:
    cells: list[str] = []
    for i in range(2):
        if i < len(certs):
            cells += ["true" if certs[i].status == "Active" else "false",
                      _ts(certs[i].upload_date)]
        else:
            cells += ["false", "N/A"]
    return cells


def _user_row(account: Account, user: User) -> list[str]:
    lp = user.login_profile
    passwords = account.state(PasswordPolicyState) if account.has_state(
        PasswordPolicyState) else None
    if lp is None:
        pw = ["false", "N/A", "N/A", "N/A"]
    else:
        changed = (passwords.changed.get(user.id) if passwords else None) or lp.create_date
        policy = passwords.policy if passwords else None
        rotation = "N/A"
        if policy is not None and policy.max_password_age:
            rotation = _ts(changed + _dt.timedelta(days=policy.max_password_age))
        pw = ["true", _ts(user.password_last_used, "no_information"), _ts(changed), rotation]
    return [
        user.name, user.arn, _ts(user.create_date), *pw,
        "true" if user.mfa_devices else "false",
        *_key_cells(list(user.access_keys.values())),
        *_cert_cells(list(user.signing_certificates.values())),
    ]


def _root_row(account: Account) -> list[str]:
    keys = list(account.state(RootKeys).keys.values()) if account.has_state(RootKeys) else []
    certs = list(account.state(SigningCertificateState).root.values()) if account.has_state(
        SigningCertificateState) else []
    return [
        "<root_account>", account.root_arn, _ts(account.created),
        "not_supported", "no_information", "not_supported", "not_supported",
        "false",  # iamsim manages no MFA device for the root user
        *_key_cells(keys), *_cert_cells(certs),
    ]


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def build_report(account: Account) -> bytes:
    rows = [_root_row(account)] + [_user_row(account, u) for u in account.users.values()]
    lines = [COLUMNS] + [",".join(_csv_cell(c) for c in row) for row in rows]
    return "\n".join(lines).encode()


@handler("iam", "GenerateCredentialReport")
def generate_credential_report(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    state = call.account.state(ReportState)
    report = state.credential_report
    if report is not None and call.now - report.generated < LIFETIME:
        return {"State": "COMPLETE"}
    state.credential_report = CredentialReport(
        generated=call.now, content=build_report(call.account)
    )
    return {"State": "STARTED", "Description": _STARTED}


@handler("iam", "GetCredentialReport")
def get_credential_report(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    account = call.account
    report = account.state(ReportState).credential_report if account.has_state(
        ReportState) else None
    if report is None or report.content is None:
        # AWS's ReportNotPresent carries no message (recorded GetCredentialReport, 2026).
        raise ReportNotPresent("")
    if call.now - report.generated >= LIFETIME:
        raise ReportExpired(_EXPIRED)
    return {
        "Content": report.content,
        "ReportFormat": "text/csv",
        "GeneratedTime": report.generated,
    }
