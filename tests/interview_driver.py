"""A scripted stand-in for the terminal, to drive the interview flow in unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INTERVIEW_BANK = Path(__file__).resolve().parent / "fixtures" / "interview_bank"

# Sentinel replies: raise Ctrl-C, or answer None as questionary's ask() does on abort.
CTRL_C = KeyboardInterrupt
ABORT = None


@dataclass
class ScriptedAsker:
    """Answers each prompt with the next reply of ``script``; records everything shown.

    ``transcript`` holds said lines and prompts in order (prompts as ``"? message"``),
    ``asked`` the messages of select prompts only. Running out of replies fails the test.
    """

    script: list[Any]
    transcript: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    choices: list[list[tuple[str, str]]] = field(default_factory=list)

    def _reply(self, message: str) -> Any:
        self.transcript.append(f"? {message}")
        if not self.script:
            raise AssertionError(f"the script has no reply left for: {message}")
        reply = self.script.pop(0)
        if reply is CTRL_C:
            raise KeyboardInterrupt
        return reply

    def say(self, text: str = "") -> None:
        self.transcript.extend(text.split("\n"))

    def select(
        self, message: str, choices: Sequence[tuple[str, str]], default: str | None = None
    ) -> str | None:
        self.asked.append(message)
        self.choices.append(list(choices))
        reply = self._reply(message)
        if reply is not None:
            assert reply in [value for value, _ in choices], f"{reply!r} is not offered"
        return reply

    def text(self, message: str, default: str = "") -> str | None:
        return self._reply(message)

    def confirm(self, message: str, default: bool = False) -> bool | None:
        return self._reply(message)

    @property
    def output(self) -> str:
        return "\n".join(self.transcript)
