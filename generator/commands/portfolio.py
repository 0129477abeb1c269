"""``mlops-init portfolio RESULT.json... --out DIR``: several teams side by side."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.portfolio import build_portfolio
from generator.report import parse_formats, render_portfolio, write_reports
from generator.report.branding import BrandingArgs, load_branding


def run(results: list[Path], out: Path, formats: str, branding: BrandingArgs | None = None) -> int:
    """Load every result, write the portfolio into ``out``, print one line per team.

    Every input (formats, branding, each result file) is checked before anything is written.
    """
    wanted = parse_formats(formats)
    brand = load_branding(*branding) if branding else None
    portfolio = build_portfolio([Path(r) for r in results], Path(out))
    written = write_reports(Path(out), render_portfolio(portfolio, wanted, branding=brand))
    for team in portfolio.teams:
        reached = ", ".join(
            f"level {lv} {pct:g}%" if pct is not None else f"level {lv} n/a"
            for lv, pct in team.attainment.items()
        )
        typer.echo(f"{team.name}: level {team.level} ({reached} attained)")
    if portfolio.shared_gaps:
        typer.echo(
            f"{len(portfolio.shared_gaps)} gaps shared by at least "
            f"{portfolio.shared_gap_threshold} of {len(portfolio.teams)} teams."
        )
    typer.echo("Wrote:")
    for path in written:
        typer.echo(f"  {path}")
    return 0
