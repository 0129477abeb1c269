"""``mlops-init upgrade [PATH] --to N``: raise a project's level, keeping the team's edits."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.errors import ConflictsRemain, Problem


def run(path: Path, to: int, template_version: str | None, template: str | None) -> int:
    """Run the upgrade, print what changed; exit 1 (ConflictsRemain) if conflicts remain."""
    from generator.scaffold.upgrade import upgrade_project

    report = upgrade_project(
        Path(path),
        to=to,
        template_version=template_version,
        template=template,
        progress=typer.echo,
    )
    if not report.changed:
        typer.echo(f"The project is already at level {report.to_level}: nothing to do.")
        return 0
    for note in report.notes:
        typer.echo(note)
    version = report.version_after or "(unknown)"
    typer.echo(f"Raised to level {report.to_level} (template {version}).")
    if report.components:
        typer.echo("Components added:")
        for comp in report.components:
            typer.echo(f"  + {comp.name} [{comp.id}]: {', '.join(comp.files)}")
    if report.new_answers:
        typer.echo("New questions of this level took their defaults:")
        for key, value in report.new_answers.items():
            typer.echo(f"  {key} = {value!r}")
        typer.echo(
            "  (to change one later: copier update --defaults --vcs-ref=:current: --data KEY=VALUE)"
        )
    _print_files("Files added", report.added)
    _print_files("Files changed", report.modified)
    _print_files("Files removed", report.deleted)
    _print_files("Rejected hunks to apply by hand (.rej)", report.rejects)
    if report.conflicts:
        raise ConflictsRemain(
            f"The upgrade left {len(report.conflicts)} file(s) with merge conflicts "
            "between your edits and the new level:",
            problems=[
                Problem("conflict markers (<<<<<<< before updating)", file=f)
                for f in report.conflicts
            ],
            hint=(
                "Edit each file to keep what you need, remove the markers, 'git add' it, "
                "then review with 'git diff --staged' and commit."
            ),
        )
    typer.echo(
        "Next steps: review the changes with 'git status' and 'git diff', run the "
        f"tests, then commit (git add -A && git commit -m 'Raise to level "
        f"{report.to_level}')."
    )
    return 0


def _print_files(title: str, files: list[str]) -> None:
    if files:
        typer.echo(f"{title}:")
        for name in files:
            typer.echo(f"  {name}")
