"""The crosswalk section of the report, in every format, for the example teams."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.answers import load_answers
from generator.bank import load_bank
from generator.report import render_reports
from generator.result import Result
from generator.scoring import score

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example(name: str) -> Result:
    bank = load_bank()
    return score(bank, load_answers(EXAMPLES / f"{name}.yaml", bank))


@pytest.fixture(scope="module")
def level1() -> Result:
    return example("level1-team")


def test_result_json_holds_the_crosswalk_with_statuses(level1):
    data = json.loads(render_reports(level1, ["json"])["result.json"])
    crosswalk = data["crosswalk"]
    assert crosswalk["checked"] == "2026-12-01"
    frameworks = {f["id"]: f for f in crosswalk["frameworks"]}
    assert set(frameworks) == {"iso-42001", "eu-ai-act", "nist-ai-rmf"}
    findings = {f["id"]: f for f in data["findings"]}
    for fw in frameworks.values():
        counted = {s: 0 for s in ("met", "partial", "missing", "not_applicable")}
        for item in fw["items"]:
            counted[item["status"]] += 1
            # Each practice behind an item carries the status of its finding.
            for p in item["practices"]:
                assert p["status"] == findings[p["id"]]["status"]
        assert counted == {s: fw[s] for s in counted}
    # Level 1 team: the lineage practice is met, so the provenance control is evidenced by it.
    iso = {i["id"]: i for i in frameworks["iso-42001"]["items"]}
    assert "governance-lineage" in [p["id"] for p in iso["A.7.5"]["practices"]]


def test_a_team_with_nothing_in_place_has_missing_items():
    result = example("level0-startup")
    statuses = {i.status for f in result.crosswalk.frameworks for i in f.items}
    assert "missing" in statuses
    top = example("level2-platform")
    met = sum(f.met for f in top.crosswalk.frameworks)
    assert met > sum(f.met for f in result.crosswalk.frameworks)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_section_says_evidence_toward_never_compliant(level1, fmt):
    text = render_reports(level1, [fmt])[f"report.{fmt}"]
    assert "Regulatory crosswalk" in text
    assert "evidence toward" in text
    assert "Mapping checked on 2026-12-01" in text
    assert not re.search(r"\bcomplian(t|ce with)\b", text, re.IGNORECASE)
    for name in ("ISO/IEC 42001:2023", "EU AI Act", "NIST AI Risk Management Framework"):
        assert name in text
    assert "MEASURE 2.5" in text and "A.6.2.8" in text and "Art. 72" in text
    assert "2026-08-02" in text and "2027-08-02" in text


def test_html_section_links_practices_and_sits_in_the_contents(level1):
    html = render_reports(level1, ["html"])["report.html"]
    assert '<li><a href="#crosswalk">Regulatory crosswalk</a></li>' in html
    section = html[html.index('<section class="major" id="crosswalk">') :]
    section = section[: section.index("</section>")]
    assert 'href="#practice-monitoring-prediction-logging"' in section
    assert 'class="badge badge-' in section


def test_markdown_contents_number_the_crosswalk(level1):
    md = render_reports(level1, ["md"])["report.md"]
    assert "[Regulatory crosswalk](#regulatory-crosswalk)" in md
    assert "\n## Regulatory crosswalk\n" in md


def test_a_result_without_crosswalk_renders_without_the_section(level1):
    older = level1.model_copy(update={"crosswalk": None})
    files = render_reports(older, ["md", "html"])
    assert "Regulatory crosswalk" not in files["report.md"]
    assert "Regulatory crosswalk" not in files["report.html"]
