"""After an upgrade: what the update changed, which components arrived, what needs a hand."""

from __future__ import annotations

from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from generator.scaffold.gitutil import git, status_paths

CONFLICT_MARKER = "<<<<<<< before updating"


@dataclass(frozen=True)
class ComponentInfo:
    """A template component (assessments/components.yaml) that an upgrade added."""

    id: str
    name: str
    level: int
    files: tuple[str, ...]


@dataclass
class Changes:
    """The project's working-tree changes after ``copier update``, relative to HEAD."""

    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)


def tracked_files(project: Path) -> list[str]:
    """Files git tracks in the project (paths relative to the project)."""
    out = git(project, "ls-files", "-z", "--full-name", "--", ".").stdout
    prefix = _prefix(project)
    return sorted(p[len(prefix) :] for p in out.split("\0") if p)


def _prefix(project: Path) -> str:
    """The project's folder relative to its git top level, as a path prefix ('' at the top)."""
    return git(project, "rev-parse", "--show-prefix").stdout.strip()


def collect_changes(project: Path) -> Changes:
    """Read ``git status`` (and the conflict markers copier writes) into :class:`Changes`."""
    prefix = _prefix(project)
    changes = Changes()
    for name, code in sorted(status_paths(project).items()):
        rel = name[len(prefix) :] if name.startswith(prefix) else name
        if "U" in code or code in ("AA", "DD"):
            changes.conflicts.append(rel)
        elif code == "??" or "A" in code:
            changes.added.append(rel)
        elif "D" in code:
            changes.deleted.append(rel)
        else:
            changes.modified.append(rel)
        if rel.endswith(".rej"):
            changes.rejects.append(rel)
    unmerged = git(project, "diff", "--name-only", "--diff-filter=U", "--relative").stdout
    for rel in unmerged.splitlines():
        if rel and rel not in changes.conflicts:
            changes.conflicts.append(rel)
    # Copier's inline conflicts are not always registered as unmerged (new files, some git
    # versions): look for its markers in every file the update touched.
    for rel in changes.added + changes.modified:
        if rel not in changes.conflicts and _has_marker(project / rel):
            changes.conflicts.append(rel)
    changes.conflicts.sort()
    return changes


def _has_marker(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return CONFLICT_MARKER.encode() in handle.read()
    except OSError:
        return False


def added_components(before: list[str], added: list[str]) -> list[ComponentInfo]:
    """Components of the bank with a file among ``added`` and none among ``before``."""
    from generator.bank import load_bank

    found = []
    for component in load_bank().components:

        def matches(files: list[str], globs: list[str] = component.paths) -> list[str]:
            return [f for f in files if any(fnmatchcase(f, g) for g in globs)]

        new_files = matches(added)
        if new_files and not matches(before):
            found.append(
                ComponentInfo(component.id, component.name, component.level, tuple(new_files))
            )
    return found
