"""``mlops-init interview`` (also ``mlops-init`` alone): ask, save as you go, score, report.

Order matters for a person at a terminal: everything that can be checked without asking
(options, the answers file, the terminal itself) is checked first, so nobody answers forty
questions before learning that ``--format`` had a typo or that there is no terminal.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from generator.errors import InputError, MlopsInitError, NoTerminalError

NO_TERMINAL_HINT = (
    "Without a terminal, fill in an answers file and assess it instead:\n"
    "  mlops-init questions --format answers > answers.yaml\n"
    "  (edit answers.yaml)\n"
    "  mlops-init assess --answers answers.yaml"
)


def run(
    *,
    answers_file: Path,
    resume: bool,
    out: Path,
    formats: str,
    scan: Path | None,
    date: str | None,
) -> int:
    """Run the interview and write the reports; return the exit code."""
    from generator.answers import Answers, load_answers, parse_date, save_answers
    from generator.bank import load_bank
    from generator.commands.report import parse_formats, write_rendered
    from generator.interview import Interview, offer_scaffold, summary_table
    from generator.result import Metadata

    if date is not None and parse_date(date) is None:
        raise InputError(f"The '--date' option must be a date written YYYY-MM-DD. Got {date!r}.")
    wanted = parse_formats(formats)
    bank = load_bank()
    if resume and answers_file.exists():
        answers = load_answers(answers_file, bank)
    else:
        _refuse_to_overwrite(answers_file)
        answers = Answers(metadata=Metadata(), answers={})
    _require_terminal()
    evidence = _prefill_from_scan(scan, bank, answers) if scan is not None else {}

    from generator.prompts import QuestionaryAsker  # imports questionary: only now

    asker = QuestionaryAsker()
    if resume and not answers_file.exists():
        asker.say(f"No answers saved at {answers_file} yet: starting a new interview.")
    meta = answers.metadata
    interview = Interview(
        bank=bank,
        answers=answers,
        asker=asker,
        save=lambda a: save_answers(answers_file, a, bank=bank),
        answers_path=str(answers_file),
        evidence=evidence,
    )
    fresh = not (meta.organisation or meta.project or meta.assessor)
    interview.run(ask_metadata=fresh, date=date)

    from generator.scoring import score

    result = score(bank, answers)
    asker.say(summary_table(result))
    written = write_rendered(result, out, wanted)
    asker.say()
    asker.say(f"Answers saved to {answers_file}. Reports:")
    for path in written:
        asker.say(f"  {path}")
    asker.say()

    folder = offer_scaffold(asker, result.level, meta.project)
    if folder is not None:
        _scaffold(asker, Path(folder), result.level, meta.project)
    return 0


def _refuse_to_overwrite(answers_file: Path) -> None:
    """A team's earlier answers are never replaced silently."""
    if answers_file.is_dir():
        raise InputError(f"The answers file '{answers_file}' is a folder.")
    if answers_file.exists() and answers_file.read_text(encoding="utf-8").strip():
        raise InputError(
            f"The answers file '{answers_file}' already exists; the interview will not "
            "overwrite it.",
            hint=(
                f"Continue it with: mlops-init interview --resume --answers-file {answers_file}\n"
                "or start another with: mlops-init interview --answers-file OTHER.yaml"
            ),
        )


def _require_terminal() -> None:
    """Refuse to ask anything when nobody can answer (CI, pipes): never hang waiting."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminalError("The interview needs an interactive terminal.", hint=NO_TERMINAL_HINT)


def _prefill_from_scan(scan: Path, bank, answers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Answer what a repository scan can tell; return practice id -> evidence shown to the user."""
    if importlib.util.find_spec("generator.scan") is None:
        raise InputError(
            "The '--scan' option needs the repository scanner, which this version of "
            "mlops-init does not include yet.",
            hint="Run the interview without --scan.",
        )
    from generator.scan import prefill_answers  # type: ignore[attr-defined]

    return prefill_answers(scan, bank, answers)


def _scaffold(asker, dest: Path, level: int, project: str | None) -> None:  # type: ignore[no-untyped-def]
    """Create the project with the scaffold module, or say which command does it."""
    command = f"mlops-init new {dest} --level {level}"
    try:
        from generator.scaffold import new_project
    except ImportError:
        asker.say("Project scaffolding is not available in this version yet. Once it is, run:")
        asker.say(f"  {command}")
        return
    data = {"project_name": project} if project else {}
    try:
        new_project(dest, level, data, defaults=True)
    except MlopsInitError as exc:
        extra = f"The answers and reports are saved; to try again: {command}"
        exc.hint = f"{exc.hint}\n{extra}" if exc.hint else extra
        raise
    asker.say(f"Created a level-{level} project in {dest}/. Its README.md says what to do next.")
