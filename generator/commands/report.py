"""``mlops-init report RESULT.json``: re-render the reports of a saved result."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.report import parse_formats, render_reports, write_reports
from generator.report.branding import Branding, BrandingArgs, load_branding
from generator.result import Result, load_result


def write_rendered(
    result: Result, out: Path, formats: list[str], branding: Branding | None = None
) -> list[Path]:
    """Render ``result`` in ``formats`` and write the files into ``out`` (each atomically)."""
    return write_reports(Path(out), render_reports(result, formats, branding=branding))


def run(result: Path, out: Path, formats: str, branding: BrandingArgs | None = None) -> int:
    """Load ``result``, render it in ``formats`` into ``out``, list the files written."""
    wanted = parse_formats(formats)
    brand = load_branding(*branding) if branding else None
    loaded = load_result(Path(result))
    for path in write_rendered(loaded, out, wanted, brand):
        typer.echo(f"Wrote {path}")
    return 0
