"""An AWS Organizations organization over the scope's accounts: root, OUs, accounts, and the
service control and resource control policies attached at each level.

Set up through the scope's Python API (`sim.organization(...)`, README "Organizations"); the
organizations service itself is not emulated. AWS attaches FullAWSAccess (and
RCPFullAWSAccess) to the root, every OU and every account when policy types are enabled, so a
new target allows everything until a policy is detached or a Deny is added; as in AWS, a level
with no policy attached allows nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..ids import IdGenerator

_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz"

FULL_AWS_ACCESS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "*", "Resource": "*"}]})
# RCPFullAWSAccess as AWS publishes it: every principal, every action, every resource.
RCP_FULL_AWS_ACCESS = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]})


@dataclass
class OrgPolicy:
    id: str
    name: str
    kind: str  # "SERVICE_CONTROL_POLICY" | "RESOURCE_CONTROL_POLICY"
    document: str


@dataclass
class Organization:
    id: str
    root_id: str
    management_account: str
    parents: dict[str, str] = field(default_factory=dict)  # OU or account -> parent id
    ou_names: dict[str, str] = field(default_factory=dict)
    attached: dict[str, list[str]] = field(default_factory=dict)  # target -> policy ids
    policies: dict[str, OrgPolicy] = field(default_factory=dict)
    ids: Any = None  # the management account's IdGenerator: IDs repeat with a seed
    version: int = 0  # bumped by every change: decisions cached before it are stale

    @classmethod
    def create(cls, management_account: str, ids: IdGenerator) -> Organization:
        org = cls(f"o-{ids.chars(_ALNUM, 10)}", f"r-{ids.chars(_ALNUM, 4)}", management_account,
                  ids=ids)
        org._defaults(org.root_id)
        org.parents[management_account] = org.root_id
        org._defaults(management_account)
        return org

    def _defaults(self, target: str) -> None:
        for name, kind, doc in (("FullAWSAccess", "SERVICE_CONTROL_POLICY", FULL_AWS_ACCESS),
                                ("RCPFullAWSAccess", "RESOURCE_CONTROL_POLICY",
                                 RCP_FULL_AWS_ACCESS)):
            pid = f"p-{name}"
            self.policies.setdefault(pid, OrgPolicy(pid, name, kind, doc))
            self.attached.setdefault(target, []).append(pid)

    def _target(self, target: str | None) -> str:
        target = target or self.root_id
        if target != self.root_id and target not in self.parents:
            raise ValueError(f"{target!r} is not the root, an OU or an account of {self.id}")
        return target

    # -- structure -----------------------------------------------------------------------
    def create_ou(self, name: str, parent: str | None = None) -> str:
        self.version += 1
        parent = self._target(parent)
        if parent in self.parents and not parent.startswith("ou-") and parent != self.root_id:
            raise ValueError("an OU's parent is the root or another OU")
        ou = f"ou-{self.root_id[2:]}-{self.ids.chars(_ALNUM, 8)}"
        self.parents[ou] = parent
        self.ou_names[ou] = name
        self._defaults(ou)
        return ou

    def add_account(self, account_id: str, parent: str | None = None) -> None:
        """Put an account of the scope under the root or an OU (moving it if it is in)."""
        self.version += 1
        parent = self._target(parent)
        if not (parent == self.root_id or parent.startswith("ou-")):
            raise ValueError("an account's parent is the root or an OU")
        if account_id not in self.parents:
            self._defaults(account_id)
        self.parents[account_id] = parent

    def path(self, target: str) -> list[str]:
        """Root first, down to `target`."""
        chain = [target]
        while chain[-1] != self.root_id:
            chain.append(self.parents[chain[-1]])
        return chain[::-1]

    def org_path(self, account_id: str) -> str:
        """aws:PrincipalOrgPaths / aws:ResourceOrgPaths: o-x/r-x/ou-x/.../ (OUs only)."""
        levels = [t for t in self.path(account_id)[:-1]]
        return "/".join([self.id, *levels]) + "/"

    # -- policies --------------------------------------------------------------------------
    def _policy(self, document: str | dict[str, Any], name: str | None, kind: str) -> OrgPolicy:
        text = document if isinstance(document, str) else json.dumps(document)
        from ..policy.document import validate_document

        # SCPs have the identity-policy grammar; RCPs name principals, as resource policies do.
        validate_document(text, "identity" if kind == "SERVICE_CONTROL_POLICY" else "resource")
        pid = f"p-{self.ids.chars(_ALNUM, 8)}"
        policy = OrgPolicy(pid, name or pid, kind, text)
        self.policies[pid] = policy
        return policy

    def attach_scp(self, document: str | dict[str, Any], target: str | None = None,
                   name: str | None = None) -> str:
        """Attach a service control policy to the root (default), an OU or an account."""
        return self._attach("SERVICE_CONTROL_POLICY", document, target, name)

    def attach_rcp(self, document: str | dict[str, Any], target: str | None = None,
                   name: str | None = None) -> str:
        """Attach a resource control policy to the root (default), an OU or an account."""
        return self._attach("RESOURCE_CONTROL_POLICY", document, target, name)

    def _attach(self, kind: str, document: str | dict[str, Any], target: str | None,
                name: str | None) -> str:
        self.version += 1
        target = self._target(target)
        policy = self._policy(document, name, kind)
        self.attached.setdefault(target, []).append(policy.id)
        return policy.id

    def detach(self, policy_id: str, target: str | None = None) -> None:
        """Detach a policy (FullAWSAccess is `p-FullAWSAccess`) from a target."""
        self.version += 1
        target = self._target(target)
        ids = self.attached.get(target, [])
        if policy_id not in ids:
            raise ValueError(f"{policy_id} is not attached to {target}")
        ids.remove(policy_id)

    def levels(self, account_id: str, kind: str) -> list[list[OrgPolicy]] | None:
        """The policies of `kind` at each level from the root down to the account; None when
        the account is not in the organization."""
        if account_id not in self.parents:
            return None
        return [[self.policies[p] for p in self.attached.get(t, [])
                 if self.policies[p].kind == kind] for t in self.path(account_id)]
