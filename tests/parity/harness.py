"""Run a scenario (a list of calls) through one interception path and record the outcomes.

A step is (service, operation, params) where params is a dict or a function of the results
recorded so far (so later steps can use IDs that earlier ones returned).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import boto3
from botocore import xform_name
from botocore.exceptions import ClientError
from freezegun import freeze_time

from iamsim import mock_iam

Params = dict[str, Any] | Callable[[list[Any]], dict[str, Any]]
Step = tuple[str, str, Params]

FROZEN = datetime.datetime(2026, 3, 1, 12, 0, 0)


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def run(steps: list[Step], path: str) -> list[Any]:
    results: list[Any] = []
    with freeze_time(FROZEN), mock_iam(seed=7, path=path):
        clients = {s: boto3.client(s, region_name="us-east-1")
                   for s in ("iam", "sts", "cognito-idp", "cognito-identity")}
        for service, op, params in steps:
            p = params(results) if callable(params) else params
            try:
                out = getattr(clients[service], xform_name(op))(**p)
                status = out["ResponseMetadata"]["HTTPStatusCode"]
                results.append({"op": op, "status": status, "body": _clean(out)})
            except ClientError as e:
                results.append({
                    "op": op,
                    "status": e.response["ResponseMetadata"]["HTTPStatusCode"],
                    "error": e.response["Error"],
                })
    return results
