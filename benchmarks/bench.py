"""iamsim benchmarks: per-call latency as ratios to botocore's Stubber floor, measured in the
same run (and to moto when it is installed), plus scaling, scope cost and import time.

Run with `nox -s bench` or `python benchmarks/bench.py [--quick] [--json FILE]`.
Ratios, not absolute times, are what we track: they hold across machines.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

os.environ.setdefault("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3
from botocore.stub import Stubber

from iamsim import mock_iam

TARGETS = {
    "fast path / Stubber": 1.5,
    "get_user 10k users / 10 users": 1.2,
    "empty scope (ms)": 1.0,
    "import iamsim (ms)": 150.0,
    "bytes kept per scope": 2048.0,
    "enforcement on / off": 1.3,
    "moto enforcement on / off": 1.1,  # issue 10: at most 10% on top of moto's own cost
}


def interleaved(fns: dict[str, tuple[Callable[[int], Any], Any]], n: int,
                rounds: int = 15) -> dict[str, float]:
    """Seconds per call of each fn: the fastest of many short alternating rounds. Alternating
    exposes every contender to the same background load; the minimum (as timeit advises) is
    the estimate least disturbed by it. Each value is (fn, context manager factory)."""
    samples: dict[str, list[float]] = {k: [] for k in fns}
    counters = dict.fromkeys(fns, 0)
    for _ in range(rounds):
        for name, (fn, scope) in fns.items():
            gc.collect()
            with scope():
                c = counters[name]
                t0 = time.perf_counter()
                for i in range(c, c + n):
                    fn(i)
                samples[name].append((time.perf_counter() - t0) / n)
                counters[name] = c + n
    return {k: min(v) for k, v in samples.items()}


def per_call(fn: Callable[[int], Any], n: int, repeats: int = 9) -> float:
    """Seconds per call: the fastest of `repeats` runs of n calls; fn gets the call index."""
    times = []
    counter = 0
    for _ in range(repeats):
        gc.collect()
        t0 = time.perf_counter()
        for _ in range(n):
            fn(counter)
            counter += 1
        times.append((time.perf_counter() - t0) / n)
    return min(times)


DOC_USER = {"Path": "/", "UserName": "u", "UserId": "AIDAAAAAAAAAAAAAAAAAA",
            "Arn": "arn:aws:iam::123456789012:user/u",
            "CreateDate": __import__("datetime").datetime(2020, 1, 1)}


class _Stubbed:
    """A client answered by botocore's Stubber: validation, serialization and the event
    machinery with no emulation at all. This is the floor every emulator pays."""

    def __init__(self, op: str, response: dict[str, Any], error: tuple[str, str] | None,
                 service: str, calls: int) -> None:
        self.client = boto3.client(service, region_name="us-east-1")
        self.stubber = Stubber(self.client)
        for _ in range(calls):
            if error:
                self.stubber.add_client_error(_snake(op), service_error_code=error[0],
                                              service_message=error[1], http_status_code=404)
            else:
                self.stubber.add_response(_snake(op), copy.deepcopy(response))

    def __enter__(self) -> None:
        self.stubber.activate()

    def __exit__(self, *exc: object) -> None:
        self.stubber.deactivate()


class _Resumed:
    """Re-enter a scope keeping its account, so rounds can alternate with the floor."""

    def __init__(self, sim: Any) -> None:
        self.sim = sim

    def __enter__(self) -> None:
        self.sim.account  # noqa: B018 - create it before saving the accounts
        accounts = self.sim._accounts
        self.sim.start()
        self.sim._accounts = accounts

    def __exit__(self, *exc: object) -> None:
        self.sim.stop()


def _snake(op: str) -> str:
    from botocore import xform_name

    return xform_name(op)


def _caller(client: Any, op: str, params: Callable[[int], dict[str, Any]]) -> Callable[[int], None]:
    method = getattr(client, _snake(op))
    error = client.exceptions.ClientError

    def call(i: int) -> None:
        try:
            method(**params(i))
        except error:
            pass

    return call


def bench_calls(n: int, users_for_list: int = 1000, rounds: int = 15) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, float]] = {}
    list_page = {"Users": [dict(DOC_USER, UserName=f"u{i}") for i in range(100)],
                 "IsTruncated": True, "Marker": "m"}
    cases: list[tuple[str, str, Callable[[int], dict[str, Any]], dict[str, Any], Any, str]] = [
        ("create_user", "CreateUser", lambda i: {"UserName": f"new{i}"}, {"User": DOC_USER},
         None, "iam"),
        ("get_user", "GetUser", lambda i: {"UserName": "u5"}, {"User": DOC_USER}, None, "iam"),
        ("get_user NoSuchEntity", "GetUser", lambda i: {"UserName": "ghost"}, {},
         ("NoSuchEntity", "The user with name ghost cannot be found."), "iam"),
        (f"list_users ({users_for_list} users, page of 100)", "ListUsers", lambda i: {},
         list_page, None, "iam"),
        ("get_caller_identity", "GetCallerIdentity", lambda i: {},
         {"UserId": "123456789012", "Account": "123456789012",
          "Arn": "arn:aws:iam::123456789012:root"}, None, "sts"),
    ]
    moto = _moto()
    for label, op, params, response, error, service in cases:
        stub = _Stubbed(op, response, error, service, n * rounds + 10)
        sim = mock_iam()
        with sim:
            _populate(op, users_for_list)
            client = boto3.client(service, region_name="us-east-1")
        times = interleaved({
            "stubber": (_caller(stub.client, op, params), lambda stub=stub: stub),
            "iamsim": (_caller(client, op, params), lambda sim=sim: _Resumed(sim)),
        }, n, rounds)
        row = {"stubber_us": times["stubber"] * 1e6, "iamsim_us": times["iamsim"] * 1e6}
        row["ratio"] = row["iamsim_us"] / row["stubber_us"]
        if moto is not None:
            with moto():
                _populate(op, users_for_list)
                mclient = boto3.client(service, region_name="us-east-1")
                row["moto_us"] = per_call(_caller(mclient, op, params), max(n // 10, 10), 3) * 1e6
            row["moto_ratio"] = row["moto_us"] / row["stubber_us"]
        results[label] = row
    return results


def _populate(op: str, users: int) -> None:
    iam = boto3.client("iam", region_name="us-east-1")
    for i in range(users if op == "ListUsers" else 10):
        iam.create_user(UserName=f"u{i}")


def _moto() -> Callable[[], Any] | None:
    try:
        from moto import mock_aws
    except ImportError:
        return None
    return mock_aws


TRUST = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
         '{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}')
DOC = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
       '"Resource":"arn:aws:s3:::bucket/*"}]}')
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
ROLE = {"Path": "/", "RoleName": "r", "RoleId": "AROAAAAAAAAAAAAAAAAAA",
        "Arn": "arn:aws:iam::123456789012:role/r",
        "CreateDate": DOC_USER["CreateDate"], "AssumeRolePolicyDocument": TRUST,
        "MaxSessionDuration": 3600, "RoleLastUsed": {}}
Step = tuple[str, Callable[[int], dict[str, Any]], dict[str, Any]]
ROLE_WORKLOAD: list[Step] = [
    ("CreateRole", lambda i: {"RoleName": f"r{i}", "AssumeRolePolicyDocument": TRUST},
     {"Role": ROLE}),
    ("PutRolePolicy", lambda i: {"RoleName": f"r{i}", "PolicyName": "inline",
                                 "PolicyDocument": DOC}, {}),
    ("AttachRolePolicy", lambda i: {"RoleName": f"r{i}", "PolicyArn": READ_ONLY}, {}),
    ("GetRole", lambda i: {"RoleName": f"r{i}"}, {"Role": ROLE}),
    ("ListAttachedRolePolicies", lambda i: {"RoleName": f"r{i}"},
     {"AttachedPolicies": [{"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY}],
      "IsTruncated": False}),
]


class _StubbedSteps(_Stubbed):
    """Stubber queued with the canned responses of a multi-call workload, in call order."""

    def __init__(self, steps: list[Step], iterations: int) -> None:
        self.client = boto3.client("iam", region_name="us-east-1")
        self.stubber = Stubber(self.client)
        for _ in range(iterations):
            for op, _params, response in steps:
                self.stubber.add_response(_snake(op), copy.deepcopy(response))


def _workload_caller(client: Any, steps: list[Step]) -> Callable[[int], None]:
    calls = [(getattr(client, _snake(op)), params) for op, params, _ in steps]

    def run(i: int) -> None:
        for method, params in calls:
            method(**params(i))

    return run


def bench_workloads(n: int, rounds: int = 15) -> dict[str, dict[str, float]]:
    """Multi-call workloads of issue #3: a role's life, and authorization details."""
    out: dict[str, dict[str, float]] = {}
    stub = _StubbedSteps(ROLE_WORKLOAD, n * rounds + 2)
    sim = mock_iam(quotas={"Roles": 5000})
    with sim:
        client = boto3.client("iam", region_name="us-east-1")
        client.get_policy(PolicyArn=READ_ONLY)  # the catalog loads once, not per iteration
    times = interleaved({
        "stubber": (_workload_caller(stub.client, ROLE_WORKLOAD), lambda: stub),
        "iamsim": (_workload_caller(client, ROLE_WORKLOAD), lambda: _Resumed(sim)),
    }, n, rounds)
    out["role workload (5 calls)"] = _row(times)

    detail = {"RoleName": "r", "RoleId": "AROAAAAAAAAAAAAAAAAAA", "Path": "/",
              "Arn": "arn:aws:iam::123456789012:role/r", "CreateDate": DOC_USER["CreateDate"],
              "AssumeRolePolicyDocument": TRUST, "InstanceProfileList": [],
              "RolePolicyList": [{"PolicyName": "inline", "PolicyDocument": DOC}],
              "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                                           "PolicyArn": READ_ONLY}],
              "Tags": [], "RoleLastUsed": {}}
    page = {"RoleDetailList": [copy.deepcopy(dict(detail, RoleName=f"r{i}")) for i in range(100)],
            "UserDetailList": [], "GroupDetailList": [], "Policies": [],
            "IsTruncated": True, "Marker": "m"}
    params = {"Filter": ["Role"]}
    stub2 = _Stubbed("GetAccountAuthorizationDetails", page, None, "iam", n * rounds + 2)
    sim2 = mock_iam()
    with sim2:
        client2 = boto3.client("iam", region_name="us-east-1")
        run = _workload_caller(client2, ROLE_WORKLOAD[:3])
        for i in range(500):
            run(i)
    times = interleaved({
        "stubber": (_caller(stub2.client, "GetAccountAuthorizationDetails", lambda i: params),
                    lambda: stub2),
        "iamsim": (_caller(client2, "GetAccountAuthorizationDetails", lambda i: params),
                   lambda: _Resumed(sim2)),
    }, max(n // 4, 10), rounds)
    out["get_account_authorization_details (500 roles, page of 100)"] = _row(times)
    return out


COGNITO_RESPONSES = [
    ("SignUp", {"UserConfirmed": False, "UserSub": "5f0d6c1e-0000-4000-8000-000000000000"}),
    ("AdminConfirmSignUp", {}),
    ("InitiateAuth", {"ChallengeParameters": {}, "AuthenticationResult": {
        "AccessToken": "a" * 1000, "ExpiresIn": 3600, "TokenType": "Bearer",
        "RefreshToken": "r" * 1700, "IdToken": "i" * 1100}}),
    ("GetUser", {"Username": "u", "UserAttributes": [{"Name": "sub", "Value": "s"}]}),
]


def _cognito_run(client: Any, pool_id: str, client_id: str) -> Callable[[int], None]:
    def run(i: int) -> None:
        name = f"user{i}"
        client.sign_up(ClientId=client_id, Username=name, Password="Passw0rd!")
        client.admin_confirm_sign_up(UserPoolId=pool_id, Username=name)
        auth = client.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                                    AuthParameters={"USERNAME": name, "PASSWORD": "Passw0rd!"})
        client.get_user(AccessToken=auth["AuthenticationResult"]["AccessToken"])

    return run


def _cognito_setup(client: Any) -> tuple[str, str]:
    pool_id = client.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    client_id = client.create_user_pool_client(
        UserPoolId=pool_id, ClientName="bench",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    )["UserPoolClient"]["ClientId"]
    return pool_id, client_id


def bench_cognito(n: int, rounds: int = 15) -> dict[str, float]:
    """Issue #9's workload: sign-up, confirmation, password sign-in and GetUser. iamsim signs
    two RS256 tokens per sign-in (real RSA), which no Stubber or moto run pays the same way."""
    stub = _Stubbed("SignUp", {}, None, "cognito-idp", 0)
    for _ in range(n * rounds + 2):
        for op, response in COGNITO_RESPONSES:
            stub.stubber.add_response(_snake(op), copy.deepcopy(response))
    sim = mock_iam()
    with sim:
        client = boto3.client("cognito-idp", region_name="us-east-1")
        pool_id, client_id = _cognito_setup(client)
        _cognito_run(client, pool_id, client_id)(-1)  # the pool's keys are made once
    fns: dict[str, tuple[Callable[[int], Any], Any]] = {
        "stubber": (_cognito_run(stub.client, "us-east-1_stub12345", "c" * 26), lambda: stub),
        "iamsim": (_cognito_run(client, pool_id, client_id), lambda: _Resumed(sim)),
    }
    times = interleaved(fns, n, rounds)
    row = _row(times)
    moto = _moto()
    if moto is not None:
        with moto():  # one scope (moto resets its state on entry), as bench_calls does
            mclient = boto3.client("cognito-idp", region_name="us-east-1")
            mpool, mclient_id = _cognito_setup(mclient)
            row["moto_us"] = per_call(_cognito_run(mclient, mpool, mclient_id), n, 3) * 1e6
        row["moto_ratio"] = row["moto_us"] / row["stubber_us"]
    return row


def _row(times: dict[str, float]) -> dict[str, float]:
    row = {"stubber_us": times["stubber"] * 1e6, "iamsim_us": times["iamsim"] * 1e6}
    row["ratio"] = row["iamsim_us"] / row["stubber_us"]
    return row


def bench_scaling(n: int) -> dict[str, float]:
    out = {}
    for count in (10, 10_000):
        with mock_iam() as sim:
            iam = boto3.client("iam", region_name="us-east-1")
            from iamsim.model.users import User  # populate directly: creation is not measured

            account = sim.account
            for i in range(count):
                account.users.add(User(name=f"user{i}", id=f"AIDA{i:017d}",
                                       arn=f"arn:aws:iam::{account.id}:user/user{i}",
                                       create_date=account.created))
            names = [f"user{i}" for i in range(0, count, max(count // 97, 1))]
            def get(i: int, iam: Any = iam, names: list[str] = names) -> None:
                iam.get_user(UserName=names[i % len(names)])

            out[f"get_user_us_{count}"] = per_call(get, n) * 1e6
    out["ratio"] = out["get_user_us_10000"] / out["get_user_us_10"]
    return out


def bench_scope(n: int) -> float:
    def cycle(_: int) -> None:
        with mock_iam():
            pass

    return per_call(cycle, n) * 1e3


def bench_import(repeats: int) -> float:
    code = ("import time, boto3, botocore.session; t=time.perf_counter(); import iamsim; "
            "print(time.perf_counter()-t)")
    samples = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        samples.append(float(out.stdout.strip()) * 1e3)
    return statistics.median(samples)


def bench_memory(count: int) -> float:
    """Bytes held per user (entity, indexes) when an account has `count` users."""
    with mock_iam():
        iam = boto3.client("iam", region_name="us-east-1")
        iam.list_users()  # load handlers and models first
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.take_snapshot()
        for i in range(count):
            iam.create_user(UserName=f"m{i}", Tags=[{"Key": "team", "Value": "core"}])
        gc.collect()
        after = tracemalloc.take_snapshot()
        tracemalloc.stop()
        grown = sum(s.size_diff for s in after.compare_to(before, "filename"))
        return grown / count


def bench_enforcement(n: int, rounds: int = 15) -> dict[str, float]:
    """Per-call cost with enforcement on against off, same run: get_user by a user in 3 groups
    with 10 attached policies of 20 statements each (conditions included)."""
    import json as _json

    def statements(p: int) -> list[dict[str, Any]]:
        return [{"Effect": "Allow", "Action": [f"iam:Get{p}x{s}*", "iam:List*"],
                 "Resource": f"arn:aws:iam::123456789012:user/team{s}/*",
                 "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}
                for s in range(19)] + [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
                                         "Condition": {"Bool": {"aws:SecureTransport": "true"}}}]

    clients = {}
    sims = {}
    for mode in ("off", "on"):
        sim = mock_iam(enforce=False)
        with sim:
            iam = boto3.client("iam", region_name="us-east-1")
            iam.create_user(UserName="u5")
            iam.create_user(UserName="alice")
            for g in range(3):
                iam.create_group(GroupName=f"g{g}")
                iam.add_user_to_group(GroupName=f"g{g}", UserName="alice")
            for p in range(10):
                arn = iam.create_policy(PolicyName=f"p{p}", PolicyDocument=_json.dumps(
                    {"Version": "2012-10-17", "Statement": statements(p)}))["Policy"]["Arn"]
                if p < 7:
                    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
                else:
                    iam.attach_group_policy(GroupName=f"g{p - 7}", PolicyArn=arn)
            key = iam.create_access_key(UserName="alice")["AccessKey"]
            clients[mode] = boto3.client("iam", region_name="us-east-1",
                                         aws_access_key_id=key["AccessKeyId"],
                                         aws_secret_access_key=key["SecretAccessKey"])
        sim.enforce = mode == "on"
        sims[mode] = sim
    times = interleaved({
        mode: ((lambda i, c=clients[mode]: c.get_user(UserName="u5")),
               (lambda sim=sims[mode]: _Resumed(sim)))
        for mode in ("off", "on")}, n, rounds)
    return {"off_us": times["off"] * 1e6, "on_us": times["on"] * 1e6,
            "ratio": times["on"] / times["off"]}


def bench_enforcement_moto(n: int, rounds: int = 15) -> dict[str, dict[str, float]] | None:
    """Per-call cost of S3 put_object and DynamoDB put_item answered by moto, with iamsim's
    enforcement on against off in the same scope and run: a role session whose policies (a
    managed policy of 10 statements with conditions, an inline one) allow the call."""
    try:
        from moto import mock_aws
    except ImportError:
        return None
    import contextlib

    def stmts(svc: str) -> list[dict[str, Any]]:
        return [{"Effect": "Allow", "Action": [f"{svc}:Get*", f"{svc}:Describe{s}*"],
                 "Resource": "*",
                 "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}
                for s in range(9)] + [{"Effect": "Deny", "Action": f"{svc}:Delete*",
                                       "Resource": "*"}]

    out: dict[str, dict[str, float]] = {}
    with mock_aws(), mock_iam(enforce=False) as sim:
        iam = boto3.client("iam", region_name="us-east-1")
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "sts:AssumeRole"}]}
        arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        for svc in ("s3", "dynamodb"):
            p = iam.create_policy(PolicyName=f"{svc}-read", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": stmts(svc)}))["Policy"]["Arn"]
            iam.attach_role_policy(RoleName="app", PolicyArn=p)
        iam.put_role_policy(RoleName="app", PolicyName="write", PolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bench/*"},
                {"Effect": "Allow", "Action": "dynamodb:PutItem",
                 "Resource": "arn:aws:dynamodb:us-east-1:123456789012:table/bench"}]}))
        iam.create_user(UserName="assumer")  # the root user may not assume roles
        k = iam.create_access_key(UserName="assumer")["AccessKey"]
        c = boto3.client("sts", region_name="us-east-1", aws_access_key_id=k["AccessKeyId"],
                         aws_secret_access_key=k["SecretAccessKey"]).assume_role(
            RoleArn=arn, RoleSessionName="bench")["Credentials"]
        creds = {"aws_access_key_id": c["AccessKeyId"],
                 "aws_secret_access_key": c["SecretAccessKey"],
                 "aws_session_token": c["SessionToken"]}
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bench")
        boto3.client("dynamodb", region_name="us-east-1").create_table(
            TableName="bench", BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        s3 = boto3.client("s3", region_name="us-east-1", **creds)
        ddb = boto3.client("dynamodb", region_name="us-east-1", **creds)

        @contextlib.contextmanager
        def enforcing(on: bool) -> Any:
            sim.enforce = on
            try:
                yield
            finally:
                sim.enforce = False

        calls = {
            "s3 put_object": lambda i: s3.put_object(Bucket="bench", Key=f"k{i % 50}", Body=b"x"),
            "dynamodb put_item": lambda i: ddb.put_item(
                TableName="bench", Item={"pk": {"S": str(i % 50)}, "v": {"N": str(i)}}),
        }
        for label, fn in calls.items():
            fn(0)
            times = interleaved({
                "off": (fn, lambda: enforcing(False)),
                "on": (fn, lambda: enforcing(True)),
            }, n, rounds)
            out[label] = {"off_us": times["off"] * 1e6, "on_us": times["on"] * 1e6,
                          "ratio": times["on"] / times["off"]}
    return out


def _scope_memory() -> dict[str, float]:
    """Measured in a fresh process, so this run's caches do not blur it (memory.py)."""
    import subprocess
    from pathlib import Path

    script = Path(__file__).with_name("memory.py")
    out = subprocess.run([sys.executable, str(script), "300"], capture_output=True, text=True,
                         check=True)
    figures: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


def bench_engine(n: int) -> dict[str, float]:
    """Engine decisions per second: a user in 3 groups with 10 attached policies of 20
    statements each, every statement with conditions (policies compiled once, as in use)."""
    from iamsim.policy import Policy, PolicySet, Principal, Request, evaluate

    account = "123456789012"
    services = ["s3", "ec2", "iam", "sqs", "sns", "dynamodb", "lambda", "kms", "logs", "sts"]

    def policy(p: int) -> Policy:
        statements = []
        for s in range(20):
            svc = services[(p + s) % len(services)]
            statements.append({
                "Sid": f"P{p}S{s}",
                "Effect": "Deny" if s == 19 else "Allow",
                "Action": [f"{svc}:Get*", f"{svc}:List*", f"{svc}:Describe{s}*"],
                "Resource": f"arn:aws:{svc}:*:{account}:thing{s}/${{aws:username}}/*",
                "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["core", f"t{s}"]},
                              "Bool": {"aws:SecureTransport": "true"},
                              "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
            })
        return Policy(json.dumps({"Version": "2012-10-17", "Statement": statements}),
                      f"policy{p}", "customer-managed")

    policies = PolicySet(identity=[policy(p) for p in range(10)])  # user's and 3 groups'
    principal = Principal("user", account, f"arn:aws:iam::{account}:user/alice")
    context = {"aws:username": "alice", "aws:PrincipalTag/team": "core",
               "aws:SecureTransport": True, "aws:SourceIp": "10.1.2.3",
               "aws:CurrentTime": "2026-12-01T00:00:00Z", "aws:PrincipalAccount": account}
    requests = [Request(principal, f"{svc}:GetThing", f"arn:aws:{svc}:us-east-1:{account}:"
                        f"thing{i}/alice/x", context) for i, svc in enumerate(services)]
    evaluate(requests[0], policies)  # compile outside the timing

    def decide(i: int) -> None:
        evaluate(requests[i % len(requests)], policies)

    per = per_call(decide, n)
    return {"decision_us": per * 1e6, "decisions_per_s": 1 / per}


def bench_simulator(n: int, rounds: int = 15) -> dict[str, dict[str, float]]:
    """simulate_custom_policy and simulate_principal_policy (2 actions, 2 resources, a
    condition) against the Stubber floor answering with a result of the same shape."""
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::b/*",
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}]})
    common = {"ActionNames": ["s3:GetObject", "s3:PutObject"],
              "ResourceArns": ["arn:aws:s3:::b/k", "arn:aws:s3:::c/k"],
              "ContextEntries": [{"ContextKeyName": "aws:SecureTransport",
                                  "ContextKeyValues": ["true"], "ContextKeyType": "boolean"}]}
    stmt = {"SourcePolicyId": "PolicyInputList.1", "SourcePolicyType": "IAM Policy",
            "StartPosition": {"Line": 1, "Column": 41}, "EndPosition": {"Line": 1, "Column": 160}}
    per = [{"EvalResourceName": r, "EvalResourceDecision": "allowed", "MatchedStatements": [stmt],
            "MissingContextValues": [], "EvalDecisionDetails": {}} for r in common["ResourceArns"]]
    result = {"EvalActionName": "s3:GetObject", "EvalResourceName": "arn:${Partition}:s3:::x",
              "EvalDecision": "allowed", "MatchedStatements": [stmt], "MissingContextValues": [],
              "EvalDecisionDetails": {}, "ResourceSpecificResults": per}
    response = {"EvaluationResults": [result, dict(result, EvalActionName="s3:PutObject")],
                "IsTruncated": False}
    user = "arn:aws:iam::123456789012:user/alice"
    cases = {
        "simulate_custom_policy": ("SimulateCustomPolicy",
                                   dict(common, PolicyInputList=[policy])),
        "simulate_principal_policy": ("SimulatePrincipalPolicy",
                                      dict(common, PolicySourceArn=user)),
    }
    out: dict[str, dict[str, float]] = {}
    for label, (op, params) in cases.items():
        stub = _Stubbed(op, response, None, "iam", n * rounds + 10)
        sim = mock_iam()
        with sim:
            client = boto3.client("iam", region_name="us-east-1")
            client.create_user(UserName="alice")
            client.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=policy)
            getattr(client, _snake(op))(**params)  # load the catalog outside the timing
        times = interleaved({
            "stubber": (_caller(stub.client, op, lambda i, p=params: p), lambda stub=stub: stub),
            "iamsim": (_caller(client, op, lambda i, p=params: p), lambda sim=sim: _Resumed(sim)),
        }, n, rounds)
        out[label] = _row(times)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="fewer iterations (CI smoke run)")
    ap.add_argument("--json", help="write the results to this file")
    args = ap.parse_args()
    n = 50 if args.quick else 150
    report: dict[str, Any] = {}
    print("iamsim benchmark (latency per call; ratio = iamsim / Stubber floor, same run)\n")
    calls = bench_calls(n)
    report["calls"] = calls
    has_moto = any("moto_us" in r for r in calls.values())
    header = f"{'operation':42s} {'Stubber µs':>11s} {'iamsim µs':>10s} {'ratio':>6s}"
    if has_moto:
        header += f" {'moto µs':>9s} {'moto ratio':>10s}"
    print(header)
    for label, r in calls.items():
        line = f"{label:42s} {r['stubber_us']:11.1f} {r['iamsim_us']:10.1f} {r['ratio']:6.2f}"
        if has_moto:
            line += f" {r['moto_us']:9.1f} {r['moto_ratio']:10.2f}"
        print(line)
    workloads = bench_workloads(max(n // 4, 25))
    report["workloads"] = workloads
    for label, r in workloads.items():
        print(f"{label:42s} {r['stubber_us']:11.1f} {r['iamsim_us']:10.1f} {r['ratio']:6.2f}")
    simulator = bench_simulator(max(n // 4, 25))
    report["simulator"] = simulator
    for label, r in simulator.items():
        print(f"{label:42s} {r['stubber_us']:11.1f} {r['iamsim_us']:10.1f} {r['ratio']:6.2f}")
    cognito = bench_cognito(max(n // 10, 5))
    report["cognito"] = cognito
    line = (f"{'cognito sign-up+confirm+sign-in+get_user':42s} {cognito['stubber_us']:11.1f} "
            f"{cognito['iamsim_us']:10.1f} {cognito['ratio']:6.2f}")
    if "moto_us" in cognito:
        line += f" {cognito['moto_us']:9.1f} {cognito['moto_ratio']:10.2f}"
    print(line + "  (no target: real RSA signing)")
    scaling = bench_scaling(n)
    report["scaling"] = scaling
    print(f"\nget_user with 10 users: {scaling['get_user_us_10']:.1f} µs; with 10,000 users: "
          f"{scaling['get_user_us_10000']:.1f} µs; ratio {scaling['ratio']:.2f}")
    scope_ms = bench_scope(200 if args.quick else 1000)
    report["scope_ms"] = scope_ms
    print(f"enter + leave an empty scope: {scope_ms * 1000:.1f} µs")
    from iamsim.data import managed_policies

    with mock_iam():
        boto3.client("iam", region_name="us-east-1").get_policy(PolicyArn=READ_ONLY)
    assert managed_policies.is_loaded()
    scope_catalog_ms = bench_scope(200 if args.quick else 1000)
    report["scope_with_catalog_ms"] = scope_catalog_ms
    print(f"enter + leave an empty scope, managed policy catalog loaded: "
          f"{scope_catalog_ms * 1000:.1f} µs")
    import_ms = bench_import(3 if args.quick else 7)
    report["import_ms"] = import_ms
    print(f"import iamsim (after boto3): {import_ms:.1f} ms")
    mem = bench_memory(2000)
    report["bytes_per_user"] = mem
    print(f"memory per user (with one tag): {mem:.0f} bytes")
    scope_mem = _scope_memory()
    report["bytes_per_scope"] = scope_mem
    print(f"memory kept per scope (own client, one call, 300 scopes): "
          f"{scope_mem['iamsim_scope']:.0f} bytes; botocore alone (Stubber client): "
          f"{scope_mem['botocore_client']:.0f} bytes")
    engine = bench_engine(300 if args.quick else 3000)
    report["engine"] = engine
    print(f"policy engine, user in 3 groups, 10 policies x 20 statements with conditions: "
          f"{engine['decision_us']:.1f} µs per decision, {engine['decisions_per_s']:.0f}/s")

    enforcement = bench_enforcement(max(n // 4, 25))
    report["enforcement"] = enforcement
    print(f"get_user by a user with 10 policies x 20 statements, enforcement on / off: "
          f"{enforcement['on_us']:.1f} / {enforcement['off_us']:.1f} µs, "
          f"ratio {enforcement['ratio']:.2f}")

    moto_enforcement = bench_enforcement_moto(max(n // 4, 25))
    if moto_enforcement is not None:
        report["enforcement_moto"] = moto_enforcement
        for label, r in moto_enforcement.items():
            print(f"{label} under moto, a role session, enforcement on / off: "
                  f"{r['on_us']:.1f} / {r['off_us']:.1f} µs, ratio {r['ratio']:.2f}")

    worst_fast = max(r["ratio"] for r in [*calls.values(), *workloads.values()])
    checks = {
        "fast path / Stubber": worst_fast,
        "get_user 10k users / 10 users": scaling["ratio"],
        "empty scope (ms)": max(scope_ms, scope_catalog_ms),
        "import iamsim (ms)": import_ms,
        "bytes kept per scope": scope_mem["iamsim_scope"],
        "enforcement on / off": enforcement["ratio"],
    }
    if moto_enforcement is not None:
        checks["moto enforcement on / off"] = max(r["ratio"] for r in moto_enforcement.values())
    print("\ntargets:")
    ok = True
    for name, value in checks.items():
        good = value <= TARGETS[name]
        ok &= good
        print(f"  {name:32s} {value:8.2f}  target <= {TARGETS[name]:<6}  "
              f"{'ok' if good else 'MISSED'}")
    report["targets_met"] = ok
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
