"""The ``mlops-init`` command line: parse options, call a command module, print, exit.

Each command imports its ``generator.commands`` module inside its body (lazily), so
``mlops-init --help`` imports neither copier, questionary, mlflow nor scikit-learn. User
errors (:class:`generator.errors.MlopsInitError`) become a message on stderr and an exit code
here, in :func:`_call`, and nowhere else.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from generator import __version__

app = typer.Typer(
    name="mlops-init",
    help=(
        "Assess an ML team's MLOps maturity (Google levels 0-2, ML Test Score), write an audit "
        "report, and scaffold or raise a project at the right level.\n\n"
        "Run without a command to start the interview."
    ),
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DEFAULT_FORMATS = "md,html,json"


def _call(run: Callable[..., int], **kwargs: Any) -> None:
    """Call a command's ``run(**kwargs)`` and exit with its code.

    This is the one place where errors meant for the user become messages and exit codes.
    """
    from generator.errors import Interrupted, MlopsInitError

    try:
        code = run(**kwargs)
    except MlopsInitError as exc:
        # A paused interview is not a failure: its message says how to resume.
        prefix = "" if isinstance(exc, Interrupted) else "Error: "
        typer.echo(f"{prefix}{exc.render()}", err=True)
        raise typer.Exit(exc.exit_code) from None
    except KeyboardInterrupt:
        typer.echo("\nInterrupted.", err=True)
        raise typer.Exit(130) from None
    raise typer.Exit(code or 0)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mlops-init {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    if ctx.invoked_subcommand is None:
        interview()  # the interview with its own defaults


FormatsOpt = Annotated[
    str,
    typer.Option("--format", "-f", help="Comma-separated report formats: md, html, json, pdf."),
]
BrandingOpt = Annotated[
    Path | None,
    typer.Option(
        "--branding", help="YAML file with logo, accent and prepared_by for HTML and PDF reports."
    ),
]
LogoOpt = Annotated[
    Path | None,
    typer.Option("--logo", help="Logo image (PNG, JPEG, GIF, WebP, SVG) for HTML and PDF reports."),
]
AccentOpt = Annotated[
    str | None, typer.Option("--accent", help="Accent colour of HTML and PDF reports: #rrggbb.")
]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Folder to write the reports into.")]
DateOpt = Annotated[
    str | None,
    typer.Option(help="Assessment date (YYYY-MM-DD) for the report; overrides the answers file."),
]


@app.command()
def interview(
    answers_file: Annotated[
        Path, typer.Option("--answers-file", help="Where answers are saved after every question.")
    ] = Path("mlops-answers.yaml"),
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue from the answers already saved.")
    ] = False,
    out: OutOpt = Path("mlops-report"),
    formats: FormatsOpt = DEFAULT_FORMATS,
    scan: Annotated[
        Path | None,
        typer.Option(help="Scan this repository first and ask only what it cannot tell."),
    ] = None,
    date: DateOpt = None,
    quick: Annotated[
        bool,
        typer.Option(
            "--quick",
            help="Ask only what decides the level (about 25 questions); resume later for the rest.",
        ),
    ] = False,
    branding: BrandingOpt = None,
    logo: LogoOpt = None,
    accent: AccentOpt = None,
) -> None:
    """Interview the team (the default command) and write the audit report."""
    from generator.commands.interview import run

    _call(
        run,
        answers_file=answers_file,
        resume=resume,
        out=out,
        formats=formats,
        scan=scan,
        date=date,
        quick=quick,
        branding=(branding, logo, accent),
    )


@app.command()
def assess(
    answers: Annotated[
        Path | None, typer.Option("--answers", "-a", help="Answers file (YAML).")
    ] = None,
    scan: Annotated[
        Path | None, typer.Option(help="Repository to scan for evidence of each practice.")
    ] = None,
    out: OutOpt = Path("mlops-report"),
    formats: FormatsOpt = DEFAULT_FORMATS,
    fail_under_level: Annotated[
        int | None,
        typer.Option(help="Exit with code 1 when the assessed level is below this (CI gate)."),
    ] = None,
    date: DateOpt = None,
    branding: BrandingOpt = None,
    logo: LogoOpt = None,
    accent: AccentOpt = None,
) -> None:
    """Assess from an answers file and/or a repository scan, without questions."""
    from generator.commands.assess import run

    _call(
        run,
        answers=answers,
        scan_path=scan,
        out=out,
        formats=formats,
        fail_under_level=fail_under_level,
        date=date,
        branding=(branding, logo, accent),
    )


@app.command()
def report(
    result: Annotated[Path, typer.Argument(help="A result.json written by 'assess'.")],
    out: OutOpt = Path("mlops-report"),
    formats: FormatsOpt = DEFAULT_FORMATS,
    branding: BrandingOpt = None,
    logo: LogoOpt = None,
    accent: AccentOpt = None,
) -> None:
    """Re-render the reports of a saved result."""
    from generator.commands.report import run

    _call(run, result=result, out=out, formats=formats, branding=(branding, logo, accent))


@app.command()
def questions(
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="json (the bank), md (readable), or answers (a skeleton file)."
        ),
    ] = "md",
) -> None:
    """Print the assessment bank, or an answers-file skeleton to fill in."""
    from generator.commands.questions import run

    _call(run, format=format)


@app.command()
def compare(
    before: Annotated[Path, typer.Argument(help="The earlier result.json.")],
    after: Annotated[Path, typer.Argument(help="The later result.json.")],
    out: OutOpt = Path("mlops-progress"),
    formats: FormatsOpt = DEFAULT_FORMATS,
    branding: BrandingOpt = None,
    logo: LogoOpt = None,
    accent: AccentOpt = None,
) -> None:
    """Compare two assessments: level, areas, gaps closed and opened."""
    from generator.commands.compare import run

    _call(
        run,
        before=before,
        after=after,
        out=out,
        formats=formats,
        branding=(branding, logo, accent),
    )


@app.command()
def portfolio(
    results: Annotated[
        list[Path],
        typer.Argument(help="result.json files of the teams, or folders holding them."),
    ],
    out: OutOpt = Path("mlops-portfolio"),
    formats: FormatsOpt = DEFAULT_FORMATS,
    branding: BrandingOpt = None,
    logo: LogoOpt = None,
    accent: AccentOpt = None,
) -> None:
    """Put several teams' assessments side by side: levels, heat map, shared gaps."""
    from generator.commands.portfolio import run

    _call(
        run,
        results=results,
        out=out,
        formats=formats,
        branding=(branding, logo, accent),
    )


TemplateOpt = Annotated[
    str | None,
    typer.Option(
        help=(
            "Template source (git URL or path); "
            "default: $MLOPS_INIT_TEMPLATE, else the bundled one."
        )
    ),
]


LevelOpt = Annotated[int | None, typer.Option(help="Maturity level 0, 1 or 2.")]
DataOpt = Annotated[
    list[str] | None,
    typer.Option("--data", "-d", help="Answer a template question: KEY=VALUE (repeatable)."),
]
FromAssessmentOpt = Annotated[Path | None, typer.Option(help="Take the level from a result.json.")]
TemplateVersionOpt = Annotated[str | None, typer.Option(help="Template version (git tag) to use.")]


@app.command()
def new(
    dest: Annotated[Path, typer.Argument(help="Folder to create (must be empty or absent).")],
    level: LevelOpt = None,
    data: DataOpt = None,
    from_assessment: FromAssessmentOpt = None,
    defaults: Annotated[
        bool, typer.Option("--defaults", help="Use defaults for every unanswered question.")
    ] = False,
    template: TemplateOpt = None,
    template_version: TemplateVersionOpt = None,
) -> None:
    """Create a project at a maturity level from the mlops-init template."""
    from generator.commands.new import run

    _call(
        run,
        dest=dest,
        level=level,
        data=data or [],
        from_assessment=from_assessment,
        defaults=defaults,
        template=template,
        template_version=template_version,
    )


@app.command()
def upgrade(
    path: Annotated[Path, typer.Argument(help="The project to raise.")] = Path("."),
    to: Annotated[int, typer.Option("--to", help="The maturity level to raise to (1 or 2).")] = ...,  # type: ignore[assignment]
    template_version: Annotated[
        str | None,
        typer.Option(help="Template version to move to (default: keep the project's)."),
    ] = None,
    template: TemplateOpt = None,
) -> None:
    """Raise a generated project's level with copier update, keeping the team's edits."""
    from generator.commands.upgrade import run

    _call(run, path=path, to=to, template_version=template_version, template=template)


@app.command()
def adopt(
    path: Annotated[Path, typer.Argument(help="The existing git repository to adopt.")] = Path("."),
    level: LevelOpt = None,
    data: DataOpt = None,
    from_assessment: FromAssessmentOpt = None,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults", help="Use the suggested or default answer for every unanswered question."
        ),
    ] = False,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge", help="Merge the template into files you already have (conflict markers)."
        ),
    ] = False,
    template: TemplateOpt = None,
    template_version: TemplateVersionOpt = None,
) -> None:
    """Bring an existing repository under the template at a level, keeping every file of yours."""
    from generator.commands.adopt import run

    _call(
        run,
        path=path,
        level=level,
        data=data or [],
        from_assessment=from_assessment,
        defaults=defaults,
        merge=merge,
        template=template,
        template_version=template_version,
    )


@app.command("template")
def template_cmd(
    project: Annotated[
        Path, typer.Argument(help="A project whose recorded template to prepare.")
    ] = Path("."),
    ensure: Annotated[
        bool,
        typer.Option(
            "--ensure", help="Materialise the tagged template so plain 'copier update' works."
        ),
    ] = False,
) -> None:
    """Show or prepare the tagged template that projects record (for plain copier update)."""
    from generator.commands.template import run

    _call(run, project=project, ensure=ensure)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="mlops-init")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
