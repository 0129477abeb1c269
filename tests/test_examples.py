"""The committed example reports are exactly what `mlops-init assess` makes of the example
answers files today, so a consultant browsing examples/reports/ never sees a stale report."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = ["level0-startup", "level1-team", "level2-platform"]


@pytest.mark.parametrize("name", NAMES)
def test_committed_example_report_is_current(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    done = CliRunner().invoke(
        app, ["assess", "--answers", str(EXAMPLES / f"{name}.yaml"), "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    committed = EXAMPLES / "reports" / name
    for filename in ("report.md", "report.html", "result.json"):
        assert (out / filename).read_bytes() == (committed / filename).read_bytes(), (
            f"examples/reports/{name}/{filename} is stale; regenerate it with: mlops-init "
            f"assess --answers examples/{name}.yaml --out examples/reports/{name}"
        )
