"""The README's example command keeps working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_quickstart_runs_without_any_aws_configuration(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = str(tmp_path)  # no ~/.aws either
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "quickstart.py")],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "alice is arn:aws:iam::123456789012:user/eng/alice" in out.stdout
    assert "EntityAlreadyExists" in out.stdout


def test_least_privilege_example_derives_a_policy_that_passes_enforcement(tmp_path):
    import pytest

    pytest.importorskip("moto")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = str(tmp_path)
    out = subprocess.run([sys.executable, str(ROOT / "examples" / "least_privilege.py")],
                         capture_output=True, text=True, env=env, timeout=120, check=True)
    assert "would be refused: s3:PutObject on arn:aws:s3:::reports/2026/q4.csv" in out.stdout
    assert '"Action": "dynamodb:PutItem"' in out.stdout
    assert "with the derived policy, enforcement allows every call" in out.stdout
