"""``mlops-init interview`` through the CLI, with a scripted asker standing in for the terminal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from interview_driver import CTRL_C, INTERVIEW_BANK, ScriptedAsker
from typer.testing import CliRunner

import generator.commands.interview as command
import generator.prompts
from generator.answers import load_answers
from generator.bank import load_bank
from generator.cli import app

META = ["Acme", "Churn model", "Jane"]


@pytest.fixture(autouse=True)
def small_bank(monkeypatch):
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(INTERVIEW_BANK))


@pytest.fixture
def terminal(monkeypatch):
    """Pretend a terminal is attached and answer its prompts from a script."""

    def with_script(*script):
        asker = ScriptedAsker(list(script))
        monkeypatch.setattr(command, "_require_terminal", lambda: None)
        monkeypatch.setattr(generator.prompts, "QuestionaryAsker", lambda: asker)
        return asker

    return with_script


def invoke(tmp_path: Path, *args: str):
    return CliRunner().invoke(
        app,
        [
            "interview",
            "--answers-file",
            str(tmp_path / "answers.yaml"),
            "--out",
            str(tmp_path / "report"),
            "--date",
            "2026-11-27",
            *args,
        ],
    )


def test_without_a_terminal_it_refuses_and_points_to_the_answers_file_route(tmp_path):
    result = invoke(tmp_path)
    assert result.exit_code == 2
    assert "Error: The interview needs an interactive terminal." in result.stderr
    assert "mlops-init questions --format answers > answers.yaml" in result.stderr
    assert "mlops-init assess --answers answers.yaml" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "answers.yaml").exists()


def test_the_default_command_is_the_interview(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [])
    assert result.exit_code == 2
    assert "The interview needs an interactive terminal." in result.stderr


def test_an_existing_answers_file_is_never_overwritten_without_resume(tmp_path, terminal):
    terminal()  # no prompt may be shown
    path = tmp_path / "answers.yaml"
    path.write_text("answers:\n  schema-check: automated\n")
    result = invoke(tmp_path)
    assert result.exit_code == 2
    assert "already exists; the interview will not overwrite it" in result.stderr
    assert f"mlops-init interview --resume --answers-file {path}" in result.stderr
    assert path.read_text() == "answers:\n  schema-check: automated\n"


def test_bad_options_are_refused_before_any_question(tmp_path, terminal):
    terminal()
    bad_date = invoke(tmp_path, "--date", "27/11/2026")
    assert bad_date.exit_code == 2
    assert "The '--date' option must be a date written YYYY-MM-DD. Got '27/11/2026' instead." in (
        bad_date.stderr
    )
    bad_format = invoke(tmp_path, "--format", "docx")
    assert bad_format.exit_code == 2
    assert "'docx'" in bad_format.stderr
    assert not (tmp_path / "answers.yaml").exists()


def test_a_full_interview_saves_answers_writes_reports_and_shows_a_summary(tmp_path, terminal):
    asker = terminal(*META, "automated", "yes", "batch", False)
    result = invoke(tmp_path)
    assert result.exit_code == 0, result.output

    saved = load_answers(tmp_path / "answers.yaml", load_bank(INTERVIEW_BANK))
    assert saved.answers == {
        "schema-check": "automated",
        "data-versioning": "yes",
        "serving-mode": "batch",
    }
    assert saved.metadata.date == "2026-11-27"
    report = json.loads((tmp_path / "report" / "result.json").read_text())
    assert report["level"] == 2  # both level-1 practices met; the canary does not apply
    assert report["metadata"]["organisation"] == "Acme"
    assert {p.name for p in (tmp_path / "report").iterdir()} >= {"result.json"}
    assert len(list((tmp_path / "report").iterdir())) == 3
    out = asker.output
    assert "Maturity level:  2" in out
    assert "? Create a project at level 2 now?" in out
    assert str(tmp_path / "report" / "result.json") in out


def test_ctrl_c_exits_130_with_the_resume_command(tmp_path, terminal):
    terminal(*META, "automated", CTRL_C)
    result = invoke(tmp_path)
    assert result.exit_code == 130
    path = tmp_path / "answers.yaml"
    assert f"Interview paused: 1 of 4 answered, saved to {path}." in result.stderr
    assert f"Resume with: mlops-init interview --resume --answers-file {path}" in result.stderr
    assert "schema-check: automated" in path.read_text()
    assert not (tmp_path / "report").exists()


def test_resume_continues_where_the_interview_stopped(tmp_path, terminal):
    terminal(*META, "manual", CTRL_C)
    assert invoke(tmp_path).exit_code == 130

    asker = terminal("yes", "realtime", "none", False)
    result = invoke(tmp_path, "--resume")
    assert result.exit_code == 0, result.output
    assert asker.asked[0] == "Is each training dataset versioned?"
    assert "? Organisation:" not in asker.output
    saved = load_answers(tmp_path / "answers.yaml", load_bank(INTERVIEW_BANK))
    assert saved.answers == {
        "schema-check": "manual",
        "data-versioning": "yes",
        "serving-mode": "realtime",
        "canary": "none",
    }
    assert saved.metadata.organisation == "Acme"


def test_resume_without_a_saved_file_starts_a_new_interview(tmp_path, terminal):
    asker = terminal(*META, "automated", "yes", "batch", False)
    result = invoke(tmp_path, "--resume")
    assert result.exit_code == 0, result.output
    assert "No answers saved at" in asker.output


def test_scaffold_offer_accepted_creates_the_project(tmp_path, terminal, monkeypatch):
    import generator.scaffold.project as project
    from generator.scaffold.project import NewProjectReport

    calls = []

    def fake_new_project(dest, *, level, data, defaults, progress=None, **kw):
        calls.append((dest, level, data, defaults))
        progress("Rendering template...")
        return NewProjectReport(dest, level, "template", "v0.1.0", "abc123")

    monkeypatch.setattr(project, "new_project", fake_new_project)
    asker = terminal(*META, "automated", "yes", "batch", True, str(tmp_path / "churn"))
    result = invoke(tmp_path)
    assert result.exit_code == 0, result.output
    assert calls == [(tmp_path / "churn", 2, {"project_name": "Churn model"}, True)]
    out = asker.output
    assert "Rendering template..." in out
    assert f"Created a level-2 project in {tmp_path / 'churn'}." in out
    assert f"  cd {tmp_path / 'churn'}" in out


def test_a_failed_scaffold_keeps_answers_and_reports_and_says_how_to_retry(
    tmp_path, terminal, monkeypatch
):
    import generator.scaffold.project as project
    from generator.errors import ScaffoldError

    def refuse(dest, **kw):
        raise ScaffoldError(f"The destination '{dest}' is not empty.")

    monkeypatch.setattr(project, "new_project", refuse)
    terminal(*META, "automated", "yes", "batch", True, "taken")
    result = invoke(tmp_path)
    assert result.exit_code == 2
    assert "The destination 'taken' is not empty." in result.stderr
    assert "to try again: mlops-init new taken --level 2" in result.stderr
    assert (tmp_path / "report" / "result.json").is_file()
    assert (tmp_path / "answers.yaml").is_file()


def test_scan_answers_what_the_repository_shows_and_asks_the_rest(tmp_path, terminal):
    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    (repo / "schemas" / "orders.py").write_text("SCHEMA = {}\n")
    # schema-check is seen: shown to confirm (Enter keeps it); data-versioning's "no" rests
    # only on not finding anything, so it is asked, saying so.
    asker = terminal(*META, "automated", "yes", "batch", False)
    result = invoke(tmp_path, "--scan", str(repo))
    assert result.exit_code == 0, result.output

    assert asker.asked == [
        "Is new data checked against a schema?",
        "Is each training dataset versioned?",
        "How do users get predictions?",
    ]
    out = asker.output
    assert "1 practice found, 0 contradicted, 1 not seen (confirm those with the team)" in out
    assert "Seen in the repository: Automated (schemas/orders.py)" in out
    assert "Not seen in the repository. Looked for " in out
    assert f"mlops-init assess --answers {tmp_path / 'answers.yaml'} --scan {repo}" in out
    saved = load_answers(tmp_path / "answers.yaml", load_bank(INTERVIEW_BANK))
    assert saved.answers["schema-check"] == "automated"  # confirmed: now the team's answer
    assert "Confirmed by the team from the repository scan" in saved.notes["schema-check"]
    report = json.loads((tmp_path / "report" / "result.json").read_text())
    finding = next(f for f in report["findings"] if f["id"] == "schema-check")
    assert (finding["origin"], finding["answer"], finding["scan"]) == (
        "stated",
        "automated",
        "found",
    )
    versioning = next(f for f in report["findings"] if f["id"] == "data-versioning")
    assert versioning["scan"] == "not_found" and versioning["searched"]
    assert report["level"] == 2


def test_scan_of_a_missing_folder_is_refused_before_any_question(tmp_path, terminal):
    terminal()
    result = invoke(tmp_path, "--scan", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "does not exist" in result.stderr
