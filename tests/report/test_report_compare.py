"""render_comparison: the progress report of `mlops-init compare`."""

from __future__ import annotations

import json

import pytest
from report_fixtures import level1_result

from generator.report import render_comparison
from generator.result import Result


@pytest.fixture
def progress(result: Result, later: Result) -> dict:
    return json.loads(render_comparison(result, later, ["json"])["progress.json"])


def test_files_for_each_format(result: Result, later: Result) -> None:
    files = render_comparison(result, later, ["html", "json", "md"])
    assert list(files) == ["progress.md", "progress.html", "progress.json"]
    assert render_comparison(result, later, ["md"]) == {"progress.md": files["progress.md"]}


def test_level_before_and_after(progress: dict) -> None:
    assert progress["level"] == {"before": 1, "after": 0, "change": -1}
    assert progress["before"]["metadata"]["date"] == "2026-11-20"
    assert progress["after"]["metadata"]["date"] == "2027-02-20"


def test_area_changes(progress: dict) -> None:
    areas = {a["id"]: a for a in progress["areas"]}
    assert areas["monitoring"] == {
        "id": "monitoring",
        "name": "Monitoring and retraining",
        "before": 50.0,
        "after": 100.0,
        "change": 50.0,
    }
    assert areas["cicd"]["change"] == -16.66  # 66.67 - 83.33, rounded: no float noise
    assert areas["serving"]["change"] is None  # n/a on both sides
    assert areas["data"]["change"] == 0.0
    assert [a["id"] for a in progress["areas"]] == [a.id for a in level1_result().areas]


def test_ml_test_score_and_coverage_changes(progress: dict) -> None:
    mts = progress["ml_test_score"]
    assert mts["final"] == {"before": 1.5, "after": 2.5, "change": 1.0}
    assert mts["band"] == {
        "before": "first pass at production readiness",
        "after": "reasonably tested",
    }
    sections = {s["section"]: s["change"] for s in mts["sections"]}
    assert sections == {"data": 0.0, "model": 1.0, "infrastructure": 0.0, "monitoring": 1.5}
    assert progress["checklist_coverage"] == {"before": 61.54, "after": 70.0, "change": 8.46}


def test_gaps_closed_opened_and_improved(progress: dict) -> None:
    assert [g["id"] for g in progress["gaps_closed"]] == ["monitoring-drift", "pipeline-triggers"]
    assert progress["gaps_closed"][0]["credit_before"] == 0.0
    assert progress["gaps_closed"][0]["credit_after"] == 1.0
    assert [g["id"] for g in progress["gaps_opened"]] == ["cicd-unit-tests"]
    assert progress["gaps_opened"][0]["credit_before"] == 1.0
    assert [g["id"] for g in progress["gaps_improved"]] == ["data-versioning"]
    assert progress["gaps_remaining"] == 8


def test_summary_tells_the_story(progress: dict) -> None:
    summary = progress["summary"]
    assert "moved down from level 1 to level 0" in summary
    assert "2 gaps closed and 1 gap opened; 8 gaps remain" in summary
    assert "from 1.5 to 2.5" in summary
    assert "largest gain is in Monitoring and retraining (+50)" in summary
    assert "largest drop is in CI/CD and testing (-17)" in summary
    assert "different versions of the question bank" not in summary


def test_same_result_twice_shows_no_change(result: Result) -> None:
    files = render_comparison(result, result, ["json", "md"])
    data = json.loads(files["progress.json"])
    assert data["level"]["change"] == 0
    assert data["gaps_closed"] == data["gaps_opened"] == data["gaps_improved"] == []
    assert "stayed at level 1" in data["summary"]
    assert "Progress to level 2 went from 29% to 29%" in data["summary"]
    assert "No gap was closed." in files["progress.md"]


def test_different_banks_are_flagged(result: Result, later: Result) -> None:
    other = later.model_copy(update={"bank_digest": "sha256:other"})
    files = render_comparison(result, other, ["md", "html", "json"])
    assert json.loads(files["progress.json"])["same_bank"] is False
    assert "different versions of the question bank" in files["progress.md"]
    assert '<p class="note">' in files["progress.html"]


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_readable_reports_carry_the_numbers(result: Result, later: Result, fmt: str) -> None:
    text = render_comparison(result, later, [fmt])[f"progress.{fmt}"]
    assert "Level 1 → Level 0" in text
    assert "monitoring-drift" in text and "cicd-unit-tests" in text
    assert "+50" in text and "-17" in text
    assert "&lt;script&gt;" in text if fmt == "html" else "\\<script>" in text


def test_byte_identical(result: Result, later: Result) -> None:
    assert render_comparison(result, later, ["md", "html", "json"]) == render_comparison(
        result, later, ["md", "html", "json"]
    )
