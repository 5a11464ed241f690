"""IAM quotas in one table. Adjustable ones can be raised per scope, as AWS lets users do."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import LimitExceeded


@dataclass(frozen=True)
class Quota:
    default: int
    adjustable_max: int | None = None  # None: AWS does not let it be raised
    name: str | None = None  # as AWS names it in "Cannot exceed quota for <name>: <limit>"


# Keys are the names AWS uses in GetAccountSummary; LimitExceeded messages use `name` when set
# (account-wide counts: "Cannot exceed quota for UsersPerAccount: 5000", as AWS answers).
QUOTAS: dict[str, Quota] = {
    "Users": Quota(5000, name="UsersPerAccount"),
    "Groups": Quota(300, 500, name="GroupsPerAccount"),
    "Roles": Quota(1000, 5000, name="RolesPerAccount"),
    "Policies": Quota(1500, 5000, name="PoliciesPerAccount"),
    "InstanceProfiles": Quota(1000, 5000, name="InstanceProfilesPerAccount"),
    "ServerCertificates": Quota(20, 1000, name="ServerCertificatesPerAccount"),
    "Providers": Quota(100),
    "GroupsPerUserQuota": Quota(10),
    "AttachedPoliciesPerUserQuota": Quota(10, 20),
    "AttachedPoliciesPerGroupQuota": Quota(10),
    "AttachedPoliciesPerRoleQuota": Quota(10, 25),
    "AccessKeysPerUserQuota": Quota(2),
    "SigningCertificatesPerUserQuota": Quota(2, name="CertificatesPerUser"),
    "SSHPublicKeysPerUserQuota": Quota(5),
    "MFADevicesPerUser": Quota(8),
    "PolicyVersionsInUse": Quota(10000),
    "VersionsPerPolicyQuota": Quota(5),
    "PolicySizeQuota": Quota(6144),
    "UserPolicySizeQuota": Quota(2048),
    "GroupPolicySizeQuota": Quota(5120),
    "RolePolicySizeQuota": Quota(10240),
    "AssumeRolePolicySizeQuota": Quota(2048, 8192),
    "InstanceSessionsPerInstanceProfile": Quota(1),
    "GlobalEndpointTokenVersion": Quota(1),
    "ServiceSpecificCredentialsPerUserPerService": Quota(2),
    "TagsPerEntity": Quota(50),
}


class Quotas:
    def __init__(self, overrides: dict[str, int] | None = None) -> None:
        self._values = {k: q.default for k, q in QUOTAS.items()}
        for key, value in (overrides or {}).items():
            self.raise_to(key, value)

    def raise_to(self, key: str, value: int) -> None:
        """Set a quota the way a Service Quotas increase would: only up, within AWS's maximum."""
        q = QUOTAS.get(key)
        if q is None:
            raise KeyError(f"unknown IAM quota {key!r}; known: {', '.join(sorted(QUOTAS))}")
        if value != q.default and (q.adjustable_max is None or value > q.adjustable_max):
            limit = "is not adjustable" if q.adjustable_max is None else f"max {q.adjustable_max}"
            raise ValueError(f"IAM quota {key} cannot be set to {value}: {limit}")
        self._values[key] = value

    def __getitem__(self, key: str) -> int:
        return self._values[key]

    def items(self) -> list[tuple[str, int]]:
        return list(self._values.items())

    def check(self, key: str, current: int, adding: int = 1, message: str | None = None) -> None:
        """Raise LimitExceeded when `current + adding` would pass the quota."""
        limit = self._values[key]
        if current + adding > limit:
            name = QUOTAS[key].name or key.removesuffix("Quota")
            raise LimitExceeded(message or f"Cannot exceed quota for {name}: {limit}")
