"""A generated level-1 project works end to end: its own tests and lint pass, the pipeline
registers a champion, the monitored API serves it, the drift job reports, and MLflow's own
server can serve the same registered model (interoperability)."""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from testkit import git

from templates.helpers import (
    free_port,
    generate,
    make_venv,
    run_in_venv,
    serve,
    venv_python,
)

pytestmark = pytest.mark.slow

PACKAGE = "churn_model"
TOKEN = "level1-test-token"
# Hermetic MLflow: no telemetry, nothing written under the home folder by the tool itself.
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}


@pytest.fixture(scope="module")
def level1(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A level-1 project (breast_cancer + logistic regression), committed, with its venv, and
    its pipeline run once."""
    project = generate(
        template_repo, tmp_path_factory.mktemp("level1") / "churn", 1,
        {"project_name": "churn", "package_name": PACKAGE},
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    venv = make_venv(project)
    env = {k: v for k, v in QUIET.items()}
    done = run_in_venv(venv, "-m", PACKAGE, "pipeline", cwd=project, env=env)
    assert "champion is version 1" in done.stdout, done.stdout + done.stderr
    return project, venv



def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json", **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def _rows(project: Path, venv: Path, count: int) -> list[dict]:
    code = (
        "import json\n"
        f"from {PACKAGE}.config import load_config\n"
        f"from {PACKAGE}.data import load_dataset\n"
        "config = load_config('configs/config.yaml')\n"
        "frame = load_dataset(config)[list(config.data.features)]\n"
        # A random sample: the file's first rows are mostly one class, a real drift.
        f"print(json.dumps(frame.sample({count}, random_state=0).to_dict(orient='records')))\n"
    )
    return json.loads(run_in_venv(venv, "-c", code, cwd=project).stdout)


def test_its_own_tests_and_lint_pass(level1):
    project, venv = level1
    run_in_venv(venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project, env=QUIET)
    run_in_venv(venv, "-m", "ruff", "check", ".", cwd=project)


def test_every_step_also_runs_alone(level1):
    project, venv = level1
    done = run_in_venv(venv, "-m", PACKAGE, "pipeline", "--step", "validate", cwd=project,
                       env=QUIET)
    assert "schema ok" in done.stdout
    assert "drift vs champion data: ok" in done.stdout


def test_the_api_serves_the_champion_and_the_drift_job_reads_its_log(level1):
    project, venv = level1
    settings = project / "configs" / "pipeline.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("sampling_rate: 0.1", "sampling_rate: 1.0"))
    rows = _rows(project, venv, 80)
    env = {**QUIET, f"{PACKAGE.upper()}_ADMIN_TOKEN": TOKEN}
    try:
        with serve(venv, project, f"{PACKAGE}.serving:create_app", factory=True, env=env) as url:
            status, body = _post(url + "/predict", rows[0])
            assert status == 200 and body["model_version"] == "1"
            assert body["prediction"] in (0, 1) and 0.5 <= body["probability"] <= 1
            for row in rows[1:]:
                assert _post(url + "/predict", row)[0] == 200
            status, body = _post(url + "/predict/batch", {"rows": rows[:5]})
            assert status == 200 and len(body["predictions"]) == 5
            assert _post(url + "/predict", {**rows[0], "extra": 1.0})[0] == 422
            assert _post(url + "/admin/reload", {})[0] == 401
            status, body = _post(url + "/admin/reload", {}, {"Authorization": f"Bearer {TOKEN}"})
            assert status == 200 and body["reloaded"] is True
            with urllib.request.urlopen(url + "/metrics", timeout=10) as response:
                assert b"prediction_latency_seconds_bucket" in response.read()
    finally:
        settings.write_text(text)
    log = project / "logs" / "predictions.csv"
    assert len(log.read_text().splitlines()) == 1 + len(rows) + 5  # flushed on shutdown
    done = run_in_venv(venv, "-m", PACKAGE, "monitor", cwd=project, env=QUIET, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok" in done.stdout
    assert list((project / "reports" / "monitoring").glob("monitoring-*.html"))
    triggers = run_in_venv(venv, "-m", PACKAGE, "retrain-if-needed", "--dry-run", cwd=project,
                           env=QUIET)
    assert "No trigger fired" in triggers.stdout, triggers.stdout


def test_the_champion_is_servable_by_mlflow_models_serve(level1):
    project, venv = level1
    rows = _rows(project, venv, 3)
    port = free_port()
    env = {
        **os.environ, **QUIET,
        "MLFLOW_TRACKING_URI": f"sqlite:///{(project / 'mlruns.db').as_posix()}",
        "PATH": f"{venv_python(venv).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log = project.parent / "mlflow-serve.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [str(venv_python(venv)), "-m", "mlflow", "models", "serve",
             "-m", f"models:/{PACKAGE}@champion", "--env-manager", "local",
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=project, env=env, stdout=handle, stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(url + "/ping", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.5)
        columns = list(rows[0])
        body = {"dataframe_split": {"columns": columns, "data": [list(r.values()) for r in rows]}}
        status, answer = _post(url + "/invocations", body)
        assert status == 200, answer
        assert len(answer["predictions"]) == 3
        assert set(answer["predictions"]) <= {0, 1}
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_raising_0_to_1_adds_level_1_and_keeps_the_teams_edits(template_repo, tmp_path):
    project = generate(template_repo, tmp_path / "team", 0, {"package_name": PACKAGE})
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated at level 0")
    edits = {
        "Makefile": ("\nreport:  ## the team's own target\n\techo team\n", "append"),
        ".gitignore": ("scratch/\n", "append"),
        f"src/{PACKAGE}/team_utils.py": ('"""Team code."""\n\nANSWER = 42\n', "create"),
    }
    for name, (text, how) in edits.items():
        path = project / name
        path.write_text((path.read_text() if how == "append" else "") + text)
    config = project / "configs" / "config.yaml"
    config.write_text(config.read_text().replace("C: 1.0", "C: 0.5"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "team edits")

    done = subprocess.run(
        ["copier", "update", "--defaults", "--data", "maturity_level=1"],
        cwd=project, capture_output=True, text=True,
    )
    assert done.returncode == 0, done.stderr
    for name, (text, _) in edits.items():
        assert text in (project / name).read_text(), name
    assert "C: 0.5" in config.read_text()
    level1 = ["configs/pipeline.yaml", f"src/{PACKAGE}/pipeline/runner.py",
              f"src/{PACKAGE}/serving.py", f"src/{PACKAGE}/monitoring/drift.py"]
    assert all((project / name).is_file() for name in level1)
    leftovers = [p for p in project.rglob("*") if p.suffix == ".rej" or (
        p.is_file() and ".git" not in p.parts and "<<<<<<<" in p.read_text(errors="ignore"))]
    assert leftovers == []
    venv = make_venv(project)
    done = run_in_venv(venv, "-m", PACKAGE, "pipeline", cwd=project, env=QUIET)
    assert "champion is version 1" in done.stdout
    assert "pipeline:" in (project / "Makefile").read_text()
