"""API Gateway management (REST APIs, and HTTP and WebSocket APIs of apigatewayv2, both signed
`apigateway`): the action is the request's HTTP method (apigateway:GET, POST, PUT, PATCH,
DELETE) and the resource its path, `arn:<partition>:apigateway:<region>::<path>` with
apigatewayv2's `/v2` left out, as AWS's recorded answers show (`apigateway:POST on resource:
arn:aws:apigateway:us-east-1::/restapis/<id>/deployments`, `apigateway:GET on resource:
arn:aws:apigateway:us-east-1::/apis`). Method and path come from botocore's models; the
operations the reference names as actions of their own (portals, routing rules...) keep their
action."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from urllib.parse import quote

from . import Check, Undetermined, Where, action_exists, mapper, tags_context

_LABEL = re.compile(r"\{([^}]+)\}")


@cache
def _services() -> tuple[Any, ...]:
    import botocore.session

    session = botocore.session.get_session()
    return tuple(session.get_service_model(name) for name in ("apigateway", "apigatewayv2"))


@cache
def _models(operation: str) -> tuple[Any, ...]:
    return tuple(m.operation_model(operation) for m in _services()
                 if operation in m.operation_names)


def _uri_members(model: Any) -> dict[str, str]:
    """URI label -> the input member it is filled from."""
    shape = model.input_shape
    if shape is None:
        return {}
    return {str(m.serialization.get("name", n)): n for n, m in shape.members.items()
            if m.serialization.get("location") == "uri"}


def _fits(model: Any, params: dict[str, Any]) -> bool:
    return all(p in params for p in _uri_members(model).values())


def _path(model: Any, params: dict[str, Any]) -> str:
    members = _uri_members(model)

    def sub(m: re.Match[str]) -> str:
        label = m.group(1)
        greedy = label.endswith("+")
        value = params.get(members.get(label.rstrip("+"), ""))
        if value is None:
            return "*"
        return quote(str(value), safe="/" if greedy else "")

    path = _LABEL.sub(sub, str(model.http["requestUri"]).split("?", 1)[0])
    return path[3:] if path.startswith("/v2/") else path


@mapper("apigateway")
def apigateway_checks(operation: str, params: dict[str, Any],
                      where: Where) -> list[Check] | None:
    if action_exists("apigateway", operation):
        return None  # an action of its own name: the generic mapping
    models = _models(operation)
    if not models:
        raise Undetermined(operation)
    # apigateway and apigatewayv2 share some operation names: the one whose path parameters
    # the request carries (restApiId or ApiId...).
    model = next((m for m in models if _fits(m, params)), models[0])
    method = str(model.http["method"])
    if not action_exists("apigateway", method):
        raise Undetermined(operation)
    arn = f"arn:{where.partition}:apigateway:{where.region}::{_path(model, params)}"
    return [Check(f"apigateway:{method}", arn, tags_context(params))]
