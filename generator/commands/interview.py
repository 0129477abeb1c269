"""``mlops-init interview`` (also ``mlops-init`` alone): ask, save as you go, score, report.

Order matters for a person at a terminal: everything that can be checked without asking
(options, the answers file, the terminal itself) is checked first, so nobody answers forty
questions before learning that ``--format`` had a typo or that there is no terminal.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, MlopsInitError, NoTerminalError

if TYPE_CHECKING:
    from generator.bank import Bank
    from generator.interview import Asker
    from generator.report.branding import BrandingArgs
    from generator.scan import ScanResult

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
    quick: bool = False,
    branding: BrandingArgs | None = None,
) -> int:
    """Run the interview and write the reports; return the exit code.

    ``quick`` asks only the questions that decide the level (see :mod:`generator.quick`).
    """
    from generator.answers import Answers, load_answers, parse_date, save_answers
    from generator.bank import load_bank
    from generator.commands.report import write_rendered
    from generator.interview import Interview, offer_scaffold, summary_table
    from generator.quick import left_out_summary, quick_practices
    from generator.report import parse_formats
    from generator.result import Metadata

    if date is not None:
        given, date = date, parse_date(date)
        if date is None:
            raise InputError(
                f"The '--date' option must be a date written YYYY-MM-DD. Got {given!r} instead."
            )
    wanted = parse_formats(formats)
    from generator.report.branding import load_branding

    brand = load_branding(*branding) if branding else None
    bank = load_bank()
    if resume and answers_file.exists():
        answers = load_answers(answers_file, bank)
    else:
        _refuse_to_overwrite(answers_file)
        answers = Answers(metadata=Metadata(), answers={})
    _require_terminal()

    from generator.prompts import QuestionaryAsker  # imports questionary: only now

    asker = QuestionaryAsker()
    found = None
    if scan is not None:
        asker.say(f"Scanning {scan} for evidence...")
        found = _scan(scan, bank)
    derived, evidence = _known_from_scan(found) if found is not None else ({}, {})
    if found is not None:
        n = len(derived)
        asker.say(
            f"{n} practice{'s' if n != 1 else ''} answered from evidence in {scan}: shown, "
            "not asked."
        )
    if resume and not answers_file.exists():
        asker.say(f"No answers saved at {answers_file} yet: starting a new interview.")
    meta = answers.metadata
    interview = Interview(
        bank=bank,
        answers=answers,
        asker=asker,
        save=lambda a: save_answers(answers_file, a, bank=bank),
        answers_path=str(answers_file),
        derived={k: v for k, v in derived.items() if k not in answers.answers},
        evidence=evidence,
        only=quick_practices(bank) if quick else None,
    )
    if quick:
        rest = len(bank.practices) - len(interview.only or ())
        asker.say(
            "Quick interview: only the questions that decide the maturity level. The other "
            f"{rest} (checklist practices that gate no level) are left for later."
        )
    fresh = not (meta.organisation or meta.project or meta.assessor)
    interview.run(ask_metadata=fresh, date=date)

    from generator.scoring import score

    result = score(
        bank,
        answers,
        derived=derived,
        evidence={k: found.evidence[k] for k in derived} if found is not None else None,
    )
    asker.say(summary_table(result))
    written = write_rendered(result, out, wanted, brand)
    if quick:
        asker.say()
        for line in left_out_summary(bank, answers, str(answers_file)):
            asker.say(line)
    asker.say()
    asker.say(f"Answers saved to {answers_file}. Reports:")
    for path in written:
        asker.say(f"  {path}")
    if found is not None:
        asker.say(
            "The answers file holds the team's answers only; to assess again with the scan: "
            f"mlops-init assess --answers {answers_file} --scan {scan}"
        )
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


def _scan(path: Path, bank: Bank) -> ScanResult:
    """Scan ``path`` for evidence (refused when this installation has no scanner)."""
    if importlib.util.find_spec("generator.scan") is None:
        raise InputError(
            "The '--scan' option needs the evidence scanner (generator.scan), which this "
            "installation of mlops-init does not include.",
            hint="Run the interview without --scan.",
        )
    from generator.scan import scan_repository

    return scan_repository(path, bank)


def _known_from_scan(found: ScanResult) -> tuple[dict[str, str], dict[str, str]]:
    """The scan's answers that rest on something found, and a line describing that evidence.

    An answer the scan derived only from finding nothing is still asked: the practice may
    live outside the repository (a monitoring service, a wiki), which only the team knows.
    """
    from generator.scan.engine import ABSENCE_DETECTOR

    derived: dict[str, str] = {}
    shown: dict[str, str] = {}
    for practice_id, option_id in found.answers.items():
        items = [e for e in found.evidence.get(practice_id, []) if e.detector != ABSENCE_DETECTOR]
        if not items:
            continue
        derived[practice_id] = option_id
        first = items[0]
        where = f"{first.path}:{first.line}" if first.line else (first.path or first.detector)
        more = f" and {len(items) - 1} more" if len(items) > 1 else ""
        shown[practice_id] = f"{where}{more}"
    return derived, shown


def _scaffold(asker: Asker, dest: Path, level: int, project: str | None) -> None:
    """Create the project with the scaffold module, or say which command does it."""
    command = f"mlops-init new {dest} --level {level}"
    try:
        from generator.commands.new import next_steps
        from generator.scaffold.project import new_project
    except ImportError:
        asker.say("Project scaffolding is not available in this installation. Once it is, run:")
        asker.say(f"  {command}")
        return
    data = {"project_name": project} if project else {}
    try:
        made = new_project(dest, level=level, data=data, defaults=True, progress=asker.say)
    except MlopsInitError as exc:
        extra = f"The answers and reports are saved; to try again: {command}"
        exc.hint = f"{exc.hint}\n{extra}" if exc.hint else extra
        raise
    asker.say(f"Created a level-{made.level} project in {dest}.")
    for line in next_steps(dest, made.level):
        asker.say(line)
