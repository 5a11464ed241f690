"""Developer sessions: nox -s tests | tests_versions | tests_wire | tests_latest | lint |
typecheck | bench | coverage."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, as the README and CI run it."""
    session.install("-e", ".[test]", "-c", "constraints.txt")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session(python=["3.10", "3.11", "3.12", "3.13"])
def tests_versions(session: nox.Session) -> None:
    """The suite on every supported Python."""
    session.install("-e", ".[test]", "-c", "constraints.txt")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session
def tests_wire(session: nox.Session) -> None:
    """The whole suite answered by the wire path (real XML through botocore's parser)."""
    session.install("-e", ".[test]", "-c", "constraints.txt")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs,
                env={"IAMSIM_PATH": "wire"})


@nox.session
def tests_latest(session: nox.Session) -> None:
    """The suite against the newest boto3/botocore, without the pins: the coverage test then
    names any IAM or STS operation a new botocore release adds, as soon as it is out."""
    session.install("-e", ".[test]")
    session.install("--upgrade", "boto3", "botocore")
    session.run("python", "-c", "import boto3, botocore; "
                "print('boto3', boto3.__version__, 'botocore', botocore.__version__)")
    session.run("python", "-m", "pytest", "-n", "auto", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    session.install("ruff>=0.6")
    session.run("ruff", "check", "src", "tests", "benchmarks", "scripts", "noxfile.py")


@nox.session
def typecheck(session: nox.Session) -> None:
    session.install("-e", ".", "mypy>=1.10", "types-python-dateutil")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Latency as ratios to botocore's Stubber floor (and to moto), scaling, scope, import."""
    session.install("-e", ".", "moto>=5.0")
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def coverage(session: nox.Session) -> None:
    """Which IAM/STS operations of the installed botocore model iamsim implements."""
    session.install("-e", ".")
    session.run("python", "../shared/tools/opcoverage.py", *session.posargs)
