"""Small git helpers for the scaffold: run git, commit with a fallback identity, read status."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from generator.errors import ScaffoldError

# Used only when the user has no git identity configured, so the first commit never fails on a
# fresh machine (CI runners, containers). The user's own identity always wins.
FALLBACK_IDENTITY = ("-c", "user.name=mlops-init", "-c", "user.email=mlops-init@localhost")


def git(
    cwd: Path,
    *args: str,
    check: bool = True,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``git args`` in ``cwd``; a failure becomes :class:`ScaffoldError` with git's words.

    ``env`` entries are added to the current environment.
    """
    full_env = {**os.environ, **env} if env else None
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            check=False,
            input=input,
            env=full_env,
        )
    except FileNotFoundError:
        if not Path(cwd).is_dir():
            raise ScaffoldError(f"The folder '{cwd}' does not exist.") from None
        raise ScaffoldError(
            "git is not installed or not on PATH.",
            hint="Install git (https://git-scm.com/downloads): copier needs it.",
        ) from None
    if check and done.returncode != 0:
        raise ScaffoldError(
            f"'git {' '.join(args)}' failed in {cwd}.",
            hint=(done.stderr or done.stdout).strip() or None,
        )
    return done


def identity_args(cwd: Path) -> tuple[str, ...]:
    """``-c user.*`` options to add when git cannot work out who is committing, else nothing."""
    has_identity = git(cwd, "var", "GIT_COMMITTER_IDENT", check=False).returncode == 0
    return () if has_identity else FALLBACK_IDENTITY


def is_work_tree_root(path: Path) -> bool:
    """True when ``path`` is the top folder of a git work tree."""
    done = git(path, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        return False
    return Path(done.stdout.strip()).resolve() == path.resolve()


def is_inside_work_tree(path: Path) -> bool:
    """True when ``path`` is inside a git work tree (at any depth)."""
    done = git(path, "rev-parse", "--is-inside-work-tree", check=False)
    return done.returncode == 0 and done.stdout.strip() == "true"


def status_paths(path: Path) -> dict[str, str]:
    """``{path: XY}`` of every changed or untracked file under ``path`` (``git status``)."""
    out = git(path, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".").stdout
    entries = out.split("\0")
    result: dict[str, str] = {}
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if not entry:
            continue
        code, name = entry[:2], entry[3:]
        if code[0] in "RC":  # a rename is followed by its old name, which we skip
            i += 1
        result[name] = code
    return result
