"""Issue 7 in generated projects: the level-1 EDA report is byte-identical across processes and
named by the data's hash, the search respects a tiny budget and tracks every trial beside a
simple baseline, and raising a level-0 project to level 1 adds eda.py and search.py without
touching the team's edits to docs/scoping.md."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from testkit import git
import yaml

from templates.helpers import generate, make_venv, project_files, run_in_venv

pytestmark = pytest.mark.slow

PACKAGE = "churn_model"
# Hermetic MLflow: no telemetry, nothing written under the home folder by the tool itself.
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
ISSUE7_FILES = {
    f"src/{PACKAGE}/eda.py",
    f"src/{PACKAGE}/search.py",
    f"src/{PACKAGE}/eda_search_cli.py",
    "configs/search.yaml",
    "tests/test_eda.py",
    "tests/test_search.py",
}
_DATA_HASH = f"""
from {PACKAGE}.config import load_config
from {PACKAGE}.data import data_hash, load_dataset
print(data_hash(load_dataset(load_config())))
"""
_CHILD_RUNS = f"""
import sys
from pathlib import Path
from {PACKAGE} import tracking
tracking.configure(Path.cwd())
import mlflow
runs = mlflow.search_runs(
    search_all_experiments=True,
    filter_string=f"tags.mlflow.parentRunId = '{{sys.argv[1]}}'",
    output_format="list",
)
print(len(runs))
"""



def _team_scoping_edits(text: str) -> str:
    """What a team does to docs/scoping.md: answer a question, log a decision at the end."""
    question = "- Who uses the predictions, and what decision do they change? _(fill in)_"
    assert question in text
    answered = text.replace(
        question,
        "- Who uses the predictions, and what decision do they change? The retention team: "
        "whom to call this week.",
    )
    return answered + (
        "| 2026-11-27 | Recall matters more than precision for the call list | Team review |\n"
    )


def _commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def level1(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A level-1 project (breast_cancer + logistic regression) in git, with its venv."""
    project = generate(
        template_repo, tmp_path_factory.mktemp("issue7") / "churn", 1,
        {"project_name": "churn", "package_name": PACKAGE},
    )
    git(project, "init", "-q")
    _commit_all(project, "generated")
    return project, make_venv(project)


def test_the_projects_own_eda_and_search_tests_pass(level1):
    project, venv = level1
    done = run_in_venv(
        venv, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_eda.py", "tests/test_search.py", cwd=project, env=QUIET,
    )
    assert " passed" in done.stdout, done.stdout
    assert "skipped" not in done.stdout and "failed" not in done.stdout, done.stdout


def test_eda_report_is_byte_identical_across_processes_and_named_by_the_data(level1, tmp_path):
    project, venv = level1
    for run, seed in (("first", "1"), ("second", "2")):
        # Different hash seeds: nothing may depend on set or dict-of-str iteration order.
        run_in_venv(
            venv, "-m", PACKAGE, "eda", "--output", str(tmp_path / run),
            cwd=project, env={"PYTHONHASHSEED": seed},
        )
    digest = run_in_venv(venv, "-c", _DATA_HASH, cwd=project).stdout.strip()
    first, second = tmp_path / "first", tmp_path / "second"
    assert sorted(p.name for p in first.iterdir()) == [f"{digest}.html", f"{digest}.json"]
    for name in (f"{digest}.html", f"{digest}.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    summary = json.loads((first / f"{digest}.json").read_text())
    assert len(summary["features"]) == 30
    page = (first / f"{digest}.html").read_text()
    assert all(f'id="feature-{f["name"]}"' in page for f in summary["features"])


def test_search_respects_a_tiny_budget_tracks_trials_and_reports_the_baseline(level1):
    project, venv = level1
    done = run_in_venv(
        venv, "-m", PACKAGE, "search", "--trials", "2", "--seconds", "1", cwd=project, env=QUIET
    )
    (path,) = (project / "reports" / "search").glob("*.json")
    summary = json.loads(path.read_text())
    trials = summary["trials"]
    assert 1 <= len(trials) <= 2
    if summary["stopped_by"] == "trials":
        assert len(trials) == 2
    assert all(trial["started_after"] < 1 for trial in trials[1:])
    assert summary["simple_family"] == "logistic_regression"
    assert set(summary["simple_metrics"]) == set(summary["searched_metrics"])
    assert "simple (logistic_regression)" in done.stdout, done.stdout
    run_id = re.search(r"MLflow run (\w+)", done.stdout).group(1)
    children = run_in_venv(venv, "-c", _CHILD_RUNS, run_id, cwd=project, env=QUIET)
    assert int(children.stdout.strip()) == len(trials)


def test_raise_0_to_1_adds_eda_and_search_and_keeps_the_teams_scoping(
    template_repo: Path, tmp_path: Path
):
    project = generate(template_repo, tmp_path / "team", 0, {"package_name": PACKAGE})
    git(project, "init", "-q")
    _commit_all(project, "generated at level 0")
    assert not ISSUE7_FILES & project_files(project)

    scoping = project / "docs" / "scoping.md"
    edited = _team_scoping_edits(scoping.read_text(encoding="utf-8"))
    scoping.write_text(edited, encoding="utf-8")
    _commit_all(project, "Team scoping")

    # The plain copier CLI from the project folder, as a team would raise the level.
    done = subprocess.run(
        ["copier", "update", "--defaults", "--data", "maturity_level=1"],
        cwd=project, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    files = project_files(project)
    assert files >= ISSUE7_FILES, sorted(ISSUE7_FILES - files)
    # The raised doc is a fresh level-1 doc with the team's edits: nothing of theirs lost.
    fresh = generate(template_repo, tmp_path / "fresh", 1, {"package_name": PACKAGE})
    expected = _team_scoping_edits((fresh / "docs" / "scoping.md").read_text(encoding="utf-8"))
    assert scoping.read_text(encoding="utf-8") == expected
    assert not [name for name in files if name.endswith(".rej")]
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["maturity_level"] == 1

    # The raised project runs the new parts, and its notebook (with the report cell) and
    # scoping checks still pass.
    venv = make_venv(project)
    run_in_venv(venv, "-m", PACKAGE, "eda", "--output", str(tmp_path / "eda"), cwd=project)
    assert len(list((tmp_path / "eda").glob("*.html"))) == 1
    run_in_venv(
        venv, "-m", PACKAGE, "search", "--trials", "2", "--no-track", cwd=project, env=QUIET
    )
    checks = run_in_venv(
        venv, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_notebook.py", "tests/test_scoping.py", cwd=project, env=QUIET,
    )
    assert " passed" in checks.stdout and "failed" not in checks.stdout, checks.stdout
