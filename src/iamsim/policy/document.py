"""Policy documents: parsing and validation with AWS's grammar and MalformedPolicyDocument messages.

Pure: text in, a normalized `PolicyDocument` (or MalformedPolicyDocument) out; no account
access, so the evaluation engine, the simulator and STS can reuse it.

IAM reports only the first problem it finds, and its checks run in stages; each stage has its
own message, so the order below is part of the observable behaviour:

1. grammar: JSON, known elements, types, Effect, Action/NotAction exclusivity, condition
   operators -> "Syntax errors in policy."
2. managed policies only: Version must be 2012-10-17
3. legacy parsing: Effect case, date condition values, ARNs with an empty vendor (an invalid
   partition or a missing vendor is reported first; short ARNs are accepted)
4. statement IDs (unique; alphanumeric in IAM policies)
5. every statement has actions
6. resource ARN format (messages carry the resource)
7. action vendor prefixes
8. rules of the policy kind (identity: no principal, resources required; trust: a principal,
   only sts:AssumeRole* actions, no resources; resource: a principal)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import lru_cache
from typing import Any, Literal

from ..errors import MalformedPolicyDocument

Kind = Literal["identity", "trust", "resource"]

VERSIONS = ("2012-10-17", "2008-10-17")
TOP_FIELDS = frozenset({"Version", "Id", "Statement"})
STATEMENT_FIELDS = frozenset({
    "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction",
    "Resource", "NotResource", "Condition",
})
PRINCIPAL_TYPES = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})

# Condition operators of the IAM policy reference; each (but Null) may end in IfExists, and
# each may be qualified by a set operator.
CONDITION_OPERATORS = frozenset({
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
    "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
})
SET_QUALIFIERS = ("ForAllValues", "ForAnyValue")

PARTITIONS = frozenset({
    "aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc",
})
IAM_RESOURCE_TYPES = (
    "user/", "federated-user/", "role/", "group/", "instance-profile/", "mfa/",
    "server-certificate/", "policy/", "sms-mfa/", "saml-provider/", "oidc-provider/",
    "report/", "access-report/",
)
# Services whose resource ARNs IAM refuses with a region (reported for s3 and route53).
_GLOBAL_SERVICES = frozenset({"s3", "route53"})
# Actions a role trust policy may grant (sts:AssumeRole and the session options it carries).
TRUST_ACTIONS = (
    "assumerole", "assumerolewithsaml", "assumerolewithwebidentity",
    "tagsession", "setsourceidentity", "setcontext",
)

SYNTAX = "Syntax errors in policy."
INVALID_JSON = "This policy contains invalid Json"
LEGACY = "The policy failed legacy parsing"
OLD_VERSION = "Policy document must be version 2012-10-17 or greater."
DUPLICATE_SID = "Statement IDs (SID) in a single policy must be unique."
SID_FORMAT = (
    "Statement IDs (SID) must be alpha-numeric. "
    "Check that your input satisfies the regular expression [0-9A-Za-z]*"
)
NO_ACTIONS = "Policy statement must contain actions."
NO_RESOURCES = "Policy statement must contain resources."
NO_VENDOR = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
TWO_COLONS = "Actions/Condition can contain only one colon."
HAS_PRINCIPAL = "Policy document should not specify a principal."
NO_PRINCIPAL = "Missing required field Principal"
TRUST_ACTION = "AssumeRole policy may only specify STS AssumeRole actions."
TRUST_RESOURCE = "Has prohibited field Resource"
VENDOR_REGEX = "Resource vendor must be fully qualified and cannot contain regexes."
# IAM's wording when a trust policy's Principal lists no principal at all ({"AWS": []}).
EMPTY_PRINCIPAL = (
    "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: "
    "The passed in policy has a statement with no principals!"
)

_ALLOWED_CHARS = re.compile(r"[\t\n\r\u0020-\u00ff]*\Z")
_SID = re.compile(r"[0-9A-Za-z]*\Z")
_VENDOR = re.compile(r"[A-Za-z0-9.\-]+\Z")
_ACCOUNT = re.compile(r"\d{12}\Z")
_SERVICE = re.compile(r"[A-Za-z0-9.\-]+\Z")
_EPOCH = re.compile(r"-?\d+\Z")
_EPOCH_MAX = 2**63 - 1  # a Java long: larger epoch values fail legacy parsing
# IAM's date parser is lenient ISO 8601 (recorded: "01T" and "2016-12-13t2:00:00.593194+23"
# are accepted): a year of 1-9 digits, one- or two-digit fields, a "T" (either case) that may
# end the value, an optional fraction and an offset of hours with optional minutes.
_ISO_DATE = re.compile(
    r"[+-]?\d{1,9}(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[Tt](?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,]\d{1,9})?)?)?)?"
    r"(?:[Zz]|[+-](\d{1,2})(?::?\d{2})?)?)?\Z"
)


@dataclass(frozen=True)
class Condition:
    """One key test: `ForAnyValue:StringLikeIfExists {"aws:TagKeys": [...]}` is operator
    "StringLike", qualifier "ForAnyValue", if_exists True. Values are strings, as IAM
    compares them (booleans "true"/"false", numbers as written)."""

    operator: str
    key: str
    values: tuple[str, ...]
    qualifier: str | None = None
    if_exists: bool = False

    @property
    def written(self) -> str:
        """The operator as the document spells it."""
        head = f"{self.qualifier}:" if self.qualifier else ""
        return f"{head}{self.operator}{'IfExists' if self.if_exists else ''}"


@dataclass(frozen=True)
class Statement:
    """A statement with every list element normalized to a tuple. Exactly one of
    actions/not_actions is set; resources/not_resources and principals/not_principals are
    at most one each. Principals map a type ("AWS", "Service", ...) to values;
    `"Principal": "*"` becomes {"AWS": ("*",)}, which AWS documents as equivalent."""

    effect: Literal["Allow", "Deny"]
    sid: str | None = None
    actions: tuple[str, ...] | None = None
    not_actions: tuple[str, ...] | None = None
    resources: tuple[str, ...] | None = None
    not_resources: tuple[str, ...] | None = None
    principals: dict[str, tuple[str, ...]] | None = None
    not_principals: dict[str, tuple[str, ...]] | None = None
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class PolicyDocument:
    version: str | None
    statements: tuple[Statement, ...]
    id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def validate_document(
    text: str, kind: Kind = "identity", *, managed: bool = False
) -> PolicyDocument:
    """Parse and validate a policy document; raise MalformedPolicyDocument as AWS does.

    Results are cached by text: test suites attach the same few documents to many entities,
    and the result is immutable (errors are not cached; they are raised afresh).
    """
    return _validated(text, kind, managed)


@lru_cache(maxsize=512)
def _validated(text: str, kind: Kind, managed: bool) -> PolicyDocument:
    """Uncached validation.

    `managed`: the document is a managed policy version (CreatePolicy, CreatePolicyVersion),
    which AWS accepts only in the 2012-10-17 language version.
    """
    if not _ALLOWED_CHARS.match(text):
        raise MalformedPolicyDocument(SYNTAX)
    raw = _load(text, kind)
    doc = _grammar(raw)
    if managed and doc.version != "2012-10-17":
        raise MalformedPolicyDocument(OLD_VERSION)
    _legacy(doc)
    _sids(doc, iam=kind != "resource")
    for st in doc.statements:
        if not (st.actions or st.not_actions):
            raise MalformedPolicyDocument(NO_ACTIONS)
    for st in doc.statements:
        for r in (st.resources or st.not_resources or ()):
            _check_resource(r)
    for st in doc.statements:
        for a in (st.actions or st.not_actions or ()):
            _check_action(a)
    _KIND_RULES[kind](doc)
    return doc


def policy_size(text: str) -> int:
    """Size as IAM counts it against quotas: characters other than white space."""
    return len("".join(text.split()))  # str.split() drops exactly the isspace() characters


def encode_for_response(text: str) -> str:
    """A document as a handler returns it: botocore URL-decodes and parses every policy
    document of an IAM response, so only '%' must be escaped for the text to survive.

    The wire path re-encodes it in full, as IAM sends it (protocol/query.py); the fast path
    hands it to botocore as is, where decoding then costs nearly nothing.
    """
    return text.replace("%", "%25") if "%" in text else text


def invalid_principal(ptype: str, value: str) -> MalformedPolicyDocument:
    """The error for a principal AWS cannot resolve (callers that know the account's
    entities, such as CreateRole, use it for principals that do not exist)."""
    label = "AWS" if ptype == "AWS" else ptype.upper()
    return MalformedPolicyDocument(f'Invalid principal in policy: "{label}":"{value}"')


# --- stage 1: grammar -------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _load(text: str, kind: Kind = "identity") -> Any:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        # A role trust policy that is not JSON is worded differently (reported from CreateRole).
        raise MalformedPolicyDocument(INVALID_JSON if kind == "trust" else SYNTAX) from None


def _syntax(ok: bool) -> None:
    if not ok:
        raise MalformedPolicyDocument(SYNTAX)


def _grammar(raw: Any) -> PolicyDocument:
    _syntax(isinstance(raw, dict) and raw.keys() <= TOP_FIELDS and "Statement" in raw)
    version = raw.get("Version")
    _syntax(version is None or version in VERSIONS)
    pid = raw.get("Id")
    _syntax(pid is None or isinstance(pid, str))
    body = raw["Statement"]
    items = [body] if isinstance(body, dict) else body
    _syntax(isinstance(items, list) and len(items) > 0)
    return PolicyDocument(version, tuple(_statement(s) for s in items), pid, raw)


def _strings(value: Any) -> tuple[str, ...]:
    """A string or a list of strings, as Action/Resource/principal values are written."""
    if isinstance(value, str):
        return (value,)
    _syntax(isinstance(value, list) and all(isinstance(v, str) for v in value))
    return tuple(value)


def _one_of(s: dict[str, Any], key: str) -> tuple[tuple[str, ...] | None, tuple[str, ...] | None]:
    _syntax(not (key in s and f"Not{key}" in s))
    pos = _strings(s[key]) if key in s else None
    neg = _strings(s[f"Not{key}"]) if f"Not{key}" in s else None
    return pos, neg


def _statement(s: Any) -> Statement:
    _syntax(isinstance(s, dict) and s.keys() <= STATEMENT_FIELDS)
    effect = s.get("Effect")
    _syntax(isinstance(effect, str) and effect.lower() in ("allow", "deny"))
    sid = s.get("Sid")
    _syntax(sid is None or isinstance(sid, str))
    actions, not_actions = _one_of(s, "Action")
    resources, not_resources = _one_of(s, "Resource")
    _syntax(not ("Principal" in s and "NotPrincipal" in s))
    principals = _principal(s["Principal"]) if "Principal" in s else None
    not_principals = _principal(s["NotPrincipal"]) if "NotPrincipal" in s else None
    conditions = _conditions(s["Condition"]) if "Condition" in s else ()
    return Statement(
        effect=effect,  # its case is checked by the legacy stage
        sid=sid,
        actions=actions,
        not_actions=not_actions,
        resources=resources,
        not_resources=not_resources,
        principals=principals,
        not_principals=not_principals,
        conditions=conditions,
    )


def _principal(value: Any) -> dict[str, tuple[str, ...]]:
    if value == "*":
        return {"AWS": ("*",)}
    _syntax(isinstance(value, dict) and len(value) > 0 and value.keys() <= PRINCIPAL_TYPES)
    return {k: _strings(v) for k, v in value.items()}


def _condition_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    _syntax(isinstance(v, str))
    return v


def _split_operator(written: str) -> tuple[str | None, str, bool]:
    qualifier = None
    op = written
    head, sep, rest = written.partition(":")
    if sep:
        _syntax(head in SET_QUALIFIERS)
        qualifier, op = head, rest
    if_exists = op.endswith("IfExists") and op != "IfExists"
    if if_exists:
        op = op[: -len("IfExists")]
    _syntax(op in CONDITION_OPERATORS and not (if_exists and op == "Null"))
    return qualifier, op, if_exists


def _conditions(block: Any) -> tuple[Condition, ...]:
    _syntax(isinstance(block, dict))
    out: list[Condition] = []
    for written, tests in block.items():
        _syntax(isinstance(tests, dict))
        if not tests:
            # AWS accepts any operator name with an empty block (recorded): it tests nothing.
            continue
        qualifier, op, if_exists = _split_operator(written)
        for key, value in tests.items():
            values = value if isinstance(value, list) else [value]
            out.append(Condition(
                op, key, tuple(_condition_value(v) for v in values), qualifier, if_exists
            ))
    return tuple(out)


# --- stage 3: legacy parsing --------------------------------------------------------------


def _legacy(doc: PolicyDocument) -> None:
    for st in doc.statements:
        if st.effect not in ("Allow", "Deny"):
            raise MalformedPolicyDocument(LEGACY)
        for c in st.conditions:
            if c.operator.startswith("Date") and not all(_is_date(v) for v in c.values):
                raise MalformedPolicyDocument(LEGACY)
        for r in (st.resources or st.not_resources or ()):
            _legacy_arn(r)


def _legacy_arn(r: str) -> None:
    """AWS accepts short ARNs ("arn:aws:fdsasf"); an invalid partition or a missing vendor
    is reported before legacy parsing, an empty vendor fails it (recorded 2024-2026)."""
    if not r.startswith("arn:"):
        return
    parts = r.split(":", 5)
    if len(parts) > 1:
        _check_partition(parts[1], _as_arn(parts))
    if len(parts) < 3:
        raise MalformedPolicyDocument(VENDOR_REGEX)
    if parts[2] == "":
        raise MalformedPolicyDocument(LEGACY)


def _as_arn(parts: list[str]) -> str:
    """The ARN IAM reads from `parts`: missing fields filled with "*"."""
    return ":".join(["arn", *parts[1:]] + ["*"] * (6 - len(parts)))


def _check_partition(partition: str, arn: str) -> None:
    if partition != "*" and partition not in PARTITIONS:
        raise MalformedPolicyDocument(f'Partition "{partition}" is not valid for resource "{arn}".')


def _is_date(value: str) -> bool:
    """ISO 8601 dates and date-times, or epoch seconds; policy variables are resolved later."""
    if "${" in value:
        return True
    if _EPOCH.match(value):
        return abs(int(value)) <= _EPOCH_MAX
    m = _ISO_DATE.match(value)
    if m is None:
        return False
    month, day, hour, minute, second, offset = (int(g) if g else None for g in m.groups())
    return (
        (month is None or 1 <= month <= 12)
        and (day is None or 1 <= day <= 31)
        and (hour is None or hour <= 23)
        and (minute is None or minute <= 59)
        and (second is None or second <= 59)
        and (offset is None or offset <= 23)
    )


# --- stages 4-7 ---------------------------------------------------------------------------


def _sids(doc: PolicyDocument, iam: bool) -> None:
    seen: set[str] = set()
    for st in doc.statements:
        if not st.sid:
            continue
        if st.sid in seen:
            raise MalformedPolicyDocument(DUPLICATE_SID)
        seen.add(st.sid)
    if iam:
        for st in doc.statements:
            if st.sid and not _SID.match(st.sid):
                raise MalformedPolicyDocument(SID_FORMAT)


def _check_resource(r: str) -> None:
    if r == "*":
        return
    parts = r.split(":", 5)
    if len(parts) == 1:
        raise MalformedPolicyDocument(f'Resource {r} must be in ARN format or "*".')
    # IAM reads the text as an ARN whatever its first field says, filling missing fields
    # with "*"; its messages show the ARN it read.
    fields = ["arn", *parts[1:]] + ["*"] * (6 - len(parts))
    arn = ":".join(fields)
    partition, service, region, account = fields[1], fields[2], fields[3], fields[4]
    _check_partition(partition, arn)
    if not service or "*" in service or "?" in service:
        raise MalformedPolicyDocument(VENDOR_REGEX)
    resource = fields[5]
    if service == "iam":
        if region:
            raise MalformedPolicyDocument(f"IAM resource {r} cannot contain region information.")
        if resource not in ("*", "root") and not resource.startswith(IAM_RESOURCE_TYPES):
            raise MalformedPolicyDocument(
                'IAM resource path must either be "*", root, or start with '
                + ", ".join(IAM_RESOURCE_TYPES) + "."
            )
    elif service in _GLOBAL_SERVICES and region not in ("", "*") and (
            # Buckets (no account) and Route 53 are global; S3 access points have a region.
            service == "route53" or (account == "" and not resource.startswith("accesspoint/"))):
        raise MalformedPolicyDocument(f"Resource {r} can not contain region information.")
    if service == "route53" and account not in ("", "*"):
        raise MalformedPolicyDocument(f"Resource {r} cannot contain an account id.")


def _check_action(a: str) -> None:
    if a == "*":
        return
    parts = a.split(":")
    if len(parts) == 1:
        raise MalformedPolicyDocument(NO_VENDOR)
    if len(parts) > 2:
        raise MalformedPolicyDocument(TWO_COLONS)
    vendor = parts[0]
    if vendor != "*" and not _VENDOR.match(vendor):
        raise MalformedPolicyDocument(f"Vendor {vendor} is not valid")


# --- stage 8: rules of each kind ----------------------------------------------------------


def _identity_rules(doc: PolicyDocument) -> None:
    for st in doc.statements:
        if st.principals is not None or st.not_principals is not None:
            raise MalformedPolicyDocument(HAS_PRINCIPAL)
    for st in doc.statements:
        if not (st.resources or st.not_resources):
            raise MalformedPolicyDocument(NO_RESOURCES)


def _is_trust_action(action: str) -> bool:
    vendor, _, name = action.lower().partition(":")
    return vendor == "sts" and any(fnmatchcase(t, name) for t in TRUST_ACTIONS)


def _trust_rules(doc: PolicyDocument) -> None:
    for st in doc.statements:
        if st.principals is None:
            raise MalformedPolicyDocument(NO_PRINCIPAL)
    for st in doc.statements:
        if not all(_is_trust_action(a) for a in (st.actions or st.not_actions or ())):
            raise MalformedPolicyDocument(TRUST_ACTION)
    for st in doc.statements:
        if st.resources is not None or st.not_resources is not None:
            raise MalformedPolicyDocument(TRUST_RESOURCE)
    for st in doc.statements:
        if not any((st.principals or {}).values()):  # e.g. {"AWS": []}
            raise MalformedPolicyDocument(EMPTY_PRINCIPAL)
        _check_principals(st.principals or {})


def _resource_rules(doc: PolicyDocument) -> None:
    for st in doc.statements:
        if st.principals is None and st.not_principals is None:
            raise MalformedPolicyDocument(NO_PRINCIPAL)
    for st in doc.statements:
        _check_principals(st.principals or st.not_principals or {})


def _check_principals(principals: dict[str, tuple[str, ...]]) -> None:
    for ptype, values in principals.items():
        for v in values:
            if not _principal_ok(ptype, v):
                raise invalid_principal(ptype, v)


def _principal_ok(ptype: str, v: str) -> bool:
    if ptype == "AWS":
        if v == "*" or _ACCOUNT.match(v):
            return True
        parts = v.split(":", 5)
        return (
            len(parts) == 6
            and parts[0] == "arn"
            and parts[1] in PARTITIONS
            and parts[2] in ("iam", "sts")
            and parts[3] == ""
            and (_ACCOUNT.match(parts[4]) is not None)
            and parts[5] != ""
        )
    if ptype == "Service":
        return v == "*" or (_SERVICE.match(v) is not None and "." in v)
    if ptype == "CanonicalUser":
        return re.fullmatch(r"[0-9a-f]{64}", v) is not None or v == "*"
    return v != ""  # Federated: a provider ARN or a web identity provider's name


_KIND_RULES = {"identity": _identity_rules, "trust": _trust_rules, "resource": _resource_rules}
