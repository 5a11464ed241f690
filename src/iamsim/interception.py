"""botocore hooks: the fast path answers at before-call, the wire path at before-send.

Hooks are attached to each client's event emitter the first time that client makes a call
inside a scope, so clients created before the scope (or before iamsim was imported) are
intercepted too. The class-level patches are installed when the first scope starts and
removed, with every hook, when the last scope ends.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient
from botocore.endpoint import Endpoint
from botocore.model import OperationModel

from .errors import IAMError, UnmockedServiceError
from .signing import ClientProof, WireProof

if TYPE_CHECKING:
    from .mock import IamSim

# botocore names its events by the hyphenated service id; the models by the service name.
EVENT_SERVICES = {"iam": "iam", "sts": "sts", "cognito-identity-provider": "cognito-idp"}
SERVICES = tuple(EVENT_SERVICES)
_ACTIVE: list[IamSim] = []
_HOOKED: weakref.WeakSet[Any] = weakref.WeakSet()
_originals: dict[str, Any] = {}
_PARAMS_KEY = "iamsim.params"


def current() -> IamSim | None:
    return _ACTIVE[-1] if _ACTIVE else None


class _FastResponse:
    """What botocore needs of an HTTP response when none was sent: status, headers, body."""

    __slots__ = ("headers", "status_code", "url")
    raw = None
    content = b""
    text = ""

    def __init__(self, status_code: int, headers: dict[str, str]) -> None:
        self.url = ""
        self.status_code = status_code
        self.headers = headers


class _Body:
    """The raw stream botocore reads a response body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> list[bytes]:
        return [self._data]


def _headers(request_id: str, length: int) -> dict[str, str]:
    return {"x-amzn-requestid": request_id, "content-type": "text/xml",
            "content-length": str(length)}


def _stash_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    if _ACTIVE:
        context[_PARAMS_KEY] = params


def _region_for(service: str, client_region: str | None) -> str:
    # IAM is a global service served from us-east-1; STS answers in the client's region.
    return "us-east-1" if service == "iam" else (client_region or "us-east-1")


def _fast_path(
    model: OperationModel, request_signer: Any, context: dict[str, Any], **_: Any
) -> tuple[_FastResponse, dict[str, Any]] | None:
    sim = current()
    if sim is None or sim.path != "fast":
        return None
    params = context.get(_PARAMS_KEY, {})
    service = model.service_model.service_name
    region = _region_for(service, context.get("client_region"))
    account = sim.account
    rid = account.ids.request_id()
    try:
        proof = ClientProof(getattr(request_signer, "_credentials", None))
        result = sim.execute(model, params, proof, region)
        status = 200
        parsed = dict(result)
    except IAMError as e:
        status = e.status
        parsed = {
            "Error": {"Type": "Sender" if e.sender_fault else "Receiver", "Code": e.code,
                      "Message": e.message},
        }
    headers = {"x-amzn-requestid": rid, "content-type": "text/xml"}
    if model.service_model.metadata["protocol"] == "json":
        parsed, headers = _json_fast(model, parsed, rid)
    parsed["ResponseMetadata"] = {
        "RequestId": rid,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return _FastResponse(status, dict(headers)), parsed


def _json_fast(
    model: OperationModel, parsed: dict[str, Any], rid: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """JSON-protocol services: the values and headers botocore's JSON parser would give."""
    from .protocol import json as json_protocol

    headers = {"x-amzn-requestid": rid, "content-type": json_protocol.CONTENT_TYPE}
    error = parsed.get("Error")
    if error is None:
        return json_protocol.conform(model, parsed), headers
    err = IAMError(error["Message"], error["Code"])
    return json_protocol.parsed_error(model, err), {**headers, **json_protocol.error_headers(err)}


def _wire_json(request: Any, op: OperationModel, sim: IamSim) -> AWSResponse:
    from .protocol import json as json_protocol

    proof = WireProof(request)
    # Unsigned operations (Cognito's user-facing ones) carry no region in a signature.
    host = str(request.url).split("://", 1)[-1].split("/", 1)[0].split(".")
    region = proof.region or (host[1] if len(host) > 3 else None)
    region = _region_for(op.service_model.service_name, region)
    rid = sim.account.ids.request_id()
    headers = {"x-amzn-requestid": rid, "content-type": json_protocol.CONTENT_TYPE}
    try:
        params = json_protocol.parse_request(request.body, op)
        result = sim.execute(op, params, proof, region)
        status, body = 200, json_protocol.serialize_result(op, result)
    except IAMError as e:
        status, body = e.status, json_protocol.serialize_error(e)
        headers.update(json_protocol.error_headers(e))
    headers["content-length"] = str(len(body))
    return AWSResponse(request.url, status, headers, _Body(body))


def _wire_path(request: Any, event_name: str, **_: Any) -> AWSResponse | None:
    sim = current()
    if sim is None or sim.path != "wire":
        return None
    from .protocol import query
    from .protocol.models import operation_model

    event_service, op_name = event_name.split(".", 2)[1:]
    op = operation_model(EVENT_SERVICES[event_service], op_name)
    if op.service_model.metadata["protocol"] == "json":
        return _wire_json(request, op, sim)
    service = op.service_model.service_name
    proof = WireProof(request)
    region = _region_for(service, proof.region)
    rid = sim.account.ids.request_id()
    try:
        params = query.parse_request(request.body, op)
        result = sim.execute(op, params, proof, region)
        status, body = 200, query.serialize_result(op, result, rid)
    except IAMError as e:
        status, body = e.status, query.serialize_error(op, e, rid)
    return AWSResponse(request.url, status, _headers(rid, len(body)), _Body(body))


def _hook(events: Any) -> None:
    for svc in SERVICES:
        events.register(f"before-parameter-build.{svc}", _stash_params, unique_id=f"iamsim-p-{svc}")
        events.register(f"before-call.{svc}", _fast_path, unique_id=f"iamsim-c-{svc}")
        events.register(f"before-send.{svc}", _wire_path, unique_id=f"iamsim-s-{svc}")
    _HOOKED.add(events)


def _unhook(events: Any) -> None:
    for svc in SERVICES:
        events.unregister(f"before-parameter-build.{svc}", unique_id=f"iamsim-p-{svc}")
        events.unregister(f"before-call.{svc}", unique_id=f"iamsim-c-{svc}")
        events.unregister(f"before-send.{svc}", unique_id=f"iamsim-s-{svc}")


def _make_api_call(self: BaseClient, operation_name: str, api_params: dict[str, Any]) -> Any:
    events = self.meta.events
    if _ACTIVE and events not in _HOOKED:
        _hook(events)
    return _originals["make_api_call"](self, operation_name, api_params)


def _send(self: Endpoint, request: Any) -> Any:
    """Reached only when no before-send handler (ours, moto's...) answered: never go out."""
    if _ACTIVE:
        service = self._endpoint_prefix
        op = request.headers.get("X-Amz-Target", b"") or ""
        raise UnmockedServiceError(service, str(op) or "request", request.url)
    return _originals["send"](self, request)


def install() -> None:
    if _originals:
        return
    _originals["make_api_call"] = BaseClient._make_api_call
    _originals["send"] = Endpoint._send
    BaseClient._make_api_call = _make_api_call
    Endpoint._send = _send
    from .cognito import jwks_http

    jwks_http.install()


def uninstall() -> None:
    if not _originals:
        return
    BaseClient._make_api_call = _originals.pop("make_api_call")
    Endpoint._send = _originals.pop("send")
    from .cognito import jwks_http

    jwks_http.uninstall()
    for events in list(_HOOKED):
        _unhook(events)
    _HOOKED.clear()
