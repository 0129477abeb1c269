"""``mlops-init new DEST``: create a project at a maturity level from the template."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from generator.errors import InputError, Problem

_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_data(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``; copier converts the types.

    Raises :class:`InputError` naming every bad item.
    """
    data: dict[str, str] = {}
    problems = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            problems.append(Problem(f"'{item}' has no '='; write KEY=VALUE.", key="--data"))
        elif not _KEY.match(key):
            problems.append(
                Problem(
                    f"'{item}': the key must be a question name such as project_name. "
                    f"Got '{key}' instead.",
                    key="--data",
                )
            )
        elif key in data and data[key] != value:
            problems.append(Problem(f"'{key}' is given twice with different values.", key="--data"))
        else:
            data[key] = value
    if problems:
        raise InputError(
            "Every --data item must be KEY=VALUE with a template question as KEY.",
            problems=problems,
            hint="Example: --data project_name=churn --data dataset=wine",
        )
    return data


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
