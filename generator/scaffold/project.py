"""``new_project``: render the template at a level into a new folder, then commit it in git."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import InputError, Interrupted, NoTerminalError, ScaffoldError
from generator.levels import MAX_LEVEL, check_level
from generator.scaffold.copier_errors import NO_TERMINAL_HINT, copier_errors
from generator.scaffold.gitutil import git, identity_args
from generator.scaffold.source import local_path, resolve_template, version_tags
from generator.scaffold.template_info import (
    LEVEL_KEY,
    LEVELS,
    check_data,
    read_answers,
    template_config,
)

Progress = Callable[[str], None]


@dataclass
class NewProjectReport:
    """What ``new_project`` made: where, at which level, from which template version."""

    path: Path
    level: int
    template: str
    template_version: str | None
    commit: str | None  # None when DEST is inside an existing repository (left to commit)
    notes: list[str] = field(default_factory=list)


def _choose_level(
    level: int | None, data: dict[str, Any], from_assessment: Path | None, notes: list[str]
) -> int | None:
    """The level to render: --level, else the assessment's, else a --data answer, else ask."""
    if level is not None:
        check_level(level, "The '--level' option", allowed=LEVELS)
    if LEVEL_KEY in data:
        given = str(data[LEVEL_KEY])
        if level is not None and given != str(level):
            raise InputError(
                f"--level {level} and --data {LEVEL_KEY}={given} disagree.",
                hint="Give the level once, with --level.",
            )
    if from_assessment is not None:
        from generator.result import load_result

        assessed = load_result(from_assessment).level
        if level is None:
            notes.append(f"Level {assessed} taken from the assessment {from_assessment}.")
            return check_level(assessed, f"The level of {from_assessment}", allowed=LEVELS)
        if assessed != level:
            notes.append(f"--level {level} wins over the level the assessment found ({assessed}).")
    return level


def template_request(
    command: str,
    level: int | None,
    data: dict[str, Any],
    from_assessment: Path | None,
    *,
    defaults: bool,
    interactive: bool | None,
    say: Progress,
) -> tuple[dict[str, Any], bool, list[str]]:
    """The answers to render with (the level chosen from --level, the assessment or --data),
    whether copier may ask, and the notes said about the level; refuses to ask when no
    terminal is attached."""
    notes: list[str] = []
    data = dict(data)
    chosen = _choose_level(level, data, from_assessment, notes)
    for note in notes:
        say(note)
    if chosen is not None:
        data[LEVEL_KEY] = chosen
    if interactive is None:
        interactive = sys.stdin is not None and sys.stdin.isatty()
    if not defaults and not interactive:
        raise NoTerminalError(
            f"'mlops-init {command}' asks the template's questions, and no terminal is attached.",
            hint=NO_TERMINAL_HINT,
        )
    return data, interactive, notes


def _dest_state(dest: Path) -> bool:
    """Refuse a destination that is a file or a non-empty folder; return True if it exists."""
    if not dest.exists():
        return False
    if not dest.is_dir():
        raise ScaffoldError(f"The destination '{dest}' exists and is not a folder.")
    entries = sorted(p.name for p in dest.iterdir())
    if entries:
        shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
        raise ScaffoldError(
            f"The destination '{dest}' is not empty ({len(entries)} entries: {shown}).",
            hint=(
                "Choose a new or empty folder. To raise the level of a project made by "
                "mlops-init, run 'mlops-init upgrade PATH --to N' instead."
            ),
        )
    return True


def _undo(dest: Path, existed: bool) -> None:
    """Put ``dest`` back as it was: removed if we created it, emptied if it was empty."""
    if not dest.exists():
        return
    if not existed:
        shutil.rmtree(dest, ignore_errors=True)
        return
    for child in dest.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)


def new_project(
    dest: Path,
    *,
    level: int | None,
    data: dict[str, Any],
    defaults: bool,
    template: str | None = None,
    template_version: str | None = None,
    from_assessment: Path | None = None,
    progress: Progress | None = None,
    interactive: bool | None = None,
) -> NewProjectReport:
    """Create a project at a maturity level in ``dest`` (absent or empty), committed in git.

    Without ``defaults`` copier asks the template's questions, which needs a terminal
    (``interactive`` defaults to whether stdin is one). On any failure or Ctrl-C, ``dest`` is
    put back as it was, so nothing half-written remains.
    """
    say = progress or (lambda _msg: None)
    dest = Path(dest).absolute()
    data, interactive, notes = template_request(
        "new", level, data, from_assessment, defaults=defaults, interactive=interactive, say=say
    )
    existed = _dest_state(dest)

    say("Preparing the template...")
    source = resolve_template(template)
    ref = template_version or source.ref
    check_data(template_config_at(source.url, ref), data)
    try:
        say("Rendering template...")
        from copier import run_copy

        with copier_errors("create the project"):
            run_copy(
                source.url,
                dest,
                data=data,
                vcs_ref=ref,
                defaults=defaults,
                overwrite=False,
                quiet=True,
                unsafe=False,
                cleanup_on_error=False,  # we undo ourselves, also on Ctrl-C
            )
        answers = read_answers(dest)
        if answers is None or answers.level is None:
            raise ScaffoldError(
                f"The template '{source.url}' did not write .copier-answers.yml with a "
                f"{LEVEL_KEY}; it is not an mlops-init template.",
            )
        version = answers.commit or "(untagged)"
        enclosing = _enclosing_repo(dest)
        if enclosing:
            # A nested repository would hide the project from the team's own repository.
            notes.append(
                f"{dest} is inside the git repository {enclosing}: no new repository was "
                "made. Commit the new files there before 'mlops-init upgrade'."
            )
            say(notes[-1])
            commit = None
        else:
            say("Creating git repository...")
            commit = _initial_commit(dest, version, answers.level)
    except KeyboardInterrupt:
        _undo(dest, existed)
        raise Interrupted(f"Interrupted: nothing was left in '{dest}'.") from None
    except BaseException:
        _undo(dest, existed)
        raise
    return NewProjectReport(dest, answers.level, source.url, answers.commit, commit, notes)


def template_config_at(url: str, ref: str | None) -> dict[str, Any] | None:
    """The template's copier.yml at the version copier will use (local templates only)."""
    path = local_path(url)
    if not path.is_dir():
        return None
    if ref is None:
        from packaging.version import Version

        tags = version_tags(path)
        ref = max(tags, key=Version) if tags else "HEAD"
    return template_config(path, ref)


def _enclosing_repo(dest: Path) -> str | None:
    """The top folder of the git work tree that already contains ``dest``, if any."""
    parent = dest.parent
    while not parent.exists():
        parent = parent.parent
    done = git(parent, "rev-parse", "--show-toplevel", check=False)
    return done.stdout.strip() if done.returncode == 0 else None


def _initial_commit(dest: Path, version: str, level: int) -> str:
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    message = f"Initial commit from mlops-init template {version} at level {level}"
    # --no-verify: the user's global hooks must not block the very first commit.
    git(dest, *identity_args(dest), "commit", "-q", "--no-verify", "-m", message)
    return git(dest, "rev-parse", "HEAD").stdout.strip()


def next_steps(dest: Path, level: int) -> list[str]:
    """The commands a team runs after creating the project."""
    lines = [
        "Next steps:",
        f"  cd {dest}",
        "  make setup    # create the virtual environment and install the project",
        "  make test     # run the project's tests",
        "  make train    # train and save the model",
        "  make serve    # start the prediction API",
    ]
    if level < MAX_LEVEL:
        lines.append(
            f"When the team is ready for level {level + 1}: mlops-init upgrade --to {level + 1}"
        )
    else:
        lines.append(f"Level {MAX_LEVEL} is the highest level.")
    return lines
