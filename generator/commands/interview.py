"""``mlops-init interview`` (also ``mlops-init`` alone): ask, save as you go, score, report.

Order matters for a person at a terminal: everything that can be checked without asking
(options, the answers file, the terminal itself) is checked first, so nobody answers forty
questions before learning that ``--format`` had a typo or that there is no terminal.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import InputError, MlopsInitError, NoTerminalError

if TYPE_CHECKING:
    from generator.interview import Asker
    from generator.report.branding import BrandingArgs

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
    from generator import assessment
    from generator.answers import Answers, load_answers, save_answers
    from generator.bank import load_bank
    from generator.interview import Interview, offer_scaffold
    from generator.quick import left_out_summary, quick_practices
    from generator.report import parse_formats, write_result
    from generator.result import Metadata

    date = assessment.check_date(date)
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
    found = assessment.ScanFindings()
    if scan is not None:
        asker.say(f"Scanning {scan} for evidence...")
        found = assessment.scan(scan, bank)
        asker.say(found.summary_line())
        asker.say(
            "What the scan saw is shown for you to confirm (Enter) or change; what it did "
            "not see is asked."
        )
    if resume and not answers_file.exists():
        asker.say(f"No answers saved at {answers_file} yet: starting a new interview.")
    meta = answers.metadata
    seen = found.seen()
    interview = Interview(
        bank=bank,
        answers=answers,
        asker=asker,
        save=lambda a: save_answers(answers_file, a, bank=bank),
        answers_path=str(answers_file),
        derived={k: v for k, v in seen.items() if k not in answers.answers},
        evidence={k: found.where(k) for k in seen},
        not_seen={k: v for k, v in found.searched.items() if k not in answers.answers},
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
    from generator.target import detect_target

    result = score(
        bank,
        answers,
        derived=seen,
        evidence=found.evidence,
        scan_status=found.status,
        searched=found.searched,
        scan_info=found.info,
        target=detect_target(scan),
    )
    asker.say(assessment.summary(result))
    written = write_result(result, out, wanted, branding=brand)
    if quick:
        asker.say()
        for line in left_out_summary(bank, answers, str(answers_file)):
            asker.say(line)
    asker.say()
    asker.say(f"Answers saved to {answers_file}. Reports:")
    for path in written:
        asker.say(f"  {path}")
    if scan is not None:
        asker.say(
            "The answers file holds the team's answers; to assess again with the scan: "
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


def _scaffold(asker: Asker, dest: Path, level: int, project: str | None) -> None:
    """Create the project with the scaffold module, or say which command does it."""
    command = f"mlops-init new {dest} --level {level}"
    from generator.scaffold.project import new_project, next_steps

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
