"""The AWS query protocol as a server speaks it: form-encoded input, XML output.

The wire path uses these to answer with real bytes that botocore's own parser reads, so they
are the reference the fast path (which returns parsed dicts) must match.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
from typing import Any
from urllib.parse import parse_qsl, quote, unquote
from xml.sax.saxutils import escape

from botocore.model import OperationModel, Shape

from ..clock import UTC, iso
from ..errors import IAMError, InvalidInput, xml_safe


def _tree(body: str) -> dict[str, Any]:
    """'A.member.1.Key=v' pairs into nested dicts keyed by each dotted part."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        node = root
        parts = key.split(".")
        for p in parts[:-1]:
            nxt = node.get(p)
            if not isinstance(nxt, dict):
                nxt = node[p] = {} if nxt is None else {"": nxt}
            node = nxt
        last = parts[-1]
        if isinstance(node.get(last), dict):
            node[last][""] = value
        else:
            node[last] = value
    return root


def _read(node: Any, shape: Shape) -> Any:
    t = shape.type_name
    if t == "structure":
        if not isinstance(node, dict):
            return {}
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in node:
                out[name] = _read(node[wire], member)
        return out
    if t == "list":
        if not isinstance(node, dict):
            return []  # an empty list is sent as "Name="
        member = shape.member
        items = node.get(member.serialization.get("name", "member"), {})
        if not isinstance(items, dict):
            return []
        return [_read(items[k], member) for k in sorted(items, key=_index) if k != ""]
    if t == "map":
        entries = node.get("entry", {}) if isinstance(node, dict) else {}
        result = {}
        for k in sorted(entries, key=_index):
            e = entries[k]
            result[_read(e.get("key"), shape.key)] = _read(e.get("value"), shape.value)
        return result
    if isinstance(node, dict):
        node = node.get("", "")
    if t == "string":
        return node
    try:
        return _scalar_in(node, t)
    except (ValueError, OverflowError, binascii.Error):
        # A value that is not of the member's type; AWS's wording for this is not documented.
        raise InvalidInput(f"Invalid {_TYPE_NAMES.get(t, t)} value '{node}'") from None


_TYPE_NAMES = {"long": "integer", "double": "float"}


def _scalar_in(node: str, t: str) -> Any:
    if t == "boolean":
        if node not in ("true", "false"):
            raise ValueError(node)
        return node == "true"
    if t in ("integer", "long"):
        if not (node.lstrip("-").isascii() and node.lstrip("-").isdigit()):
            raise ValueError(node)
        return int(node)
    if t in ("float", "double"):
        return float(node)
    if t == "timestamp":
        from dateutil.parser import isoparse

        return isoparse(node).astimezone(UTC)
    if t == "blob":
        return base64.b64decode(node, validate=True)
    return node


def _index(k: str) -> int:
    return int(k) if k.isascii() and k.isdigit() else 0


def parse_request(body: bytes | str | None, op: OperationModel) -> dict[str, Any]:
    """Structured parameters from a form-encoded query request body."""
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    tree = _tree(body or "")
    shape = op.input_shape
    return _read(tree, shape) if shape is not None else {}


def _scalar(value: Any, t: str) -> str:
    if t == "boolean":
        return "true" if value else "false"
    if t == "timestamp":
        return iso(value) if isinstance(value, _dt.datetime) else str(value)
    if t == "blob":
        raw = value.encode() if isinstance(value, str) else value
        return base64.b64encode(raw).decode()
    return _text(str(value))


def _text(value: str) -> str:
    """XML text that parses back to exactly `value`: a raw CR would come back as LF."""
    return escape(value, _CR)


_CR = {"\r": "&#13;"}


def _write(out: list[str], value: Any, shape: Shape, tag: str) -> None:
    t = shape.type_name
    if t == "structure":
        out.append(f"<{tag}>")
        for name, member in shape.members.items():
            v = value.get(name)
            if v is not None:
                _write(out, v, member, member.serialization.get("name", name))
        out.append(f"</{tag}>")
    elif t == "list":
        member = shape.member
        mtag = member.serialization.get("name", "member")
        out.append(f"<{tag}>")
        for item in value:
            _write(out, item, member, mtag)
        out.append(f"</{tag}>")
    elif t == "map":
        out.append(f"<{tag}>")
        for k, v in value.items():
            out.append("<entry>")
            _write(out, k, shape.key, "key")
            _write(out, v, shape.value, "value")
            out.append("</entry>")
        out.append(f"</{tag}>")
    elif shape.name == "policyDocumentType":
        # IAM sends policy documents URL-encoded in full (handlers escape only '%').
        out.append(f"<{tag}>{quote(unquote(value), safe='')}</{tag}>")
    else:
        out.append(f"<{tag}>{_scalar(value, t)}</{tag}>")


def serialize_result(op: OperationModel, result: dict[str, Any], request_id: str) -> bytes:
    ns = op.service_model.metadata["xmlNamespace"]
    out = [f'<{op.name}Response xmlns="{ns}">']
    shape = op.output_shape
    if shape is not None:
        wrapper = shape.serialization.get("resultWrapper", f"{op.name}Result")
        _write(out, result, shape, wrapper)
    out.append(f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>")
    out.append(f"</{op.name}Response>")
    return "".join(out).encode("utf-8")


def serialize_error(op: OperationModel, err: IAMError, request_id: str) -> bytes:
    ns = op.service_model.metadata["xmlNamespace"]
    kind = "Sender" if err.sender_fault else "Receiver"
    return (
        f'<ErrorResponse xmlns="{ns}"><Error><Type>{kind}</Type><Code>{escape(err.code)}</Code>'
        # An error without a message (ReportNotPresent) has no Message element, as in AWS.
        f"{f'<Message>{_text(xml_safe(err.message))}</Message>' if err.message else ''}</Error>"
        f"<RequestId>{request_id}</RequestId></ErrorResponse>"
    ).encode()
