"""Bytes kept per scope over a few hundred scopes, against botocore alone (Stubber).

Each round makes its own client and one call, as a suite that makes a client per test does.
Run as a script: `python benchmarks/memory.py [rounds]` prints both figures as JSON.
"""

from __future__ import annotations

import datetime
import gc
import json
import sys
import tracemalloc
from collections.abc import Callable

import boto3
from botocore.stub import Stubber

from iamsim import mock_iam

_USER = {"User": {"Path": "/", "UserName": "u", "UserId": "AIDAAAAAAAAAAAAAAAAAA",
                  "Arn": "arn:aws:iam::123456789012:user/u",
                  "CreateDate": datetime.datetime(2020, 1, 1)}}


def one_scope() -> None:
    with mock_iam():
        boto3.client("iam", region_name="us-east-1").get_user()


def one_stubbed_client() -> None:
    client = boto3.client("iam", region_name="us-east-1", aws_access_key_id="AKIAX",
                          aws_secret_access_key="x")
    with Stubber(client) as stub:
        stub.add_response("get_user", _USER)
        client.get_user()


def kept_per_round(fn: Callable[[], None], rounds: int) -> float:
    for _ in range(20):  # warm every cache first: models, loaders, compiled validators
        fn()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for _ in range(rounds):
        fn()
    gc.collect()
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    return sum(d.size_diff for d in after.compare_to(before, "filename")) / rounds


def main(rounds: int = 300) -> dict[str, float]:
    return {"iamsim_scope": kept_per_round(one_scope, rounds),
            "botocore_client": kept_per_round(one_stubbed_client, rounds)}


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)))
