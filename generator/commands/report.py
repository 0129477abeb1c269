"""``mlops-init report RESULT.json``: re-render the reports of a saved result."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.report import parse_formats, write_result
from generator.report.branding import BrandingArgs, load_branding
from generator.result import load_result


def run(result: Path, out: Path, formats: str, branding: BrandingArgs | None = None) -> int:
    """Load ``result``, render it in ``formats`` into ``out``, list the files written."""
    wanted = parse_formats(formats)
    brand = load_branding(*branding) if branding else None
    loaded = load_result(Path(result))
    for path in write_result(loaded, out, wanted, branding=brand):
        typer.echo(f"Wrote {path}")
    return 0
