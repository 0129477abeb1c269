"""The quick interview: only the questions that decide the maturity level.

:func:`quick_practices` picks every practice that gates a level (``level: 1`` or ``2``) and
every practice whose answer decides whether others apply (the targets of ``applies_if``),
because without those the level's gates cannot be told apart from not-applicable ones. The
rest (checklist practices that gate no level) is left out, listed by :func:`left_out`, and
asked by a later ``mlops-init interview --resume`` on the same answers file: the quick
interview's answers are kept, so only the rest is asked.
"""

from __future__ import annotations

from generator.answers import Answers
from generator.bank import Bank, Practice


def quick_practices(bank: Bank) -> frozenset[str]:
    """Ids of the practices the quick interview asks."""
    roots = {p.applies_if.practice for p in bank.practices if p.applies_if is not None}
    return frozenset(p.id for p in bank.practices if p.level is not None or p.id in roots)


def left_out(bank: Bank, answers: Answers) -> list[Practice]:
    """The practices a quick interview did not ask and nobody has answered yet, bank order."""
    asked = quick_practices(bank)
    return [p for p in bank.practices if p.id not in asked and p.id not in answers.answers]


def left_out_summary(bank: Bank, answers: Answers, answers_path: str) -> list[str]:
    """Lines saying what the quick interview left out and how to answer it later."""
    missing = left_out(bank, answers)
    if not missing:
        return ["Every checklist question is answered as well: nothing was left out."]
    by_area: dict[str, int] = {}
    for practice in missing:
        by_area[practice.area] = by_area.get(practice.area, 0) + 1
    areas = ", ".join(f"{bank.area(a).name} ({n})" for a, n in by_area.items())
    return [
        f"Left out by the quick interview: {len(missing)} checklist questions that gate no "
        f"level, in {areas}.",
        "They count as unanswered (no credit) in these reports: the level is complete, the "
        "area scores, checklist coverage and ML Test Score are not.",
        f"Answer them later: mlops-init interview --resume --answers-file {answers_path}",
    ]
