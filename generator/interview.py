"""The interview: walk a team lead through the bank, area by area, saving after every answer.

The flow knows nothing about the terminal: it talks through an :class:`Asker` (say, select,
text, confirm), so tests drive it with a scripted fake and ``generator.prompts`` backs it with
questionary. An asker signals Ctrl-C by raising :class:`KeyboardInterrupt` (or ``EOFError``)
or by returning ``None``; the flow then raises :class:`~generator.errors.Interrupted` with the
command that resumes, knowing that every answer given so far is already on disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from generator.applicability import skip_cause
from generator.bank import Bank, Practice
from generator.errors import Interrupted

if TYPE_CHECKING:
    from generator.answers import Answers

SKIP = "__skip__"
HELP = "__help__"
SKIP_LABEL = "Skip for now (leave unanswered)"
HELP_LABEL = "? Why does this matter"
CONFIRM_PREFIX = "Confirm: "
KEEP_UNCONFIRMED_LABEL = "Skip for now (keep the scan's answer, unconfirmed)"


class Asker(Protocol):
    """What the interview needs from a terminal. ``None`` from a question means Ctrl-C."""

    def say(self, text: str = "") -> None:
        """Show a line of text."""

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], default: str | None = None
    ) -> str | None:
        """One of ``choices`` (``(value, title)`` pairs): return the chosen value."""

    def text(self, message: str, default: str = "") -> str | None:
        """Free text."""

    def confirm(self, message: str, default: bool = False) -> bool | None:
        """Yes or no."""


class _Abort(Exception):
    """Ctrl-C (or Ctrl-D) during a question."""


def _answered(value: Any) -> Any:
    if value is None:
        raise _Abort
    return value


@dataclass
class Interview:
    """One interview over ``bank`` filling ``answers`` in place; ``save`` runs after each change.

    ``derived`` maps practice id -> option id seen by a repository scan, and ``evidence`` the
    same ids to where it was seen (``path:line``): each is shown for the team to confirm with
    one keystroke (Enter) or change; a confirmed or changed answer is the team's and is saved.
    ``not_seen`` maps practice id -> what the scan looked for without finding it: those are
    asked like any other question, saying so.
    """

    bank: Bank
    answers: Answers
    asker: Asker
    save: Callable[[Answers], None]
    answers_path: str = "mlops-answers.yaml"
    derived: Mapping[str, str] = field(default_factory=dict)
    evidence: Mapping[str, str] = field(default_factory=dict)
    not_seen: Mapping[str, str] = field(default_factory=dict)
    # Ask only these practices (the quick interview, see generator.quick); None asks all.
    only: frozenset[str] | None = None

    def in_scope(self, practice: Practice) -> bool:
        """Whether this interview asks ``practice`` at all (see ``only``)."""
        return self.only is None or practice.id in self.only

    def chosen(self, practice_id: str) -> str | None:
        """The option chosen for a practice: the team's answer, else the scan's, else None."""
        return self.answers.answers.get(practice_id) or self.derived.get(practice_id)

    # -- skip logic and counts ------------------------------------------------------------

    def applicable(self, practice: Practice) -> bool:
        """Whether ``practice`` is asked, given the answers so far (see :meth:`skip_reason`)."""
        return self.skip_reason(practice) is None

    def skip_reason(self, practice: Practice) -> str | None:
        """Why ``practice`` is not applicable, or None when it is (or cannot be ruled out yet).

        The rule lives in :mod:`generator.applicability`, shared with scoring.
        """
        cause = skip_cause(self.bank, practice, self.chosen)
        return cause.describe() if cause is not None else None

    def practices_in_order(self) -> list[Practice]:
        """Every practice in the order asked (:meth:`Bank.ordered_practices`), within scope."""
        return [p for p in self.bank.ordered_practices() if self.in_scope(p)]

    def applicable_practices(self) -> list[Practice]:
        """Every practice asked given the answers so far, in the order asked."""
        return [p for p in self.practices_in_order() if self.applicable(p)]

    def counts(self) -> tuple[int, int]:
        """``(answered, applicable)`` over the whole bank."""
        todo = self.applicable_practices()
        return sum(1 for p in todo if self.chosen(p.id) is not None), len(todo)

    def areas_with_practices(self) -> list[str]:
        """Ids of the areas that hold at least one practice, in bank order."""
        return [
            a.id
            for a in self.bank.areas
            if any(self.in_scope(p) for p in self.bank.practices_in(a.id))
        ]

    # -- the flow ---------------------------------------------------------------------------

    def run(self, *, ask_metadata: bool = True, date: str | None = None) -> Answers:
        """Ask the metadata (when ``ask_metadata``) and every unanswered applicable question.

        Raises :class:`Interrupted` on Ctrl-C, after everything answered has been saved.
        """
        answered, total = self.counts()
        areas = self.areas_with_practices()
        # "Up to" while a pending question may still turn out not to apply.
        conditional = any(
            p.applies_if is not None
            and self.chosen(p.id) is None
            and self.chosen(p.applies_if.practice) is None
            for p in self.applicable_practices()
        )
        self.asker.say(
            f"{'Up to ' if conditional else ''}{total - answered} questions to go in "
            f"{len(areas)} areas. Answers are saved to {self.answers_path} after each one: "
            "press Ctrl-C to pause, and resume later."
        )
        try:
            if ask_metadata:
                self._ask_metadata()
            self.answers.metadata.date = (
                date or self.answers.metadata.date or dt.date.today().isoformat()
            )
            self.save(self.answers)
            for number, area_id in enumerate(areas, start=1):
                self._run_area(area_id, number, len(areas))
        except (_Abort, KeyboardInterrupt, EOFError):
            answered, total = self.counts()
            path = self.answers_path
            raise Interrupted(
                f"Interview paused: {answered} of {total} answered, saved to {path}.",
                hint=f"Resume with: mlops-init interview --resume --answers-file {path}",
            ) from None
        answered, total = self.counts()
        self.asker.say()
        kind = "Quick interview" if self.only is not None else "Interview"
        self.asker.say(f"{kind} complete: {answered} of {total} questions answered.")
        return self.answers

    def _ask_metadata(self) -> None:
        meta = self.answers.metadata
        self.asker.say("A few details for the report's cover (Enter leaves one blank).")
        for key, question in (
            ("organisation", "Organisation:"),
            ("project", "Project or team assessed:"),
            ("assessor", "Your name (assessor):"),
        ):
            value = _answered(self.asker.text(question, default=getattr(meta, key) or ""))
            setattr(meta, key, value.strip() or None)

    def _run_area(self, area_id: str, number: int, area_count: int) -> None:
        area = self.bank.area(area_id)
        practices = [p for p in self.bank.practices_in(area_id) if self.in_scope(p)]
        heading = f"Area {number}/{area_count} · {area.name}"
        self.asker.say()
        self.asker.say(f"== {heading} ==")
        if all(p.id in self.answers.answers for p in practices):
            self.asker.say("(answered already)")
            return
        self.asker.say(area.description)
        skipped: dict[str, list[str]] = {}
        for practice in practices:
            if practice.id in self.answers.answers:
                continue
            reason = self.skip_reason(practice)
            if reason is not None:
                skipped.setdefault(reason, []).append(practice.id)
                continue
            in_area = [p for p in practices if self.applicable(p)]
            overall = self.applicable_practices()
            self.asker.say()
            self.asker.say(
                f"{heading} — question {in_area.index(practice) + 1}/{len(in_area)}"
                f" ({overall.index(practice) + 1} of {len(overall)} overall)"
            )
            if practice.id in self.derived:
                self._confirm_practice(practice)
                continue
            if practice.id in self.not_seen:
                self.asker.say(
                    f"Not seen in the repository. {self.not_seen[practice.id]} Please answer."
                )
            self._ask_practice(practice)
        for reason, ids in skipped.items():
            n = len(ids)
            self.asker.say(
                f"({n} question{'s' if n != 1 else ''} skipped: not applicable because {reason})"
            )

    def _ask_practice(self, practice: Practice) -> None:
        choices = [(o.id, o.label) for o in practice.options]
        choices += [(SKIP, SKIP_LABEL), (HELP, HELP_LABEL)]
        while True:
            value = _answered(self.asker.select(practice.text, choices))
            if value == HELP:
                self.asker.say(self.help_text(practice))
                continue
            if value != SKIP:
                self.answers.answers[practice.id] = value
            self.save(self.answers)
            return

    def _confirm_practice(self, practice: Practice) -> None:
        """Show what the scan saw; Enter confirms it, another option changes it."""
        seen = self.derived[practice.id]
        option = practice.option(seen)
        label = option.label if option is not None else seen
        where = self.evidence.get(practice.id, "")
        self.asker.say(f"Seen in the repository: {label}" + (f" ({where})" if where else ""))
        choices = [(seen, f"{CONFIRM_PREFIX}{label}")]
        choices += [(o.id, o.label) for o in practice.options if o.id != seen]
        choices += [(SKIP, KEEP_UNCONFIRMED_LABEL), (HELP, HELP_LABEL)]
        while True:
            value = _answered(self.asker.select(practice.text, choices, default=seen))
            if value == HELP:
                self.asker.say(self.help_text(practice))
                continue
            if value != SKIP:
                self.answers.answers[practice.id] = value
                if value == seen and practice.id not in self.answers.notes:
                    found_at = f" ({where})" if where else ""
                    self.answers.notes[practice.id] = (
                        f"Confirmed by the team from the repository scan{found_at}."
                    )
            self.save(self.answers)
            return

    def help_text(self, practice: Practice) -> str:
        """Why the practice matters, the level it gates, and where that comes from."""
        lines = ["", "Why this matters:", f"  {practice.help.strip()}"]
        if practice.level is not None:
            lines.append(f"  Needed for maturity level {practice.level}.")
        lines.append("Sources:")
        for ref in practice.sources:
            lines.append(f"  - {self.bank.source(ref.source).title}")
            lines.append(f"    {ref.item}")
        lines.append("")
        return "\n".join(lines)


# -- after the interview ----------------------------------------------------------------------


def default_folder_name(project: str | None) -> str:
    """A folder name for a new project: the project's name in lowercase-dashes, or a default."""
    words = "".join(c.lower() if c.isalnum() else " " for c in project or "").split()
    return "-".join(words) or "ml-project"


def offer_scaffold(asker: Asker, level: int, project: str | None) -> str | None:
    """Ask whether to create a project at ``level`` now; return the folder name, or None."""
    try:
        wanted = _answered(asker.confirm(f"Create a project at level {level} now?", default=False))
        if not wanted:
            return None
        folder = _answered(asker.text("Folder name:", default=default_folder_name(project)))
    except (_Abort, KeyboardInterrupt, EOFError):
        return None
    return folder.strip() or None
