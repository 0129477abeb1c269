"""``mlops-init adopt [PATH] --level N``: bring an existing repository under the template."""

from __future__ import annotations

from pathlib import Path

import typer

from generator.errors import ConflictsRemain, Problem
from generator.scaffold.template_info import parse_data


def run(
    path: Path,
    level: int | None,
    data: list[str],
    from_assessment: Path | None,
    defaults: bool,
    merge: bool,
    template: str | None,
    template_version: str | None,
) -> int:
    """Parse ``--data``, adopt, print what was added and kept and the next step."""
    from generator.scaffold.adopt import adopt_project

    report = adopt_project(
        Path(path),
        level=level,
        data=parse_data(data),
        defaults=defaults,
        template=template,
        template_version=template_version,
        from_assessment=from_assessment,
        merge=merge,
        progress=typer.echo,
    )
    version = report.template_version or "(untagged)"
    typer.echo(f"Adopted {report.path} at level {report.level} (template {version}).")
    _print_files("Added (new files from the template)", report.added)
    _print_files("Already identical to the template's", report.identical)
    if report.kept:
        typer.echo(
            f"Kept as yours, byte for byte ({len(report.kept)}); the template's version of each "
            f"is in {report.reference_dir}/ for reference (git-ignored, never committed):"
        )
        for name in report.kept:
            typer.echo(f"  {name}")
        typer.echo(
            "  (to merge them into your files with conflict markers instead: git clean -fd "
            "&& rm -r .mlops-init, then run adopt again with --merge)"
        )
    _print_files("Merged with the template's version (no conflict)", report.merged)
    _print_files("Added files your .gitignore hides (git add -f them to keep them)", report.ignored)
    if report.conflicts:
        raise ConflictsRemain(
            f"Adopting left {len(report.conflicts)} file(s) with conflict markers between "
            "your version and the template's:",
            problems=[
                Problem("conflict markers (<<<<<<< your version)", file=f) for f in report.conflicts
            ],
            hint=(
                "Edit each file to keep what you need and remove the markers; the template's "
                f"version is in {report.reference_dir}/. Then commit (git add -A && git commit)."
            ),
        )
    for line in next_steps(report.level):
        typer.echo(line)
    return 0


def next_steps(level: int) -> list[str]:
    """What the team does after adopting: review, commit, later raise the level."""
    lines = [
        "Next steps:",
        "  git status && git diff                # review what adopt added",
        f"  git add -A && git commit -m 'Adopt the mlops-init template at level {level}'",
    ]
    if level < 2:
        lines.append(
            f"When the team is ready for level {level + 1}: mlops-init upgrade --to {level + 1}"
            " (or plain copier update: it merges, keeping your files)"
        )
    return lines


def _print_files(title: str, files: list[str]) -> None:
    if files:
        typer.echo(f"{title} ({len(files)}):")
        for name in files:
            typer.echo(f"  {name}")
