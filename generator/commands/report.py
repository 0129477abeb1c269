"""``mlops-init report RESULT.json``: re-render the reports of a saved result."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.report import parse_formats, render_reports, write_reports
from generator.result import Result, load_result


def write_rendered(result: Result, out: Path, formats: list[str]) -> list[Path]:
    """Render ``result`` in ``formats`` and write the files into ``out`` (each atomically)."""
    return write_reports(Path(out), render_reports(result, formats))


def run(result: Path, out: Path, formats: str) -> int:
    """Load ``result``, render it in ``formats`` into ``out``, list the files written."""
    wanted = parse_formats(formats)
    loaded = load_result(Path(result))
    for path in write_rendered(loaded, out, wanted):
        typer.echo(f"Wrote {path}")
    return 0
