"""``mlops-init questions``: print the bank as JSON, as a Markdown questionnaire, or as an
answers-file skeleton."""

from __future__ import annotations

import typer

from generator.bank import load_bank
from generator.errors import InputError, Problem
from generator.questionnaire import FORMATS, answers_skeleton, bank_json, bank_markdown


def run(format: str) -> int:
    """Print the bank in ``format`` (json, md or answers) to stdout; return the exit code."""
    builders = {"json": bank_json, "md": bank_markdown, "answers": answers_skeleton}
    chosen = format.strip().lower()
    if chosen not in builders:
        allowed = ", ".join(FORMATS)
        raise InputError(
            f"The '--format' option must be one of {allowed}. Got {format!r} instead.",
            problems=[Problem(f"unknown format {format!r}; allowed: {allowed}", key="--format")],
            hint="Example: mlops-init questions --format answers > mlops-answers.yaml",
        )
    typer.echo(builders[chosen](load_bank()), nl=False)
    return 0
