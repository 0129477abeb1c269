"""A level-2 project is clean out of the box, with a 4-character package name.

- fast: the rendered project is ruff-check and ruff-format clean for the shortest and the
  longest package name (the formatter must never join a line differently by name length);
- slow: pre-commit passes from the project's venv with a bare `python` first on the PATH
  (nothing activated); continuous training registers a challenger, not a champion;
  `/admin/reload` re-reads the challenger the shadow compares; `make promote` then
  `make rollback` really move the aliases back; the load test refuses a server with no model.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from testkit import git

from templates.helpers import generate, make_venv, run_in_venv, serve

PACKAGE = "abcd"
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
TOKEN = "level2-admin-token"


@pytest.mark.parametrize("package", ["abcd", "a234567890123456789012345678901b"])
@pytest.mark.parametrize("ci_provider", ["github", "gitlab"])
def test_lint_and_format_are_clean_for_every_name_length(
    template_repo: Path, tmp_path: Path, package: str, ci_provider: str
):
    project = generate(
        template_repo,
        tmp_path / "p",
        2,
        {"project_name": package, "package_name": package, "ci_provider": ci_provider},
    )
    for command in (["check", "."], ["format", "--check", "--diff", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command], cwd=project, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_lint_tools_are_pinned(template_repo: Path, tmp_path: Path):
    import tomllib

    project = generate(template_repo, tmp_path / "p", 2, {"package_name": PACKAGE})
    dev = tomllib.loads((project / "pyproject.toml").read_text())["project"][
        "optional-dependencies"
    ]["dev"]
    pinned = {d.split("==")[0] for d in dev if "==" in d}
    assert {"ruff", "mypy", "pre-commit-hooks"} <= pinned, dev


def _make(project: Path, *targets: str, env: dict | None = None, check: bool = True):
    done = subprocess.run(
        ["make", *targets],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, **QUIET, **(env or {})},
    )
    if check:
        assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-3000:]
    return done


def _aliases(project: Path) -> dict[str, str]:
    code = (
        "import json\nfrom pathlib import Path\nfrom mlflow import MlflowClient\n"
        f"from {PACKAGE} import tracking\n"
        "tracking.configure(Path.cwd())\n"
        f"model = MlflowClient().get_registered_model('{PACKAGE}')\n"
        "print(json.dumps({k: str(v) for k, v in model.aliases.items()}))\n"
    )
    done = run_in_venv(project / ".venv", "-c", code, cwd=project, env=QUIET)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def level2(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A level-2 project named abcd with its venv in .venv (what `make setup` makes), and a
    first, deliberately weak champion (few iterations, strong regularisation, no search)."""
    project = generate(
        template_repo,
        tmp_path_factory.mktemp("level2") / "abcd",
        2,
        {"project_name": "abcd", "package_name": PACKAGE},
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    venv = make_venv(project, project / ".venv")
    # What `pip install -e .[dev]` puts beside the venv's python (system-site venvs lack it).
    actionlint = shutil.which("actionlint")
    if actionlint:
        (venv / "bin" / "actionlint").symlink_to(actionlint)
    config = project / "configs" / "config.yaml"
    pipeline = project / "configs" / "pipeline.yaml"
    original = config.read_text(), pipeline.read_text()
    config.write_text(
        original[0].replace("C: 1.0", "C: 0.0001").replace("max_iter: 1000", "max_iter: 1")
    )
    pipeline.write_text(
        original[1].replace("  enabled: true\n  max_trials", "  enabled: false\n  max_trials")
    )
    done = _make(project, "pipeline")
    assert "champion is version 1" in done.stdout, done.stdout
    config.write_text(original[0])
    pipeline.write_text(original[1])
    return project


@pytest.mark.slow
def test_precommit_runs_from_the_venv_without_activation(level2: Path, tmp_path: Path):
    bare = tmp_path / "bare"  # a Python with the standard library only, first on the PATH
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    path = f"{bare / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin"
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env.update(PATH=path, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    # As the git hook runs it: pre-commit from the venv, hooks resolving `python` on PATH.
    done = subprocess.run(
        [str(level2 / ".venv" / "bin" / "python"), "-m", "pre_commit", "run", "--all-files"],
        cwd=level2,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    assert "ruff check" in done.stdout and "Passed" in done.stdout
    # And as CI runs it.
    done = subprocess.run(
        ["make", "precommit"], cwd=level2, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-5000:] + done.stderr[-2000:]
    assert git(level2, "diff", "--stat") == ""  # the fixers found nothing to fix


@pytest.mark.slow
def test_ct_registers_a_challenger_reload_reads_it_and_rollback_moves_back(level2: Path):
    project = level2
    done = _make(project, "pipeline")
    assert "challenger is version 2" in done.stdout, done.stdout
    assert _aliases(project) == {"champion": "1", "challenger": "2"}
    rollout = project / "configs" / "rollout.yaml"
    rollout.write_text(rollout.read_text().replace('mode: "off"', 'mode: "shadow"'))
    rows = json.loads(
        run_in_venv(
            project / ".venv",
            "-c",
            (
                "import json\n"
                f"from {PACKAGE}.config import load_config\n"
                f"from {PACKAGE}.data import load_dataset\n"
                "c = load_config()\n"
                "f = load_dataset(c)[list(c.data.features)].sample(120, random_state=0)\n"
                "print(f.to_json(orient='records'))\n"
            ),
            cwd=project,
        ).stdout
    )
    env = {**QUIET, f"{PACKAGE.upper()}_ADMIN_TOKEN": TOKEN}
    with serve(
        project / ".venv", project, f"{PACKAGE}.serving:create_app", factory=True, env=env
    ) as url:
        # A new challenger while the service runs...
        done = _make(project, "pipeline")
        assert "challenger is version 3" in done.stdout, done.stdout
        request = urllib.request.Request(
            url + "/admin/reload",
            data=b"{}",
            method="POST",
            headers={"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        assert answer["challenger_version"] == "3", answer  # ...is re-read by the reload
        for row in rows:
            request = urllib.request.Request(
                url + "/predict",
                data=json.dumps(row).encode(),
                method="POST",
                headers={"content-type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert json.loads(response.read())["model_version"] == "1"
        time.sleep(2)  # shadow scoring runs after each answer
    log = project / "reports" / "rollout" / "comparison.jsonl"
    compared = {
        json.loads(line)["challenger"]["model_version"] for line in log.read_text().splitlines()
    }
    assert compared == {"3"}, compared
    done = _make(project, "promote")
    assert "moved 'champion' to version 3" in done.stdout, done.stdout
    assert _aliases(project) == {"champion": "3", "previous-champion": "1"}
    done = _make(project, "rollback")
    assert "from version 3 to 1" in done.stdout
    aliases = _aliases(project)
    assert aliases["champion"] == "1" and aliases.get("previous-champion") != "1", aliases


@pytest.mark.slow
def test_the_load_test_refuses_a_server_without_a_model(template_repo: Path, tmp_path: Path):
    project = generate(template_repo, tmp_path / "fresh", 2, {"package_name": PACKAGE})
    git(project, "init", "-q")
    venv = make_venv(project)
    settings = project / "configs" / "loadtest.yaml"
    assert yaml.safe_load(settings.read_text())  # the budget file is there
    # A 300 s load test that was not refused would outlive the 240 s timeout.
    done = run_in_venv(
        venv,
        "-m",
        f"{PACKAGE}.loadtest",
        "--run-time",
        "300",
        cwd=project,
        env=QUIET,
        check=False,
        timeout=240,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "serves no model" in done.stderr and "make pipeline" in done.stderr, done.stderr
    assert "Nothing was sent" in done.stderr
    assert not (project / "reports" / "loadtest" / "summary.json").exists()
