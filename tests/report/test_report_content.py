"""What the report says: summary numbers, findings, roadmap, ML Test Score, appendix."""

from __future__ import annotations

import re

import pytest

from generator.report import render_reports
from generator.report.context import build_context
from generator.result import Result


def test_summary_is_generated_from_the_numbers(result: Result) -> None:
    summary = build_context(result).summary
    assert "is at MLOps maturity level 1, ML pipeline automation." in summary
    assert "It has earned 29% of what level 2, CI/CD pipeline automation, requires; " in summary
    assert "5 practices still block that level" in summary
    assert "strongest area is CI/CD and testing (83/100)" in summary
    assert "weakest is Governance and documentation (0/100)" in summary
    assert "ML Test Score (2017 method) is 1.5 out of 7" in summary
    assert "first pass at production readiness" in summary
    assert "lowest section is Model (1.5)" in summary
    assert "(11 met, 3 partial, 2 missing, 2 unanswered)" in summary
    assert "2 questions were left unanswered" in summary


def test_summary_follows_a_change_in_the_numbers(result: Result) -> None:
    areas = [a.model_copy(update={"score": 95.0}) if a.id == "data" else a for a in result.areas]
    changed = result.model_copy(update={"areas": areas, "next_level_progress": 50.0})
    summary = build_context(changed).summary
    assert "strongest area is Data (95/100)" in summary
    assert "earned 50% of what level 2" in summary


def test_summary_at_the_top_level(top_result: Result) -> None:
    summary = build_context(top_result).summary
    assert "The assessed team is at MLOps maturity level 2" in summary
    assert "highest level of the model; 2 checklist items remain open" in summary
    html = render_reports(top_result, ["html"])["report.html"]
    assert "Highest level reached" in html
    assert "Blocks level" not in html


def test_serving_area_without_applicable_practice_shows_na(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    assert "| Deployment and serving | n/a |  | 0 | 0 | 2 |" in md
    assert "### Deployment and serving (n/a)" in md


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_findings_show_status_answer_origin_and_sources(result: Result, fmt: str) -> None:
    text = render_reports(result, [fmt])[f"report.{fmt}"]
    assert "src/churn/pipeline/validate.py:12" in text  # evidence path:line
    assert "confidence 90%" in text
    assert "pandera-schema" not in text  # the detector's internal id is for the scan, not clients
    assert "Evidence found in the repository" in text
    assert "Not applicable by skip logic" in text
    assert "No real-time serving: predictions are computed in batch." in text
    assert "Not answered" in text
    assert "Stated by the team" in text
    assert "Why data-versioning matters" in text
    assert "https://research.google/pubs/the-ml-test-score" in text
    assert "Data 1: feature expectations in a schema" in text


def test_html_status_badges(result: Result) -> None:
    html = render_reports(result, ["html"])["report.html"]
    for css, label in [
        ("met", "Met"),
        ("partial", "Partial"),
        ("missing", "Missing"),
        ("not_applicable", "n/a"),
        ("unanswered", "Unanswered"),
    ]:
        assert f'<span class="badge badge-{css}">{label}</span>' in html


def test_roadmap_groups_blockers_then_checklist_in_order(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    roadmap = md[md.index("## Roadmap") : md.index("## Methodology")]
    blocks = roadmap.index("### Blocks level 2 (5)")
    checklist = roadmap.index("### Checklist (4)")
    assert blocks < checklist
    ids = re.findall(r"^   `([a-z-]+)` ·", roadmap, flags=re.M)
    assert ids == [g.id for g in result.gaps]
    assert roadmap.count("Closes it: `mlops-init upgrade --to 2`") == 4
    assert "component `drift-monitoring`" in roadmap


def test_ml_test_score_lists_all_28_tests_with_points(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    rows = re.findall(
        r"^\| `((?:data|model|infra|monitor)-\d)` \| [^|]+ \| ([^|]+) \|", md, flags=re.M
    )
    assert len(rows) == 28
    points = dict((tid, p.strip()) for tid, p in rows)
    assert points["data-4"] == "0.5"
    assert points["infra-6"] == "n/a"
    assert points["data-1"] == "1"
    assert points["model-2"] == "0"
    assert "| **Final score (lowest section)** | **1.5** |" in md
    assert "| Infrastructure | 4.5 |" in md
    # the practices behind a test are named next to it
    assert re.search(
        r"^\| `infra-3` .*`pipeline-orchestrated`.*`cicd-integration-tests`", md, flags=re.M
    )


def test_methodology_explains_the_rules_and_lists_sources(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    method = md[md.index("## Methodology") : md.index("## Appendix")]
    assert "every applicable practice gating a level up to L is fully met" in method
    assert "left out of every number" in method
    assert "the final score is the lowest of the four sections" in method
    assert "| (1, 2] | first pass at production readiness |" in method
    for source in result.sources:
        assert f"<{source.url}>" in method


def test_appendix_has_one_row_per_answer(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    appendix = md[md.index("## Appendix") :]
    rows = [line for line in appendix.splitlines() if line.startswith("| `")]
    assert [row.split("`")[1] for row in rows] == [f.id for f in result.findings]
    assert (
        "| `training-slices` | Is model quality checked on important data slices before "
        "release? | No | 0 | Stated by the team | Slices were discussed but are not "
        "measured. |"
    ) in appendix


def test_findings_point_to_their_roadmap_item(result: Result) -> None:
    md = render_reports(result, ["md"])["report.md"]
    drift = md[md.index("#### MISSING: Is input drift measured") :]
    assert drift.index("- **Roadmap:** Blocks level 2, item 1") < drift.index("####", 4)
    html = render_reports(result, ["html"])["report.html"]
    assert '<a href="#gap-monitoring-drift">Blocks level 2, item 1</a>' in html
    assert '<li id="gap-monitoring-drift">' in html
    assert '<a href="#gap-governance-cost">Checklist, item 4</a>' in html
    met = html[html.index('id="practice-scoping-objective"') :]
    assert "Roadmap" not in met[: met.index("</article>")]
