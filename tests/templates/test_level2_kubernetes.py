"""Level 2 delivers to Kubernetes: the generated k8s/ folder renders with kubectl's kustomize
and validates offline against the Kubernetes schemas (the project's own `k8s check`), a broken
manifest fails that check and its pre-commit hook, and the project's own Kubernetes tests
(`make deploy` against a fake kubectl: apply, rollout status, smoke test, undo) pass.

The fast tests run the generated project's checker with this interpreter (it needs only
PyYAML, kubernetes-validate and kubectl); the slow ones install the project in its own venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from templates.helpers import generate, git, make_venv, project_files, run_in_venv

PACKAGE = "ml_project"
K8S_FILES = {
    "k8s/base/kustomization.yaml",
    "k8s/base/api-deployment.yaml",
    "k8s/base/api-service.yaml",
    "k8s/base/api-hpa.yaml",
    "k8s/base/api-pdb.yaml",
    "k8s/base/monitor-cronjob.yaml",
    "k8s/base/retrain-cronjob.yaml",
    "k8s/overlays/staging/kustomization.yaml",
    "k8s/overlays/production/kustomization.yaml",
    "k8s/components/shared-logs/kustomization.yaml",
    "k8s/components/shared-logs/shared-logs-pvc.yaml",
}
# Loaded before the checker: any attempt to open a network connection fails the run.
NO_NETWORK = """
import socket

def _refuse(*args, **kwargs):
    raise OSError("network access attempted during an offline check")

socket.socket.connect = _refuse
socket.create_connection = _refuse
"""

needs_kubectl = pytest.mark.skipif(
    shutil.which("kubectl") is None and not os.environ.get("CI"),
    reason="kubectl is not installed (apt-get install kubectl); CI has it",
)


def _k8s(project: Path, *args: str, offline_dir: Path | None = None, package: str = PACKAGE):
    """``python -m <package>.k8s *args`` of the generated project, with this interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "COV_"))}
    paths = [str(project / "src")] + ([str(offline_dir)] if offline_dir else [])
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return subprocess.run(
        [sys.executable, "-m", f"{package}.k8s", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _resources(text: str) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(text) if doc]


# --------------------------------------------------------------------------------------------
# Fast
# --------------------------------------------------------------------------------------------


def test_the_k8s_folder_arrives_with_level_2(template_repo: Path, tmp_path: Path):
    level1 = project_files(generate(template_repo, tmp_path / "one", 1))
    level2 = project_files(generate(template_repo, tmp_path / "two", 2))
    assert not any(path.startswith("k8s/") for path in level1)
    assert level2 >= K8S_FILES
    assert {
        f"src/{PACKAGE}/k8s.py",
        f"src/{PACKAGE}/deploy.py",
        "tests/test_kubernetes.py",
    } <= level2


@needs_kubectl
@pytest.mark.parametrize("ci_provider", ["github", "gitlab"])
def test_every_overlay_renders_and_validates_offline(
    template_repo: Path, tmp_path: Path, ci_provider: str
):
    project = generate(template_repo, tmp_path / "p", 2, {"ci_provider": ci_provider})
    offline = tmp_path / "offline"
    offline.mkdir()
    (offline / "sitecustomize.py").write_text(NO_NETWORK)
    for extra in ([], ["--component", "shared-logs"]):
        done = _k8s(project, "check", *extra, offline_dir=offline)
        assert done.returncode == 0, done.stdout + done.stderr
        for environment in ("staging", "production"):
            assert f"k8s/overlays/{environment}: valid for Kubernetes" in done.stdout
    # The network guard is really in place: the same interpreter cannot connect.
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
        env={**os.environ, "PYTHONPATH": str(offline)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "network access attempted" in probe.stderr


@needs_kubectl
def test_names_fit_kubernetes_limits_with_the_longest_package_name(
    template_repo: Path, tmp_path: Path
):
    name = "a" * 20 + "_" + "b" * 11  # 32 characters, the validator's maximum
    project = generate(template_repo, tmp_path / "p", 2, {"project_name": name})
    done = _k8s(project, "check", package=name)
    assert done.returncode == 0, done.stdout + done.stderr
    rendered = _k8s(project, "render", "production", package=name)
    for resource in _resources(rendered.stdout):
        resource_name = resource["metadata"]["name"]
        limit = 52 if resource["kind"] == "CronJob" else 63  # a CronJob adds 11 for its Jobs
        assert len(resource_name) <= limit, resource_name
        assert resource_name.startswith(name.replace("_", "-"))


@needs_kubectl
def test_a_broken_manifest_fails_the_check_naming_the_resource_and_field(
    template_repo: Path, tmp_path: Path
):
    project = generate(template_repo, tmp_path / "p", 2)
    service = project / "k8s" / "base" / "api-service.yaml"
    service.write_text(service.read_text().replace("port: 80", "port: eighty"))
    done = _k8s(project, "check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "k8s/overlays/staging: 1 problem(s)" in done.stdout
    assert "Service/ml-project-api: spec.ports.0.port" in done.stdout

    # A container without limits, and an unknown field (strict schemas).
    cronjob = project / "k8s" / "base" / "monitor-cronjob.yaml"
    text = cronjob.read_text().replace("                limits:\n", "                limitz:\n")
    cronjob.write_text(text)
    done = _k8s(project, "check")
    assert done.returncode == 1
    assert "CronJob/ml-project-monitor container 'monitor': resources.limits lacks" in done.stdout
    assert "limitz" in done.stdout

    # What kustomize itself refuses is a clean error (exit 2), not a traceback.
    (project / "k8s" / "base" / "api-hpa.yaml").unlink()
    done = _k8s(project, "check")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "kubectl kustomize" in done.stderr and "api-hpa.yaml" in done.stderr


@needs_kubectl
def test_the_configmap_follows_a_team_edit_of_the_config(template_repo: Path, tmp_path: Path):
    project = generate(template_repo, tmp_path / "p", 2)
    before = _resources(_k8s(project, "render", "staging").stdout)
    config = project / "configs" / "pipeline.yaml"
    config.write_text(config.read_text().replace("min_rows: 50", "min_rows: 80"))
    after = _resources(_k8s(project, "render", "staging").stdout)

    def config_map(resources: list[dict]) -> dict:
        return next(r for r in resources if r["metadata"]["name"].startswith("ml-project-config"))

    assert "min_rows: 80" in config_map(after)["data"]["pipeline.yaml"]
    # A new name (content hash): the Deployment's pods roll to pick the change up.
    assert config_map(after)["metadata"]["name"] != config_map(before)["metadata"]["name"]


@needs_kubectl
def test_a_raise_from_level_1_adds_k8s_and_keeps_the_teams_config(
    template_repo: Path, tmp_path: Path
):
    import copier

    project = generate(template_repo, tmp_path / "p", 1)
    config = project / "configs" / "pipeline.yaml"
    config.write_text(config.read_text().replace("min_rows: 50", "min_rows: 75"))
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "team work at level 1")
    copier.run_update(
        str(project),
        data={"maturity_level": 2},
        defaults=True,
        overwrite=True,
        unsafe=False,
        quiet=True,
    )
    assert project_files(project) >= K8S_FILES
    assert "min_rows: 75" in config.read_text()
    rendered = _resources(_k8s(project, "render", "production").stdout)
    config_map = next(r for r in rendered if r["metadata"]["name"].startswith("ml-project-config"))
    assert "min_rows: 75" in config_map["data"]["pipeline.yaml"]
    assert _k8s(project, "check").returncode == 0


# --------------------------------------------------------------------------------------------
# Slow: the project's own Kubernetes tests and its pre-commit hook
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installed(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    project = generate(template_repo, tmp_path_factory.mktemp("k8s") / "project", 2)
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    return project, make_venv(project)


@pytest.mark.slow
@needs_kubectl
def test_the_projects_own_kubernetes_and_deploy_tests_pass(installed):
    project, venv = installed
    done = run_in_venv(
        venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_kubernetes.py",
        cwd=project, env={"CI": "true"},
    )  # fmt: skip
    assert " passed" in done.stdout and "skipped" not in done.stdout, done.stdout
    names = [
        "test_every_overlay_renders_and_validates",
        "test_a_broken_manifest_fails_the_check",
        "test_deploy_applies_waits_and_smoke_tests",
        "test_a_failed_smoke_test_undoes_the_rollout",
        "test_a_rollout_that_never_finishes_is_undone_without_a_smoke_test",
    ]
    listed = run_in_venv(
        venv, "-m", "pytest", "-q", "--collect-only", "-p", "no:cacheprovider",
        "tests/test_kubernetes.py", cwd=project,
    ).stdout  # fmt: skip
    for name in names:
        assert name in listed, name


@pytest.mark.slow
@needs_kubectl
def test_the_pre_commit_hook_refuses_a_broken_manifest(installed):
    project, venv = installed

    def hook() -> subprocess.CompletedProcess[str]:
        return run_in_venv(
            venv, "-m", "pre_commit", "run", "k8s-manifests", "--all-files",
            cwd=project, check=False,
        )  # fmt: skip

    done = hook()
    assert done.returncode == 0, done.stdout + done.stderr
    deployment = project / "k8s" / "base" / "api-deployment.yaml"
    original = deployment.read_text()
    deployment.write_text(
        original.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
    )
    try:
        done = hook()
    finally:
        deployment.write_text(original)
    assert done.returncode == 1
    assert "readOnlyRootFilesystem must be true" in done.stdout
