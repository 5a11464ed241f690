"""GetAccountSummary: entity counts from the account's real state and the quotas in force
(including any a scope raised). Families never used are counted as empty without creating
their state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ..dispatch import Call, handler
from ..model.account import Account
from ..model.account_settings import AccountSettings
from ..model.credentials import MFAState, ServerCertificateState, SigningCertificateState
from ..model.groups import GroupState
from ..model.policies import PolicyState
from ..model.providers import ProviderState
from ..model.roles import InstanceProfileState, RoleState
from .access_keys import RootKeys

S = TypeVar("S")

# Summary key -> quota key, for the quotas GetAccountSummary reports.
_QUOTA_KEYS = {
    "UsersQuota": "Users",
    "GroupsQuota": "Groups",
    "RolesQuota": "Roles",
    "PoliciesQuota": "Policies",
    "InstanceProfilesQuota": "InstanceProfiles",
    "ServerCertificatesQuota": "ServerCertificates",
    "GroupsPerUserQuota": "GroupsPerUserQuota",
    "AttachedPoliciesPerUserQuota": "AttachedPoliciesPerUserQuota",
    "AttachedPoliciesPerGroupQuota": "AttachedPoliciesPerGroupQuota",
    "AttachedPoliciesPerRoleQuota": "AttachedPoliciesPerRoleQuota",
    "AccessKeysPerUserQuota": "AccessKeysPerUserQuota",
    "SigningCertificatesPerUserQuota": "SigningCertificatesPerUserQuota",
    "PolicySizeQuota": "PolicySizeQuota",
    "UserPolicySizeQuota": "UserPolicySizeQuota",
    "GroupPolicySizeQuota": "GroupPolicySizeQuota",
    "RolePolicySizeQuota": "RolePolicySizeQuota",
    "AssumeRolePolicySizeQuota": "AssumeRolePolicySizeQuota",
    "VersionsPerPolicyQuota": "VersionsPerPolicyQuota",
    "PolicyVersionsInUseQuota": "PolicyVersionsInUse",
}


def _count(account: Account, cls: type[S], fn: Callable[[S], int]) -> int:
    return fn(account.state(cls)) if account.has_state(cls) else 0


def _attachments(state: PolicyState) -> int:
    """Managed policy versions in use: one (the default version) per attachment."""
    policies = list(state.customer.values()) + list(state.aws.values())
    return sum(p.attachment_count for p in policies)


def summary_map(account: Account) -> dict[str, int]:
    devices = list(account.state(MFAState).devices.values()) if account.has_state(
        MFAState) else []
    out = {
        "Users": len(account.users),
        "Groups": _count(account, GroupState, lambda s: len(s.groups)),
        "Roles": _count(account, RoleState, lambda s: len(s.roles)),
        "Policies": _count(account, PolicyState, lambda s: len(s.customer)),
        "PolicyVersionsInUse": _count(account, PolicyState, _attachments),
        "InstanceProfiles": _count(account, InstanceProfileState, lambda s: len(s.profiles)),
        "ServerCertificates": _count(
            account, ServerCertificateState, lambda s: len(s.certificates)
        ),
        "Providers": _count(account, ProviderState, lambda s: len(s.oidc) + len(s.saml)),
        "MFADevices": len(devices),
        "MFADevicesInUse": sum(1 for d in devices if d.user_id is not None),
        # The root user's MFA is managed outside the IAM API in iamsim, so it has none.
        "AccountMFAEnabled": 0,
        # AWS lists it (recorded 2026); an account is created with a root password, which
        # no IAM API removes, so it is present.
        "AccountPasswordPresent": 1,
        "AccountAccessKeysPresent": int(_count(account, RootKeys, lambda s: len(s.keys)) > 0),
        "AccountSigningCertificatesPresent": int(
            _count(account, SigningCertificateState, lambda s: len(s.root)) > 0
        ),
        "GlobalEndpointTokenVersion": _count(
            account, AccountSettings, lambda s: s.global_endpoint_token_version
        ) or 1,
    }
    for key, quota in _QUOTA_KEYS.items():
        out[key] = account.quotas[quota]
    return out


@handler("iam", "GetAccountSummary")
def get_account_summary(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    return {"SummaryMap": summary_map(call.account)}
