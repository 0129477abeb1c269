"""``mlops-init report RESULT.json``: re-rendering a saved result gives the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

FIXTURE_BANK = Path(__file__).resolve().parent.parent / "fixtures" / "bank"

ANSWERS = """\
metadata: {organisation: Acme, project: churn, assessor: Jane Doe, date: 2026-11-27}
answers:
  schema-check: manual
  serving-mode: batch
  rollback: automated
  test-suite: manual
notes:
  schema-check: "A person checks the CSV every Monday <and> writes it up & files it."
"""


@pytest.fixture
def assessed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder 'assess' wrote all three formats into."""
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(FIXTURE_BANK))
    answers = tmp_path / "answers.yaml"
    answers.write_text(ANSWERS, encoding="utf-8")
    out = tmp_path / "assessed"
    done = CliRunner().invoke(app, ["assess", "--answers", str(answers), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return out


def test_report_rerenders_byte_identical_files(assessed: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    done = CliRunner().invoke(app, ["report", str(assessed / "result.json"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    before = {p.name: p.read_bytes() for p in assessed.iterdir()}
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(after) == ["report.html", "report.md", "result.json"]
    assert after == before
    assert f"Wrote {out / 'report.html'}" in done.stdout


def test_report_needs_no_bank(assessed: Path, tmp_path: Path, monkeypatch) -> None:
    # A saved result is self-contained: it re-renders even where the bank is unreadable.
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(tmp_path / "no-bank-here"))
    out = tmp_path / "again"
    done = CliRunner().invoke(app, ["report", str(assessed / "result.json"), "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert (out / "report.md").read_bytes() == (assessed / "report.md").read_bytes()


def test_report_writes_only_the_formats_asked_for(assessed: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    args = ["report", str(assessed / "result.json"), "--out", str(out), "--format", "md"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert [p.name for p in out.iterdir()] == ["report.md"]


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON"),
        (json.dumps({"schema_version": 99}), "has schema_version 99"),
        (json.dumps({"schema_version": 2, "level": "high"}), "does not match the result schema"),
    ],
)
def test_a_bad_result_file_exits_2_and_writes_nothing(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "result.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["report", str(path), "--out", str(out)])
    assert done.exit_code == 2
    assert message in done.stderr
    assert not out.exists()


def test_an_unknown_format_exits_2(assessed: Path, tmp_path: Path) -> None:
    args = ["report", str(assessed / "result.json"), "--out", str(tmp_path / "o"), "-f", "docx"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 2
    assert "Got 'docx' instead." in done.stderr
