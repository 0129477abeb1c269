"""The interview's terminal: an :class:`~generator.interview.Asker` backed by questionary.

Imported only when an interview really starts (questionary pulls in prompt_toolkit, which
``mlops-init --help`` must not pay for). Questions use ``unsafe_ask`` so Ctrl-C reaches the
interview as :class:`KeyboardInterrupt` instead of questionary's own "Cancelled by user".
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Sequence

import questionary

from generator.interview import HELP, SKIP


def _width() -> int:
    """Text width: the terminal's, capped so lines stay readable on wide screens."""
    return max(40, min(shutil.get_terminal_size((100, 24)).columns - 2, 100))


def wrap(text: str, indent: str = "", margin: int = 0) -> str:
    """Wrap each line of ``text`` at word boundaries, keeping its leading indentation.

    Terminals break long lines mid-word; the bank's questions and help are long sentences.
    ``margin`` leaves room for what the prompt puts before the text ("? ").
    """
    width = _width() - margin
    lines = []
    for line in text.split("\n"):
        lead = line[: len(line) - len(line.lstrip())] or indent
        lines.append(
            textwrap.fill(line, width=width, subsequent_indent=lead, break_on_hyphens=False)
            if line.strip()
            else ""
        )
    return "\n".join(lines)


class QuestionaryAsker:
    """Ask on the terminal with arrow-key menus; print with plain ``print``."""

    def say(self, text: str = "") -> None:
        """Print wrapped text and flush, so it shows before the next prompt draws."""
        print(wrap(text), flush=True)
        sys.stdout.flush()

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], default: str | None = None
    ) -> str | None:
        """An arrow-key menu; "skip" and "why" are set apart from the real answers."""
        items: list[questionary.Choice | questionary.Separator] = []
        for value, title in choices:
            if value in (SKIP, HELP) and not any(
                isinstance(i, questionary.Separator) for i in items
            ):
                items.append(questionary.Separator())
            items.append(questionary.Choice(title=title, value=value))
        return questionary.select(
            wrap(message, indent="  ", margin=2),
            choices=items,
            default=default,
            instruction="\n  (arrow keys, Enter to choose)",
        ).unsafe_ask()

    def text(self, message: str, default: str = "") -> str | None:
        """A line of free text."""
        return questionary.text(wrap(message, indent="  ", margin=2), default=default).unsafe_ask()

    def confirm(self, message: str, default: bool = False) -> bool | None:
        """Yes or no; Enter takes ``default``."""
        return questionary.confirm(
            wrap(message, indent="  ", margin=2), default=default
        ).unsafe_ask()
