"""``mlops-init upgrade``: raise a level keeping every team edit; refuse what would lose work."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from generator.scaffold.project import new_project
from scaffold.scaffold_helpers import TeamEdits, git, make_mini_template_repo, stable_line, tree

runner = CliRunner()


def upgrade(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["upgrade", *args])
    return result.exit_code, result.stdout, result.stderr


def make_project(dest: Path, template: Path | None, level: int = 0) -> Path:
    new_project(
        dest, level=level, data={}, defaults=True, template=str(template) if template else None
    )
    return dest


def commit_all(project: Path, message: str) -> None:
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", message)


def recorded(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


MINI_EDITS = TeamEdits(
    insert_file="src/demo/features.py",
    insert_after="    return 3 * x",
    block="\n\ndef team_feature(x):\n    return x + 1\n",
    replace_file="README.md",
    old_line="This project predicts things.",
    new_line="This project predicts churn for the sales team.",
    deleted="notebooks/eda.ipynb",
)


def real_template_edits(fresh: dict[int, Path]) -> TeamEdits:
    """Team edits on lines that no level of the real template touches (found by diffing fresh
    projects), in the files a team edits most."""
    pkg = recorded(fresh[0])["package_name"]

    def spot(name: str) -> str | None:
        if not all((fresh[n] / name).is_file() for n in fresh):
            return None
        return stable_line([(fresh[n] / name).read_text() for n in sorted(fresh)])

    candidates = [f"src/{pkg}/features.py", "README.md", "pyproject.toml", ".gitignore"]
    spots = [(name, line) for name in candidates if (line := spot(name))]
    assert spots, "no file of the real template has a line that every level keeps"
    insert_file, insert_after = spots[0]
    replace_file, old_line = spots[1] if len(spots) > 1 else spots[0]
    if replace_file == insert_file and old_line == insert_after:
        pytest.skip("the real template has only one stable line yet")  # pragma: no cover
    level0 = {p.relative_to(fresh[0]).as_posix() for p in fresh[0].rglob("*") if p.is_file()}
    level0 -= {insert_file, replace_file, ".copier-answers.yml"}
    unchanged = sorted(
        f
        for f in level0
        if ".git" not in f.split("/")
        and all((fresh[n] / f).read_bytes() == (fresh[0] / f).read_bytes() for n in fresh)
    )
    deleted = "notebooks/eda.ipynb" if "notebooks/eda.ipynb" in unchanged else None
    deleted = deleted or (unchanged[0] if unchanged else None)
    assert deleted, "the real template has no level-0 file to delete"
    return TeamEdits(
        insert_file=insert_file,
        insert_after=insert_after,
        block="# Added by the team: this line must survive every upgrade.\n",
        replace_file=replace_file,
        old_line=old_line,
        new_line=old_line + " (edited by the team)",
        deleted=deleted,
    )


def assert_same_tree(project: Path, expected: Path) -> None:
    got, want = tree(project), tree(expected)
    assert sorted(got) == sorted(want), set(got) ^ set(want)
    differing = [name for name in want if got[name] != want[name]]
    assert differing == [], {n: got[n].decode()[:2000] for n in differing}


def raise_with(tool: str, project: Path, level: int) -> str:
    if tool == "mlops-init":
        code, out, err = upgrade(str(project), "--to", str(level))
        assert code == 0, err + out
        return out
    # The plain copier CLI, from the project folder, as the issue says must work too.
    done = subprocess.run(
        ["copier", "update", "--defaults", "--data", f"maturity_level={level}"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow
@pytest.mark.parametrize("tool", ["mlops-init", "copier"])
@pytest.mark.parametrize("which", ["mini", "real"])
def test_raise_0_1_2_keeps_every_team_edit(
    tmp_path: Path, mini_template: Path, template_repo: Path, which: str, tool: str
) -> None:
    template = mini_template if which == "mini" else template_repo
    fresh = {n: make_project(tmp_path / f"fresh{n}", template, n) for n in (0, 1, 2)}
    edits = MINI_EDITS if which == "mini" else real_template_edits(fresh)
    project = make_project(tmp_path / "team", template, 0)
    edits.apply(project)
    commit_all(project, "Team work at level 0")
    team_text = (project / edits.insert_file).read_text()
    assert edits.block in team_text

    for level in (1, 2):
        out = raise_with(tool, project, level)
        edits.apply(fresh[level])
        # The raised project equals a fresh project at that level plus the team's edits:
        # edits kept, the deleted file still deleted, the team's own file untouched.
        assert_same_tree(project, fresh[level])
        assert not (project / edits.deleted).exists()
        assert (project / edits.own_file).read_text() == edits.own_text
        assert recorded(project)["maturity_level"] == level
        assert recorded(project)["_commit"] == "v0.1.0"
        if which == "real" and level == 2:  # the Kubernetes delivery arrives with level 2
            assert (project / "k8s" / "overlays" / "production" / "kustomization.yaml").is_file()
        if tool == "mlops-init":
            assert f"Raised to level {level}" in out and "git diff" in out
        commit_all(project, f"Raise to level {level}")


@pytest.mark.slow
def test_upgrade_lists_the_components_it_added(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    code, out, err = upgrade(str(project), "--to", "1")
    assert code == 0, err
    assert "Continuous-training pipeline [pipeline]" in out
    assert "src/demo/pipeline/run.py" in out
    # A question that only level 1 asks took its default, and the user is told.
    assert "took their defaults" in out and "use_tracking = False" in out
    assert recorded(project)["use_tracking"] is False
    commit_all(project, "level 1")
    code, out, err = upgrade(str(project), "--to", "2")
    assert code == 0, err
    assert "[ci-workflow]" in out and "[containers]" in out
    assert "[pipeline]" not in out  # already there before this raise


@pytest.mark.slow
def test_conflicting_edit_exits_1_and_names_the_file(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    readme = project / "README.md"
    # The team rewrote the exact line that the level changes.
    readme.write_text(
        readme.read_text().replace("Maturity level 0.\n", "Maturity level 0, and proud of it.\n")
    )
    commit_all(project, "Team edit")
    code, out, err = upgrade(str(project), "--to", "1")
    assert code == 1
    assert "merge conflicts" in err and "README.md" in err
    assert "<<<<<<< before updating" in readme.read_text()
    assert "Maturity level 0, and proud of it." in readme.read_text()  # nothing lost
    assert "Raised to level 1" in out


@pytest.mark.slow
def test_default_keeps_the_template_version_and_option_moves_it(tmp_path: Path) -> None:
    template = make_mini_template_repo(tmp_path / "tpl")
    project = make_project(tmp_path / "p", template, 0)
    extra = template / "templates/level1/CHANGELOG.md"
    extra.write_text("new in 0.2.0\n")
    git(template, "add", "-A")
    git(template, "commit", "-q", "-m", "0.2.0")
    git(template, "tag", "v0.2.0")

    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 0, err
    assert recorded(project)["_commit"] == "v0.1.0"
    assert not (project / "CHANGELOG.md").exists()
    commit_all(project, "level 1")

    code, _, err = upgrade(str(project), "--to", "2", "--template-version", "v0.2.0")
    assert code == 0, err
    assert recorded(project)["_commit"] == "v0.2.0"


@pytest.mark.slow
def test_wiped_cache_is_recreated_for_an_upgrade(tmp_path: Path, isolated_cache: Path) -> None:
    project = make_project(tmp_path / "p", None, 0)
    shutil.rmtree(isolated_cache)
    code, out, err = upgrade(str(project), "--to", "1")
    assert code == 0, err
    assert "Re-creating the template cache" in out
    assert (isolated_cache / "template" / ".git").is_dir()
    assert recorded(project)["maturity_level"] == 1


@pytest.mark.slow
def test_missing_recorded_source_needs_template_option(tmp_path: Path, mini_template: Path) -> None:
    copy = tmp_path / "moved-template"
    shutil.copytree(mini_template, copy)
    project = make_project(tmp_path / "p", copy, 0)
    shutil.rmtree(copy)
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 2
    assert "does not exist on this machine" in err and "--template" in err
    assert git(project, "status", "--porcelain") == ""

    code, out, err = upgrade(str(project), "--to", "1", "--template", str(mini_template))
    assert code == 0, err
    assert recorded(project)["_src_path"] == str(mini_template.resolve())
    assert "Recorded the template source" in out
    assert "Record the mlops-init template source" in git(project, "log", "-1", "--format=%s")


# --- refusals (fast: copier never runs) -------------------------------------------------------


def test_not_a_project_is_refused(tmp_path: Path) -> None:
    code, _, err = upgrade(str(tmp_path), "--to", "1")
    assert code == 2 and "has no .copier-answers.yml" in err


def test_project_from_another_template_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other-template"
    other.mkdir()
    (other / "copier.yml").write_text("project_name: {type: str, default: x}\n")
    git(other, "init", "-q")
    git(other, "add", "-A")
    git(other, "commit", "-q", "-m", "other")
    git(other, "tag", "v1.0.0")
    project = tmp_path / "p"
    project.mkdir()
    (project / ".copier-answers.yml").write_text(
        f"_commit: v1.0.0\n_src_path: {other}\nmaturity_level: 0\n"
    )
    git(project, "init", "-q")
    commit_all(project, "init")
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 2 and "was not made by mlops-init" in err


def test_answers_without_level_are_refused(tmp_path: Path) -> None:
    (tmp_path / ".copier-answers.yml").write_text("_commit: v1\n_src_path: /x\n")
    code, _, err = upgrade(str(tmp_path), "--to", "1")
    assert code == 2 and "has no 'maturity_level'" in err


def test_lowering_is_refused_and_changes_nothing(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 1)
    before = tree(project)
    code, _, err = upgrade(str(project), "--to", "0")
    assert code == 2
    assert "Lowering it to level 0 would delete files" in err and "not supported" in err
    assert tree(project) == before


def test_same_level_is_nothing_to_do(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 1)
    code, out, _ = upgrade(str(project), "--to", "1")
    assert code == 0 and "already at level 1: nothing to do" in out


def test_unknown_level_is_refused(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    code, _, err = upgrade(str(project), "--to", "3")
    assert code == 2 and "The '--to' option must be one of 0, 1, 2. Got 3 instead." in err


def test_dirty_tree_is_refused_listing_the_files(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    (project / "README.md").write_text("changed\n")
    (project / "scratch.py").write_text("x = 1\n")
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 2
    assert "2 uncommitted change(s)" in err
    assert "README.md" in err and "scratch.py" in err
    assert "commit" in err and "stash" in err
    assert recorded(project)["maturity_level"] == 0


def test_project_outside_git_is_refused(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    shutil.rmtree(project / ".git")
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 2 and "not in a git repository" in err


def test_ctrl_c_during_upgrade_puts_the_project_back(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copier

    project = make_project(tmp_path / "p", mini_template, 0)
    before = tree(project)

    def interrupted_update(dst_path: Path, **kwargs: object) -> None:
        (Path(dst_path) / "README.md").write_text("half merged\n")
        (Path(dst_path) / "new-file.txt").write_text("half written\n")
        raise KeyboardInterrupt

    monkeypatch.setattr(copier, "run_update", interrupted_update)
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 130 and "put back as it was" in err
    assert tree(project) == before
    assert git(project, "status", "--porcelain") == ""


def test_template_without_the_recorded_version_is_refused(
    tmp_path: Path, mini_template: Path
) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    answers = project / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace("_commit: v0.1.0", "_commit: v9.9.9"))
    commit_all(project, "pretend a newer template made it")
    code, _, err = upgrade(str(project), "--to", "1")
    assert code == 2
    assert "does not have the version the project was made from (v9.9.9)" in err


def test_unknown_template_version_is_a_clean_error(tmp_path: Path, mini_template: Path) -> None:
    project = make_project(tmp_path / "p", mini_template, 0)
    before = tree(project)
    code, _, err = upgrade(str(project), "--to", "1", "--template-version", "v7.7.7")
    assert code == 2
    assert "Copier could not upgrade the project" in err and "Traceback" not in err
    assert "left unchanged" in err
    assert tree(project) == before


def test_failed_upgrade_of_a_project_inside_a_larger_repo_touches_nothing_else(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copier

    mono = tmp_path / "mono"
    mono.mkdir()
    git(mono, "init", "-q")
    (mono / "other.txt").write_text("committed\n")
    project = mono / "services" / "model"
    new_project(project, level=0, data={}, defaults=True, template=str(mini_template))
    assert not (project / ".git").exists()  # no nested repository in the team's monorepo
    commit_all(mono, "monorepo")
    (mono / "other.txt").write_text("uncommitted work elsewhere\n")
    before = tree(project)

    def failing_update(dst_path: Path, **kwargs: object) -> None:
        (Path(dst_path) / "README.md").write_text("half merged\n")
        (Path(dst_path) / "staged.txt").write_text("staged by copier\n")
        git(Path(dst_path), "add", "staged.txt")
        raise KeyboardInterrupt

    monkeypatch.setattr(copier, "run_update", failing_update)
    code, _, _ = upgrade(str(project), "--to", "1")
    assert code == 130
    assert tree(project) == before
    assert (mono / "other.txt").read_text() == "uncommitted work elsewhere\n"
    assert git(mono, "status", "--porcelain").strip() == "M other.txt"


@pytest.mark.slow
def test_upgrade_of_a_project_inside_a_larger_repo(tmp_path: Path, mini_template: Path) -> None:
    mono = tmp_path / "mono"
    mono.mkdir()
    git(mono, "init", "-q")
    project = mono / "services" / "model"
    new_project(project, level=0, data={}, defaults=True, template=str(mini_template))
    commit_all(mono, "monorepo")
    code, out, err = upgrade(str(project), "--to", "1")
    assert code == 0, err
    assert "src/demo/pipeline/run.py" in out  # paths relative to the project
    assert (project / "src/demo/pipeline/run.py").exists()
    assert not (mono / "src").exists()
    assert recorded(project)["maturity_level"] == 1


@pytest.mark.slow
def test_project_made_on_another_machine_uses_this_machines_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice_cache = tmp_path / "alice" / ".cache" / "mlops-init"
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(alice_cache))
    project = make_project(tmp_path / "p", None, 0)
    assert recorded(project)["_src_path"] == str(alice_cache / "template")
    shutil.rmtree(tmp_path / "alice")  # Bob's machine has no such folder
    bob_cache = tmp_path / "bob" / ".cache" / "mlops-init"
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(bob_cache))
    code, out, err = upgrade(str(project), "--to", "1")
    assert code == 0, err
    assert recorded(project)["_src_path"] == str(bob_cache / "template")
    assert recorded(project)["maturity_level"] == 1
    assert "Recorded the template source" in out
