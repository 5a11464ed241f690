"""Shared test setup: no network at all, and clients bound to the active scope."""

from __future__ import annotations

import socket

import boto3
import pytest

pytest_plugins = ["pytester"]

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _guard(sock: socket.socket, address: object) -> None:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return
    raise AssertionError(f"test tried to open a network connection to {address!r}")


def _connect(self: socket.socket, address: object) -> None:
    _guard(self, address)
    return _real_connect(self, address)  # pragma: no cover - unix sockets only


def _connect_ex(self: socket.socket, address: object) -> int:
    _guard(self, address)
    return _real_connect_ex(self, address)  # pragma: no cover


@pytest.fixture(autouse=True, scope="session")
def no_network():
    """Every test runs with outbound connections refused: iamsim must never need one."""
    socket.socket.connect = _connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _real_connect_ex  # type: ignore[method-assign]


@pytest.fixture
def iam(iam_mock):
    """An IAM client inside a fresh scope (the root user of account 123456789012)."""
    return boto3.client("iam", region_name="us-east-1")


@pytest.fixture
def sts(iam_mock):
    return boto3.client("sts", region_name="us-east-1")


@pytest.fixture
def client_for(iam_mock):
    """Make a client that signs with the given access key (as returned by CreateAccessKey)."""

    def make(key: dict, service: str = "iam", region: str = "us-east-1"):
        return boto3.client(
            service,
            region_name=region,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )

    return make
