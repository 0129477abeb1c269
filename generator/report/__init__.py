"""Audit reports: one Result rendered as Markdown, self-contained HTML and JSON.

Public API (the commands call only these):

- :func:`render_reports` -> ``{"report.md": ..., "report.html": ..., "result.json": ...}``
- :func:`render_comparison` -> ``{"progress.md": ..., "progress.html": ..., "progress.json": ...}``
- :func:`write_reports` writes such a mapping into a folder, never leaving a partial file
- :func:`write_result` renders a Result in some formats and writes them into a folder
- :func:`parse_formats` turns ``"md,html,json"`` into a checked list

Rendering is pure and deterministic: the same Result gives byte-identical files.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import InputError
from generator.report.comparison import compare_results
from generator.report.context import build_context
from generator.report.environment import render
from generator.report.writer import write_reports
from generator.result import Result

FORMATS = ("md", "html", "json")

__all__ = [
    "FORMATS",
    "parse_formats",
    "render_comparison",
    "render_reports",
    "write_reports",
    "write_result",
]


def parse_formats(formats: str | list[str]) -> list[str]:
    """Check report formats given as ``"md,html"`` or a list; return them in canonical order.

    Raises :class:`InputError` naming the allowed values when one is unknown or none is given.
    """
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    wanted = [str(item).strip().lower() for item in items if str(item).strip()]
    unknown = [item for item in wanted if item not in FORMATS]
    if unknown or not wanted:
        got = ", ".join(repr(item) for item in unknown) if unknown else "nothing"
        raise InputError(
            f"The report format must be one or more of {', '.join(FORMATS)}. Got {got} instead.",
            hint="Example: --format md,html,json",
        )
    return [fmt for fmt in FORMATS if fmt in wanted]


def _tidy_markdown(text: str) -> str:
    """One blank line between blocks (template loops leave runs of them; no code blocks)."""
    return re.sub(r"\n{3,}", "\n\n", text)


def render_reports(result: Result, formats: list[str]) -> dict[str, str]:
    """Render ``result`` in each of ``formats`` (md, html, json).

    Returns ``{file name: text}`` in the order md, html, json, whatever the order asked.
    """
    wanted = parse_formats(formats)
    files: dict[str, str] = {}
    if "md" in wanted or "html" in wanted:
        variables = build_context(result).as_template_vars()
        if "md" in wanted:
            files["report.md"] = _tidy_markdown(render("report.md.j2", **variables))
        if "html" in wanted:
            files["report.html"] = render("report.html.j2", **variables)
    if "json" in wanted:
        files["result.json"] = result.to_json()
    return files


def render_comparison(before: Result, after: Result, formats: list[str]) -> dict[str, str]:
    """Render the progress from ``before`` to ``after`` (``mlops-init compare``).

    Returns ``{"progress.md": ..., "progress.html": ..., "progress.json": ...}`` for the
    formats asked: level before and after, area changes, ML Test Score change, gaps closed,
    opened and improved.
    """
    wanted = parse_formats(formats)
    comparison = compare_results(before, after)
    files: dict[str, str] = {}
    if "md" in wanted:
        files["progress.md"] = _tidy_markdown(render("progress.md.j2", c=comparison))
    if "html" in wanted:
        files["progress.html"] = render("progress.html.j2", c=comparison)
    if "json" in wanted:
        files["progress.json"] = comparison.to_json()
    return files


def write_result(result: Result, out: Path, formats: list[str]) -> list[Path]:
    """Render ``result`` in ``formats`` and write the files into ``out`` (each atomically)."""
    return write_reports(Path(out), render_reports(result, formats))
