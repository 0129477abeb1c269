"""The quick interview over the bundled bank: what it asks, what it leaves out, and how a
later full interview resumes from it (scripted asker; the real terminal is tested in
tests/commands/test_interview_quick_terminal.py)."""

from __future__ import annotations

import copy

import pytest
from interview_driver import ScriptedAsker

from generator.answers import Answers
from generator.bank import load_bank
from generator.interview import Interview
from generator.quick import left_out, left_out_summary, quick_practices
from generator.result import Metadata
from generator.scoring import score

META = ["Acme", "Churn model", "Jane"]


@pytest.fixture(scope="module")
def bank():
    return load_bank()


class FirstOption(ScriptedAsker):
    """Gives the cover details of the script, then picks the first option of every question."""

    def select(self, message, choices, default=None):
        self.asked.append(message)
        self.transcript.append(f"? {message}")
        return choices[0][0]


def test_quick_asks_the_gates_and_the_skip_logic_roots(bank):
    quick = quick_practices(bank)
    gates = {p.id for p in bank.practices if p.level is not None}
    roots = {p.applies_if.practice for p in bank.practices if p.applies_if}
    assert quick == gates | roots
    assert 20 <= len(quick) <= 30
    assert "scoping-deployment-mode" in quick


def run(bank, script, answers, quick):
    asker = FirstOption(list(script))
    saves = []
    interview = Interview(
        bank=bank,
        answers=answers,
        asker=asker,
        save=lambda a: saves.append(copy.deepcopy(a)),
        only=quick_practices(bank) if quick else None,
    )
    interview.run(ask_metadata=not answers.metadata.organisation, date="2026-11-27")
    return interview, asker


def test_quick_then_full_asks_each_question_once(bank):
    answers = Answers(metadata=Metadata(), answers={})
    _, asker = run(bank, META, answers, quick=True)
    assert len(asker.asked) == len(answers.answers) <= 30
    assert set(answers.answers) <= quick_practices(bank)
    assert "scoping-deployment-mode" in answers.answers
    assert "Quick interview complete" in asker.output
    # The level is decided by the quick answers alone.
    quick_result = score(bank, answers)

    quick_ids = set(answers.answers)
    interview, asker = run(bank, [], answers, quick=False)
    rest = set(answers.answers) - quick_ids
    assert rest and not rest & quick_practices(bank)
    assert len(asker.asked) == len(rest)
    assert {p.id for p in left_out(bank, answers)} <= {
        p.id for p in bank.practices if not interview.applicable(p)
    }
    assert "Organisation:" not in asker.output  # the cover details are kept
    full = score(bank, answers)
    assert full.level == quick_result.level
    assert full.checklist.unanswered == 0
    assert quick_result.checklist.unanswered == len(rest)


def test_what_was_left_out_is_said_with_the_command_to_resume(bank):
    answers = Answers(metadata=Metadata(), answers={pid: "x" for pid in quick_practices(bank)})
    lines = left_out_summary(bank, answers, "team.yaml")
    count = len(bank.practices) - len(quick_practices(bank))
    assert f"{count} checklist questions that gate no level" in lines[0]
    assert "Governance and documentation" in lines[0]
    assert lines[-1] == "Answer them later: mlops-init interview --resume --answers-file team.yaml"
    everything = Answers(metadata=Metadata(), answers={p.id: "x" for p in bank.practices})
    assert "nothing was left out" in left_out_summary(bank, everything, "a.yaml")[0]
