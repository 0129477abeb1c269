"""A portable template source: projects record ``~/.cache/mlops-init/template``, which copier
expands on every machine, so a teammate's clone with another home directory raises the level
with ``mlops-init upgrade`` and, after ``mlops-init template --ensure``, with plain
``copier update``. Projects recorded with an old absolute path still upgrade."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.scaffold.source import (
    DEFAULT_PORTABLE_SOURCE,
    ensure_template,
    is_cache_path,
    local_path,
    portable_path,
)
from scaffold.adopt_fixtures import FIXTURES, make_team_repo
from scaffold.scaffold_helpers import git


def recorded(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def machine(tmp_path: Path, name: str) -> dict[str, str]:
    """The environment of a user ``name`` whose home is a fresh folder and whose cache is
    in its default place (``~/.cache/mlops-init``)."""
    home = tmp_path / name
    home.mkdir(exist_ok=True)
    env = {
        k: v for k, v in os.environ.items() if k not in {"MLOPS_INIT_CACHE_DIR", "XDG_CACHE_HOME"}
    }
    env.pop("MLOPS_INIT_TEMPLATE", None)
    env["HOME"] = str(home)
    return env


def sh(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def commit(repo: Path, env: dict[str, str], message: str) -> None:
    ident = ["-c", "user.name=team", "-c", "user.email=team@example.invalid"]
    assert sh(["git", "add", "-A"], repo, env).returncode == 0
    done = sh(["git", *ident, "commit", "-q", "-m", message], repo, env)
    assert done.returncode == 0, done.stderr


def copier_update(repo: Path, env: dict[str, str], level: int) -> subprocess.CompletedProcess[str]:
    return sh(
        [
            "copier",
            "update",
            "--defaults",
            "--vcs-ref=:current:",
            "--data",
            f"maturity_level={level}",
        ],
        repo,
        env,
    )


# --- the portable form -----------------------------------------------------------------------


def test_a_path_under_the_home_is_written_with_a_tilde(tmp_path: Path) -> None:
    home = tmp_path / "home"
    cache = home / ".cache" / "mlops-init" / "template"
    cache.mkdir(parents=True)
    assert portable_path(cache, home) == DEFAULT_PORTABLE_SOURCE
    assert portable_path(home, home) == "~"
    elsewhere = tmp_path / "srv" / "mlops-init" / "template"
    assert portable_path(elsewhere, home) == str(elsewhere)


def test_copier_expands_the_recorded_tilde_to_each_machines_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the portable form relies on, checked against copier's own code."""
    from copier._vcs import get_repo

    for user in ("alice", "bob"):
        home = tmp_path / user
        repo = home / ".cache" / "mlops-init" / "template"
        repo.mkdir(parents=True)
        git(repo, "init", "-q")
        monkeypatch.setenv("HOME", str(home))
        assert get_repo(DEFAULT_PORTABLE_SOURCE) == repo.as_posix()
        assert local_path(DEFAULT_PORTABLE_SOURCE) == repo


def test_cache_paths_are_recognised_in_every_form() -> None:
    assert is_cache_path(DEFAULT_PORTABLE_SOURCE)
    assert is_cache_path("/home/alice/.cache/mlops-init/template")
    assert not is_cache_path("/home/alice/templates/ours")
    assert not is_cache_path("https://example.org/mlops-init/template")


def test_ensure_prepares_the_cache_and_the_path_a_project_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "bob"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(tmp_path / "elsewhere"))
    project = tmp_path / "p"
    project.mkdir()
    (project / ".copier-answers.yml").write_text(
        f"_commit: v0.1.0\n_src_path: {DEFAULT_PORTABLE_SOURCE}\nmaturity_level: 0\n"
    )
    made = ensure_template(project)
    assert [m.path for m in made] == [
        tmp_path / "elsewhere" / "template",
        home / ".cache" / "mlops-init" / "template",
    ]
    for m in made:
        assert m.tag in m.tags and git(m.path, "status", "--porcelain") == ""
    # Idempotent: a second run reuses the tags.
    assert [m.tag for m in ensure_template(project)] == [m.tag for m in made]


def test_ensure_never_writes_to_another_machines_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "p"
    project.mkdir()
    alice = tmp_path / "alice" / ".cache" / "mlops-init" / "template"
    (project / ".copier-answers.yml").write_text(
        f"_commit: v0.1.0\n_src_path: {alice}\nmaturity_level: 0\n"
    )
    made = ensure_template(project)
    assert len(made) == 1 and not alice.exists()


# --- a teammate's clone ---------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("how", ["new", "adopt"])
def test_a_teammate_with_another_home_raises_the_level(tmp_path: Path, how: str) -> None:
    alice = machine(tmp_path, "alice")
    if how == "new":
        done = sh(["mlops-init", "new", "proj", "--level", "0", "--defaults"], tmp_path, alice)
        project = tmp_path / "proj"
    else:
        project = make_team_repo(tmp_path / "proj", FIXTURES["package"])
        done = sh(["mlops-init", "adopt", "--level", "0", "--defaults"], project, alice)
    assert done.returncode == 0, done.stderr
    if how == "adopt":
        commit(project, alice, "Adopt")
    assert recorded(project)["_src_path"] == DEFAULT_PORTABLE_SOURCE
    assert "mlops-init template --ensure" in (project / ".copier-answers.yml").read_text()

    bob = machine(tmp_path, "bob")
    for clone in ("bob-upgrade", "bob-copier"):
        assert sh(["git", "clone", "-q", str(project), clone], tmp_path, bob).returncode == 0

    # mlops-init upgrade copes with a fresh machine by itself and keeps the portable record.
    up = sh(["mlops-init", "upgrade", "--to", "1"], tmp_path / "bob-upgrade", bob)
    assert up.returncode in (0, 1), up.stderr  # 1: conflicts in the adopted team files
    assert recorded(tmp_path / "bob-upgrade")["maturity_level"] == 1
    assert recorded(tmp_path / "bob-upgrade")["_src_path"] == DEFAULT_PORTABLE_SOURCE
    assert (tmp_path / "bob-upgrade" / "configs" / "pipeline.yaml").is_file()

    # Plain copier update needs the template on this machine: refused before, works after
    # the one documented command.
    bob_fresh = machine(tmp_path, "carol")
    clone = tmp_path / "bob-copier"
    before = copier_update(clone, bob_fresh, 1)
    assert before.returncode != 0
    assert "Local template must be a directory" in before.stderr
    assert git(clone, "status", "--porcelain") == ""
    ensured = sh(["mlops-init", "template", "--ensure"], clone, bob_fresh)
    assert ensured.returncode == 0, ensured.stderr
    assert "Template ready at" in ensured.stdout
    after = copier_update(clone, bob_fresh, 1)
    assert after.returncode == 0, after.stderr
    assert recorded(clone)["maturity_level"] == 1
    assert (clone / "configs" / "pipeline.yaml").is_file()


@pytest.mark.slow
def test_a_project_recorded_with_an_old_absolute_path_still_upgrades_and_becomes_portable(
    tmp_path: Path,
) -> None:
    alice = machine(tmp_path, "alice")
    assert (
        sh(["mlops-init", "new", "proj", "--level", "0", "--defaults"], tmp_path, alice).returncode
        == 0
    )
    project = tmp_path / "proj"
    # As mlops-init wrote it before the portable form: the absolute path of Alice's cache.
    absolute = str(tmp_path / "alice" / ".cache" / "mlops-init" / "template")
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace(DEFAULT_PORTABLE_SOURCE, absolute))
    commit(project, alice, "Old record")
    shutil.rmtree(tmp_path / "alice" / ".cache")  # another machine: Alice's path is gone
    bob = machine(tmp_path, "bob")
    done = sh(["mlops-init", "upgrade", "--to", "1"], project, bob)
    assert done.returncode == 0, done.stderr
    assert recorded(project)["_src_path"] == DEFAULT_PORTABLE_SOURCE
    assert recorded(project)["maturity_level"] == 1
    assert "Recorded the template source ~/.cache/mlops-init/template" in done.stdout
