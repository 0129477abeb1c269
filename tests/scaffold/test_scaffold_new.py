"""``mlops-init new``: create a project, refuse what would go wrong, leave nothing half-made."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import InputError, NoTerminalError
from generator.scaffold.project import new_project
from generator.scaffold.template_info import parse_data
from scaffold.scaffold_helpers import git, minimal_result, tree

runner = CliRunner()


def new(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["new", *args])
    return result.exit_code, result.stdout, result.stderr


def answers(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def assert_one_commit(project: Path, level: int) -> None:
    log = git(project, "log", "--format=%s").splitlines()
    assert len(log) == 1
    assert log[0].startswith("Initial commit from mlops-init template v")
    assert log[0].endswith(f"at level {level}")
    assert git(project, "status", "--porcelain") == ""


@pytest.mark.parametrize("level", [0, 1, 2])
def test_new_at_each_level_from_the_mini_template(
    tmp_path: Path, mini_template: Path, level: int
) -> None:
    dest = tmp_path / "p"
    code, out, err = new(
        str(dest), "--level", str(level), "--defaults", "--template", str(mini_template)
    )
    assert code == 0, err
    assert "Rendering template..." in out and "Creating git repository..." in out
    assert f"cd {dest}" in out and "make train" in out
    if level < 2:
        assert f"mlops-init upgrade --to {level + 1}" in out
    recorded = answers(dest)
    assert recorded["maturity_level"] == level
    assert recorded["_src_path"] == str(mini_template.resolve())
    assert recorded["_commit"] == "v0.1.0"
    assert ((dest / "Dockerfile").exists()) == (level == 2)
    assert_one_commit(dest, level)


@pytest.mark.parametrize("level", [0, 1, 2])
def test_new_at_each_level_from_the_real_template(
    tmp_path: Path, template_repo: Path, monkeypatch: pytest.MonkeyPatch, level: int
) -> None:
    monkeypatch.setenv("MLOPS_INIT_TEMPLATE", str(template_repo))
    dest = tmp_path / "p"
    code, _, err = new(str(dest), "--level", str(level), "--defaults")
    assert code == 0, err
    recorded = answers(dest)
    assert recorded["maturity_level"] == level
    assert Path(recorded["_src_path"]).is_absolute()
    assert recorded["_src_path"] == str(template_repo.resolve())
    assert_one_commit(dest, level)


def test_new_from_the_bundled_template_records_the_cache_repo(
    tmp_path: Path, isolated_cache: Path
) -> None:
    dest = tmp_path / "p"
    code, _, err = new(str(dest), "--level", "0", "--defaults")
    assert code == 0, err
    recorded = answers(dest)
    assert recorded["_src_path"] == str(isolated_cache / "template")
    assert recorded["_commit"] in git(isolated_cache / "template", "tag", "--list").split()
    assert_one_commit(dest, 0)


def test_initial_commit_works_without_a_git_identity(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("EMAIL", "")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var, raising=False)
    dest = tmp_path / "p"
    code, _, err = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 0, err
    assert git(dest, "log", "--format=%an <%ae>").strip() == "mlops-init <mlops-init@localhost>"


def test_non_empty_destination_is_refused_and_left_alone(
    tmp_path: Path, mini_template: Path
) -> None:
    dest = tmp_path / "p"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    before = tree(dest)
    code, _, err = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 2
    assert "is not empty" in err and "keep.txt" in err
    assert tree(dest) == before
    assert not (dest / ".git").exists()


def test_an_empty_existing_destination_is_used(tmp_path: Path, mini_template: Path) -> None:
    dest = tmp_path / "p"
    dest.mkdir()
    code, _, err = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 0, err
    assert (dest / "README.md").exists()


def test_level_out_of_range_is_refused(tmp_path: Path, mini_template: Path) -> None:
    code, _, err = new(
        str(tmp_path / "p"), "--level", "5", "--defaults", "--template", str(mini_template)
    )
    assert code == 2
    assert "The '--level' option must be one of 0, 1, 2. Got 5 instead." in err
    assert not (tmp_path / "p").exists()


def test_data_answers_reach_the_project(tmp_path: Path, mini_template: Path) -> None:
    dest = tmp_path / "p"
    code, _, err = new(
        str(dest),
        "--defaults",
        "--template",
        str(mini_template),
        "--data",
        "project_name=churn",
        "-d",
        "package_name=churn_model",
    )
    assert code == 0, err
    assert (dest / "src/churn_model/features.py").exists()
    assert (dest / "README.md").read_text().startswith("# churn\n")


@pytest.mark.parametrize(
    ("items", "named"),
    [
        (["project_name"], "'project_name' has no '='"),
        (["=x"], "Got '' instead"),
        (["two words=x"], "Got 'two words' instead"),
        (["a=1", "a=2"], "'a' is given twice"),
    ],
)
def test_bad_data_items_are_named(items: list[str], named: str) -> None:
    with pytest.raises(InputError) as info:
        parse_data(items)
    assert named in info.value.render()


def test_data_values_may_contain_equals_signs() -> None:
    assert parse_data(["description=a=b", "x= y"]) == {"description": "a=b", "x": " y"}


def test_bad_data_through_the_cli_writes_nothing(tmp_path: Path, mini_template: Path) -> None:
    code, _, err = new(
        str(tmp_path / "p"),
        "--defaults",
        "--data",
        "oops",
        "--data",
        "9x=1",
        "--template",
        str(mini_template),
    )
    assert code == 2
    assert "'oops' has no '='" in err and "Got '9x' instead" in err
    assert not (tmp_path / "p").exists()


def test_validator_message_of_the_template_reaches_the_user(
    tmp_path: Path, template_repo: Path
) -> None:
    code, _, err = new(
        str(tmp_path / "p"),
        "--defaults",
        "--template",
        str(template_repo),
        "--data",
        "package_name=Bad-Name",
    )
    assert code == 2
    assert "package_name" in err and "Got 'Bad-Name' instead" in err
    assert "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_from_assessment_takes_the_level(tmp_path: Path, mini_template: Path) -> None:
    result = tmp_path / "result.json"
    result.write_text(minimal_result(2).to_json())
    dest = tmp_path / "p"
    code, out, err = new(
        str(dest), "--from-assessment", str(result), "--defaults", "--template", str(mini_template)
    )
    assert code == 0, err
    assert "Level 2 taken from the assessment" in out
    assert answers(dest)["maturity_level"] == 2


def test_level_option_wins_over_the_assessment_and_says_so(
    tmp_path: Path, mini_template: Path
) -> None:
    result = tmp_path / "result.json"
    result.write_text(minimal_result(2).to_json())
    dest = tmp_path / "p"
    code, out, err = new(
        str(dest),
        "--from-assessment",
        str(result),
        "--level",
        "1",
        "--defaults",
        "--template",
        str(mini_template),
    )
    assert code == 0, err
    assert "--level 1 wins over the level the assessment found (2)" in out
    assert answers(dest)["maturity_level"] == 1


def test_unreadable_assessment_is_a_user_error(tmp_path: Path, mini_template: Path) -> None:
    result = tmp_path / "result.json"
    result.write_text("{not json")
    code, _, err = new(
        str(tmp_path / "p"),
        "--from-assessment",
        str(result),
        "--defaults",
        "--template",
        str(mini_template),
    )
    assert code == 2 and "not valid JSON" in err
    assert not (tmp_path / "p").exists()


def test_level_and_data_level_must_agree(tmp_path: Path, mini_template: Path) -> None:
    code, _, err = new(
        str(tmp_path / "p"),
        "--level",
        "1",
        "--data",
        "maturity_level=2",
        "--defaults",
        "--template",
        str(mini_template),
    )
    assert code == 2 and "disagree" in err


def test_without_terminal_and_defaults_the_user_is_told_what_to_do(
    tmp_path: Path, mini_template: Path
) -> None:
    # CliRunner has no terminal on stdin.
    code, _, err = new(str(tmp_path / "p"), "--template", str(mini_template))
    assert code == 2
    assert "no terminal" in err and "--defaults" in err and "--data" in err
    assert not (tmp_path / "p").exists()


def test_copier_interactive_session_error_becomes_no_terminal_error(
    tmp_path: Path, mini_template: Path
) -> None:
    # Claimed interactive, but stdin gives EOF: copier raises InteractiveSessionError.
    with pytest.raises(NoTerminalError) as info:
        new_project(
            tmp_path / "p",
            level=0,
            data={},
            defaults=False,
            template=str(mini_template),
            interactive=True,
        )
    assert "--defaults" in info.value.render()
    assert not (tmp_path / "p").exists()


def _interrupting_run_copy(*args: object, **kwargs: object) -> None:
    dest = Path(str(args[1]))
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "half-written.txt").write_text("partial")
    raise KeyboardInterrupt


def test_ctrl_c_during_generation_removes_the_destination(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copier

    monkeypatch.setattr(copier, "run_copy", _interrupting_run_copy)
    dest = tmp_path / "p"
    code, _, err = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 130
    assert "Interrupted" in err
    assert not dest.exists()


def test_ctrl_c_into_an_existing_empty_folder_empties_it_again(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copier

    monkeypatch.setattr(copier, "run_copy", _interrupting_run_copy)
    dest = tmp_path / "p"
    dest.mkdir()
    code, _, _ = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 130
    assert dest.is_dir() and list(dest.iterdir()) == []


def test_failure_after_rendering_removes_the_destination(
    tmp_path: Path, mini_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.scaffold import project

    def broken_commit(*args: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(project, "_initial_commit", broken_commit)
    dest = tmp_path / "p"
    with pytest.raises(OSError, match="disk full"):
        new_project(dest, level=0, data={}, defaults=True, template=str(mini_template))
    assert not dest.exists()


def test_data_that_does_not_fit_the_template_is_named_before_rendering(
    tmp_path: Path, template_repo: Path
) -> None:
    code, _, err = new(
        str(tmp_path / "p"),
        "--defaults",
        "--template",
        str(template_repo),
        "--data",
        "metric_threshold=abc",
        "--data",
        "colour=red",
        "--data",
        "use_dvc=maybe",
    )
    assert code == 2
    assert "The 'metric_threshold' answer must be a float. Got 'abc' instead." in err
    assert "'colour' is not a question of the template" in err and "project_name" in err
    assert "The 'use_dvc' answer must be true or false. Got 'maybe' instead." in err
    assert not (tmp_path / "p").exists()


def test_unknown_template_version_for_new_is_a_clean_error(
    tmp_path: Path, mini_template: Path
) -> None:
    code, _, err = new(
        str(tmp_path / "p"),
        "--defaults",
        "--template",
        str(mini_template),
        "--template-version",
        "v7.7.7",
    )
    assert code == 2
    assert "Copier could not create the project" in err and "v7.7.7" in err
    assert "Traceback" not in err
    assert not (tmp_path / "p").exists()


def test_new_inside_an_existing_repository_makes_no_nested_one(
    tmp_path: Path, mini_template: Path
) -> None:
    mono = tmp_path / "mono"
    mono.mkdir()
    git(mono, "init", "-q")
    dest = mono / "services" / "model"
    code, out, err = new(str(dest), "--defaults", "--template", str(mini_template))
    assert code == 0, err
    assert not (dest / ".git").exists()
    assert f"inside the git repository {mono}" in out and "not committed" in out
    assert "services/model/README.md" in git(mono, "status", "--porcelain", "-uall")
