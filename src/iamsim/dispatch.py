"""Operation name -> handler, and the request pipeline both interception paths share."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.model import OperationModel

from . import clock
from .caller import Caller, anonymous, authenticate
from .errors import (
    IAMError,
    InvalidClientTokenId,
    MissingAuthenticationToken,
    NotImplementedOperation,
    ValidationError,
)
from .validation import validator

if TYPE_CHECKING:
    import datetime as _dt

    from .model.account import Account
    from .signing import Proof

Handler = Callable[["Call", dict[str, Any]], dict[str, Any]]
HANDLERS: dict[tuple[str, str], Handler] = {}
# Services that report model-constraint violations under their own error code.
VALIDATION_CODES = {"cognito-idp": "InvalidParameterException",
                    "cognito-identity": "InvalidParameterException"}
# Services that answer an IAM denial under their own code and status (cognito-identity:
# AccessDeniedException, HTTP 400, as recorded in public reports).
# cognito-idp models AccessDeniedException ("you don't have sufficient permissions"); as a JSON
# service it answers 400 like cognito-identity (status not recorded for cognito-idp: chosen).
ACCESS_DENIED_CODES = {"cognito-identity": ("AccessDeniedException", 400),
                       "cognito-idp": ("AccessDeniedException", 400)}
_loaded = False


def handler(service: str, operation: str) -> Callable[[Handler], Handler]:
    """Register `fn` as the implementation of service:operation."""

    def register(fn: Handler) -> Handler:
        HANDLERS[(service, operation)] = fn
        return fn

    return register


def load_handlers() -> None:
    """Import every module of the handler packages once; they register themselves."""
    global _loaded
    if _loaded:
        return
    from . import handlers, sts
    from .cognito import handlers as cognito_handlers
    from .cognito_identity import handlers as identity_handlers

    for pkg in (handlers, sts, cognito_handlers, identity_handlers):
        for mod in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{pkg.__name__}.{mod.name}")
    _loaded = True


def _may_call_iam(session: Any) -> bool:
    """GetFederationToken credentials never reach IAM; GetSessionToken ones only with MFA
    (GetSessionToken and GetFederationToken API references)."""
    if session.kind == "federated-user":
        return False
    return not (session.source == "GetSessionToken" and not session.mfa)


# Operations that change no state (anything else bumps Account.generation).
_READS = ("Get", "List", "Simulate", "Decode")


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

    @property
    def account_id(self) -> str:
        return self.account.id


def execute(
    account: Account,
    op: OperationModel,
    params: dict[str, Any],
    proof: Proof | None,
    region: str,
    strict: bool = False,
    enforce: bool = False,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run one request (`proof` None: it was not signed); return the result dict or raise
    IAMError. Holds the account lock so a call is atomic for concurrent clients."""
    if not _loaded:
        load_handlers()
    service = op.service_model.service_name
    name = op.name
    with account.lock:
        if proof is not None:
            caller = authenticate(account, proof, strict)
        elif op.resolved_auth_type == "none":  # the model's unsigned operations
            caller = anonymous(account)
        else:
            raise MissingAuthenticationToken()
        if service == "iam" and caller.session is not None and not _may_call_iam(caller.session):
            raise InvalidClientTokenId("The security token included in the request is invalid.")
        now = clock.now()
        try:
            try:
                validator(op)(params)
            except ValidationError as e:
                code = VALIDATION_CODES.get(service)
                if code is None:
                    raise
                raise IAMError(e.message, code, 400) from None
            fn = HANDLERS.get((service, name))
            if fn is None:
                raise NotImplementedOperation(service, name)
            call = Call(account, caller, service, name, region, now, enforce, context)
            if enforce:
                from .authz.enforce import authorize

                try:
                    authorize(call, params)
                except IAMError as e:
                    denied = ACCESS_DENIED_CODES.get(service)
                    if denied is None or e.code != "AccessDenied":
                        raise
                    raise IAMError(e.message, *denied) from None
            result = fn(call, params)
            if not name.startswith(_READS):
                account.generation += 1  # what was derived from the state may be stale now
            return result
        finally:
            key = caller.key
            if key is not None:
                # AWS records the last use of a key for any authenticated request.
                key.last_used_date = now
                key.last_used_service = service
                key.last_used_region = region


__all__ = ["HANDLERS", "Call", "IAMError", "execute", "handler", "load_handlers"]
