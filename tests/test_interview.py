"""The interview flow, driven by a scripted asker over the small interview bank."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
from interview_driver import ABORT, CTRL_C, INTERVIEW_BANK, ScriptedAsker

from generator.answers import Answers, load_answers, save_answers
from generator.assessment import summary
from generator.bank import load_bank
from generator.errors import Interrupted
from generator.interview import (
    HELP,
    SKIP,
    Interview,
    default_folder_name,
    offer_scaffold,
)
from generator.result import Metadata
from generator.scoring import score

META = ["Acme", "Churn model", "Jane"]


@pytest.fixture(scope="module")
def bank():
    return load_bank(INTERVIEW_BANK)


def make(bank, script, answers=None, path="answers.yaml"):
    """An interview whose saves are recorded as snapshots of the answers."""
    saves: list[Answers] = []
    asker = ScriptedAsker(list(script))
    interview = Interview(
        bank=bank,
        answers=answers or Answers(metadata=Metadata(), answers={}),
        asker=asker,
        save=lambda a: saves.append(copy.deepcopy(a)),
        answers_path=path,
    )
    return interview, asker, saves


def test_full_run_asks_every_question_in_bank_order_with_progress(bank):
    interview, asker, _ = make(bank, [*META, "automated", "no", "realtime", "manual"])
    answers = interview.run(date="2026-11-27")

    assert answers.answers == {
        "schema-check": "automated",
        "data-versioning": "no",
        "serving-mode": "realtime",
        "canary": "manual",
    }
    assert answers.metadata == Metadata(
        organisation="Acme", project="Churn model", assessor="Jane", date="2026-11-27"
    )
    assert asker.asked == [p.text for p in bank.practices]
    out = asker.output
    assert out.startswith(
        "Up to 4 questions to go in 2 areas. Answers are saved to answers.yaml after each one"
    )
    assert "== Area 1/2 · Data ==" in out
    assert "Area 1/2 · Data — question 1/2 (1 of 4 overall)" in out
    assert "Area 1/2 · Data — question 2/2 (2 of 4 overall)" in out
    assert "Area 2/2 · Serving — question 2/2 (4 of 4 overall)" in out
    assert "Interview complete: 4 of 4 questions answered." in out


def test_options_are_the_practice_labels_plus_skip_and_help(bank):
    interview, asker, _ = make(bank, [*META, "automated", "no", "batch"])
    interview.run()
    first = asker.choices[0]
    values = [value for value, _ in first]
    assert values == ["automated", "manual", "none", SKIP, HELP]
    assert first[1] == ("manual", "By hand")


def test_skip_logic_leaves_out_practices_that_do_not_apply_and_says_why_once(bank):
    interview, asker, _ = make(bank, [*META, "automated", "yes", "batch"])
    answers = interview.run()

    assert "canary" not in answers.answers
    assert bank.practice("canary").text not in asker.asked
    out = asker.output
    assert (
        '(1 question skipped: not applicable because you answered "Batch scoring" to '
        '"How do users get predictions?")' in out
    )
    assert out.count("skipped: not applicable") == 1
    # The overall count shrinks once the canary question no longer applies.
    assert "Area 2/2 · Serving — question 1/2 (3 of 4 overall)" in out
    assert "Interview complete: 3 of 3 questions answered." in out


def test_answers_are_saved_after_every_question(bank):
    interview, _, saves = make(bank, [*META, "automated", SKIP, "realtime", "none"])
    interview.run(date="2026-01-02")

    answered = [list(s.answers) for s in saves]
    assert answered == [
        [],  # metadata
        ["schema-check"],
        ["schema-check"],  # skipped for now: saved, still unanswered
        ["schema-check", "serving-mode"],
        ["schema-check", "serving-mode", "canary"],
    ]
    assert saves[0].metadata.organisation == "Acme"
    assert saves[0].metadata.date == "2026-01-02"


def test_date_defaults_to_today(bank):
    interview, _, _ = make(bank, [*META, "automated", "yes", "batch"])
    assert interview.run().metadata.date == dt.date.today().isoformat()


def test_blank_metadata_is_left_empty(bank):
    interview, _, _ = make(bank, ["", "  ", "Jane", "automated", "yes", "batch"])
    meta = interview.run(date="2026-11-27").metadata
    assert (meta.organisation, meta.project, meta.assessor) == (None, None, "Jane")


def test_help_shows_why_and_sources_then_asks_the_same_question_again(bank):
    interview, asker, _ = make(bank, [*META, HELP, "manual", "yes", "batch"])
    answers = interview.run()

    assert asker.asked[:2] == [bank.practice("schema-check").text] * 2
    assert answers.answers["schema-check"] == "manual"
    out = asker.output
    assert "A renamed column trains a broken model." in out
    assert "Needed for maturity level 1." in out
    assert "  - The ML Test Score\n    Data 1: a schema" in out
    assert (
        "  - MLOps: Continuous delivery and automation pipelines in machine learning\n"
        "    Level 1: data validation" in out
    )


def test_resume_continues_at_the_first_unanswered_question_without_metadata(bank):
    earlier = Answers(
        metadata=Metadata(organisation="Acme", date="2026-11-01"),
        answers={"schema-check": "automated", "serving-mode": "realtime"},
    )
    interview, asker, _ = make(bank, ["yes", "automated"], answers=earlier)
    answers = interview.run(ask_metadata=False)

    assert asker.asked == [
        bank.practice("data-versioning").text,
        bank.practice("canary").text,
    ]
    assert "Area 1/2 · Data — question 2/2 (2 of 4 overall)" in asker.output
    assert asker.output.startswith("2 questions to go in 2 areas.")  # serving-mode is known
    assert answers.metadata.date == "2026-11-01"  # kept, not reset to today
    assert len(answers.answers) == 4


def test_resume_asks_questions_skipped_for_now_again(bank):
    earlier = Answers(metadata=Metadata(), answers={"data-versioning": "yes"})
    interview, asker, _ = make(bank, ["none", "batch"], answers=earlier)
    interview.run(ask_metadata=False)
    assert asker.asked == [bank.practice("schema-check").text, bank.practice("serving-mode").text]
    assert "(answered already)" not in asker.output


def test_an_area_answered_already_is_announced_not_asked(bank):
    earlier = Answers(
        metadata=Metadata(), answers={"schema-check": "automated", "data-versioning": "yes"}
    )
    interview, asker, _ = make(bank, ["batch"], answers=earlier)
    interview.run(ask_metadata=False)
    assert "== Area 1/2 · Data ==\n(answered already)" in asker.output


@pytest.mark.parametrize("abort", [CTRL_C, ABORT], ids=["KeyboardInterrupt", "None"])
def test_ctrl_c_keeps_the_saved_answers_and_says_how_to_resume(bank, tmp_path, abort):
    path = tmp_path / "team.yaml"
    asker = ScriptedAsker([*META, "automated", "yes", abort])
    interview = Interview(
        bank=bank,
        answers=Answers(metadata=Metadata(), answers={}),
        asker=asker,
        save=lambda a: save_answers(path, a, bank=bank),
        answers_path=str(path),
    )
    with pytest.raises(Interrupted) as caught:
        interview.run(date="2026-11-27")

    err = caught.value
    assert err.exit_code == 130
    assert err.message == f"Interview paused: 2 of 4 answered, saved to {path}."
    assert err.hint == f"Resume with: mlops-init interview --resume --answers-file {path}"
    saved = load_answers(path, bank)
    assert saved.answers == {"schema-check": "automated", "data-versioning": "yes"}
    assert saved.metadata.organisation == "Acme"


def test_ctrl_c_during_the_metadata_questions_is_a_pause_too(bank):
    interview, _, saves = make(bank, ["Acme", CTRL_C])
    with pytest.raises(Interrupted, match="0 of 4 answered"):
        interview.run()
    assert saves == []


def test_skip_logic_follows_chains_of_dependencies(bank):
    # canary depends on serving-mode; a practice depending on canary is skipped with it.
    from generator.bank import AppliesIf, Bank

    rule = AppliesIf(practice="canary", any_of=["automated"])
    rollout = bank.practice("canary").model_copy(update={"id": "canary-alerts", "applies_if": rule})
    chained = Bank.model_validate({**bank.model_dump(), "practices": [*bank.practices, rollout]})
    interview, asker, _ = make(chained, [*META, "automated", "yes", "batch"])
    answers = interview.run()
    assert set(answers.answers) == {"schema-check", "data-versioning", "serving-mode"}
    assert '(2 questions skipped: not applicable because you answered "Batch scoring"' in (
        asker.output
    )


def test_summary_shows_level_areas_ml_test_score_and_gaps(bank):
    answers = Answers(
        metadata=Metadata(date="2026-11-27"),
        answers={"schema-check": "manual", "data-versioning": "no", "serving-mode": "batch"},
    )
    result = score(bank, answers)
    text = summary(result)

    assert f"Maturity level:  0 ({result.level_name}), " in text
    assert "of the way to level 1" in text
    assert f"ML Test Score:   {result.ml_test_score.final:g} ({result.ml_test_score.band})" in text
    assert "Data   " in text and "Serving" in text
    first, second = result.gaps[:2]
    assert f"1. {first.text} (blocks level 1)\n   Closes it: {first.command}\n" in text
    assert f"2. {second.text} (blocks level 1)" in text
    assert first.command and second.command is None  # only the schema check has a component


def test_summary_marks_areas_with_nothing_applicable(bank):
    answers = Answers(metadata=Metadata(), answers={})
    result = score(bank, answers)
    result.areas[1].score = None
    assert "Serving    n/a" in summary(result)


def test_scaffold_offer_defaults_to_no_and_proposes_a_folder_name():
    assert offer_scaffold(ScriptedAsker([False]), 1, "Churn model") is None
    assert offer_scaffold(ScriptedAsker([True, "churn"]), 1, "Churn model") == "churn"
    assert offer_scaffold(ScriptedAsker([CTRL_C]), 1, None) is None
    assert default_folder_name("Churn Model (EU)") == "churn-model-eu"
    assert default_folder_name(None) == "ml-project"


def test_the_real_bank_can_be_interviewed_to_the_end(tmp_path):
    real = load_bank()
    script = [*META] + ["__first__"] * len(real.practices)

    class FirstOption(ScriptedAsker):
        def select(self, message, choices, default=None):
            self.script.insert(0, choices[0][0])
            self.script.remove("__first__")
            return super().select(message, choices, default)

    asker = FirstOption(script)
    path = tmp_path / "answers.yaml"
    interview = Interview(
        bank=real,
        answers=Answers(metadata=Metadata(), answers={}),
        asker=asker,
        save=lambda a: save_answers(path, a, bank=real),
        answers_path=str(path),
    )
    answers = interview.run(date="2026-11-27")
    assert load_answers(path, real).answers == answers.answers
    answered, applicable = interview.counts()
    assert answered == applicable == len(asker.asked)
    # Asked area by area in the areas' order, whatever the order of the practice files.
    area_of = {p.text: p.area for p in real.practices}
    area_rank = {a.id: i for i, a in enumerate(real.areas)}
    ranks = [area_rank[area_of[text]] for text in asker.asked]
    assert ranks == sorted(ranks)
    assert f"(1 of {applicable} overall)" in asker.output


def test_answers_path_in_the_resume_hint_is_the_one_given(bank):
    interview, _, _ = make(bank, [CTRL_C], path=str(Path("sub") / "x.yaml"))
    with pytest.raises(Interrupted) as caught:
        interview.run()
    assert "--answers-file sub/x.yaml" in caught.value.hint


def _scanned(bank, script, saves, **scan):
    asker = ScriptedAsker(script)
    interview = Interview(
        bank=bank,
        answers=Answers(metadata=Metadata(), answers={}),
        asker=asker,
        save=lambda a: saves.append(copy.deepcopy(a)),
        **scan,
    )
    return interview, asker


def test_what_a_scan_saw_is_confirmed_with_one_keystroke_and_drives_skip_logic(bank):
    saves: list[Answers] = []
    interview, asker = _scanned(
        bank,
        [*META, "manual", "yes", "batch"],
        saves,
        derived={"serving-mode": "batch"},
        evidence={"serving-mode": "jobs/score.py:3"},
    )
    answers = interview.run()

    asked = [bank.practice(pid).text for pid in ("schema-check", "data-versioning", "serving-mode")]
    assert asker.asked == asked
    # the scan's answer is offered first and is the default: Enter confirms it
    assert asker.choices[-1][0] == ("batch", "Confirm: Batch scoring")
    assert "Seen in the repository: Batch scoring (jobs/score.py:3)" in asker.output
    assert '(1 question skipped: not applicable because you answered "Batch scoring"' in (
        asker.output
    )
    # a confirmed answer is the team's: saved, with a note saying where it was seen
    assert answers.answers["serving-mode"] == "batch"
    assert saves[-1].answers["serving-mode"] == "batch"
    assert answers.notes["serving-mode"] == (
        "Confirmed by the team from the repository scan (jobs/score.py:3)."
    )


def test_the_team_can_change_what_the_scan_saw_or_leave_it_unconfirmed(bank):
    changed, _ = _scanned(
        bank,
        [*META, "manual", "yes", "realtime", SKIP, SKIP],
        [],
        derived={"serving-mode": "batch"},
    )
    answers = changed.run()
    assert answers.answers["serving-mode"] == "realtime"
    assert "serving-mode" not in answers.notes

    kept, _ = _scanned(bank, [*META, "manual", "yes", SKIP], [], derived={"serving-mode": "batch"})
    answers = kept.run()
    assert "serving-mode" not in answers.answers  # still the scan's, unconfirmed
    assert kept.chosen("serving-mode") == "batch"  # and it still drives skip logic


def test_what_a_scan_did_not_see_is_asked_saying_so(bank):
    interview, asker = _scanned(
        bank,
        [*META, "manual", "no", "batch"],
        [],
        not_seen={"schema-check": "Looked for a pandera schema."},
    )
    interview.run()
    assert "Not seen in the repository. Looked for a pandera schema. Please answer." in (
        asker.output
    )
    assert asker.asked[0] == bank.practice("schema-check").text
