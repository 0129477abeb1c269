"""``mlops-init interview --quick`` in a real pseudo-terminal over the bundled bank: it asks
at most 30 questions, says what it left out, and ``--resume`` then asks only the rest."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from generator.answers import load_answers
from generator.bank import load_bank
from generator.quick import quick_practices

ENTER = "\r"
OVERALL = re.compile(r"\((\d+)\s+of\s+(\d+)\s+overall\)")  # the line may wrap
DONE = re.compile(r"Create a project at level (\d) now\?")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pexpect needs a POSIX pty")


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, TERM="xterm", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("COLUMNS", None)  # the pty's own width, not the one of pytest's terminal
    env.pop("LINES", None)
    env.pop("MLOPS_INIT_ASSESSMENTS", None)  # the bundled bank
    child = pexpect.spawn(
        "mlops-init",
        ["interview", "--date", "2026-11-27", *args],
        cwd=str(cwd),
        env=env,
        dimensions=(40, 140),
        encoding="utf-8",
        timeout=120,
    )
    child.logfile_read = open(cwd / "terminal.log", "a", encoding="utf-8")  # noqa: SIM115
    return child


def answer_all(child: pexpect.spawn) -> tuple[int, int, int]:
    """Press Enter (the first option) on every question; return (asked, total, level)."""
    asked = total = 0
    while True:
        found = child.expect([OVERALL, DONE])
        if found == 1:
            level = int(child.match.group(1))
            child.send("n")
            child.expect(pexpect.EOF)
            child.close()
            assert child.exitstatus == 0
            return asked, total, level
        asked += 1
        total = max(total, int(child.match.group(2)))
        child.expect_exact("(arrow keys, Enter to choose)")
        # The menu's last line: once it is drawn the prompt reads keys (an Enter sent while
        # the terminal is between two prompts can be lost on a loaded machine).
        child.expect_exact("? Why does this matter")
        child.send(ENTER)


def test_quick_interview_then_resume_into_the_full_one(tmp_path):
    bank = load_bank()
    child = spawn(tmp_path, "--quick", "--format", "md,json")
    for prompt, reply in (
        ("Organisation:", "Acme"),
        ("Project or team assessed:", "Churn model"),
        ("Your name (assessor):", "Jane"),
    ):
        child.expect_exact(prompt)
        child.sendline(reply)
    asked, total, level = answer_all(child)
    log = " ".join((tmp_path / "terminal.log").read_text().split())  # lines may wrap
    assert asked == total <= 30
    assert "Quick interview complete" in log
    assert "Left out by the quick interview:" in log
    assert "mlops-init interview --resume --answers-file mlops-answers.yaml" in log
    quick_answers = load_answers(tmp_path / "mlops-answers.yaml", bank).answers
    assert set(quick_answers) <= quick_practices(bank)
    assert len(quick_answers) == asked
    reports = {p.name for p in (tmp_path / "mlops-report").iterdir()}
    assert {"report.md", "result.json"} <= reports

    before_resume = len((tmp_path / "terminal.log").read_text())
    child = spawn(tmp_path, "--resume")
    asked_rest, _, level_full = answer_all(child)
    full_answers = load_answers(tmp_path / "mlops-answers.yaml", bank).answers
    assert {k: full_answers[k] for k in quick_answers} == quick_answers  # kept as given
    assert asked_rest == len(full_answers) - len(quick_answers) > 0
    assert level_full == level
    resumed = (tmp_path / "terminal.log").read_text()[before_resume:]
    assert "Organisation:" not in resumed  # the cover details were not asked again
    assert "Interview complete" in resumed
