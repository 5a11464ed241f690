"""What the organization over an account means for a decision: SCP and RCP levels, the
management account's exemption, and the aws:*OrgID / aws:*OrgPaths keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..policy import Policy, compile_policy

if TYPE_CHECKING:
    from ..model.account import Account
    from ..model.organization import Organization


def organization_of(account: Account) -> Organization | None:
    org = account.organization()
    return org if org is not None and account.id in org.parents else None


def _levels(account: Account, kind: str) -> list[list[Policy]] | None:
    org = organization_of(account)
    if org is None:
        return None
    levels = org.levels(account.id, kind)
    if levels is None:
        return None
    return [[Policy(compile_policy(p.document), p.name, "scp" if kind.startswith("S") else "rcp")
             for p in level] for level in levels]


def scp_levels(account: Account) -> list[list[Policy]] | None:
    """The SCP hierarchy governing principals of `account`, root first (None: no org)."""
    return _levels(account, "SERVICE_CONTROL_POLICY")


def rcp_levels(account: Account) -> list[list[Policy]] | None:
    """The RCP hierarchy governing resources of `account`, root first (None: no org)."""
    return _levels(account, "RESOURCE_CONTROL_POLICY")


def is_management(account: Account) -> bool:
    org = organization_of(account)
    return org is not None and org.management_account == account.id


def org_context(account: Account, side: str) -> dict[str, Any]:
    """aws:PrincipalOrgID / aws:PrincipalOrgPaths (side "Principal") or aws:ResourceOrgID /
    aws:ResourceOrgPaths (side "Resource"), present only for accounts in an organization."""
    ctx: dict[str, Any] = {}
    if side == "Resource":
        ctx["aws:ResourceAccount"] = account.id
    org = organization_of(account)
    if org is None:
        return ctx
    ctx[f"aws:{side}OrgID"] = org.id
    ctx[f"aws:{side}OrgPaths"] = [org.org_path(account.id)]
    return ctx
