"""The evidence scan in the report: what was read, gate credit per level, and the practices
the scan did not see, shown apart from what it found, for the team to confirm."""

from __future__ import annotations

import json

import pytest
from markdown_it import MarkdownIt

from generator.report import render_reports
from generator.result import Result, ScanInfo, SkippedFile


def _scanned(result: Result) -> Result:
    """The fixture result as if a scan had derived two answers: one found, one not seen."""
    findings = []
    for f in result.findings:
        if f.id == "data-schema-validation":
            f = f.model_copy(update={"origin": "evidence", "scan": "found"})
        elif f.id == "monitoring-drift":
            f = f.model_copy(
                update={
                    "origin": "evidence",
                    "scan": "not_found",
                    "searched": "drift statistics computed on logged requests",
                    "evidence": [],
                }
            )
        findings.append(f)
    info = ScanInfo(
        root="../client-repo",
        listing="git",
        files_listed=812,
        files_read=97,
        skipped={"over 1 MiB": 2, "binary": 5},
        skipped_examples=[SkippedFile(path="data/train.parquet", reason="binary")],
        extractors=["GitHub Actions workflows", "Python code"],
        elapsed_s=0.42,
    )
    return result.model_copy(update={"findings": findings, "scan": info})


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_scan_section_says_what_was_read_and_what_to_confirm(result: Result, fmt: str) -> None:
    text = render_reports(_scanned(result), [fmt])[f"report.{fmt}"]
    assert "Evidence scan" in text
    assert "812 files were listed" in text and "97 read" in text
    assert "2 over 1 MiB" in text and "5 binary" in text
    assert "data/train.parquet" in text
    assert "Not seen in the repository: confirm with the team (1)" in text
    assert "drift statistics computed on logged requests" in text
    # the not-seen practice is shown apart, never as evidence found
    assert (
        "Not seen in the repository: confirm with the team" in text.rsplit("Findings by area", 1)[1]
    )
    assert text.count("Evidence found in the repository") >= 1  # the one found


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_without_a_scan_there_is_no_scan_section(result: Result, fmt: str) -> None:
    text = render_reports(result, [fmt])[f"report.{fmt}"]
    assert "Evidence scan" not in text


def test_the_markdown_scan_tables_parse(result: Result) -> None:
    md = render_reports(_scanned(result), ["md"])["report.md"]
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headers = [t for t in tokens if t.type == "th_open"]
    assert headers  # the tables are real tables
    assert "| `monitoring-drift` |" in md


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_gate_credit_per_level_is_shown_beside_the_level(result: Result, fmt: str) -> None:
    text = render_reports(result, [fmt])[f"report.{fmt}"]
    assert "Gate credit earned" in text
    assert "29%" in text  # level 2: 0.286 of its gate credit
    changed = result.model_copy(update={"level_attainment": {"1": 0.62, "2": 0.8}})
    text = render_reports(changed, [fmt])[f"report.{fmt}"]
    assert "62%" in text and "80%" in text


def test_json_keeps_the_scan_and_the_attainment(result: Result) -> None:
    data = json.loads(render_reports(_scanned(result), ["json"])["result.json"])
    assert data["level_attainment"] == {"1": 1.0, "2": 0.286}
    assert data["scan"]["files_read"] == 97
    drift = next(f for f in data["findings"] if f["id"] == "monitoring-drift")
    assert (drift["scan"], drift["searched"]) == (
        "not_found",
        "drift statistics computed on logged requests",
    )
