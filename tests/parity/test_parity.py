"""Every implemented operation gives the same result through the fast and the wire path."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from iamsim.dispatch import HANDLERS, load_handlers

from . import scenarios
from .harness import run


def _all_scenarios() -> dict[str, list]:
    found: dict[str, list] = {}
    for mod in pkgutil.iter_modules(scenarios.__path__):
        module = importlib.import_module(f"{scenarios.__name__}.{mod.name}")
        for name, steps in module.SCENARIOS.items():
            found[f"{mod.name}:{name}"] = steps
    return found


SCENARIOS = _all_scenarios()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_fast_and_wire_paths_agree(name):
    steps = SCENARIOS[name]
    fast = run(steps, "fast")
    wire = run(steps, "wire")
    for f, w in zip(fast, wire, strict=True):
        assert f == w, f"{name}: {f['op']} differs"



def test_every_implemented_operation_has_a_parity_scenario():
    load_handlers()
    covered = {(svc, op) for steps in SCENARIOS.values() for svc, op, _ in steps}
    missing = sorted(f"{s}:{o}" for s, o in HANDLERS if (s, o) not in covered)
    assert not missing, f"operations with no parity scenario: {missing}"
