"""Scopes and threads: a scope belongs to the thread that started it and the threads made in it;
a thread of no scope is served only while one thread has scopes (README, Threads)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.client
import pytest

from iamsim import ScopeConflictError, mock_iam

_ORIGINAL = botocore.client.BaseClient._emit_api_params


def _names() -> list[str]:
    return [u["UserName"] for u in boto3.client("iam", region_name="us-east-1").list_users()["Users"]]


@pytest.mark.parametrize("path", ["fast", "wire"])
def test_two_threads_with_their_own_scopes_never_see_each_other(path):
    barrier = threading.Barrier(2)
    seen: dict[str, list[list[str]]] = {}
    errors: list[BaseException] = []

    def worker(name: str) -> None:
        try:
            with mock_iam(path=path):
                iam = boto3.client("iam", region_name="us-east-1")
                barrier.wait()
                for i in range(20):
                    iam.create_user(UserName=f"{name}{i}")
                    seen.setdefault(name, []).append(_names())
                barrier.wait()
        except BaseException as e:  # reported below
            errors.append(e)
            barrier.abort()

    threads = [threading.Thread(target=worker, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for name, snapshots in seen.items():
        for i, names in enumerate(snapshots):
            assert sorted(names) == sorted(f"{name}{j}" for j in range(i + 1))


def test_a_scope_opened_in_another_thread_does_not_take_over():
    with mock_iam():
        boto3.client("iam", region_name="us-east-1").create_user(UserName="outer")
        started, release = threading.Event(), threading.Event()

        def other() -> None:
            with mock_iam():
                started.set()
                release.wait(10)

        t = threading.Thread(target=other)
        t.start()
        started.wait(10)
        try:
            assert _names() == ["outer"]
        finally:
            release.set()
            t.join()
        assert _names() == ["outer"]


def test_threads_made_inside_a_scope_belong_to_it():
    with mock_iam():
        boto3.client("iam", region_name="us-east-1").create_user(UserName="main")
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(lambda _: _names(), range(8)))
        assert results == [["main"]] * 8


def test_a_thread_of_no_scope_is_served_by_the_only_active_scope():
    ready, go, done = threading.Event(), threading.Event(), threading.Event()
    out: list[object] = []

    def old_worker() -> None:  # created before any scope
        ready.set()
        go.wait(10)
        try:
            out.append(_names())
        except BaseException as e:
            out.append(e)
        done.set()

    t = threading.Thread(target=old_worker)
    t.start()
    ready.wait(10)
    with mock_iam():
        boto3.client("iam", region_name="us-east-1").create_user(UserName="only")
        go.set()
        done.wait(10)
    t.join()
    assert out == [["only"]]


def test_a_thread_of_no_scope_is_refused_when_several_threads_have_scopes():
    ready, go, done = threading.Event(), threading.Event(), threading.Event()
    out: list[object] = []

    def old_worker() -> None:
        ready.set()
        go.wait(10)
        try:
            out.append(_names())
        except BaseException as e:
            out.append(e)

    def other_scope() -> None:
        with mock_iam():
            go.wait(10)
            done.wait(10)

    t = threading.Thread(target=old_worker)
    t.start()
    ready.wait(10)
    with mock_iam():
        s = threading.Thread(target=other_scope)  # made in this scope, but opens its own
        s.start()
        go.set()
        t.join()
        done.set()
        s.join()
    assert len(out) == 1 and isinstance(out[0], ScopeConflictError)
    assert "several threads" in str(out[0])


def test_a_scope_may_be_stopped_from_another_thread():
    sim = mock_iam().start()
    t = threading.Thread(target=sim.stop)
    t.start()
    t.join()
    assert not sim.active
    assert botocore.client.BaseClient._emit_api_params is _ORIGINAL  # fully uninstalled
    with mock_iam():  # and the thread that started it can start another
        assert _names() == []
