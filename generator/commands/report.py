"""``mlops-init report RESULT.json``: re-render the reports of a saved result."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.errors import InputError
from generator.result import Result, load_result

FORMATS = ("md", "html", "json")


def parse_formats(text: str) -> list[str]:
    """``"md,html"`` -> ``["md", "html"]`` (deduplicated, in the order given).

    Raises :class:`InputError` naming every unknown format and the allowed ones.
    """
    asked = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [f for f in asked if f not in FORMATS]
    if unknown or not asked:
        shown = ", ".join(repr(f) for f in unknown) if unknown else repr(text)
        raise InputError(
            f"The '--format' option must list some of {', '.join(FORMATS)}, separated by "
            f"commas. Got {shown} instead.",
            hint="Example: --format md,html,json",
        )
    return list(dict.fromkeys(asked))


def write_rendered(result: Result, out: Path, formats: list[str]) -> list[Path]:
    """Render ``result`` in ``formats`` and write the files into ``out`` (each atomically)."""
    from generator.report import render_reports, write_reports

    return write_reports(Path(out), render_reports(result, formats))


def run(result: Path, out: Path, formats: str) -> int:
    """Load ``result``, render it in ``formats`` into ``out``, list the files written."""
    wanted = parse_formats(formats)
    loaded = load_result(Path(result))
    for path in write_rendered(loaded, out, wanted):
        typer.echo(f"Wrote {path}")
    return 0
