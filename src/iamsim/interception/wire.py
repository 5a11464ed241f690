"""The wire path: real response bytes, read by botocore's own parser, in place of the send.

botocore's `_do_get_response` emits `before-send` to every handler (moto's too) and sends only
when none answered. iamsim calls it with a view of the endpoint instead: for its own services
the view's emitter answers `before-send` with iamsim's response and nobody else's handler runs;
for other services the view's `_send` refuses to go out, naming the operation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSResponse

from ..errors import IAMError, UnmockedServiceError
from ..signing import WireProof
from .fast import region_for

if TYPE_CHECKING:
    from botocore.model import OperationModel

    from ..mock import IamSim


class _Body:
    """The raw stream botocore reads a response body from."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> list[bytes]:
        return [self._data]


def _headers(request_id: str, length: int, content_type: str) -> dict[str, str]:
    return {"x-amzn-requestid": request_id, "content-type": content_type,
            "content-length": str(length)}


def wire_response(sim: IamSim, request: Any, op: OperationModel) -> AWSResponse:
    """Parse the request bytes, run the operation, and serialize the answer as AWS would."""
    from ..protocol import query

    if op.service_model.protocol == "json":
        return _wire_json(sim, request, op)
    proof = WireProof(request)
    service = op.service_model.service_name
    region = region_for(service, proof.region)
    rid = sim.account.ids.request_id()
    try:
        params = query.parse_request(request.body, op)
        result = sim.execute(op, params, proof if proof.signed else None, region)
        status, body = 200, query.serialize_result(op, result, rid)
    except IAMError as e:
        status, body = e.status, query.serialize_error(op, e, rid)
    return AWSResponse(request.url, status, _headers(rid, len(body), "text/xml"), _Body(body))


def _wire_json(sim: IamSim, request: Any, op: OperationModel) -> AWSResponse:
    from ..protocol import json as json_protocol

    proof = WireProof(request)
    # Unsigned operations (Cognito's user-facing ones) carry no region in a signature.
    host = str(request.url).split("://", 1)[-1].split("/", 1)[0].split(".")
    region = proof.region or (host[1] if len(host) > 3 else None)
    region = region_for(op.service_model.service_name, region)
    rid = sim.account.ids.request_id()
    headers = {"x-amzn-requestid": rid, "content-type": json_protocol.CONTENT_TYPE}
    try:
        params = json_protocol.parse_request(request.body, op)
        result = sim.execute(op, params, proof if proof.signed else None, region)
        status, body = 200, json_protocol.serialize_result(op, result)
    except IAMError as e:
        status, body = e.status, json_protocol.serialize_error(e)
        headers.update(json_protocol.error_headers(e))
    headers["content-length"] = str(len(body))
    return AWSResponse(request.url, status, headers, _Body(body))


class _AnsweringEmitter:
    """The endpoint's emitter, except that `before-send` gets iamsim's response only."""

    __slots__ = ("_real", "_response")

    def __init__(self, real: Any, response: AWSResponse) -> None:
        self._real = real
        self._response = response

    def emit(self, event_name: str, **kwargs: Any) -> Any:
        if event_name.startswith("before-send."):
            return [(None, self._response)]
        return self._real.emit(event_name, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


class _EndpointView:
    """The endpoint with a different emitter or `_send`, for one call (thread-safe: the real
    endpoint is not touched)."""

    def __init__(self, endpoint: Any, emitter: Any = None, send: Any = None) -> None:
        self._endpoint = endpoint
        self._event_emitter = emitter if emitter is not None else endpoint._event_emitter
        if send is not None:
            self._send = send

    def __getattr__(self, name: str) -> Any:
        return getattr(self._endpoint, name)


def answering_view(endpoint: Any, response: AWSResponse) -> _EndpointView:
    return _EndpointView(endpoint, emitter=_AnsweringEmitter(endpoint._event_emitter, response))


def refusing_view(endpoint: Any, op: OperationModel) -> _EndpointView:
    def send(request: Any) -> Any:
        raise UnmockedServiceError(op.service_model.service_name, op.name, request.url)

    return _EndpointView(endpoint, send=send)
