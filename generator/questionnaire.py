"""The bank as documents a person or a program reads: JSON, a Markdown questionnaire, and an
answers-file skeleton to fill in.

Pure functions from a :class:`~generator.bank.Bank` to strings; ``mlops-init questions``
prints them. Output depends only on the bank, so the same bank always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

from generator.bank import Bank, Practice

FORMATS = ("json", "md", "answers")


def practice_dict(practice: Practice) -> dict[str, Any]:
    """One practice as plain JSON-ready data, every key always present (null when unset)."""
    return {
        "id": practice.id,
        "area": practice.area,
        "level": practice.level,
        "weight": practice.weight,
        "text": practice.text,
        "options": [
            {
                "id": o.id,
                "label": o.label,
                "credit": o.credit,
                "not_applicable": o.not_applicable,
            }
            for o in practice.options
        ],
        "help": practice.help,
        "recommendation": practice.recommendation,
        "component": practice.component,
        "ml_test_score": list(practice.ml_test_score),
        "sources": [{"source": s.source, "item": s.item} for s in practice.sources],
        "applies_if": (
            {"practice": practice.applies_if.practice, "any_of": list(practice.applies_if.any_of)}
            if practice.applies_if
            else None
        ),
    }


def bank_json(bank: Bank) -> str:
    """The practices as a JSON list in bank order (areas in report order), newline-terminated."""
    return (
        json.dumps(
            [practice_dict(p) for p in bank.ordered_practices()], indent=2, ensure_ascii=False
        )
        + "\n"
    )


def bank_markdown(bank: Bank) -> str:
    """A printable questionnaire grouped by area, with tick boxes for a workshop."""
    practices = bank.ordered_practices()
    lines = [
        "# MLOps maturity questionnaire",
        "",
        f"{len(practices)} questions in {len(bank.areas)} areas (bank {bank.digest}). Tick one "
        "answer per question. Questions marked *Level 1* or *Level 2* need an answer with "
        "credit 1 to reach that Google MLOps level; the others make up the best-practice "
        "checklist. Skip a question when its *Applies only if* condition does not hold.",
        "",
    ]
    numbers = {p.id: i for i, p in enumerate(practices, start=1)}
    for area in bank.areas:
        in_area = bank.practices_in(area.id)
        if not in_area:
            continue
        lines += [f"## {area.name}", "", area.description, ""]
        for practice in in_area:
            tags = [f"Level {practice.level}"] if practice.level else ["Checklist"]
            tags += [f"ML Test Score {t}" for t in practice.ml_test_score]
            lines += [
                f"### {numbers[practice.id]}. {practice.text}",
                "",
                f"`{practice.id}` · {' · '.join(tags)} · weight {practice.weight}",
                "",
            ]
            if practice.applies_if:
                lines += [f"*Applies only if* {_condition(practice, numbers)}.", ""]
            for option in practice.options:
                lines.append(f"- [ ] {option.label} (`{option.id}`, {_credit_text(option)})")
            lines += ["", f"*Why it matters:* {practice.help}", ""]
    return "\n".join(lines).rstrip() + "\n"


def answers_skeleton(bank: Bank) -> str:
    """A valid YAML answers file with every practice set to null and its options in comments."""
    lines = [
        "# mlops-init answers file.",
        "# Replace each null under `answers:` with the id of the option that fits (listed in the",
        "# comment above it); leave null what you cannot answer yet. Questions whose 'applies if'",
        "# condition does not hold are scored as not applicable whatever you put.",
        "# `notes:` is optional: practice id -> free text shown in the report.",
        "# Then run: mlops-init assess --answers <this file>",
        f"# Bank: {len(bank.practices)} practices, digest {bank.digest}.",
        "schema_version: 1",
        "metadata:",
        "  organisation: null",
        "  project: null",
        "  assessor: null",
        "  date: null  # YYYY-MM-DD",
        "answers:",
    ]
    for area in bank.areas:
        in_area = bank.practices_in(area.id)
        if not in_area:
            continue
        lines.append(f"  # === {area.name} ===")
        for practice in in_area:
            gate = f"Level {practice.level}" if practice.level else "Checklist"
            lines.append(f"  # {_one_line(practice.text)} [{gate}]")
            if practice.applies_if:
                lines.append(f"  # Applies only if {_condition(practice)}.".replace("`", ""))
            for option in practice.options:
                lines.append(f"  #   {option.id}: {_one_line(option.label)}")
            lines.append(f"  {practice.id}: null")
    lines += ["notes: {}", ""]
    return "\n".join(lines)


def _condition(practice: Practice, numbers: dict[str, int] | None = None) -> str:
    """``scoping-deployment-mode is realtime or both``, with the question number when known."""
    condition = practice.applies_if
    assert condition is not None  # callers check
    target = f"`{condition.practice}`"
    if numbers and condition.practice in numbers:
        target = f"question {numbers[condition.practice]} ({target})"
    options = [f"`{o}`" for o in condition.any_of]
    listed = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
    return f"{target} is answered {listed}"


def _credit_text(option: Any) -> str:
    if option.not_applicable:
        return "not applicable"
    return f"credit {option.credit:g}"


def _one_line(text: str) -> str:
    """Text safe inside a YAML comment: one line, no stray whitespace."""
    return " ".join(text.split())
