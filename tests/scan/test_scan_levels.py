"""Self-consistency: a project generated at level N scans as level N, and the same project
with its level-N parts removed scans lower.

How a scan can see a level at all: every practice that gates a level has a detector that
recognises both the common open-source tools and the component of mlops-init's template that
provides the practice (assessments/components.yaml). "Level-N parts" are the files of the
components whose level is N (their ``paths`` globs), minus files a lower-level component also
owns (the API exists at level 0; level 1 only adds monitoring to it).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from templates.helpers import generate
from typer.testing import CliRunner

from generator.answers import Answers
from generator.bank import Bank
from generator.cli import app
from generator.result import Metadata, Result
from generator.scan import Detector, scan_repository
from generator.scan.globs import glob_to_regex
from generator.scoring import score

from .conftest import commit_all

pytestmark = pytest.mark.slow

VARIANTS = [
    (0, {}),
    (1, {}),
    (1, {"use_dvc": True}),
    (2, {}),
    (2, {"ci_provider": "gitlab"}),
    (2, {"orchestrator": "airflow"}),
    (2, {"orchestrator": "prefect"}),
    (2, {"deployment_mode": "batch"}),
    (1, {"problem_type": "regression", "dataset": "diabetes"}),
]


def scanned(project: Path, bank: Bank, detectors: list[Detector]) -> Result:
    found = scan_repository(project, bank, detectors=detectors, time_budget_s=60)
    assert not found.truncated
    return score(bank, Answers(Metadata(), {}), evidence=found.evidence, derived=found.answers)


def blockers(result: Result) -> list[str]:
    """What keeps the scanned project below the next level, to explain a failure."""
    return [f"{g.id} ({g.credit})" for g in result.gaps if g.blocks_level == result.level + 1]


def level_parts(project: Path, bank: Bank, level: int) -> list[Path]:
    """Files of ``project`` that only components of exactly ``level`` provide."""

    def files_of(components_level: int) -> set[Path]:
        patterns = [
            re.compile(glob_to_regex(glob))
            for component in bank.components
            if component.level == components_level
            for glob in component.paths
        ]
        return {
            path
            for path in project.rglob("*")
            if path.is_file()
            and ".git" not in path.parts
            and any(p.match(path.relative_to(project).as_posix()) for p in patterns)
        }

    lower = set().union(*(files_of(n) for n in range(level)))
    return sorted(files_of(level) - lower)


@pytest.fixture
def make_project(template_repo: Path, tmp_path: Path):
    def factory(level: int, data: dict) -> Path:
        name = f"level{level}-" + "-".join(f"{k}-{v}" for k, v in data.items())
        project = generate(template_repo, tmp_path / name, level, data)
        commit_all(project)  # what 'mlops-init new' does after copier
        return project

    return factory


@pytest.mark.parametrize(("level", "data"), VARIANTS, ids=[f"{n}{d}" for n, d in VARIANTS])
def test_a_generated_project_scans_at_its_level(
    level: int, data: dict, make_project, bank: Bank, detectors: list[Detector]
) -> None:
    project = make_project(level, data)
    result = scanned(project, bank, detectors)
    assert result.level == level, f"blocking level {result.level + 1}: {blockers(result)}"


@pytest.mark.parametrize("level", [1, 2])
def test_without_its_level_parts_a_project_scans_lower(
    level: int, make_project, bank: Bank, detectors: list[Detector]
) -> None:
    project = make_project(level, {})
    removed = level_parts(project, bank, level)
    assert removed, "components.yaml names no file of this level in the generated project"
    for path in removed:
        path.unlink()
    for folder in sorted({p.parent for p in removed}, key=lambda p: -len(p.parts)):
        if folder != project and folder.exists() and not any(folder.iterdir()):
            shutil.rmtree(folder)
    commit_all(project)
    result = scanned(project, bank, detectors)
    assert result.level == level - 1, [p.relative_to(project).as_posix() for p in removed]


def test_assess_scan_of_a_level_2_project_through_the_cli(
    make_project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)
    project = make_project(2, {})
    out = tmp_path / "report"
    done = CliRunner().invoke(
        app, ["assess", "--scan", str(project), "-o", str(out), "--fail-under-level", "2"]
    )
    assert done.exit_code == 0, done.output
    assert "Maturity level:  2 (" in done.output, done.output
    assert (out / "report.html").is_file()
