"""Every IAM and STS operation is authorized under enforcement: a user without permissions is
refused each one (AccessDenied; a ValidationError first where the request is malformed, as the
server checks the request before it authorizes it), except the operations AWS never
authorizes; a user allowed everything is refused none."""

from __future__ import annotations

import json
import random

import boto3
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError

from iamsim import mock_iam

from .test_operation_coverage import OPERATIONS, SESSION, _value

IAM_STS = [(s, o) for s, o in OPERATIONS if s in ("iam", "sts")]
NEVER_AUTHORIZED = {("sts", "GetCallerIdentity"), ("sts", "GetSessionToken")}


def _outcomes(statements: list[dict]) -> dict[tuple[str, str], str]:
    rng = random.Random(1)
    out: dict[tuple[str, str], str] = {}
    with mock_iam(enforce=True):
        iam = boto3.client("iam", region_name="us-east-1")
        iam.create_user(UserName="caller")
        if statements:
            iam.put_user_policy(UserName="caller", PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": statements}))
        key = iam.create_access_key(UserName="caller")["AccessKey"]
        clients = {s: boto3.client(s, region_name="us-east-1",
                                   aws_access_key_id=key["AccessKeyId"],
                                   aws_secret_access_key=key["SecretAccessKey"])
                   for s in ("iam", "sts")}
        for svc, op in IAM_STS:
            shape = SESSION.get_service_model(svc).operation_model(op).input_shape
            params = _value(shape, rng) if shape is not None else {}
            try:
                getattr(clients[svc], xform_name(op))(**params)
                out[(svc, op)] = "OK"
            except ClientError as e:
                out[(svc, op)] = e.response["Error"]["Code"]
            except ParamValidationError:
                out[(svc, op)] = "client-side"
    return out


def test_a_user_without_permissions_is_refused_every_operation():
    refused = _outcomes([])
    allowed = sorted(k for k, v in refused.items() if v == "OK")
    assert set(allowed) == NEVER_AUTHORIZED
    others = {k: v for k, v in refused.items()
              if v not in ("AccessDenied", "ValidationError") and k not in NEVER_AUTHORIZED}
    assert not others, others
    assert sum(v == "AccessDenied" for v in refused.values()) > len(IAM_STS) * 0.8


@pytest.mark.parametrize("statements", [
    [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    [{"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}],
])
def test_a_user_allowed_everything_is_refused_nothing(statements):
    denied = sorted(k for k, v in _outcomes(statements).items() if v == "AccessDenied")
    # GetAccessKeyLastUsed of a key that does not exist is an access denial whatever the
    # caller's policies (handlers/access_keys.py); nothing else may be refused.
    assert set(denied) <= {("iam", "GetAccessKeyLastUsed")}, denied
