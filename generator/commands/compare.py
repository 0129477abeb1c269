"""``mlops-init compare BEFORE.json AFTER.json``: the progress report between two assessments."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.errors import InputError
from generator.report import parse_formats, render_comparison, write_reports
from generator.report.branding import BrandingArgs, load_branding
from generator.report.comparison import compare_results
from generator.result import load_result


def run(
    before: Path, after: Path, out: Path, formats: str, branding: BrandingArgs | None = None
) -> int:
    """Load both results, write the progress report into ``out``, print its summary.

    Every input is checked (formats, both files) before anything is written; a problem with
    either file raises :class:`~generator.errors.ResultFileError` naming that file.
    """
    wanted = parse_formats(formats)
    brand = load_branding(*branding) if branding else None
    if Path(before).resolve() == Path(after).resolve():
        raise InputError(
            f"The two results to compare are the same file ('{before}').",
            hint="Give the earlier assessment first and the later one second.",
        )
    old = load_result(Path(before))
    new = load_result(Path(after))
    written = write_reports(Path(out), render_comparison(old, new, wanted, branding=brand))
    comparison = compare_results(old, new)
    typer.echo(f"Level {old.level} -> {new.level}: {new.level_name}")
    typer.echo(
        f"Gaps closed: {len(comparison.closed)}, opened: {len(comparison.opened)}, "
        f"remaining: {len(comparison.remaining)}"
    )
    typer.echo(comparison.summary)
    typer.echo("Wrote:")
    for path in written:
        typer.echo(f"  {path}")
    return 0
