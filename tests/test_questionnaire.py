"""The questionnaire builders: what a reader of the Markdown and the skeleton relies on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from generator.bank import load_bank
from generator.questionnaire import answers_skeleton, bank_json, bank_markdown, practice_dict

REPO_ASSESSMENTS = Path(__file__).resolve().parent.parent / "assessments"


@pytest.fixture(scope="module")
def bank():
    return load_bank(REPO_ASSESSMENTS)


def test_conditional_questions_say_when_they_apply(bank):
    text = bank_markdown(bank)
    section = text[text.index("`serving-safe-rollout`") :]
    section = section[: section.index("### ")]
    order = [p.id for a in bank.areas for p in bank.practices_in(a.id)]
    number = order.index("scoping-deployment-mode") + 1
    assert (
        f"*Applies only if* question {number} (`scoping-deployment-mode`) is answered "
        "`realtime` or `both`." in section
    )
    assert "ML Test Score infra-6" in section


def test_gates_and_checklist_items_are_labelled(bank):
    text = bank_markdown(bank)
    assert "`pipeline-validation-gate` · Level 1 · ML Test Score infra-4 · weight 3" in text
    assert "`cicd-pre-commit` · Checklist · weight 1" in text
    assert "(`no-labels`, not applicable)" in text
    assert "(`manual`, credit 0.5)" in text


def test_practice_dict_is_plain_json_with_null_for_unset_keys(bank):
    plain = practice_dict(bank.practice("scoping-cross-functional-team"))
    assert plain["component"] is None
    assert plain["applies_if"] is None
    assert plain["level"] is None
    assert json.loads(json.dumps(plain)) == plain
    assert json.loads(bank_json(bank))[0] == practice_dict(bank.practices_in(bank.areas[0].id)[0])


def test_skeleton_comments_stay_comments(bank):
    # Every line is a comment, a key, or a `practice: null` entry: no wrapped label leaks out.
    for line in answers_skeleton(bank).splitlines():
        stripped = line.strip()
        assert stripped.startswith("#") or ":" in stripped, line
    assert yaml.safe_load(answers_skeleton(bank))["notes"] == {}
    assert (
        "  # Applies only if scoping-deployment-mode is answered realtime, batch or both.\n"
        "  #   logged:" in answers_skeleton(bank)
    )
