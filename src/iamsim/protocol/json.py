"""The AWS JSON protocol (1.0/1.1) as a server speaks it: JSON bodies in and out.

Requests name the operation in X-Amz-Target and carry the input shape as JSON, timestamps as
epoch seconds and blobs as base64. Errors are `{"__type": code, "message": text}` with the
code repeated in the x-amzn-ErrorType header. `conform` gives the fast path exactly the values
botocore's JSON parser would produce from `serialize_result`'s bytes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
from typing import Any

from botocore.model import OperationModel, Shape
from botocore.utils import parse_timestamp

from ..errors import IAMError

CONTENT_TYPE = "application/x-amz-json-1.1"


class SerializationException(IAMError):
    """What AWS JSON services answer when the body is not JSON of the input shape."""

    code, status = "SerializationException", 400


def _read(value: Any, shape: Shape) -> Any:
    t = shape.type_name
    if value is None:
        return None
    if t == "structure":
        if not isinstance(value, dict):
            raise SerializationException("Start of structure or map found where not expected.")
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                out[name] = _read(value[name], member)
        return out
    if t == "list":
        if not isinstance(value, list):
            raise SerializationException("Start of list found where not expected")
        return [_read(v, shape.member) for v in value]
    if t == "map":
        if not isinstance(value, dict):
            raise SerializationException("Start of structure or map found where not expected.")
        return {k: _read(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        try:
            return parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            raise SerializationException("Invalid timestamp") from None
    if t == "blob":
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise SerializationException("Invalid base64 in a blob member") from None
    if t == "boolean" and not isinstance(value, bool):
        raise SerializationException("Cannot deserialize a non-boolean into a boolean member")
    if t in ("integer", "long") and (isinstance(value, bool) or not isinstance(value, int)):
        raise SerializationException("NUMBER_VALUE cannot be converted to an integer")
    if t == "string" and not isinstance(value, str):
        raise SerializationException("Cannot deserialize a non-string into a string member")
    return value


def parse_request(body: bytes | str | None, op: OperationModel) -> dict[str, Any]:
    """Structured parameters from a JSON request body."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    try:
        doc = json.loads(body) if body else {}
    except ValueError:
        raise SerializationException("Unable to parse the request body as JSON") from None
    shape = op.input_shape
    if shape is None:
        return {}
    result = _read(doc, shape)
    return result if isinstance(result, dict) else {}


def _write(value: Any, shape: Shape) -> Any:
    t = shape.type_name
    if t == "structure":
        return {name: _write(value[name], member) for name, member in shape.members.items()
                if value.get(name) is not None}
    if t == "list":
        return [_write(v, shape.member) for v in value]
    if t == "map":
        return {k: _write(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        return value.timestamp() if isinstance(value, _dt.datetime) else value
    if t == "blob":
        raw = value.encode() if isinstance(value, str) else value
        return base64.b64encode(raw).decode()
    return value


def serialize_result(op: OperationModel, result: dict[str, Any]) -> bytes:
    shape = op.output_shape
    doc = _write(result, shape) if shape is not None else {}
    return json.dumps(doc, separators=(",", ":")).encode("utf-8")


def serialize_error(err: IAMError) -> bytes:
    return json.dumps({"__type": err.code, "message": err.message}).encode("utf-8")


def error_headers(err: IAMError) -> dict[str, str]:
    return {"x-amzn-ErrorType": f"{err.code}:", "x-amzn-ErrorMessage": err.message}


def _conform(value: Any, shape: Shape) -> Any:
    t = shape.type_name
    if t == "structure":
        return {name: _conform(value[name], member) for name, member in shape.members.items()
                if value.get(name) is not None}
    if t == "list":
        return [_conform(v, shape.member) for v in value]
    if t == "map":
        return {k: _conform(v, shape.value) for k, v in value.items()}
    if t == "timestamp":
        return parse_timestamp(_write(value, shape))
    if t == "blob":
        return value.encode() if isinstance(value, str) else value
    return value


def conform(op: OperationModel, result: dict[str, Any]) -> dict[str, Any]:
    """The parsed response botocore would build from serialize_result's bytes."""
    shape = op.output_shape
    return _conform(result, shape) if shape is not None else {}


def parsed_error(op: OperationModel, err: IAMError) -> dict[str, Any]:
    """The parsed error botocore builds, with the modelled exception's members (`message`)."""
    parsed: dict[str, Any] = {"Error": {"Message": err.message, "Code": err.code}}
    shape = op.service_model.shape_for_error_code(err.code)
    if shape is not None and "message" in shape.members:
        parsed["message"] = err.message
    return parsed
