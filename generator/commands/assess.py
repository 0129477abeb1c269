"""``mlops-init assess``: score an answers file and/or a repository scan, write the reports."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.answers import Answers, load_answers
from generator.assessment import ScanFindings, check_date, scan, summary
from generator.bank import load_bank
from generator.errors import InputError
from generator.levels import check_level
from generator.report import parse_formats, write_result
from generator.report.branding import BrandingArgs, load_branding
from generator.result import Metadata
from generator.scoring import score


def run(
    answers: Path | None,
    scan_path: Path | None,
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
    if answers is None and scan_path is None:
        raise InputError(
            "Nothing to assess: give an answers file, a repository to scan, or both.",
            hint=(
                "Example: mlops-init assess --answers answers.yaml  "
                "(start one with: mlops-init questions --format answers > answers.yaml)"
            ),
        )
    if fail_under_level is not None:
        check_level(fail_under_level, "The '--fail-under-level' option")
    date = check_date(date)
    brand = load_branding(*branding) if branding else None
    bank = load_bank()
    stated = (
        load_answers(answers, bank, require_answers=scan_path is None)
        if answers is not None
        else Answers(Metadata(), {})
    )
    found = scan(scan_path, bank) if scan_path is not None else ScanFindings()
    if date is not None:
        stated.metadata = stated.metadata.model_copy(update={"date": date})
    from generator.target import detect_target

    result = score(
        bank,
        stated,
        evidence=found.evidence,
        derived=found.derived,
        scan_status=found.status,
        searched=found.searched,
        scan_info=found.info,
        target=detect_target(scan_path),
    )
    written = write_result(result, out, wanted, branding=brand)
    if scan_path is not None:
        typer.echo(found.summary_line())
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
