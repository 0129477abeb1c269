"""``mlops-init template [PROJECT] --ensure``: the tagged template copier updates from."""

from __future__ import annotations

from pathlib import Path

import typer


def run(project: Path, ensure: bool) -> int:
    """Show where the template is recorded and found; with ``ensure``, materialise it."""
    from generator.scaffold.source import (
        cached_template_repo,
        ensure_template,
        is_cache_path,
        local_path,
        portable_path,
    )
    from generator.scaffold.template_info import ANSWERS_FILE, read_answers

    answers = read_answers(Path(project)) if Path(project).is_dir() else None
    recorded = answers.src_path if answers else None
    if ensure:
        for made in ensure_template(Path(project) if answers else None):
            typer.echo(f"Template ready at {made.path} (tags: {', '.join(made.tags)}).")
        if recorded and is_cache_path(recorded) and not recorded.startswith("~"):
            typer.echo(
                f"{ANSWERS_FILE} records the template by the absolute path '{recorded}', "
                "which plain copier update finds on that machine only. Run 'mlops-init "
                "upgrade' once (it records the portable path), or set _src_path to "
                f"'{portable_path(cached_template_repo())}' and commit it."
            )
        elif recorded and not is_cache_path(recorded):
            typer.echo(f"The project records its own template source ({recorded}); left alone.")
        else:
            typer.echo("Plain 'copier update' now works in projects made by this mlops-init.")
        return 0
    cache = cached_template_repo()
    state = "present" if (cache / ".git").is_dir() else "not prepared yet"
    typer.echo(f"Bundled template cache: {cache} ({state}); recorded as {portable_path(cache)}.")
    if recorded:
        here = "found" if local_path(recorded).is_dir() else "missing on this machine"
        typer.echo(f"This project records: {recorded} ({here}).")
    typer.echo("Run 'mlops-init template --ensure' to prepare it for plain 'copier update'.")
    return 0
