"""``mlops-init portfolio``: the command on the three example teams, and its refusals."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from generator.cli import app

REPORTS = Path(__file__).resolve().parents[2] / "examples" / "reports"


def invoke(*args: str):
    return CliRunner().invoke(app, ["portfolio", *args])


def test_portfolio_of_the_three_examples(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(REPORTS, reports)
    out = tmp_path / "portfolio"
    done = invoke(str(reports), "--out", str(out))
    assert done.exit_code == 0, done.output
    assert "lead-scoring (Fernhill Analytics): level 0" in done.output
    assert "fraud-detection (Kestrel Payments): level 2" in done.output
    assert sorted(p.name for p in out.iterdir()) == [
        "portfolio.html",
        "portfolio.json",
        "portfolio.md",
    ]
    html = (out / "portfolio.html").read_text()
    # Self-contained: no script, nothing loaded from elsewhere.
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)=["']https?:""", html)
    assert 'class="compact heatmap"' in html and "cell-met" in html and "cell-missing" in html
    for link in re.findall(r'href="(\.\./[^"]+)"', html):
        assert (out / link).exists(), link
    md = (out / "portfolio.md").read_text()
    assert "## Gaps most teams share" in md and "## Practices by team" in md
    data = json.loads((out / "portfolio.json").read_text())
    assert [t["level"] for t in data["teams"]] == [0, 1, 2]


def test_results_can_be_given_one_by_one(tmp_path):
    files = [str(REPORTS / n / "result.json") for n in ("level2-platform", "level0-startup")]
    done = invoke(*files, "--out", str(tmp_path / "p"), "-f", "json")
    assert done.exit_code == 0, done.output
    data = json.loads((tmp_path / "p" / "portfolio.json").read_text())
    assert [t["level"] for t in data["teams"]] == [2, 0]  # the order given


def test_a_missing_result_is_refused_and_nothing_written(tmp_path):
    out = tmp_path / "p"
    done = invoke(
        str(REPORTS / "level1-team" / "result.json"), str(tmp_path / "nope.json"), "-o", str(out)
    )
    assert done.exit_code == 2
    assert "nope.json" in done.stderr and "does not exist" in done.stderr
    assert not out.exists()
