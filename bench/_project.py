"""Shared by the level-1 benchmarks: generate a level-1 project from this checkout's template,
install it in a venv and run its pipeline once (so a champion is registered)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from templates.helpers import generate, make_venv, run_in_venv, venv_python  # noqa: E402
from testkit import git, make_template_repo  # noqa: E402

PACKAGE = "bench_model"
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}


def level1_project(workdir: Path | None = None, *, pipeline: bool = True) -> tuple[Path, Path]:
    """(project, venv) of a fresh level-1 project (breast_cancer, logistic regression)."""
    workdir = Path(workdir or tempfile.mkdtemp(prefix="mlops-bench-"))
    repo = make_template_repo(workdir / "template")
    project = generate(
        repo, workdir / "project", 1, {"project_name": "bench", "package_name": PACKAGE}
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    venv = make_venv(project)
    if pipeline:
        run_in_venv(venv, "-m", PACKAGE, "pipeline", cwd=project, env=QUIET)
    return project, venv


def python_of(venv: Path) -> str:
    """The venv's interpreter as a string (for subprocess)."""
    return str(venv_python(venv))


__all__ = ["PACKAGE", "QUIET", "level1_project", "python_of", "run_in_venv", "subprocess"]
