"""Policy documents: parsing and validation with AWS's grammar and messages.

TODO(policy helper): full grammar. The interface below is what handlers call.
"""

from __future__ import annotations

import json
from typing import Any, Literal
from urllib.parse import quote

from ..errors import MalformedPolicyDocument

Kind = Literal["identity", "trust", "resource"]


def validate_document(text: str, kind: Kind = "identity") -> dict[str, Any]:
    """Parse and validate a policy document; raise MalformedPolicyDocument as AWS does."""
    try:
        doc = json.loads(text)
    except ValueError:
        raise MalformedPolicyDocument("Syntax errors in policy.") from None
    if not isinstance(doc, dict):
        raise MalformedPolicyDocument("Syntax errors in policy.")
    return doc


def policy_size(text: str) -> int:
    """Size as IAM counts it against quotas: characters other than white space."""
    return sum(1 for c in text if not c.isspace())


def encode_for_response(text: str) -> str:
    """IAM returns documents URL-encoded; botocore decodes them back into a dict."""
    return quote(text, safe="")
