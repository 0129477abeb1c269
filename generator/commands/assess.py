"""``mlops-init assess``: score an answers file and/or a repository scan, write the reports."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import typer

from generator.answers import Answers, load_answers, parse_date
from generator.bank import Bank, load_bank
from generator.commands.report import write_rendered
from generator.errors import InputError
from generator.report import parse_formats
from generator.report.branding import BrandingArgs, load_branding
from generator.result import Evidence, Metadata, Result
from generator.scoring import score

LEVELS = (0, 1, 2)
TOP_GAPS = 3


def _check_options(
    answers: Path | None, scan: Path | None, fail_under_level: int | None, date: str | None
) -> str | None:
    """Refuse bad options before reading anything; return the normalised date."""
    if answers is None and scan is None:
        raise InputError(
            "Nothing to assess: give an answers file, a repository to scan, or both.",
            hint=(
                "Example: mlops-init assess --answers answers.yaml  "
                "(start one with: mlops-init questions --format answers > answers.yaml)"
            ),
        )
    if fail_under_level is not None and fail_under_level not in LEVELS:
        raise InputError(
            f"The '--fail-under-level' option must be one of 0, 1, 2. "
            f"Got {fail_under_level} instead."
        )
    if date is None:
        return None
    parsed = parse_date(date)
    if parsed is None:
        raise InputError(
            f"The '--date' option must be a date written YYYY-MM-DD. Got {date!r} instead."
        )
    return parsed


def _scan(path: Path, bank: Bank) -> tuple[dict[str, str], dict[str, list[Evidence]], str]:
    """Run the evidence scan of ``path``: derived answers, their evidence, a summary line."""
    if importlib.util.find_spec("generator.scan") is None:
        raise InputError(
            "The --scan option needs the evidence scanner (generator.scan), which this "
            "installation of mlops-init does not include.",
            hint="Assess from an answers file instead: mlops-init assess --answers FILE",
        )
    if not path.is_dir():
        raise InputError(
            f"The '--scan' option must name a folder (the repository to scan). "
            f"Got '{path}', which is not a folder."
        )
    from generator.scan import scan_repository

    found = scan_repository(path, bank)
    line = f"Scanned {path}: {len(found.answers)} answers derived from evidence"
    if found.truncated:
        line += " (the time budget ran out: the scan is partial)"
    return dict(found.answers), dict(found.evidence), line


def run(
    answers: Path | None,
    scan: Path | None,
    out: Path,
    formats: str,
    fail_under_level: int | None,
    date: str | None,
    branding: BrandingArgs | None = None,
) -> int:
    """Assess, write the reports into ``out``, print a summary.

    Exit code 1 when ``fail_under_level`` is given and the level is below it (the reports are
    written first); bad input raises before anything is written.
    """
    wanted = parse_formats(formats)
    date = _check_options(answers, scan, fail_under_level, date)
    brand = load_branding(*branding) if branding else None
    bank = load_bank()
    stated = load_answers(answers, bank) if answers is not None else Answers(Metadata(), {})
    derived, evidence, scanned = _scan(scan, bank) if scan is not None else ({}, {}, "")
    if date is not None:
        stated.metadata = stated.metadata.model_copy(update={"date": date})
    result = score(bank, stated, evidence=evidence, derived=derived)
    written = write_rendered(result, out, wanted, brand)
    if scanned:
        typer.echo(scanned)
    typer.echo(summary(result))
    typer.echo("Wrote:")
    for path in written:
        typer.echo(f"  {path}")
    if fail_under_level is not None and result.level < fail_under_level:
        typer.echo(
            f"Level {result.level} is below the required level {fail_under_level}.", err=True
        )
        return 1
    return 0


def summary(result: Result) -> str:
    """A few lines for the terminal: level, progress, ML Test Score, the top gaps."""
    lines = [f"Level {result.level}: {result.level_name}"]
    if result.next_level is not None:
        lines.append(f"Progress to level {result.next_level}: {result.next_level_progress:g}%")
    mlts = result.ml_test_score
    lines.append(f"ML Test Score (2017): {mlts.final:g} ({mlts.band})")
    lines.append(f"Checklist coverage: {result.checklist.coverage:g}%")
    if result.checklist.unanswered:
        lines.append(
            f"Unanswered: {result.checklist.unanswered} practices, counted as not in place "
            "(see the report's appendix)"
        )
    if result.gaps:
        lines.append("Top gaps:")
        for number, gap in enumerate(result.gaps[:TOP_GAPS], start=1):
            blocks = f"[blocks level {gap.blocks_level}] " if gap.blocks_level else ""
            lines.append(f"  {number}. {blocks}{gap.id}: {gap.recommendation}")
            if gap.command:
                lines.append(f"     -> {gap.command}")
    return "\n".join(lines)
