"""Real results: the example answers files scored with the real bank, then rendered."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_report_html import parse

from generator.answers import load_answers
from generator.bank import load_bank
from generator.levels import BANDS
from generator.report import render_reports
from generator.report.context import ML_TEST_SCORE_BANDS
from generator.result import Result
from generator.scoring import score

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def scored() -> dict[str, Result]:
    bank = load_bank()
    return {
        name: score(bank, load_answers(EXAMPLES / f"{name}.yaml", bank))
        for name in ("level0-startup", "level1-team", "level2-platform")
    }


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("level0-startup", 0),
        ("level1-team", 1),
        ("level2-platform", 2),
    ],
)
def test_example_renders_completely(scored: dict[str, Result], name: str, level: int) -> None:
    result = scored[name]
    files = render_reports(result, ["md", "html", "json"])
    md, html = files["report.md"], files["report.html"]
    assert f"### Level {level}: {result.level_name}" in md
    assert f'id="level-heading">Level {level}: ' in html
    checker = parse(html)
    assert checker.problems == [] and checker.stack == []
    # every practice of the bank appears once in the findings and once in the appendix
    for finding in result.findings:
        assert html.count(f'id="practice-{finding.id}"') == 1
        assert md.count(f"| `{finding.id}` | ") == 1
    # every gap is on the roadmap with its command, when it has one
    roadmap = md[md.index("## Roadmap") : md.index("## Methodology")]
    for gap in result.gaps:
        assert f"`{gap.id}`" in roadmap
        if gap.command:
            assert f"`{gap.command}`" in roadmap
    assert len(re.findall(r"^\| `(?:data|model|infra|monitor)-\d` \|", md, flags=re.M)) == 28
    assert render_reports(result, ["md", "html", "json"]) == files


def test_band_names_in_the_methodology_match_the_scoring() -> None:
    assert [band for _, band, _ in ML_TEST_SCORE_BANDS] == [b.name for b in BANDS]
