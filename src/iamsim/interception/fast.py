"""The fast path: answer at before-call with the parsed response, no bytes at all.

It answers only when it can give exactly what botocore would have parsed from the wire: a
client with parameter validation switched off (the server then sees whatever the serializer
made of the values) or with custom parser defaults is left to the wire path (the interception
hook marks such calls with WIRE_KEY).
"""

from __future__ import annotations

import functools
from typing import Any

import botocore
from botocore.credentials import Credentials
from botocore.exceptions import NoCredentialsError
from botocore.model import OperationModel

from ..errors import IAMError, xml_safe
from ..partitions import iam_region, partition_of
from ..signing import ClientProof
from . import credentials, handoff, scopes

PARAMS_KEY = "iamsim.params"
WIRE_KEY = "iamsim.wire"


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


@functools.lru_cache(maxsize=256)
def region_for(service: str, client_region: str | None) -> str:
    # IAM is global per partition (us-east-1 in aws, cn-north-1 in aws-cn...); STS answers
    # in the client's region.
    if service == "iam":
        return iam_region(partition_of(client_region))
    return client_region or "us-east-1"


def is_signed(auth_type: str | None, request_signer: Any) -> bool:
    """Would botocore sign this request? As its signer decides: the operation's own auth type
    first (`none` for AssumeRoleWithSAML, AssumeRoleWithWebIdentity...), then the client's."""
    if auth_type == "none":
        return False
    if auth_type:
        return True
    return getattr(request_signer, "_signature_version", None) is not botocore.UNSIGNED


def _prune(value: Any) -> Any:
    """What the query serializer sends of a value: a structure whose members send nothing
    sends nothing, and so does a non-empty list whose items all send nothing (an empty list
    is sent as `Name=`). The fast path must see what the wire path sees."""
    if isinstance(value, dict):
        out = {k: p for k, v in value.items() if (p := _prune(v)) is not _ABSENT}
        return out if out else _ABSENT
    if isinstance(value, list) and value:
        items = [p for v in value if (p := _prune(v)) is not _ABSENT]
        return items if items else _ABSENT
    return value


_ABSENT = object()


def prune_params(params: dict[str, Any]) -> dict[str, Any]:
    for v in params.values():
        if isinstance(v, dict | list):
            return {k: p for k, v in params.items() if (p := _prune(v)) is not _ABSENT}
    return params


def _json_fast(
    model: OperationModel, parsed: dict[str, Any], rid: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """JSON-protocol services: the values and headers botocore's JSON parser would give."""
    from ..protocol import json as json_protocol

    headers = {"x-amzn-requestid": rid, "content-type": json_protocol.CONTENT_TYPE}
    error = parsed.get("Error")
    if error is None:
        return json_protocol.conform(model, parsed), headers
    err = IAMError(error.get("Message", ""), error["Code"])
    return json_protocol.parsed_error(model, err), {**headers, **json_protocol.error_headers(err)}


def fast_path(
    model: OperationModel, request_signer: Any, context: dict[str, Any], **_: Any
) -> tuple[_FastResponse, dict[str, Any]] | None:
    sim = scopes.current()
    if sim is None or sim.path != "fast" or WIRE_KEY in context or handoff.active():
        return None
    params = context.get(PARAMS_KEY, {})
    service_model = model.service_model
    protocol = service_model.protocol
    if protocol == "query":
        params = prune_params(params)
    region = region_for(service_model.service_name, context.get("client_region"))
    proof: ClientProof | None = None
    if is_signed(context.get("auth_type"), request_signer):
        creds = getattr(request_signer, "_credentials", None)
        # Static credentials are read as they are; others as botocore's signer reads them.
        frozen = creds if type(creds) is Credentials else credentials.frozen(creds)
        if frozen is None:
            raise NoCredentialsError()  # what botocore's signer raises
        proof = ClientProof(frozen)
    rid = sim.request_id()
    try:
        result = sim.execute(model, params, proof, region)
        status = 200
        parsed = dict(result)
    except IAMError as e:
        status = e.status
        parsed = {
            "Error": {"Type": "Sender" if e.sender_fault else "Receiver", "Code": e.code,
                      **({"Message": xml_safe(e.message)} if e.message else {})},
        }
    headers = {"x-amzn-requestid": rid, "content-type": "text/xml"}
    if protocol == "json":
        parsed, headers = _json_fast(model, parsed, rid)
    parsed["ResponseMetadata"] = {
        "RequestId": rid,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return _FastResponse(status, dict(headers)), parsed
