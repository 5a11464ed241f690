"""Enforcement for the services another mock (moto) answers: decided at before-call, so a
denied call never reaches that mock.

The caller is resolved from the client's credentials as iamsim's own calls resolve it; the
root user may do anything its organization's SCPs allow. Each check of the call
(authz/services) is evaluated with the caller's identity policies, permissions boundary,
session policies and SCPs, and the resource's policy where the mock exposes it. A denied call
gets the error the service itself returns, in its protocol, parsed by botocore's own parser
from the bytes AWS would send.
"""

from __future__ import annotations

import json
import warnings
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from botocore.awsrequest import HeadersDict
from botocore.parsers import create_parser

from .. import clock
from ..errors import IAMError
from ..policy import (
    Decision,
    NormalizedContext,
    Policy,
    PolicySet,
    Request,
    denial_reason,
    evaluate,
    normalize_context,
)
from ..signing import ClientProof
from . import owners, resource_tags, via_kms
from .context import principal_keys, request_keys
from .enforce import denying_policy_arn, identity_in
from .org import is_management, org_context, organization_of, rcp_levels, scp_levels
from .principal import ROOT_PERMISSIONS
from .resource_policies import POLICY_SERVICES, leading_keys, real_arn, resource_policy
from .services import Check, Where, checks_for

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from ..mock import IamSim
    from ..model.account import Account
    from .principal import Identity


class UnmappedOperationWarning(UserWarning):
    """An operation whose IAM action iamsim cannot tell: it was allowed unchecked."""


def _unmapped(service: str, operation: str) -> None:
    # stacklevel: the warning points out of botocore's event machinery, at the hook
    warnings.warn(f"iamsim cannot tell which IAM action {service}:{operation} needs; it was "
                  f"allowed without authorization", UnmappedOperationWarning, stacklevel=3)


def iam_prefix(model: OperationModel) -> str:
    sm = model.service_model
    return str(sm.signing_name or sm.endpoint_prefix)


# Services whose resources RCPs govern (AWS Organizations User Guide, "RCPs", supported
# services: S3, STS, KMS, SQS, Secrets Manager at launch; ECR, OpenSearch Serverless, Cognito
# user pools, CloudWatch Logs and DynamoDB added in 2025).
RCP_SERVICES = frozenset({"s3", "kms", "sqs", "secretsmanager", "ecr", "aoss", "cognito-idp",
                          "logs", "dynamodb"})


# Services whose resource policies (or KMS keys used on the caller's behalf) can bind the
# root user of their own account.
_ROOT_BOUND = POLICY_SERVICES | {"ssm"}
# What the root user of a resource's account may do whatever the resource's policy says, so
# that an account cannot lock itself out: S3 API Reference, DeleteBucketPolicy ("the root
# principal in a bucket owner's account can perform the GetBucketPolicy, PutBucketPolicy,
# and DeleteBucketPolicy API actions, even if their bucket policy explicitly denies"; only
# Organizations policies bind it there); DynamoDB API Reference, DeleteResourcePolicy.
_ROOT_LOCKOUT_ESCAPES = frozenset({"s3:GetBucketPolicy", "s3:PutBucketPolicy",
                                   "s3:DeleteBucketPolicy", "dynamodb:DeleteResourcePolicy"})


def route_call(sim: IamSim, service: str, params: dict[str, Any], frozen: Any, region: str,
               request_dict: Any, context: dict[str, Any]) -> str:
    """Without enforcement: only name the account that owns what the call names."""
    caller = sim._account_of(ClientProof(frozen)) or sim.account_id
    return _route(sim, service, params, caller, (), request_dict, context)


def _route(sim: IamSim, service: str, params: dict[str, Any], caller: str,
           resources: Any, request_dict: Any, context: dict[str, Any] | None) -> str:
    # A scope of one account: whatever a call names is that account's.
    owner = caller if len(sim._known) == 1 else owners.owner_of(sim, caller, service, params,
                                                               resources)
    if context is not None:
        context[owners.HEADER] = owner
    if sim._routes:
        owners.route(request_dict, owner)
    return owner


def authorize_anonymous(sim: IamSim, model: OperationModel, params: dict[str, Any],
                        region: str, request_dict: Any = None,
                        context: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]] | None:
    """An unsigned request (botocore's UNSIGNED config): no identity side, so only the
    resource's policy can allow it (IAM User Guide: anonymous access is granted by a
    resource-based policy naming "*"); the resource's RCPs apply."""
    from ..partitions import partition_of
    from ..policy import Principal

    account = sim.account_in(partition_of(region))
    service = model.service_model.service_name
    where = Where(account.partition, region, account.id)
    checks = checks_for(iam_prefix(model), model.name, params, where)
    owner = _route(sim, service, params, account.id,
                   [c.resource for c in checks] if checks else (), request_dict, context)
    if not sim.enforce:
        return None
    if checks is None:
        _unmapped(service, model.name)
        return None
    owner_account = account if owner == account.id else \
        sim.account_in(account.partition, owner)
    homes = []
    for check in checks:  # each in its own resource's account (a copy's source bucket...)
        home = _home_of(sim, account, check.resource, owner_account, service)
        check.resource = real_arn(sim, home, service, model.name, region, check.resource,
                                  params)
        homes.append(home)
    principal = Principal("anonymous")
    now = clock.now()
    for check, home in zip(checks, homes, strict=True):
        resource = resource_policy(sim, home, service, region, check.resource, params)
        ctx: dict[str, Any] = {"aws:CurrentTime": now, "aws:EpochTime": int(now.timestamp()),
                               "aws:SecureTransport": True, "aws:RequestedRegion": region}
        ctx.update(org_context(home, "Resource"))
        if sim.context:
            ctx.update(sim.context)
        ctx.update(check.context)
        decision = evaluate(Request(principal, check.action, check.resource, ctx,
                                    resource_account=home.id,
                                    resource_in_management_account=is_management(home)),
                            PolicySet(resource=resource,
                                      rcps=rcp_levels(home) if service in RCP_SERVICES
                                      else None), explain=False)
        log = sim.report_log
        answer = None
        if not decision.allowed:
            rid = home.ids.request_id()
            if service == "s3":  # what S3 answers an anonymous caller
                answer = _error(model, 403, "AccessDenied", "Access Denied", rid)
            else:
                answer = denied(model, "anonymous", check.action, check.resource, decision,
                                None, rid)
        if log is not None:
            from .report import record

            record(log, home, None, "anonymous", check.action, check.resource, decision,
                   service, model.name, region, _spelled(service, check.action),
                   f'"{check.resource}"' if service == "s3" else None,
                   message=_message_of(model, answer))
        elif answer is not None:
            return answer
    return None


def authorize_call(sim: IamSim, model: OperationModel, params: dict[str, Any],
                   frozen: Any, region: str, request_dict: Any = None,
                   context: dict[str, Any] | None = None) -> tuple[Any, dict[str, Any]] | None:
    """None when the call may go on; else the (response, parsed) of the service's error."""
    proof = ClientProof(frozen)
    try:
        account, caller = sim.caller_for(proof, region)
    except IAMError:
        return unauthenticated(model, account_rid(sim))
    service = model.service_model.service_name
    where = Where(account.partition, region, account.id)
    checks = checks_for(iam_prefix(model), model.name, params, where)
    owner = _route(sim, service, params, account.id,
                   [c.resource for c in checks] if checks else (), request_dict, context)
    # The root user may do anything in its account outside an org's SCPs, except what a
    # resource's own policy denies it (and a KMS key policy must allow it: "No AWS principal,
    # including the account root user... has any permissions to a KMS key unless they are
    # explicitly allowed", KMS Developer Guide, "Key policies").
    root_free = caller.is_root and scp_levels(account) is None
    if root_free and owner == account.id and service not in _ROOT_BOUND:
        return None
    if checks is None:
        if not caller.is_root:
            _unmapped(service, model.name)
        return None
    home = account if owner == account.id else sim.account_in(account.partition, owner)
    # A KMS key the service uses on the caller's behalf (kms:ViaService): more checks, each
    # on the key, in the key's account.
    checks = checks + via_kms.checks(sim, home, service, model.name, params, region, where)
    # Read before taking the lock: a read is a call through the scope too.
    homes = []
    for check in checks:
        svc = check.via or service
        # Each check in the account of its own resource: a CopyObject's source bucket, a
        # batch's tables may live in other accounts than the call's owner.
        h = _home_of(sim, account, check.resource, home, svc)
        check.resource = real_arn(sim, h, svc, model.name, region, check.resource, params)
        homes.append(h)
    lazy: list[Any] = [None] * len(checks)
    if service == "dynamodb":
        # dynamodb:LeadingKeys is read (DescribeTable, the request's key values) only when a
        # policy looks it up: most decisions do not, and their cached answer then does not
        # depend on the item's key.
        def keys_of(i: int) -> dict[str, Any]:
            found = leading_keys(sim, home, region, model.name, params) or []
            keys = found[i] if i < len(found) else None
            return {} if keys is None else {"dynamodb:LeadingKeys": keys}

        lazy = [lambda i=i: keys_of(i) for i in range(len(checks))]
    resources = [resource_policy(sim, h, c.via or service, region, c.resource, params)
                 for c, h in zip(checks, homes, strict=True)]
    with account.lock:
        identity = identity_in(account, caller)
        now = clock.now()
        static = identity.normalized_keys
        if static is None:
            static = identity.normalized_keys = normalize_context(principal_keys(identity))
        base = request_keys(identity, region, now)
        base.update(org_context(account, "Principal"))
        for check, resource, h, more in zip(checks, resources, homes, lazy, strict=True):
            svc = check.via or service
            cross = h is not account
            ctx = dict(base)
            ctx.update(org_context(h, "Resource"))
            if sim.context:
                ctx.update(sim.context)
            ctx.update(check.context)
            if caller.is_root and h is account and check.via is None and \
                    check.action in _ROOT_LOCKOUT_ESCAPES:
                resource = None  # the resource's policy does not bind it here
            free = root_free and h is account
            if free and resource is None:
                continue  # nothing binds the root user here (and it is not recorded)
            decision = _decide(sim, account, h, identity, static, svc, check, resource, ctx,
                               region, params, more)
            log = sim.report_log
            if free and decision.allowed:
                continue
            answer = None
            if not decision.allowed:
                # AWS names the denying policy only within one account or organization.
                org = organization_of(h)
                outside = cross and (org is None or org is not organization_of(account))
                policy_arn = None if outside else denying_policy_arn(account, identity,
                                                                     decision)
                rid = account.ids.request_id()
                encoded = None
                if model.service_model.protocol == "ec2" and check.resource != "*":
                    encoded = _encode_failure(account, identity, check, decision, ctx)
                if check.via is not None:
                    answer = via_kms.denied(model, caller.arn, check.action, check.resource,
                                            decision, policy_arn, rid)
                else:
                    answer = denied(model, caller.arn, check.action, check.resource, decision,
                                    policy_arn, rid, encoded)
            if log is not None:
                from .report import record

                # A denial's message is the very one enforcement would raise (a KMS use
                # refused through Secrets Manager reads "Access to KMS is not allowed"; no
                # policy named across accounts outside an organization).
                record(log, account, identity, caller.arn, check.action, check.resource,
                       decision, service, model.name, region, _spelled(service, check.action),
                       f'"{check.resource}"' if service == "s3" else None,
                       message=_message_of(model, answer))
            elif answer is not None:
                return answer
    return None


def _decide(sim: IamSim, account: Account, home: Account, identity: Identity,
            static: dict[str, tuple[str, ...]], svc: str, check: Check, resource: Policy | None,
            ctx: dict[str, Any], region: str, params: dict[str, Any],
            more: Any = None) -> Decision:
    """The engine's decision, cached on the identity (rebuilt whenever a call may have changed
    IAM's state) for the same question: action, resource, resource policy (a new object
    whenever it is read again), organizations and the request's keys, the current second
    included. A decision that needed the resource's tags is not kept: tags change without
    IAM knowing. `more()`: keys to read only when a policy looked one of them up (a
    decision without them that looked them up is decided again with them)."""
    decision = _decide_once(sim, account, home, identity, static, svc, check, resource, ctx,
                            region, params)
    if more is not None and any(k.lower() == "dynamodb:leadingkeys"
                                for k in decision.missing_context_values):
        extra = more()
        if extra:
            ctx = {**ctx, **extra}
            check.context.update(extra)  # as the report and encoded messages show it
            return _decide_once(sim, account, home, identity, static, svc, check, resource,
                                ctx, region, params)
    return decision


def _decide_once(sim: IamSim, account: Account, home: Account, identity: Identity,
                 static: dict[str, tuple[str, ...]], svc: str, check: Check,
                 resource: Policy | None, ctx: dict[str, Any], region: str,
                 params: dict[str, Any]) -> Decision:
    cross = home is not account
    dynamic = normalize_context(ctx)
    orgs = (organization_of(account), organization_of(home))
    key = ("external", check.action, check.resource, id(resource), svc, home.id,
           tuple(o.version if o is not None else None for o in orgs),
           frozenset(dynamic.items()))
    decisions = identity.decisions
    hit = decisions.get(key)
    if hit is not None and hit[0] is resource:
        return hit[1]
    merged = NormalizedContext(static)
    merged.update(dynamic)
    in_management = is_management(home)
    request = Request(identity.principal, check.action, check.resource, merged,
                      resource_account=home.id if cross else None,
                      resource_in_management_account=in_management)
    # A KMS key policy must allow, itself or by naming the account (which hands the decision
    # to IAM policies): AWS KMS Developer Guide, "Key policies".
    policies = [ROOT_PERMISSIONS] if identity.principal.kind == "root" else identity.policies
    pset = PolicySet(identity=policies, resource=resource, boundary=identity.boundary,
                     session=identity.session, scps=scp_levels(account),
                     rcps=rcp_levels(home) if svc in RCP_SERVICES else None,
                     resource_required=svc == "kms" and resource is not None)
    decision = evaluate(request, pset, explain=False)
    if resource_tags.wanted(decision.missing_context_values):
        # A policy looked a resource tag up: read the resource's tags and decide again.
        ctx = dict(ctx)
        ctx.update(resource_tags.tag_context(home, svc, region, check.resource, params))
        tagged = NormalizedContext(static)
        tagged.update(normalize_context(ctx))
        return evaluate(Request(identity.principal, check.action, check.resource, tagged,
                                request.resource_account, in_management), pset, explain=False)
    if len(decisions) >= 4096:
        decisions.clear()
    decisions[key] = (resource, decision)
    return decision


def _encode_failure(account: Account, identity: Identity, check: Check, decision: Decision,
                    ctx: dict[str, Any]) -> str:
    """An encoded authorization failure message, kept for DecodeAuthorizationMessage: the
    decision and its context in the shape the STS API reference documents (allowed,
    explicitDeny, matchedStatements, failures, context with principal, action, resource and
    conditions)."""
    from ..model.sessions import AuthorizationMessages

    p = identity.principal

    def values(v: Any) -> list[dict[str, str]]:
        items = v if isinstance(v, (list, tuple)) else [v]
        return [{"value": str(i).lower() if isinstance(i, bool) else str(i)} for i in items]

    conditions = [{"key": k, "values": {"items": values(v)}} for k, v in ctx.items()
                  if v is not None and not hasattr(v, "tzinfo")]
    decoded = {
        "allowed": False,
        "explicitDeny": decision.decision == "explicitDeny",
        "matchedStatements": {"items": [
            {"statementId": m.sid or "", "effect": m.effect} for m in decision.matched_statements
            if m.effect == "Deny"]},
        "failures": {"items": []},
        "context": {"principal": {"id": p.unique_id or "", "arn": p.arn or ""},
                    "action": check.action, "resource": check.resource,
                    "conditions": {"items": conditions}},
    }
    token = account.ids.token(400, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789-_")
    return account.state(AuthorizationMessages).encode(decoded, token)


def _message_of(model: OperationModel, answer: tuple[Any, dict[str, Any]] | None) -> str | None:
    """The message of a denial; None (the record spells AWS's text) for a HEAD request,
    whose answer has no body."""
    if answer is None or model.http.get("method") == "HEAD":
        return None
    return str(answer[1].get("Error", {}).get("Message", ""))


def _home_of(sim: IamSim, account: Account, arn: str, default: Account | None = None,
             service: str = "") -> Account:
    """The scope's account that owns `arn` (an S3 bucket's: the one that created it through
    the scope), else `default` (the caller's `account` when None)."""
    aid = owners.account_in(arn)  # an S3 access point's ARN has its account
    if aid is None and service == "s3" and arn.startswith("arn:"):
        aid = sim._bucket_owners.get(arn.split(":", 5)[-1].split("/", 1)[0])
    if aid is None or aid not in sim._known:
        return default or account
    if aid == account.id:
        return account
    if default is not None and aid == default.id:
        return default
    return sim.account_in(account.partition, aid)


def account_rid(sim: IamSim) -> str:
    return str(sim.account.ids.request_id())


# -- the services' errors ------------------------------------------------------------------
# Recorded AWS answers (public issue threads quoting them): S3 `AccessDenied` 403 with the
# resource in double quotes; SQS `AccessDenied` 403 with the action in lower case
# (`sqs:sendmessage`); SNS `AuthorizationError` 403 with the prefix in upper case
# (`SNS:Publish`); DynamoDB and the other JSON services `AccessDeniedException` 400; Lambda
# (REST-JSON) `AccessDeniedException` 403.
def _spelled(service: str, action: str) -> str:
    if service == "sqs":
        return action.lower()
    if service == "sns":
        return "SNS:" + action.split(":", 1)[1]
    return action


def denied(model: OperationModel, arn: str, action: str, resource: str, decision: Decision,
           policy_arn: str | None, rid: str,
           encoded: str | None = None) -> tuple[Any, dict[str, Any]]:
    service = model.service_model.service_name
    shown = _spelled(service, action)
    reason = denial_reason(decision, shown, policy_arn)
    on = f'"{resource}"' if service == "s3" else resource
    message = f"User: {arn} is not authorized to perform: {shown} on resource: {on} {reason}"
    protocol = model.service_model.protocol
    if service == "s3":
        return _error(model, 403, "AccessDenied", message, rid)
    if service == "sqs":
        return _error(model, 403, "AccessDenied", message, rid)
    if service == "sns":
        return _error(model, 403, "AuthorizationError", message, rid)
    if protocol == "ec2":
        # EC2 (recorded answers): a request on `*` (Describe*) names no resource; one on a
        # resource ends with an encoded message that sts:DecodeAuthorizationMessage reads.
        if resource == "*":
            message = f"User: {arn} is not authorized to perform: {shown} {reason}"
        elif encoded is not None:
            message = f"{message}. Encoded authorization failure message: {encoded}"
        return _error(model, 403, "UnauthorizedOperation",
                      f"You are not authorized to perform this operation. {message}", rid)
    if protocol in ("query", "rest-xml") or \
            model.service_model.metadata.get("awsQueryCompatible") is not None:
        # XML services answer AccessDenied 403 (Route 53, CloudFront, as recorded; S3 above);
        # a service moved from the query protocol keeps its query error code (the
        # awsQueryCompatible trait): CloudWatch, SQS...
        return _error(model, 403, "AccessDenied", message, rid)
    status = 403 if protocol == "rest-json" else 400
    return _error(model, status, "AccessDeniedException", message, rid)


def unauthenticated(model: OperationModel, rid: str) -> tuple[Any, dict[str, Any]]:
    """Credentials AWS does not accept (a deleted or inactive key, a wrong secret...).
    Chosen from each protocol's usual answer; not recorded per service."""
    sm = model.service_model
    if sm.service_name == "s3":
        return _error(model, 403, "InvalidAccessKeyId",
                      "The AWS Access Key Id you provided does not exist in our records.", rid)
    text = "The security token included in the request is invalid."
    if sm.protocol in ("query", "ec2"):
        code = "AuthFailure" if sm.protocol == "ec2" else "InvalidClientTokenId"
        return _error(model, 401 if sm.protocol == "ec2" else 403, code, text, rid)
    return _error(model, 403 if sm.protocol == "rest-json" else 400,
                  "UnrecognizedClientException", text, rid)


def _cbor_text(text: str) -> bytes:
    raw = text.encode()
    return _cbor_head(3, len(raw)) + raw


def _cbor_head(major: int, n: int) -> bytes:
    """A CBOR item head (RFC 8949, section 3): major type and argument."""
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("too long")


def _cbor_map(items: dict[str, str]) -> bytes:
    """The error body of the Smithy RPC v2 CBOR protocol: a map of text strings."""
    out = bytearray(_cbor_head(5, len(items)))
    for k, v in items.items():
        out += _cbor_text(k) + _cbor_text(v)
    return bytes(out)


class _Response:
    """What botocore needs of an HTTP response that was never sent."""

    raw = None
    url = ""

    def __init__(self, status: int, headers: HeadersDict, body: bytes) -> None:
        self.status_code = status
        self.headers = headers
        self.content = body
        self.text = body.decode(errors="replace")


def _error(model: OperationModel, status: int, code: str, message: str,
           rid: str) -> tuple[Any, dict[str, Any]]:
    sm = model.service_model
    protocol = sm.protocol
    headers = HeadersDict({"x-amzn-requestid": rid})
    body: bytes
    if protocol == "rest-xml":
        headers = HeadersDict({"x-amz-request-id": rid[:16].replace("-", "").upper(),
                               "content-type": "application/xml"})
        body = b"" if model.http.get("method") == "HEAD" else (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{code}</Code><Message>{escape(message)}</Message>"
            f"<RequestId>{headers['x-amz-request-id']}</RequestId></Error>").encode()
    elif protocol in ("query", "ec2"):
        headers["content-type"] = "text/xml"
        if protocol == "ec2":
            body = (f"<Response><Errors><Error><Code>{code}</Code><Message>{escape(message)}"
                    f"</Message></Error></Errors><RequestID>{rid}</RequestID></Response>").encode()
        else:
            body = (f"<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code>"
                    f"<Message>{escape(message)}</Message></Error>"
                    f"<RequestId>{rid}</RequestId></ErrorResponse>").encode()
    elif protocol == "smithy-rpc-v2-cbor":
        headers["content-type"] = "application/cbor"
        headers["smithy-protocol"] = "rpc-v2-cbor"
        if sm.metadata.get("awsQueryCompatible") is not None:
            headers["x-amzn-query-error"] = f"{code};Sender"
        body = _cbor_map({"__type": f"com.amazon.coral.service#{code}", "message": message})
    elif protocol == "rest-json":
        headers["content-type"] = "application/json"
        headers["x-amzn-errortype"] = code
        body = json.dumps({"Type": "User", "Message": message}).encode()
    else:  # json
        headers["content-type"] = "application/x-amz-json-1.0"
        if sm.metadata.get("awsQueryCompatible") is not None:
            headers["x-amzn-query-error"] = f"{code};Sender"
        body = json.dumps({"__type": f"com.amazon.coral.service#{code}",
                           "Message": message}).encode()
    headers["content-length"] = str(len(body))
    parser = create_parser(protocol)
    parsed = parser.parse({"status_code": status, "headers": headers, "body": body},
                          model.output_shape)
    parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = 0
    return _Response(status, headers, body), parsed
