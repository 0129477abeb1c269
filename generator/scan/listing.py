"""Which files a scan looks at: the repository's own files, never what it ignores.

In a git work tree the list comes from ``git ls-files --cached --others --exclude-standard``
(tracked files plus untracked ones that ``.gitignore`` does not exclude), exactly what the team
sees as its project. Elsewhere (an exported archive, a folder without git) the tree is walked
without following directory symlinks, and every ``.gitignore`` met on the way is honoured with
``pathspec``'s implementation of git's rules.

Running git on a hostile repository is made safe: its config could name a command for
``core.fsmonitor`` that git would run, so that setting is forced off, prompts are disabled,
no optional locks are taken, and every call has a timeout. Any git failure falls back to the
walk; it never fails the scan.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pathspec

# Environment and cache folders: never the team's work, and often huge.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".ipynb_checkpoints",
    }
)

GIT_SAFETY = (
    "-c", "core.fsmonitor=false",
    "-c", "core.untrackedCache=false",
    "-c", "log.showSignature=false",
    "-c", "core.quotePath=false",
)  # fmt: skip


@dataclass
class Listing:
    """The relative, ``/``-separated paths of the files to consider, sorted."""

    paths: list[str]
    method: str  # "git" or "walk"
    truncated: bool = False


def run_git(root: Path, *args: str, timeout: float) -> str | None:
    """stdout of a read-only git command in ``root``, or None on any failure or timeout."""
    # GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE... (set inside git hooks, for instance) would make
    # git describe another repository than the one at ``root``: none is passed on.
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "LC_ALL": "C",
    }
    try:
        done = subprocess.run(
            ["git", *GIT_SAFETY, *args],
            cwd=root,
            capture_output=True,
            timeout=max(timeout, 0.1),
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="surrogateescape")


def list_files(root: Path, deadline: float) -> Listing:
    """The files of ``root`` to scan (see the module docstring); stops at ``deadline``."""
    # Outside a work tree (or inside a .git folder) ls-files fails and the tree is walked.
    out = run_git(
        root,
        "ls-files", "--cached", "--others", "--exclude-standard", "-z",
        timeout=_remaining(deadline),
    )  # fmt: skip
    if out is not None:
        paths = {p for p in out.split("\0") if p and not _in_skipped_dir(p)}
        return Listing(sorted(paths), "git")
    return _walk(root, deadline)


def _remaining(deadline: float) -> float:
    return max(deadline - time.monotonic(), 0.1)


def _in_skipped_dir(path: str) -> bool:
    return any(part in SKIPPED_DIRS for part in path.split("/")[:-1])


def _walk(root: Path, deadline: float) -> Listing:
    """List files without git: an explicit stack (no recursion limit on deep trees), directory
    symlinks never followed, environment folders and .gitignore'd paths left out."""
    paths: list[str] = []
    # (folder, its path relative to root with a trailing '/', the .gitignore specs in force)
    stack: list[tuple[str, str, list[tuple[str, pathspec.PathSpec]]]] = [(str(root), "", [])]
    truncated = False
    while stack:
        if time.monotonic() > deadline:
            truncated = True
            break
        current, rel_dir, specs = stack.pop()
        try:
            with os.scandir(current) as found:
                entries = list(found)
        except OSError:  # unreadable folder: nothing to list
            continue
        if any(e.name == ".gitignore" for e in entries):
            spec = _read_gitignore(Path(current) / ".gitignore")
            if spec is not None:
                specs = [*specs, (rel_dir, spec)]
        for entry in entries:
            rel = rel_dir + entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if entry.name not in SKIPPED_DIRS and not _ignored(specs, rel + "/"):
                    stack.append((entry.path, rel + "/", specs))
            elif not _ignored(specs, rel):
                paths.append(rel)
    return Listing(sorted(paths), "walk", truncated)


def _ignored(specs: list[tuple[str, pathspec.PathSpec]], rel: str) -> bool:
    """Whether the applicable .gitignore files exclude ``rel`` (folders end with '/').

    As in git, the deepest .gitignore with a rule about the path decides, so a folder's
    ``!keep.log`` re-includes what the root's ``*.log`` excluded.
    """
    for prefix, spec in reversed(specs):
        decision = spec.check_file(rel[len(prefix) :]).include
        if decision is not None:
            return decision
    return False


def _read_gitignore(path: Path) -> pathspec.PathSpec | None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return pathspec.GitIgnoreSpec.from_lines(text.splitlines())
