"""pytest plugin (registered by entry point): the `iam_mock` fixture.

Each test that asks for `iam_mock` runs in its own scope with an empty account. Options come
from a marker: `@pytest.mark.iamsim(seed=1, account_id="111122223333", path="wire")`.
Under pytest-xdist every worker is its own process, so scopes never meet across workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .mock import IamSim


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "iamsim(**options): options for the iam_mock fixture (seed, account_id, path, quotas)"
    )


@pytest.fixture
def iam_mock(request: pytest.FixtureRequest) -> Iterator[IamSim]:
    marker = request.node.get_closest_marker("iamsim")
    options: dict[str, Any] = dict(marker.kwargs) if marker is not None else {}
    with IamSim(**options) as sim:
        yield sim
