"""The one hierarchy of errors that mlops-init shows to a person.

Library code raises these; only ``generator.cli`` turns them into a message and an exit code
(see ``cli._call``). Anything else that escapes is a bug and keeps its traceback.

Exit codes: 2 for bad input or a refused request (nothing was written), 1 for an operation that
ran but needs the user's attention (e.g. merge conflicts after an upgrade), 130 for Ctrl-C.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: where it is and what to do about it.

    ``file`` is the path as the user gave it, ``key`` a dotted path inside the file
    (``answers.data-schema``), ``line`` 1-based where known.
    """

    message: str
    file: str | None = None
    key: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "")
        if self.key:
            where = f"{where}: {self.key}" if where else self.key
        return f"{where}: {self.message}" if where else self.message


class MlopsInitError(Exception):
    """Base of every error meant for the user rather than for a developer."""

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        problems: list[Problem] | tuple[Problem, ...] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems)
        self.hint = hint

    def render(self) -> str:
        """The full text shown to the user: message, one line per problem, then the hint."""
        lines = [self.message]
        lines += [f"  - {p}" for p in self.problems]
        if self.hint:
            lines.append(self.hint)
        return "\n".join(lines)


class InputError(MlopsInitError):
    """A file or option given by the user is missing, malformed or invalid."""


class BankError(InputError):
    """The assessment bank (``assessments/*.yaml``) is invalid."""


class AnswersError(InputError):
    """An answers file does not match the bank."""


class ResultFileError(InputError):
    """A saved result JSON cannot be read back."""


class OutputError(MlopsInitError):
    """A report or other output file could not be written; no partial file is left behind."""


class NoTerminalError(MlopsInitError):
    """An interactive command was started without a terminal."""


class Interrupted(MlopsInitError):
    """The user pressed Ctrl-C; what was done so far is safe."""

    exit_code = 130


class ScaffoldError(MlopsInitError):
    """Creating or upgrading a project was refused or failed; the project is unchanged."""


class ConflictsRemain(MlopsInitError):
    """An upgrade ran but left merge conflicts for the team to resolve."""

    exit_code = 1
