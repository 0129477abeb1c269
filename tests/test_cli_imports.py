"""``mlops-init --help`` stays light: no copier, questionary, ML stack or PDF engine loaded."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("copier", "questionary", "mlflow", "sklearn", "pandas", "weasyprint", "pydyf")

PROBE = """
import json, sys
from generator.cli import app
try:
    app(["{command}", "--help"] if "{command}" else ["--help"], prog_name="mlops-init")
except SystemExit:
    pass
print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
"""


def loaded_by(command: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(command=command)],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_imports_no_heavy_package():
    assert loaded_by("") & set(HEAVY) == set()


def test_help_of_the_commands_with_pdf_imports_no_pdf_engine():
    for command in ("assess", "portfolio"):
        assert loaded_by(command) & set(HEAVY) == set(), command
