"""botocore interception: the fast path answers at before-call, the wire path in place of the
HTTP send.

How a call reaches iamsim, whatever else is patched:
- `BaseClient._emit_api_params` (which botocore's own `_make_api_call` always calls) attaches
  the fast-path hook to the client's event emitter on the client's first call in a scope. A
  test that replaces `_make_api_call` with a stub that calls the original botocore method, as
  moto's documentation shows, still reaches it; clients made before the scope or before
  `import iamsim` are attached the same way.
- `Endpoint._do_get_response` is where a request would go out. For the services iamsim
  emulates, iamsim answers there with real response bytes (the wire path) and no `before-send`
  handler runs, so another mock active at the same time (moto) never executes an IAM or STS
  request. For every other service the request goes to the other mocks' `before-send`
  handlers as usual, and if none answers it is refused, naming the service's operation.
- Credential providers of the world outside never run inside a scope (credentials.py).

Every patch is installed when the first scope starts and removed, with every hook, when the
last scope ends.
"""

from __future__ import annotations

import weakref
from typing import Any

from botocore.client import BaseClient
from botocore.endpoint import Endpoint
from botocore.validate import ParamValidationDecorator

from ..partitions import partition_of
from . import credentials, handoff, scopes
from .fast import PARAMS_KEY, WIRE_KEY, fast_path, is_signed
from .scopes import ScopeConflictError, current
from .wire import answering_view, refusing_view, wire_response

# botocore service names iamsim answers, and their hyphenized service ids (event names use
# the id).
SERVICES: dict[str, str] = {"iam": "iam", "sts": "sts", "cognito-idp": "cognito-identity-provider",
                            "cognito-identity": "cognito-identity"}
_HOOKED: weakref.WeakSet[Any] = weakref.WeakSet()
_originals: dict[str, Any] = {}


_AUTHZ: list[Any] = []


def _authz() -> Any:
    """authz/ and interop/ modules, imported on the first call to another service (not at
    `import iamsim`) and then kept: an import statement in the hook costs on every call."""
    if not _AUTHZ:
        from types import SimpleNamespace

        from ..authz import external, owners, resource_policies
        from ..interop import moto_iam

        _AUTHZ.append(SimpleNamespace(external=external, owners=owners,
                                      resource_policies=resource_policies, moto_iam=moto_iam))
    return _AUTHZ[0]


def _authorize_other(
    model: Any, params: Any, request_signer: Any, context: dict[str, Any], **_: Any
) -> Any:
    """Enforcement for the services another mock answers (authz/external.py): at before-call,
    so a denied call never reaches that mock. Also names the account that is to answer
    (authz/owners.py)."""
    sim = current()
    service = model.service_model.service_name
    if sim is None or service in SERVICES:
        return None
    z = _authz()
    owners, resource_policies, moto_iam = z.owners, z.resource_policies, z.moto_iam
    reading = resource_policies.reading()
    if reading is not None:  # iamsim's own read, never authorized
        if sim._routes:
            owners.route(params, reading)
        return None
    resource_policies.observe(sim, service, model.name)  # a cached read may change
    hands_roles = (service, model.name) in moto_iam.OPERATIONS
    if not sim.enforce and not sim._routes and not hands_roles:
        return None
    external = z.external
    region = context.get("client_region") or "us-east-1"
    api_params = context.get(PARAMS_KEY, {})
    if not is_signed(context.get("auth_type"), request_signer):
        # An anonymous request: only a resource policy can allow it.
        return external.authorize_anonymous(sim, model, api_params, region, params, context)
    frozen = credentials.frozen(getattr(request_signer, "_credentials", None))
    if frozen is None:
        return None  # botocore's signer raises NoCredentialsError
    answer = None
    if not sim.enforce:
        external.route_call(sim, service, api_params, frozen, region, params, context)
    else:
        answer = external.authorize_call(sim, model, api_params, frozen, region, params,
                                         context)
    owner = context.get(owners.HEADER)  # the account that answers (authz/owners.py)
    if answer is None and hands_roles:
        moto_iam.hand_roles(sim, sim.account_in(partition_of(region), owner), service,
                            model.name, api_params)
    return answer


def _forget_after(model: Any, **_: Any) -> None:
    """Forget again, after the call, the cached reads it may have changed: authorizing the
    call read the state it was about to change (a PutBucketPolicy reads the bucket's policy
    to decide), and that old state must not outlive the change."""
    sim = current()
    service = model.service_model.service_name
    if sim is None or service in SERVICES:
        return
    resource_policies = _authz().resource_policies
    if resource_policies.reading() is None:
        resource_policies.observe(sim, service, model.name)


def _after_other(model: Any, http_response: Any, context: dict[str, Any], **_: Any) -> None:
    """The owner of a bucket made through the scope (authz/owners.py)."""
    sim = current()
    if sim is None or not sim._routes or model.service_model.service_name != "s3":
        return
    from ..authz import owners

    status = getattr(http_response, "status_code", 500)
    owners.after_call(sim, model.name, context.get(PARAMS_KEY, {}), status,
                      context.get(owners.HEADER))


def _hook(events: Any) -> None:
    for sid in SERVICES.values():
        events.register(f"before-call.{sid}", fast_path, unique_id=f"iamsim-c-{sid}")
    events.register("before-call", _authorize_other, unique_id="iamsim-c-other")
    events.register("after-call.s3", _after_other, unique_id="iamsim-a-s3")
    events.register("after-call", _forget_after, unique_id="iamsim-a-other")
    _HOOKED.add(events)


def _unhook(events: Any) -> None:
    for sid in SERVICES.values():
        events.unregister(f"before-call.{sid}", unique_id=f"iamsim-c-{sid}")
    events.unregister("before-call", unique_id="iamsim-c-other")
    events.unregister("after-call.s3", unique_id="iamsim-a-s3")
    events.unregister("after-call", unique_id="iamsim-a-other")


def _emit_api_params(
    self: BaseClient, api_params: Any, operation_model: Any, context: dict[str, Any]
) -> Any:
    api_params = _originals["emit_api_params"](self, api_params, operation_model, context)
    if scopes._owners:
        events = self.meta.events
        if events not in _HOOKED:
            _hook(events)
        context[PARAMS_KEY] = api_params
        # Leave to the wire path what only real bytes tell: a parser with its own blob or
        # timestamp parsers (the AWS CLI keeps blobs as base64 and timestamps as the wire
        # text), and a client without parameter validation (the server then sees whatever
        # the serializer made of the values).
        custom_parser = getattr(self._endpoint._response_parser_factory, "_defaults", None)
        if custom_parser or not isinstance(self._serializer, ParamValidationDecorator):
            context[WIRE_KEY] = True
    return api_params


def _do_get_response(self: Endpoint, request: Any, operation_model: Any, context: Any) -> Any:
    original = _originals["do_get_response"]
    if not scopes._owners:
        return original(self, request, operation_model, context)
    service = operation_model.service_model.service_name
    if service in SERVICES and not handoff.active():
        sim = current()
        if sim is not None:
            try:
                response = wire_response(sim, request, operation_model)
            except Exception as e:  # as botocore treats a failed send
                return (None, e)
            return original(answering_view(self, response), request, operation_model, context)
    return original(refusing_view(self, operation_model), request, operation_model, context)


def install() -> None:
    if _originals:
        return
    _originals["emit_api_params"] = BaseClient._emit_api_params
    _originals["do_get_response"] = Endpoint._do_get_response
    BaseClient._emit_api_params = _emit_api_params
    Endpoint._do_get_response = _do_get_response
    credentials.install()
    scopes.install()
    from ..cognito import jwks_http

    jwks_http.install()


def uninstall() -> None:
    if not _originals:
        return
    BaseClient._emit_api_params = _originals.pop("emit_api_params")
    Endpoint._do_get_response = _originals.pop("do_get_response")
    credentials.uninstall()
    scopes.uninstall()
    from ..cognito import jwks_http

    jwks_http.uninstall()
    for events in list(_HOOKED):
        _unhook(events)
    _HOOKED.clear()


__all__ = ["SERVICES", "ScopeConflictError", "current", "install", "uninstall"]
