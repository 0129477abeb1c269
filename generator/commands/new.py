"""``mlops-init new DEST``: create a project at a maturity level from the template."""

from __future__ import annotations

from pathlib import Path

import typer


def run(
    dest: Path,
    level: int | None,
    data: list[str],
    from_assessment: Path | None,
    defaults: bool,
    template: str | None,
    template_version: str | None,
) -> int:
    """Parse ``--data``, create the project, print progress and next steps."""
    from generator.scaffold.project import new_project, next_steps
    from generator.scaffold.template_info import parse_data

    answers = parse_data(data)
    report = new_project(
        Path(dest),
        level=level,
        data=answers,
        defaults=defaults,
        template=template,
        template_version=template_version,
        from_assessment=from_assessment,
        progress=typer.echo,
    )
    version = report.template_version or "(untagged)"
    done = "first commit done" if report.commit else "not committed"
    typer.echo(f"Created {dest} at level {report.level} (template {version}, {done}).")
    for line in next_steps(Path(dest), report.level):
        typer.echo(line)
    return 0
