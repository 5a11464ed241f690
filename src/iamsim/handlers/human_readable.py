"""GetHumanReadableSummary: AWS writes the summary with a language model; iamsim writes a
deterministic one from the same facts. Only delegation requests can be summarized."""

from __future__ import annotations

from typing import Any

from ..dispatch import Call, handler
from ..errors import InvalidInput
from .delegation import get_request


@handler("iam", "GetHumanReadableSummary")
def get_human_readable_summary(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    arn = p["EntityArn"]
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or not parts[5].startswith(
        "delegation-request/"
    ):
        raise InvalidInput(
            f"Entity {arn} is not supported; only delegation-request entities can be summarized."
        )
    req = get_request(call, parts[5].split("/", 1)[1])
    locale = p.get("Locale") or "en"
    perms = req.permissions
    lines = [
        f"Account {req.requestor_id} requests temporary access to your account.",
        f"Purpose: {req.description}",
        f"Permissions template: {perms.get('PolicyTemplateArn', 'none')}",
    ]
    for param in perms.get("Parameters") or []:
        values = ", ".join(param.get("Values") or [])
        lines.append(f"Parameter {param.get('Name')}: {values}")
    hours, rest = divmod(req.session_duration, 3600)
    lines.append(f"Session duration: {hours} h {rest // 60} min, from when the token is sent.")
    lines.append(f"Current state: {req.state}.")
    return {"SummaryContent": "\n".join(lines), "Locale": locale, "SummaryState": "AVAILABLE"}
