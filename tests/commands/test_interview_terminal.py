"""The interview in a real pseudo-terminal (pexpect): arrow keys, Enter, Ctrl-C, resume.

These run the installed ``mlops-init`` console script on the small interview bank, so they
exercise questionary and prompt_toolkit exactly as a person at a terminal would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from interview_driver import INTERVIEW_BANK

from generator.answers import load_answers
from generator.bank import load_bank

DOWN = "\x1b[B"
ENTER = "\r"
CTRL_C = "\x03"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")


def _env() -> dict[str, str]:
    # PROMPT_TOOLKIT_NO_CPR: pexpect does not answer cursor-position requests; without this
    # prompt_toolkit waits for each answer before drawing the prompt.
    return dict(
        os.environ,
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
        MLOPS_INIT_ASSESSMENTS=str(INTERVIEW_BANK),
    )


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        "mlops-init",
        ["interview", "--date", "2026-11-27", *args],
        cwd=str(cwd),
        env=_env(),
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=90,  # a loaded CI machine starts Python slowly; a hang still fails
    )
    child.logfile_read = open(cwd / "terminal.log", "a", encoding="utf-8")  # noqa: SIM115
    return child


def choose(child: pexpect.spawn, question: str, downs: int = 0) -> None:
    """Wait for the menu of ``question``, move down ``downs`` entries, press Enter."""
    child.expect_exact(question)
    child.expect_exact("(arrow keys, Enter to choose)")
    for _ in range(downs):
        child.send(DOWN)
    child.send(ENTER)


def answer_metadata(child: pexpect.spawn) -> None:
    for prompt, reply in (
        ("Organisation:", "Acme"),
        ("Project or team assessed:", "Churn model"),
        ("Your name (assessor):", "Jane"),
    ):
        child.expect_exact(prompt)
        child.sendline(reply)


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def saved_answers(path: Path) -> dict[str, str]:
    return load_answers(path, load_bank(INTERVIEW_BANK)).answers


def test_a_full_interview_with_arrow_keys_writes_answers_and_reports(tmp_path):
    child = spawn(tmp_path)
    answer_metadata(child)
    child.expect_exact("Area 1/2 · Data — question 1/2 (1 of 4 overall)")
    choose(child, "Is new data checked against a schema?", downs=1)  # By hand
    choose(child, "Is each training dataset versioned?")  # Versioned
    choose(child, "How do users get predictions?", downs=1)  # Batch scoring
    child.expect_exact("(1 question skipped: not applicable because you answered")
    child.expect_exact("Assessment summary")
    child.expect_exact("Maturity level:  0")
    child.expect_exact("Create a project at level 0 now?")
    child.send(ENTER)  # the default: No
    assert finish(child) == 0

    assert saved_answers(tmp_path / "mlops-answers.yaml") == {
        "schema-check": "manual",
        "data-versioning": "yes",
        "serving-mode": "batch",
    }
    reports = sorted(p.name for p in (tmp_path / "mlops-report").iterdir())
    assert "result.json" in reports
    assert len(reports) == 3


def test_help_is_shown_on_demand_and_the_question_asked_again(tmp_path):
    child = spawn(tmp_path)
    answer_metadata(child)
    choose(child, "Is new data checked against a schema?", downs=4)  # ? Why does this matter
    child.expect_exact("A renamed column trains a broken model.")
    child.expect_exact("Needed for maturity level 1.")
    choose(child, "Is new data checked against a schema?")  # Automated
    child.expect_exact("Is each training dataset versioned?")
    child.sendcontrol("c")
    assert finish(child) == 130
    assert saved_answers(tmp_path / "mlops-answers.yaml") == {"schema-check": "automated"}


def test_ctrl_c_pauses_and_resume_finishes_the_interview(tmp_path):
    answers = tmp_path / "team.yaml"
    child = spawn(tmp_path, "--answers-file", "team.yaml")
    answer_metadata(child)
    choose(child, "Is new data checked against a schema?")  # Automated
    choose(child, "Is each training dataset versioned?")  # Versioned
    child.expect_exact("How do users get predictions?")
    child.expect_exact("(arrow keys, Enter to choose)")
    child.send(CTRL_C)
    child.expect_exact("Interview paused: 2 of 4 answered, saved to team.yaml.")
    child.expect_exact("Resume with: mlops-init interview --resume --answers-file team.yaml")
    assert finish(child) == 130
    assert saved_answers(answers) == {"schema-check": "automated", "data-versioning": "yes"}

    child = spawn(tmp_path, "--answers-file", "team.yaml", "--resume")
    child.expect_exact("Area 2/2 · Serving — question 1/2 (3 of 4 overall)")
    assert "Organisation" not in child.before
    choose(child, "How do users get predictions?")  # A real-time API
    choose(child, "Are new models canaried before serving all traffic?", downs=2)  # No canary
    child.expect_exact("Interview complete: 4 of 4 questions answered.")
    child.expect_exact("Create a project at level 1 now?")
    child.send("n")
    assert finish(child) == 0
    assert saved_answers(answers) == {
        "schema-check": "automated",
        "data-versioning": "yes",
        "serving-mode": "realtime",
        "canary": "none",
    }
    assert (tmp_path / "mlops-report" / "result.json").is_file()


def test_a_second_interview_refuses_to_overwrite_saved_answers(tmp_path):
    (tmp_path / "mlops-answers.yaml").write_text("answers:\n  schema-check: manual\n")
    child = spawn(tmp_path)
    child.expect_exact("already exists; the interview will not overwrite it")
    assert finish(child) == 2
    assert saved_answers(tmp_path / "mlops-answers.yaml") == {"schema-check": "manual"}


@pytest.mark.parametrize("args", [[], ["interview"]], ids=["default command", "interview"])
def test_without_a_terminal_it_exits_2_at_once_instead_of_hanging(tmp_path, args):
    done = subprocess.run(
        ["mlops-init", *args],
        cwd=tmp_path,
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "The interview needs an interactive terminal." in done.stderr
    assert "mlops-init assess --answers answers.yaml" in done.stderr
    assert not (tmp_path / "mlops-answers.yaml").exists()


def test_with_a_scan_enter_confirms_what_was_seen_and_the_rest_is_asked(tmp_path):
    repo = tmp_path / "repo"
    (repo / "schemas").mkdir(parents=True)
    (repo / "schemas" / "orders.py").write_text("SCHEMA = {}\n")
    child = spawn(tmp_path, "--scan", str(repo))
    answer_metadata(child)
    child.expect_exact("Seen in the repository: Automated (schemas/orders.py)")
    choose(child, "Is new data checked against a schema?")  # Enter: confirm
    child.expect_exact("Not seen in the repository. Looked for")
    choose(child, "Is each training dataset versioned?", downs=1)  # Not versioned
    choose(child, "How do users get predictions?", downs=1)  # Batch scoring
    child.expect_exact("Create a project at level 0 now?")
    child.send(ENTER)
    assert finish(child) == 0

    saved = load_answers(tmp_path / "mlops-answers.yaml", load_bank(INTERVIEW_BANK))
    assert saved.answers == {
        "schema-check": "automated",
        "data-versioning": "no",
        "serving-mode": "batch",
    }
    assert saved.notes["schema-check"].startswith("Confirmed by the team from the repository scan")
