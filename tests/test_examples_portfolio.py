"""The committed example portfolio is what `mlops-init portfolio` makes of the committed
example results today, and its links reach the committed reports."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
COMMAND = "mlops-init portfolio examples/reports --out examples/portfolio"


def test_committed_example_portfolio_is_current(tmp_path: Path, monkeypatch) -> None:
    # The documented command, run in a copy of examples/reports, so the relative links from
    # examples/portfolio to the reports come out as committed.
    shutil.copytree(EXAMPLES / "reports", tmp_path / "examples" / "reports")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(app, COMMAND.split()[1:])
    assert done.exit_code == 0, done.output
    for name in ("portfolio.md", "portfolio.html", "portfolio.json"):
        made = (tmp_path / "examples" / "portfolio" / name).read_bytes()
        committed = (EXAMPLES / "portfolio" / name).read_bytes()
        assert made == committed, f"examples/portfolio/{name} is stale; run: {COMMAND}"


def test_example_portfolio_links_reach_the_reports() -> None:
    html = (EXAMPLES / "portfolio" / "portfolio.html").read_text()
    links = re.findall(r'href="(\.\./reports/[^"]+)"', html)
    assert len(links) == 3
    for link in links:
        assert (EXAMPLES / "portfolio" / link).is_file(), link
