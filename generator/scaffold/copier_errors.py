"""Turn copier's exceptions into mlops-init's user-facing errors."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from generator.errors import NoTerminalError, ScaffoldError

NO_TERMINAL_HINT = (
    "Run it in a terminal to answer the template's questions, or pass --defaults "
    "(and --data KEY=VALUE for the answers you want to set)."
)


@contextlib.contextmanager
def copier_errors(action: str) -> Iterator[None]:
    """Convert copier's errors raised in the block; ``action`` completes 'Copier could not ...'.

    KeyboardInterrupt (also copier's ``CopierAnswersInterrupt``) passes through untouched so
    the caller can clean up and report the interruption.
    """
    from copier.errors import (
        CopierError,
        InteractiveSessionError,
        UnsafeTemplateError,
        UserMessageError,
    )
    from plumbum.commands.processes import ProcessExecutionError

    try:
        yield
    except KeyboardInterrupt:
        raise
    except InteractiveSessionError:
        raise NoTerminalError(
            "The template's questions need a terminal, and none is attached.",
            hint=NO_TERMINAL_HINT,
        ) from None
    except UnsafeTemplateError as exc:
        raise ScaffoldError(
            f"Copier could not {action}: the template wants to run tasks or extensions.",
            hint=f"mlops-init never runs template code it did not ship. ({exc})",
        ) from None
    except ProcessExecutionError as exc:
        # A git command copier ran failed (e.g. a template version that is not there).
        detail = (exc.stderr or exc.stdout or "").strip().splitlines()
        raise ScaffoldError(
            f"Copier could not {action}: a git command failed.",
            hint=detail[-1] if detail else None,
        ) from None
    except UserMessageError as exc:
        raise ScaffoldError(f"Copier could not {action}: {exc}") from None
    except CopierError as exc:
        raise ScaffoldError(f"Copier could not {action}: {exc}") from None
    except ValueError as exc:
        text = str(exc)
        if "question" in text.lower() or text.startswith("Invalid choice"):
            # Copier reports invalid answers (validators in copier.yml, choices, a required
            # question without an answer) as ValueError; its message names the question.
            raise ScaffoldError(
                f"The template refused an answer: {text}",
                hint="Fix the value given with --data KEY=VALUE (or answer differently).",
            ) from None
        raise ScaffoldError(f"Copier could not {action}: {text}") from None
