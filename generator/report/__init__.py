"""Audit reports: one Result rendered as Markdown, self-contained HTML and JSON.

Public API (the commands call only these):

- :func:`render_reports` -> ``{"report.md": ..., "report.html": ..., "result.json": ...}``
- :func:`render_comparison` -> ``{"progress.md": ..., "progress.html": ..., "progress.json": ...}``
- :func:`render_portfolio` -> ``{"portfolio.md": ..., "portfolio.html": ..., ...}``
- :func:`write_reports` writes such a mapping into a folder, never leaving a partial file
- :func:`write_result` renders a Result in some formats and writes them into a folder
- :func:`parse_formats` turns ``"md,html,json"`` into a checked list

Rendering is pure and deterministic: the same Result gives byte-identical files. The one
exception is ``pdf`` (bytes, printed from the HTML by :mod:`generator.report.pdf`), whose
engine is checked by :func:`parse_formats` so a missing one is refused before any work.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError
from generator.report.branding import Branding
from generator.report.comparison import compare_results
from generator.report.context import build_context
from generator.report.environment import render
from generator.report.writer import write_reports
from generator.result import Result

if TYPE_CHECKING:
    from generator.portfolio import Portfolio

FORMATS = ("md", "html", "json", "pdf")

__all__ = [
    "FORMATS",
    "parse_formats",
    "render_comparison",
    "render_portfolio",
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
    if "pdf" in wanted:
        from generator.report.pdf import pick_engine

        pick_engine()  # raises, naming what to install, when no engine is available
    return [fmt for fmt in FORMATS if fmt in wanted]


def _pdf(html: str, result: Result, title: str) -> bytes:
    from generator.report.pdf import html_to_pdf

    meta = result.metadata
    header = " · ".join(b for b in (meta.organisation, meta.project, meta.date) if b)
    return html_to_pdf(html, header=header or title, title=title)


def _tidy_markdown(text: str) -> str:
    """One blank line between blocks (template loops leave runs of them; no code blocks)."""
    return re.sub(r"\n{3,}", "\n\n", text)


def render_reports(
    result: Result, formats: list[str], *, branding: Branding | None = None
) -> dict[str, str | bytes]:
    """Render ``result`` in each of ``formats`` (md, html, json, pdf).

    Returns ``{file name: text}`` (bytes for the PDF) in the order md, html, json, pdf,
    whatever the order asked. ``branding`` (a logo, an accent colour) goes into the HTML and
    the PDF.
    """
    wanted = parse_formats(formats)
    files: dict[str, str | bytes] = {}
    if "md" in wanted or "html" in wanted or "pdf" in wanted:
        variables = build_context(result).as_template_vars()
        if "md" in wanted:
            files["report.md"] = _tidy_markdown(render("report.md.j2", **variables))
        html = render("report.html.j2", **variables, branding=branding)
        if "html" in wanted:
            files["report.html"] = html
        if "pdf" in wanted:
            files["report.pdf"] = _pdf(html, result, "MLOps maturity assessment")
    if "json" in wanted:
        files["result.json"] = result.to_json()
    return {name: files[name] for name in sorted(files, key=_format_order)}


def _format_order(name: str) -> int:
    order = {"md": 0, "html": 1, "json": 2, "pdf": 3}
    return order.get(name.rsplit(".", 1)[-1], len(order))


def render_comparison(
    before: Result, after: Result, formats: list[str], *, branding: Branding | None = None
) -> dict[str, str | bytes]:
    """Render the progress from ``before`` to ``after`` (``mlops-init compare``).

    Returns ``{"progress.md": ..., "progress.html": ..., "progress.json": ...}`` for the
    formats asked: level before and after, area changes, ML Test Score change, gaps closed,
    opened and improved.
    """
    wanted = parse_formats(formats)
    comparison = compare_results(before, after)
    files: dict[str, str | bytes] = {}
    if "md" in wanted:
        files["progress.md"] = _tidy_markdown(render("progress.md.j2", c=comparison))
    if "html" in wanted or "pdf" in wanted:
        html = render("progress.html.j2", c=comparison, branding=branding)
        if "html" in wanted:
            files["progress.html"] = html
        if "pdf" in wanted:
            files["progress.pdf"] = _pdf(html, after, "MLOps progress report")
    if "json" in wanted:
        files["progress.json"] = comparison.to_json()
    return {name: files[name] for name in sorted(files, key=_format_order)}


def render_portfolio(
    portfolio: Portfolio, formats: list[str], *, branding: Branding | None = None
) -> dict[str, str | bytes]:
    """Render a portfolio (``mlops-init portfolio``) as portfolio.md/.html/.json/.pdf."""
    wanted = parse_formats(formats)
    files: dict[str, str | bytes] = {}
    if "md" in wanted:
        files["portfolio.md"] = _tidy_markdown(render("portfolio.md.j2", portfolio=portfolio))
    if "html" in wanted or "pdf" in wanted:
        html = render("portfolio.html.j2", portfolio=portfolio, branding=branding)
        if "html" in wanted:
            files["portfolio.html"] = html
        if "pdf" in wanted:
            from generator.report.pdf import html_to_pdf

            dates = sorted(t.date for t in portfolio.teams if t.date)
            header = " · ".join(b for b in (portfolio.title, dates[-1] if dates else None) if b)
            files["portfolio.pdf"] = html_to_pdf(html, header=header, title="MLOps portfolio")
    if "json" in wanted:
        files["portfolio.json"] = portfolio.to_json()
    return {name: files[name] for name in sorted(files, key=_format_order)}


def write_result(
    result: Result, out: Path, formats: list[str], *, branding: Branding | None = None
) -> list[Path]:
    """Render ``result`` in ``formats`` and write the files into ``out`` (each atomically)."""
    return write_reports(Path(out), render_reports(result, formats, branding=branding))
