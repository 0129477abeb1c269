"""``mlops-init compare``: a re-audit after the team closed gaps, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app

from .conftest import RepoFactory, write_tree


@pytest.fixture(autouse=True)
def bundled_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def two_audits(make_repo: RepoFactory, tmp_path: Path) -> tuple[Path, Path]:
    """A repository scanned, improved (schema validation, pre-commit), scanned again."""
    repo = make_repo({"src/churn/train.py": "model.fit(X, y)\n"}, git=True)
    before = tmp_path / "before"
    done = invoke(
        "assess", "--scan", str(repo), "-o", str(before), "-f", "json", "--date", "2026-01-05"
    )
    assert done.exit_code == 0, done.output
    write_tree(
        repo,
        {
            "src/churn/pipeline/validate.py": "import pandera as pa\n",
            ".pre-commit-config.yaml": "repos: []\n",
        },
    )
    after = tmp_path / "after"
    done = invoke(
        "assess", "--scan", str(repo), "-o", str(after), "-f", "json", "--date", "2026-03-05"
    )
    assert done.exit_code == 0, done.output
    return before / "result.json", after / "result.json"


def test_compare_reports_gaps_closed_in_every_format(
    two_audits: tuple[Path, Path], tmp_path: Path
) -> None:
    before, after = two_audits
    out = tmp_path / "progress"
    done = invoke("compare", str(before), str(after), "--out", str(out))
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == [
        "progress.html",
        "progress.json",
        "progress.md",
    ]
    progress = json.loads((out / "progress.json").read_text(encoding="utf-8"))
    assert "data-schema-validation" in {g["id"] for g in progress["gaps_closed"]}
    # pre-commit without CI enforcing it earns half credit: improved, not closed.
    improved = {g["id"]: g for g in progress["gaps_improved"]}
    assert (
        improved["cicd-pre-commit"]["credit_before"],
        improved["cicd-pre-commit"]["credit_after"],
    ) == (0.0, 0.5)
    assert progress["gaps_opened"] == []
    assert progress["level"] == {"before": 0, "after": 0, "change": 0}
    assert "Gaps closed: " in done.output
    md = (out / "progress.md").read_text(encoding="utf-8")
    assert "data-schema-validation" in md or "schema" in md.lower()


def test_compare_in_reverse_shows_the_gaps_as_opened(
    two_audits: tuple[Path, Path], tmp_path: Path
) -> None:
    before, after = two_audits
    out = tmp_path / "progress"
    assert invoke("compare", str(after), str(before), "-o", str(out), "-f", "json").exit_code == 0
    progress = json.loads((out / "progress.json").read_text(encoding="utf-8"))
    assert "data-schema-validation" in {g["id"] for g in progress["gaps_opened"]}
    assert progress["gaps_closed"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.json", "{after}"], "does not exist"),
        (["{broken}", "{after}"], "is not valid JSON"),
        (["{after}", "{after}"], "the same file"),
        (["{before}", "{after}", "-f", "docx"], "must be one or more of md, html, json"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    two_audits: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    before, after = two_audits
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    names = {"before": before, "after": after, "broken": broken}
    out = tmp_path / "progress"
    done = invoke("compare", *[a.format(**names) for a in args], "-o", str(out))
    assert done.exit_code == 2
    assert message in done.stderr
    assert not out.exists()
