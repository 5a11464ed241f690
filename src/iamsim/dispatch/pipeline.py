"""The request pipeline both interception paths share: authenticate, validate, authorize,
run the handler."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.model import OperationModel

from .. import clock
from ..caller import anonymous, authenticate
from ..errors import (
    IAMError,
    InvalidClientTokenId,
    MissingAuthenticationToken,
    NotImplementedOperation,
    ValidationError,
)
from ..validation import validator
from . import registry
from .call import Call
from .registry import HANDLERS, load_handlers

if TYPE_CHECKING:
    from ..authz.report import DecisionLog
    from ..model.account import Account
    from ..signing import Proof

# Services that report model-constraint violations under their own error code.
VALIDATION_CODES = {"cognito-idp": "InvalidParameterException",
                    "cognito-identity": "InvalidParameterException"}
# Services that answer an IAM denial under their own code and status (cognito-identity:
# AccessDeniedException, HTTP 400, as recorded in public reports).
# cognito-idp models AccessDeniedException ("you don't have sufficient permissions"); as a JSON
# service it answers 400 like cognito-identity (status not recorded for cognito-idp: chosen).
ACCESS_DENIED_CODES = {"cognito-identity": ("AccessDeniedException", 400),
                       "cognito-idp": ("AccessDeniedException", 400)}


def _may_call_iam(session: Any) -> bool:
    """GetFederationToken credentials never reach IAM; GetSessionToken ones only with MFA
    (GetSessionToken and GetFederationToken API references)."""
    if session.kind == "federated-user":
        return False
    return not (session.source == "GetSessionToken" and not session.mfa)


# Operations that change no state (anything else bumps Account.generation).
_READS = ("Get", "List", "Simulate", "Decode")
_PLAN = "_iamsim_plan"


class _Plan:
    """What the pipeline needs of an operation model, worked out on its first call and kept on
    the model (botocore caches its own derived facts there the same way), so no call repeats
    the lookups and nothing outlives the client."""

    __slots__ = ("key", "name", "service", "unsigned", "validate", "validation_code", "writes")

    def __init__(self, op: OperationModel) -> None:
        self.service = op.service_model.service_name
        self.name = op.name
        self.key = (self.service, self.name)
        self.unsigned = op.resolved_auth_type == "none"  # the model's unsigned operations
        self.validate = validator(op)
        self.validation_code = VALIDATION_CODES.get(self.service)
        self.writes = not self.name.startswith(_READS)


def _plan(op: OperationModel) -> _Plan:
    plan: _Plan | None = op.__dict__.get(_PLAN)
    if plan is None:
        plan = op.__dict__[_PLAN] = _Plan(op)
    return plan


def execute(
    account: Account,
    op: OperationModel,
    params: dict[str, Any],
    proof: Proof | None,
    region: str,
    strict: bool = False,
    enforce: bool = False,
    context: dict[str, Any] | None = None,
    report: DecisionLog | None = None,
) -> dict[str, Any]:
    """Run one request (`proof` None: it was not signed); return the result dict or raise
    IAMError. Holds the account lock so a call is atomic for concurrent clients."""
    if not registry.loaded:
        load_handlers()
    plan = op.__dict__.get(_PLAN) or _plan(op)
    service = plan.service
    with account.lock:
        if proof is not None:
            caller = authenticate(account, proof, strict)
        elif plan.unsigned:
            caller = anonymous(account)
        else:
            raise MissingAuthenticationToken()
        if service == "iam" and caller.session is not None and not _may_call_iam(caller.session):
            raise InvalidClientTokenId("The security token included in the request is invalid.")
        now = clock.now()
        try:
            try:
                plan.validate(params)
            except ValidationError as e:
                code = plan.validation_code
                if code is None:
                    raise
                raise IAMError(e.message, code, 400) from None
            fn = HANDLERS.get(plan.key)
            if fn is None:
                raise NotImplementedOperation(service, plan.name)
            call = Call(account, caller, service, plan.name, region, now, enforce, context,
                        report)
            if enforce:
                from ..authz.enforce import authorize

                try:
                    authorize(call, params)
                except IAMError as e:
                    denied = ACCESS_DENIED_CODES.get(service)
                    if denied is None or e.code != "AccessDenied":
                        raise
                    raise IAMError(e.message, *denied) from None
            result = fn(call, params)
            if plan.writes:
                account.generation += 1  # what was derived from the state may be stale now
            return result
        finally:
            key = caller.key
            if key is not None:
                # AWS records the last use of a key for any authenticated request.
                key.last_used_date = now
                key.last_used_service = service
                key.last_used_region = region
