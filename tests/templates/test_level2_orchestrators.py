"""Level 2 runs its pipeline on a real orchestrator (slow): the generated Airflow DAG passes
`airflow dags test`, the Prefect flow runs to Completed under a local test server, and the
Kubeflow choice compiles the pipeline with the KFP SDK into a spec with every step in order.

Each orchestrator gets a venv of its own (it sees the system's packages, so the project's own
dependencies come from the test extra), created once from PyPI and kept under
``$MLOPS_INIT_TEST_VENVS`` (default: the system temp folder). The generated project is put on
``PYTHONPATH`` rather than installed, so one venv serves every project.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from templates.helpers import generate, project_files, run_in_venv

PACKAGE = "ml_project"
# Versions that install on Python 3.11 from PyPI without a constraints file.
ORCHESTRATOR_PACKAGES = {
    "airflow": ["apache-airflow==3.3.2"],
    "prefect-kfp": ["prefect==3.9.1", "kfp==2.17.3", "kfp-kubernetes==2.17.3"],
}


def orchestrator_venv(name: str) -> Path:
    """A venv with the orchestrator's packages, made once and reused (keyed by the pins).

    Built in place under a lock (a venv's console scripts name its folder, so it cannot be
    built elsewhere and moved); ``ready`` marks a finished install.
    """
    pins = ORCHESTRATOR_PACKAGES[name]
    key = hashlib.sha256(" ".join([sys.version, *pins]).encode()).hexdigest()[:12]
    base = Path(os.environ.get("MLOPS_INIT_TEST_VENVS") or Path(tempfile.gettempdir()))
    venv = base / "mlops-init-test-venvs" / f"{name}-{key}"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (venv / "ready").is_file():
            return venv
        shutil.rmtree(venv, ignore_errors=True)  # a half-made venv of an interrupted run
        subprocess.run(
            [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
            check=True,
            capture_output=True,
        )
        done = subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", *pins],
            capture_output=True,
            text=True,
            timeout=1800,
        )  # fmt: skip
        if done.returncode != 0:
            raise AssertionError(f"pip install {' '.join(pins)} failed:\n{done.stderr[-4000:]}")
        (venv / "ready").write_text(" ".join(pins) + "\n")
    return venv


@pytest.fixture(scope="module")
def venvs() -> dict[str, Path]:
    return {}


def _venv(venvs: dict[str, Path], name: str) -> Path:
    if name not in venvs:
        venvs[name] = orchestrator_venv(name)
    return venvs[name]


def _env(project: Path, **extra: str) -> dict[str, str]:
    return {"PYTHONPATH": str(project / "src"), "MLFLOW_TRACKING_URI": "", **extra}


# --------------------------------------------------------------------------------------------
# Fast: the kubeflow choice renders
# --------------------------------------------------------------------------------------------


def test_kubeflow_is_an_orchestrator_choice_with_its_own_dag_file(
    template_repo: Path, tmp_path: Path
):
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": "kubeflow"})
    assert f"dags/{PACKAGE}_pipeline.py" in project_files(project)
    dag = (project / "dags" / f"{PACKAGE}_pipeline.py").read_text()
    assert "from kfp import compiler, dsl, kubernetes" in dag
    dev = (project / "pyproject.toml").read_text()
    assert '"kfp>=' in dev and '"prefect>=' not in dev
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["orchestrator"] == "kubeflow"


# --------------------------------------------------------------------------------------------
# Slow: each orchestrator runs the generated pipeline
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_airflow_dags_test_runs_every_step(template_repo: Path, tmp_path: Path, venvs):
    venv = _venv(venvs, "airflow")
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": "airflow"})
    home = tmp_path / "airflow-home"
    env = _env(
        project,
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(project / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        ML_PROJECT_PROJECT_DIR=str(project),
    )
    airflow = str(venv / "bin" / "airflow")
    run_in_venv(venv, airflow, "db", "migrate", cwd=project, env=env)
    listed = run_in_venv(
        venv, airflow, "tasks", "list", f"{PACKAGE}_pipeline", cwd=project, env=env
    )
    steps = ["ingest", "validate", "eda", "features", "train", "evaluate", "gate", "register"]
    assert set(steps) <= set(listed.stdout.split()), listed.stdout
    done = run_in_venv(
        venv, airflow, "dags", "test", f"{PACKAGE}_pipeline", cwd=project, env=env, timeout=900
    )
    output = done.stdout + done.stderr
    assert "state=success" in output, output[-4000:]
    runs = [p for p in (project / "artifacts").iterdir() if p.is_dir()]
    assert len(runs) == 1
    for summary in ("ingest", "validation", "features", "train", "evaluation", "gate", "register"):
        assert (runs[0] / f"{summary}.json").is_file(), summary


@pytest.mark.slow
def test_airflow_dags_test_fails_when_a_step_fails(template_repo: Path, tmp_path: Path, venvs):
    venv = _venv(venvs, "airflow")
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": "airflow"})
    settings = project / "configs" / "pipeline.yaml"
    # No dataset has this many rows: the validate step refuses the data.
    settings.write_text(settings.read_text().replace("min_rows: 50", "min_rows: 1000000"))
    home = tmp_path / "airflow-home"
    env = _env(
        project,
        AIRFLOW_HOME=str(home),
        AIRFLOW__CORE__DAGS_FOLDER=str(project / "dags"),
        AIRFLOW__CORE__LOAD_EXAMPLES="False",
        AIRFLOW__CORE__DEFAULT_TASK_RETRIES="0",
        ML_PROJECT_PROJECT_DIR=str(project),
    )
    airflow = str(venv / "bin" / "airflow")
    run_in_venv(venv, airflow, "db", "migrate", cwd=project, env=env)
    done = run_in_venv(
        venv, airflow, "dags", "test", f"{PACKAGE}_pipeline", cwd=project, env=env,
        timeout=900, check=False,
    )  # fmt: skip
    output = done.stdout + done.stderr
    assert "state=failed" in output, output[-4000:]
    runs = [p for p in (project / "artifacts").iterdir() if p.is_dir()]
    assert not (runs[0] / "register.json").exists()


@pytest.mark.slow
def test_prefect_flow_runs_to_completed(template_repo: Path, tmp_path: Path, venvs):
    venv = _venv(venvs, "prefect-kfp")
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": "prefect"})
    done = run_in_venv(
        venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_orchestration.py",
        cwd=project, env=_env(project), timeout=900,
    )  # fmt: skip
    assert "4 passed" in done.stdout and "skipped" not in done.stdout, done.stdout


@pytest.mark.slow
def test_kubeflow_pipeline_compiles_with_the_kfp_sdk(template_repo: Path, tmp_path: Path, venvs):
    venv = _venv(venvs, "prefect-kfp")
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": "kubeflow"})
    done = run_in_venv(
        venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_orchestration.py",
        cwd=project, env=_env(project), timeout=900,
    )  # fmt: skip
    assert "4 passed" in done.stdout and "skipped" not in done.stdout, done.stdout
    # The documented command writes the spec next to the DAG file, with the image given.
    image = "registry.example.org/team/ml-project-pipeline:0123abc"
    run_in_venv(
        venv, f"dags/{PACKAGE}_pipeline.py", "--image", image, cwd=project, env=_env(project)
    )
    spec_file = project / "dags" / f"{PACKAGE}_pipeline.yaml"
    pipeline, _platform = yaml.safe_load_all(spec_file.read_text())
    tasks = pipeline["root"]["dag"]["tasks"]
    order, current = [], next(name for name, task in tasks.items() if "dependentTasks" not in task)
    while current:
        order.append(current)
        current = next((n for n, t in tasks.items() if t.get("dependentTasks") == [current]), None)
    assert order == [
        "ingest",
        "validate",
        "eda",
        "features",
        "train",
        "evaluate",
        "gate",
        "register",
    ]
    images = {e["container"]["image"] for e in pipeline["deploymentSpec"]["executors"].values()}
    assert images == {image}
