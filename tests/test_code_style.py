"""mlops-init's own code is lint- and format-clean with the pinned ruff (test extra)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECKED = ["generator", "tools", "tests", "bench"]


def _ruff(*args: str) -> subprocess.CompletedProcess[str]:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: python -m pip install -e '.[test]'")
    return subprocess.run(
        [ruff, *args, *CHECKED], cwd=ROOT, capture_output=True, text=True, check=False
    )


def test_code_passes_ruff_check():
    done = _ruff("check", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_code_is_ruff_formatted():
    done = _ruff("format", "--check", "--no-cache")
    assert done.returncode == 0, (
        "Run 'ruff format generator tools tests bench' to format these files:\n" + done.stdout
    )
