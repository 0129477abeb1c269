"""render_reports: formats, sections, determinism."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from report_fixtures import level1_result

from generator.errors import InputError
from generator.report import parse_formats, render_reports
from generator.result import Result

SECTION_TITLES = [
    "Executive summary",
    "Maturity level",
    "Area scores",
    "ML Test Score",
    "Findings by area",
    "Roadmap",
    "Methodology and sources",
    "Appendix: all answers",
]


def test_all_formats_give_the_three_files_in_a_fixed_order(result: Result) -> None:
    files = render_reports(result, ["json", "html", "md"])
    assert list(files) == ["report.md", "report.html", "result.json"]


def test_json_is_the_result_json_and_reloads(result: Result) -> None:
    files = render_reports(result, ["json"])
    assert list(files) == ["result.json"]
    assert files["result.json"] == result.to_json()
    assert Result.model_validate(json.loads(files["result.json"])) == result


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_every_section_is_present(result: Result, fmt: str) -> None:
    text = render_reports(result, [fmt])[f"report.{fmt}"]
    for title in SECTION_TITLES:
        heading = f"## {title}" if fmt == "md" else f"<h2>{title}</h2>"
        assert heading in text, title


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_cover_shows_the_assessment_metadata(result: Result, fmt: str) -> None:
    text = render_reports(result, [fmt])[f"report.{fmt}"]
    for value in ("Jane O", "2026-11-20", "sha256:3f1c9a0b7d2e", "mlops-init 0.1.0"):
        assert value in text


def test_same_result_renders_byte_identical(result: Result) -> None:
    first = render_reports(result, ["md", "html", "json"])
    second = render_reports(level1_result(), ["md", "html", "json"])
    assert first == second


def test_output_does_not_depend_on_hash_seed(tmp_path: Path) -> None:
    """Sets and dicts must not leak their order: render in processes with different seeds."""
    script = (
        "import sys, hashlib; sys.path.insert(0, sys.argv[1]);"
        "from report_fixtures import level1_result;"
        "from generator.report import render_reports;"
        "files = render_reports(level1_result(), ['md', 'html', 'json']);"
        "print(hashlib.sha256(''.join(files.values()).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(Path(__file__).parent)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_no_timestamp_sneaks_in(result: Result) -> None:
    """The only date in the report is the one from the metadata."""
    later = result.model_copy(
        update={"metadata": result.metadata.model_copy(update={"date": None})}
    )
    files = render_reports(later, ["md", "html"])
    for text in files.values():
        assert "2026-" not in text and "2027-" not in text


def test_absent_metadata_leaves_the_cover_fields_blank(top_result: Result) -> None:
    md = render_reports(top_result, ["md"])["report.md"]
    assert "| Organisation |  |" in md
    assert "| Date |  |" in md
    html = render_reports(top_result, ["html"])["report.html"]
    assert "<dt>Assessor</dt><dd></dd>" in html
    assert "None" not in html


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("md,html,json", ["md", "html", "json"]),
        (" JSON , md ", ["md", "json"]),
        (["html", "html"], ["html"]),
    ],
)
def test_parse_formats_normalises(given: str | list[str], expected: list[str]) -> None:
    assert parse_formats(given) == expected


@pytest.mark.parametrize("given", ["docx", "md,docx", "", []])
def test_unknown_or_empty_format_is_an_input_error(given: str | list[str]) -> None:
    with pytest.raises(InputError) as caught:
        parse_formats(given)
    assert "must be one or more of md, html, json" in caught.value.message
    if given and given != []:
        assert "Got '" in caught.value.message


def test_render_reports_rejects_unknown_format(result: Result) -> None:
    with pytest.raises(InputError, match="Got 'docx' instead"):
        render_reports(result, ["md", "docx"])


def test_a_saved_result_re_renders_byte_identical(tmp_path: Path, result: Result) -> None:
    """`mlops-init report result.json` must reproduce the reports `assess` wrote."""
    from generator.result import load_result

    files = render_reports(result, ["md", "html", "json"])
    saved = tmp_path / "result.json"
    saved.write_text(files["result.json"], encoding="utf-8")
    assert render_reports(load_result(saved), ["md", "html", "json"]) == files


def test_an_empty_assessment_still_renders(result: Result) -> None:
    """No areas, findings, gaps or sources: every section still renders, with its empty text."""
    from generator.report import render_comparison
    from generator.result import Checklist, Metadata, MLTestScore

    empty = result.model_copy(
        update={
            "metadata": Metadata(),
            "areas": [],
            "findings": [],
            "gaps": [],
            "sources": [],
            "ml_test_score": MLTestScore(sections={}, final=0.0, band="research project", tests=[]),
            "checklist": Checklist(
                coverage=0.0, met=0, partial=0, missing=0, applicable=0, total=0
            ),
            "next_level_progress": 0.0,
        }
    )
    files = render_reports(empty, ["md", "html"])
    for text in files.values():
        assert "No gaps: every applicable practice is fully met." in text
        assert "No sources recorded in this result." in text
    assert "is at MLOps maturity level 1" in files["report.md"]
    progress = render_comparison(empty, result, ["md", "html", "json"])
    assert "9 gaps opened" in progress["progress.md"]
