"""``mlops-init adopt``: an existing repository under the template, nothing of the team's lost.

Three repositories written for the purpose (adopt_fixtures.py) are adopted from a tagged copy
of the real template; afterwards ``mlops-init upgrade`` and plain ``copier update`` must be
three-way updates that keep every team file and list each conflict they leave.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pexpect
import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import Interrupted, NoTerminalError, ScaffoldError
from generator.scaffold import adopt as adopt_module
from generator.scaffold.adopt import REFERENCE_DIR, adopt_project, suggest_answers
from scaffold.adopt_fixtures import FIXTURES, PACKAGE, make_team_repo, snapshot
from scaffold.scaffold_helpers import git, minimal_result

runner = CliRunner()
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def team_repo(tmp_path: Path, name: str) -> Path:
    return make_team_repo(tmp_path / name, FIXTURES[name])


def adopt(repo: Path, template: Path, *args: str) -> tuple[int, str, str]:
    done = runner.invoke(
        app, ["adopt", str(repo), "--defaults", "--template", str(template), *args]
    )
    return done.exit_code, done.stdout, done.stderr


def commit_all(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def with_markers(repo: Path) -> set[str]:
    out = set()
    for path in repo.rglob("*"):
        rel = path.relative_to(repo).as_posix()
        inside_git = ".git" in path.relative_to(repo).parts
        if path.is_file() and not inside_git and not rel.startswith(".mlops-init/"):
            text = path.read_bytes().decode(errors="replace")
            if any(line.startswith(MARKERS) for line in text.splitlines()):
                out.add(rel)
    return out


def unmerged(repo: Path) -> set[str]:
    return {line.split("\t")[1] for line in git(repo, "ls-files", "-u").splitlines()}


def assert_team_files_kept(repo: Path, before: dict[str, tuple[bytes, int]]) -> None:
    """Every team file still exists; one that changed holds all of the team's lines (the
    template's changes merged around them or in conflict blocks)."""
    for rel, (data, _mode) in before.items():
        path = repo / rel
        assert path.is_file(), f"{rel} was removed"
        now = path.read_bytes()
        if now != data:
            lines = now.decode().splitlines()
            missing = [ln for ln in data.decode().splitlines() if ln and ln not in lines]
            assert not missing, (rel, missing)


# --- adopting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_adopt_adds_the_template_and_leaves_every_team_file_byte_identical(
    tmp_path: Path, template_repo: Path, name: str
) -> None:
    repo = team_repo(tmp_path, name)
    before = snapshot(repo)
    code, out, err = adopt(repo, template_repo, "--level", "0")
    assert code == 0, err
    after = snapshot(repo)
    for rel, (data, mode) in before.items():
        assert after[rel] == (data, mode), f"{rel} changed"
    # Only new files: git sees additions, no modification, no deletion.
    status = git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert status and all(line.startswith("?? ") for line in status), status
    added = {line[3:] for line in status}
    assert ".copier-answers.yml" in added
    assert not any(f.startswith(".mlops-init") for f in added)  # references are ignored
    recorded = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert recorded["maturity_level"] == 0
    assert recorded["_commit"] == "v0.1.0"
    assert "Added (new files from the template)" in out and "Next steps:" in out
    assert "mlops-init upgrade --to 1" in out
    # Each file kept as the team's has the template's version beside it, for reference.
    kept = [rel for rel in before if (repo / REFERENCE_DIR / rel).is_file()]
    for rel in kept:
        assert (repo / REFERENCE_DIR / rel).read_bytes() != before[rel][0]
        assert f"  {rel}\n" in out
    assert "README.md" in kept  # every fixture has its own README


def test_adopt_of_the_package_lists_what_it_kept_and_added(
    tmp_path: Path, template_repo: Path
) -> None:
    repo = team_repo(tmp_path, "package")
    report = adopt_project(repo, level=0, data={}, defaults=True, template=str(template_repo))
    assert {"README.md", "Makefile", "pyproject.toml", "src/churn_model/features.py"} <= set(
        report.kept
    )
    assert "tests/test_features.py" in report.kept
    assert "src/churn_model/train.py" in report.added  # the suggested package is the team's
    assert not set(report.kept) & set(report.added)
    assert report.reference_dir == REFERENCE_DIR
    assert report.conflicts == [] and report.merged == []


def test_suggestions_are_read_from_each_repository(tmp_path: Path) -> None:
    package = suggest_answers(team_repo(tmp_path, "package"))
    got = {s.key: s.value for s in package.found}
    assert got["project_name"] == "churn-model"
    assert got["package_name"] == "churn_model"
    assert got["python_version"] == "3.12"
    assert got["ci_provider"] == "github"
    assert "dataset" in package.missing

    notebooks = suggest_answers(team_repo(tmp_path, "notebook-only"))
    got = {s.key: s.value for s in notebooks.found}
    assert (got["dataset"], got["csv_path"]) == ("csv", "data/churn.csv")
    assert got["target_column"] == "churned"
    assert got["project_name"] == "notebook-only"  # the folder name
    assert got["package_name"] == "notebook_only"
    assert "python_version" in notebooks.missing

    script = suggest_answers(team_repo(tmp_path, "script-at-root"))
    got = {s.key: s.value for s in script.found}
    assert (got["dataset"], got["csv_path"]) == ("csv", "wine.csv")  # not the test fixture
    assert "no column of wine.csv is named like a target" in script.missing["target_column"]

    unrelated = suggest_answers(team_repo(tmp_path, "unrelated-src"))
    got = {s.key: s.value for s in unrelated.found}
    assert got["ci_provider"] == "gitlab"
    assert "src/ holds packages (app, utils)" in unrelated.missing["package_name"]
    assert "3.9.18" in unrelated.missing["python_version"]


def test_suggestions_become_the_recorded_answers_and_data_wins(
    tmp_path: Path, template_repo: Path
) -> None:
    repo = team_repo(tmp_path, "notebook-only")
    code, out, err = adopt(repo, template_repo, "--level", "0", "--data", "target_column=tenure")
    assert code == 0, err
    recorded = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert (recorded["dataset"], recorded["csv_path"]) == ("csv", "data/churn.csv")
    assert recorded["target_column"] == "tenure"
    assert "Suggested dataset = 'csv' (from data/churn.csv)" in out
    assert "Could not guess python_version" in out


def test_merge_writes_conflict_markers_into_the_teams_files_and_lists_them(
    tmp_path: Path, template_repo: Path
) -> None:
    repo = team_repo(tmp_path, "package")
    code, _, err = adopt(repo, template_repo, "--level", "0", "--merge")
    assert code == 1  # conflicts to resolve
    assert "README.md: conflict markers" in err
    text = (repo / "README.md").read_text()
    assert "<<<<<<< your version" in text and ">>>>>>> mlops-init template" in text
    assert "Our model. Install with `pip install -e .`." in text  # the team's lines stay
    assert (repo / REFERENCE_DIR / "README.md").is_file()
    assert unmerged(repo) == set()  # adopt's merge is in the work tree only
    assert with_markers(repo) >= {"README.md", "Makefile"}


# --- refusals and interruptions ------------------------------------------------------------------


def test_a_dirty_tree_is_refused_and_left_alone(tmp_path: Path, template_repo: Path) -> None:
    repo = team_repo(tmp_path, "package")
    (repo / "README.md").write_text("work in progress\n")
    before = snapshot(repo)
    code, _, err = adopt(repo, template_repo, "--level", "0")
    assert code == 2
    assert "1 uncommitted change(s)" in err and "README.md" in err and "git stash" in err
    assert snapshot(repo) == before


def test_a_folder_outside_git_is_refused(tmp_path: Path, template_repo: Path) -> None:
    (tmp_path / "plain").mkdir()
    code, _, err = adopt(tmp_path / "plain", template_repo, "--level", "0")
    assert code == 2 and "is not in a git repository" in err


def test_an_adopted_repository_is_sent_to_upgrade(tmp_path: Path, template_repo: Path) -> None:
    repo = team_repo(tmp_path, "unrelated-src")
    assert adopt(repo, template_repo, "--level", "0")[0] == 0
    commit_all(repo, "Adopt")
    code, _, err = adopt(repo, template_repo, "--level", "1")
    assert code == 2
    assert "already under the mlops-init template (level 0" in err
    assert "mlops-init upgrade" in err


def test_another_templates_answers_file_is_refused(tmp_path: Path, template_repo: Path) -> None:
    files = {**FIXTURES["unrelated-src"], ".copier-answers.yml": "_src_path: gh:org/web\n"}
    repo = make_team_repo(tmp_path / "web", files)
    code, _, err = adopt(repo, template_repo, "--level", "0")
    assert code == 2 and "another copier template ('gh:org/web')" in err


def test_without_a_terminal_or_defaults_it_says_how_to_answer(
    tmp_path: Path, template_repo: Path
) -> None:
    repo = team_repo(tmp_path, "package")
    with pytest.raises(NoTerminalError, match="no terminal is attached"):
        adopt_project(
            repo, level=0, data={}, defaults=False, template=str(template_repo), interactive=False
        )


def test_a_level_outside_0_to_2_is_bad_input(tmp_path: Path, template_repo: Path) -> None:
    repo = team_repo(tmp_path, "package")
    code, _, err = adopt(repo, template_repo, "--level", "5")
    assert code == 2
    assert "The '--level' option must be one of 0, 1, 2. Got 5 instead." in err


def test_ctrl_c_while_rendering_changes_nothing(
    tmp_path: Path, template_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copier

    repo = team_repo(tmp_path, "package")
    before = snapshot(repo)

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(copier, "run_copy", interrupted)
    with pytest.raises(Interrupted, match=r"nothing in .* was changed"):
        adopt_project(repo, level=0, data={}, defaults=True, template=str(template_repo))
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain", "--ignored") == ""


@pytest.mark.parametrize("after_writes", [1, 12, 30])
def test_ctrl_c_while_writing_puts_every_file_back(
    tmp_path: Path, template_repo: Path, monkeypatch: pytest.MonkeyPatch, after_writes: int
) -> None:
    repo = team_repo(tmp_path, "package")
    before = snapshot(repo)
    real_copy = adopt_module.shutil.copy2
    calls = {"n": 0}

    def copy_then_interrupt(src: object, dst: object) -> object:
        calls["n"] += 1
        if calls["n"] > after_writes:
            raise KeyboardInterrupt
        return real_copy(src, dst)

    monkeypatch.setattr(adopt_module.shutil, "copy2", copy_then_interrupt)
    with pytest.raises(Interrupted, match="the repository is as it was"):
        adopt_project(
            repo, level=0, data={}, defaults=True, template=str(template_repo), merge=True
        )
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain", "--ignored") == ""


def test_a_reference_folder_left_behind_is_refused(tmp_path: Path, template_repo: Path) -> None:
    repo = team_repo(tmp_path, "package")
    (repo / REFERENCE_DIR).mkdir(parents=True)
    (repo / ".mlops-init" / ".gitignore").write_text("*\n")
    with pytest.raises(ScaffoldError, match="already exists"):
        adopt_project(repo, level=0, data={}, defaults=True, template=str(template_repo))


# --- after adopting: three-way updates ------------------------------------------------------------


def plain_copier_update(repo: Path, level: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "copier",
            "update",
            "--defaults",
            "--vcs-ref=:current:",
            "--data",
            f"maturity_level={level}",
        ],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_upgrade_and_plain_copier_update_after_adopt_keep_every_team_file(
    tmp_path: Path, template_repo: Path, name: str
) -> None:
    repo = team_repo(tmp_path, name)
    before = snapshot(repo)
    assert adopt(repo, template_repo, "--level", "0")[0] == 0
    commit_all(repo, "Adopt the mlops-init template at level 0")
    twin = tmp_path / f"{name}-twin"
    git(tmp_path, "clone", "-q", str(repo), str(twin))

    # mlops-init upgrade: every team file kept; what conflicts is listed, and only that.
    done = runner.invoke(app, ["upgrade", str(repo), "--to", "1"])
    assert done.exit_code in (0, 1), done.stderr
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["maturity_level"] == 1
    assert_team_files_kept(repo, before)
    conflicted = with_markers(repo)
    for rel in conflicted:
        assert f"  - {rel}: conflict markers" in done.stderr
    assert (done.exit_code == 1) == bool(conflicted)
    # A team file the update changed without conflict (the template's new lines merged in
    # beside the team's) is listed as changed: nothing changes silently.
    changed = {rel for rel, (data, _) in before.items() if (repo / rel).read_bytes() != data}
    listed = done.stdout.split("Files changed:", 1)[-1]
    for rel in changed - conflicted:
        assert f"\n  {rel}\n" in listed, f"{rel} changed without being listed"
    assert (repo / "configs/pipeline.yaml").is_file()  # level 1 arrived

    # Plain copier update in the teammate's clone: the same, conflicts registered in git.
    done_plain = plain_copier_update(twin, 1)
    assert done_plain.returncode == 0, done_plain.stderr
    assert_team_files_kept(twin, before)
    assert with_markers(twin) == unmerged(twin) == conflicted
    status = {line[3:] for line in git(twin, "status", "--porcelain").splitlines()}
    assert changed <= status
    for rel in set(before) - conflicted:
        assert (twin / rel).read_bytes() == (repo / rel).read_bytes()


@pytest.mark.slow
def test_a_team_file_that_matches_the_template_takes_the_level_change_without_conflict(
    tmp_path: Path, template_repo: Path
) -> None:
    """Files the team already had exactly as the template renders them are the template's:
    the next level updates them like any generated file."""
    repo = team_repo(tmp_path, "package")
    assert adopt(repo, template_repo, "--level", "0")[0] == 0
    # The team adopts the template's README as theirs: it now equals the reference.
    (repo / "README.md").write_bytes((repo / REFERENCE_DIR / "README.md").read_bytes())
    commit_all(repo, "Adopt, taking the template's README")
    done = runner.invoke(app, ["upgrade", str(repo), "--to", "1"])
    assert "README.md" not in with_markers(repo)
    assert "level 1" in (repo / "README.md").read_text().lower()
    assert done.exit_code in (0, 1)
    assert PACKAGE["scripts/deploy.sh"] == (repo / "scripts/deploy.sh").read_text()


# --- in a real terminal ---------------------------------------------------------------------------


def spawn_adopt(repo: Path, template: Path, cache: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "MLOPS_INIT_CACHE_DIR": str(cache)}
    env.pop("MLOPS_INIT_TEMPLATE", None)
    return pexpect.spawn(
        "mlops-init",
        ["adopt", str(repo), "--template", str(template), *args],
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(40, 120),
    )


def test_in_a_terminal_the_questions_propose_the_suggestions(
    tmp_path: Path, mini_template: Path, isolated_cache: Path
) -> None:
    repo = team_repo(tmp_path, "package")
    child = spawn_adopt(repo, mini_template, isolated_cache, "--level", "0")
    child.expect("Suggested package_name = 'churn_model'")
    child.expect("project_name")
    child.expect("churn-model")  # the suggestion is the proposed answer
    child.sendline("")
    child.expect("package_name")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    recorded = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert (recorded["project_name"], recorded["package_name"]) == ("churn-model", "churn_model")
    assert (repo / "src/churn_model/features.py").read_text() == PACKAGE[
        "src/churn_model/features.py"
    ]


def test_ctrl_c_at_a_question_leaves_the_repository_as_it_was(
    tmp_path: Path, mini_template: Path, isolated_cache: Path
) -> None:
    repo = team_repo(tmp_path, "unrelated-src")
    before = snapshot(repo)
    child = spawn_adopt(repo, mini_template, isolated_cache, "--level", "1")
    child.expect("project_name")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Interrupted" in (child.before or "")
    assert snapshot(repo) == before
    assert git(repo, "status", "--porcelain", "--ignored") == ""


def test_the_level_can_come_from_an_assessment(tmp_path: Path, mini_template: Path) -> None:
    repo = team_repo(tmp_path, "notebook-only")
    result = tmp_path / "result.json"
    result.write_text(minimal_result(1).to_json())
    code, out, err = adopt(repo, mini_template, "--from-assessment", str(result))
    assert code == 0, err
    assert f"Level 1 taken from the assessment {result}." in out
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["maturity_level"] == 1
    assert (repo / "configs/pipeline.yaml").is_file()
