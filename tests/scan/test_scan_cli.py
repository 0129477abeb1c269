"""``mlops-init assess --scan`` end to end with the real scanner and the bundled bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

from .conftest import RepoFactory

REPO = {
    "src/churn/pipeline/validate.py": "import pandera as pa\n\nSCHEMA = pa.DataFrameSchema({})\n",
    "src/churn/api.py": (
        "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\n"
        'app = FastAPI()\n\n\n@app.get("/health")\ndef health(): ...\n'
    ),
    ".pre-commit-config.yaml": "repos: []\n",
}


@pytest.fixture(autouse=True)
def bundled_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)


def assess(*args: str):
    return CliRunner().invoke(app, ["assess", *args])


def findings(out: Path) -> dict[str, dict]:
    data = json.loads((out / "result.json").read_text(encoding="utf-8"))
    return {f["id"]: f for f in data["findings"]}


def test_scan_answers_practices_with_evidence_in_every_format(
    make_repo: RepoFactory, tmp_path: Path
) -> None:
    repo = make_repo(REPO, git=True)
    out = tmp_path / "report"
    done = assess("--scan", str(repo), "--out", str(out), "--date", "2026-11-27")
    assert done.exit_code == 0, done.output
    assert (
        "practices found," in done.output
        and "not seen (confirm those with the team)" in done.output
    )
    by_id = findings(out)
    schema = by_id["data-schema-validation"]
    assert (schema["answer"], schema["origin"], schema["status"]) == (
        "automated",
        "evidence",
        "met",
    )
    [evidence] = schema["evidence"]
    assert evidence["path"] == "src/churn/pipeline/validate.py" and evidence["line"] == 1
    # Not seen is not "no": the answer counts as unmet, marked not found with what was looked for.
    drift = by_id["monitoring-drift"]
    assert drift["answer"] == "none" and drift["evidence"] == []
    assert drift["scan"] == "not_found" and drift["searched"]
    assert all(e["detector"] != "no-evidence" for f in by_id.values() for e in f["evidence"])
    # Practices no repository can show stay unanswered.
    assert by_id["scoping-cross-functional-team"]["origin"] == "unanswered"
    for name in ("report.md", "report.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "src/churn/pipeline/validate.py" in text, name


def test_stated_answers_override_the_scan(make_repo: RepoFactory, tmp_path: Path) -> None:
    repo = make_repo(REPO)
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  data-schema-validation: manual\n", encoding="utf-8")
    out = tmp_path / "report"
    done = assess("--scan", str(repo), "--answers", str(answers), "--out", str(out), "-f", "json")
    assert done.exit_code == 0, done.output
    schema = findings(out)["data-schema-validation"]
    assert (schema["answer"], schema["origin"]) == ("manual", "stated")


def test_scanning_a_file_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    done = assess("--scan", str(target), "--out", str(tmp_path / "r"))
    assert done.exit_code == 2
    assert "Error:" in done.stderr and "not a folder" in done.stderr
    assert not (tmp_path / "r").exists()
