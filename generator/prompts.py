"""The interview's terminal: an :class:`~generator.interview.Asker` backed by questionary.

Imported only when an interview really starts (questionary pulls in prompt_toolkit, which
``mlops-init --help`` must not pay for). Questions use ``unsafe_ask`` so Ctrl-C reaches the
interview as :class:`KeyboardInterrupt` instead of questionary's own "Cancelled by user".
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import questionary

from generator.interview import HELP, SKIP


class QuestionaryAsker:
    """Ask on the terminal with arrow-key menus; print with plain ``print``."""

    def say(self, text: str = "") -> None:
        """Print a line and flush, so it shows before the next prompt redraws the screen."""
        print(text, flush=True)
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
            message,
            choices=items,
            default=default,
            instruction="(arrow keys, Enter to choose)",
        ).unsafe_ask()

    def text(self, message: str, default: str = "") -> str | None:
        """A line of free text."""
        return questionary.text(message, default=default).unsafe_ask()

    def confirm(self, message: str, default: bool = False) -> bool | None:
        """Yes or no; Enter takes ``default``."""
        return questionary.confirm(message, default=default).unsafe_ask()
