"""What a handler knows about the request besides its parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as _dt

    from ..authz.report import DecisionLog
    from ..caller import Caller
    from ..model.account import Account


@dataclass
class Call:
    """What a handler knows about the request besides its parameters."""

    account: Account
    caller: Caller
    service: str
    operation: str
    region: str
    now: _dt.datetime
    enforce: bool = False  # the scope decides permissions (mock_iam(enforce=True))
    # condition keys the scope adds to every decision (mock_iam(context={...}))
    context: dict[str, Any] | None = None
    # report mode (mock_iam(enforce="report")): where decisions are recorded, none refused
    report: DecisionLog | None = None

    @property
    def account_id(self) -> str:
        return self.account.id
