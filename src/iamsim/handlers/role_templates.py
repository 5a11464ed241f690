"""GetRoleTemplateVersion / AcquireRole: roles made from IAM role templates.

A role template ARN has the form arn:aws:iam::aws:role-template/<service principal>/<Name>:<major>
for the templates AWS manages (AWS's directory lists their ARNs and parameter names, but not
their trust policies, permissions, name patterns or versions). iamsim holds no template
contents, so every well-formed role template ARN names a template that cannot be found here;
an ARN that is not a role template ARN is invalid input. Both checks come before any change,
so AcquireRole never creates a role.
"""

from __future__ import annotations

import re
from typing import Any

from ..dispatch import Call, handler
from ..errors import InvalidInput, NoSuchEntity
from ._common import check_arn

TEMPLATE_ARN = re.compile(r"arn:[a-z][a-z0-9-]*:iam::(aws|\d{12}):role-template/.+")


def _missing_template(p: dict[str, Any], minor_key: str) -> NoSuchEntity:
    arn = p["TemplateArn"]
    check_arn(arn)
    if not TEMPLATE_ARN.fullmatch(arn):
        raise InvalidInput(f"ARN {arn} is not a valid role template ARN.")
    minor = p.get(minor_key)
    if minor is not None and minor < 0:
        raise InvalidInput(f"Minor version {minor} is not valid: it must not be negative.")
    return NoSuchEntity(f"The role template with ARN {arn} cannot be found.")


@handler("iam", "GetRoleTemplateVersion")
def get_role_template_version(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    raise _missing_template(p, "MinorVersion")


@handler("iam", "AcquireRole")
def acquire_role(call: Call, p: dict[str, Any]) -> dict[str, Any]:
    raise _missing_template(p, "TemplateMinorVersion")
