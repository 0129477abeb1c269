"""(Re)write the include stubs of every template level from templates/levels.yaml.

Copier renders ONE folder, templates/level{N}, so each level folder must list every file of
its level. The real content lives once in templates/shared/; every level file is a one-line
stub ``{% include 'templates/shared/<path>.jinja' %}`` (no trailing newline: a newline after the
include would add a blank line to the rendered file). templates/levels.yaml maps each project
path to the first level that has it, so a file present at level N is present at every higher
level (a file missing at a higher level would be DELETED by copier on a raise).

The tool only ever writes a missing stub or removes a stub it wrote itself: a file in a level
folder that is not exactly the stub for its own path (a contributor's new file, a hand-edited
stub) is never removed or overwritten. The tool then stops with exit code 2, names the file and
says where its content belongs (templates/shared/<path>.jinja, listed in templates/levels.yaml),
and changes nothing.

Usage (from the repository root):
    python tools/sync_template_levels.py          # write/remove stubs to match the manifest
    python tools/sync_template_levels.py --check  # exit 1 and list differences, change nothing
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

LEVELS = (0, 1, 2)
SUFFIX = ".jinja"
SHARED = "shared"
# Files under shared/ that are not project files (macros, data tables), never stubbed.
SHARED_LIBRARY = "_lib"
REPO_ROOT = Path(__file__).resolve().parent.parent


class ManifestError(ValueError):
    """templates/levels.yaml is malformed or disagrees with templates/shared/."""


class RefusedChange(ValueError):
    """A change would remove or overwrite a level file that is not a stub this tool wrote."""


@dataclass(frozen=True)
class Change:
    """One difference between the level folders and the manifest."""

    action: str  # "write" | "remove"
    path: Path

    def __str__(self) -> str:
        return f"{self.action}: {self.path}"


def stub_text(project_path: str) -> str:
    """The exact content of the level stub for ``project_path`` (no trailing newline)."""
    return "{% include 'templates/" + SHARED + "/" + project_path + SUFFIX + "' %}"


def is_generated_stub(templates_dir: Path, rel: Path) -> bool:
    """Whether ``templates_dir / rel`` (``levelN/<path>.jinja``) is exactly the stub this tool
    writes for ``<path>``: nothing added, nothing edited, no trailing newline."""
    inner = Path(*rel.parts[1:]).as_posix()
    if not inner.endswith(SUFFIX):
        return False
    expected = stub_text(inner.removesuffix(SUFFIX)).encode("utf-8")
    return (templates_dir / rel).read_bytes() == expected


def refusals(templates_dir: Path, changes: list[Change]) -> list[str]:
    """Why each change that would lose a contributor's file is refused, with what to do."""
    listed = load_manifest(templates_dir)
    problems = []
    for change in changes:
        target = templates_dir / change.path
        if not target.is_file() or is_generated_stub(templates_dir, change.path):
            continue
        shown = f"{templates_dir.name}/{change.path.as_posix()}"
        project_path = Path(*change.path.parts[1:]).as_posix().removesuffix(SUFFIX)
        level = change.path.parts[0].removeprefix("level")
        content = f"{templates_dir.name}/{SHARED}/{project_path}{SUFFIX}"
        verb = "overwrite" if change.action == "write" else "remove"
        if project_path in listed:
            where = (
                f"move its content to {content} (already listed in "
                f"{templates_dir.name}/levels.yaml; guard level-only parts with "
                f"{{% if maturity_level >= {level} %}})"
            )
        else:
            where = (
                f"move its content to {content} and add it to {templates_dir.name}/levels.yaml "
                f"('\"{project_path}\": {level}', its first level)"
            )
        problems.append(
            f"{shown} is not a stub written by tools/sync_template_levels.py (a level file is "
            f"exactly {stub_text(project_path)!r}), so the tool will not {verb} it. To keep "
            f"it, {where}; then delete {shown} and run python tools/sync_template_levels.py "
            "again."
        )
    return problems


def load_manifest(templates_dir: Path) -> dict[str, int]:
    """Read ``levels.yaml``: project path -> first level; every entry must have its content."""
    manifest_path = templates_dir / "levels.yaml"
    data = yaml.safe_load(manifest_path.read_text(encoding="utf-8")) or {}
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise ManifestError(f"{manifest_path}: a non-empty 'files' mapping is required.")
    problems = []
    for path, level in files.items():
        if level not in LEVELS:
            problems.append(f"The level of '{path}' must be one of 0, 1, 2. Got {level!r} instead.")
        if path.endswith(SUFFIX):
            problems.append(f"'{path}' must be listed without the {SUFFIX} suffix.")
        if not (templates_dir / SHARED / (path + SUFFIX)).is_file():
            problems.append(f"'{path}' has no content file {SHARED}/{path}{SUFFIX}.")
    if problems:
        raise ManifestError(f"{manifest_path}:\n  " + "\n  ".join(problems))
    return files


def unlisted_shared_files(templates_dir: Path) -> list[str]:
    """Problems for content files in ``shared/`` that the manifest does not list.

    Such a file is in no level, so it never reaches a project: usually a forgotten manifest
    entry. Helper templates belong under ``shared/_lib/``.
    """
    listed = {path + SUFFIX for path in load_manifest(templates_dir)}
    problems = []
    for shared_file in sorted((templates_dir / SHARED).rglob("*")):
        rel = shared_file.relative_to(templates_dir / SHARED).as_posix()
        if shared_file.is_dir() or rel.startswith(SHARED_LIBRARY + "/"):
            continue
        if "__pycache__" in rel or rel.endswith(".pyc"):
            continue
        if rel not in listed:
            problems.append(
                f"{SHARED}/{rel} is not in levels.yaml: add it with its first level, "
                f"or move helper templates under {SHARED}/{SHARED_LIBRARY}/."
            )
    return problems


def expected_stubs(templates_dir: Path) -> dict[Path, str]:
    """Every stub file (relative to ``templates_dir``) the manifest asks for, with its text."""
    stubs = {}
    for path, first in load_manifest(templates_dir).items():
        for level in LEVELS:
            if level >= first:
                stubs[Path(f"level{level}") / (path + SUFFIX)] = stub_text(path)
    return stubs


def plan(templates_dir: Path) -> list[Change]:
    """The writes and removals that would make the level folders match the manifest."""
    wanted = expected_stubs(templates_dir)
    changes = []
    for rel, text in sorted(wanted.items()):
        target = templates_dir / rel
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            changes.append(Change("write", rel))
    for level in LEVELS:
        level_dir = templates_dir / f"level{level}"
        if not level_dir.is_dir():
            continue
        for existing in sorted(level_dir.rglob("*")):
            rel = existing.relative_to(templates_dir)
            if existing.is_file() and rel not in wanted:
                changes.append(Change("remove", rel))
    return changes


def apply(templates_dir: Path, changes: list[Change]) -> None:
    """Carry out ``changes``; drop folders left empty (copier would copy them empty).

    Raises ``RefusedChange`` (before changing anything) if a change would remove or overwrite
    a file that is not a stub this tool wrote.
    """
    refused = refusals(templates_dir, changes)
    if refused:
        raise RefusedChange("\n".join(refused))
    wanted = expected_stubs(templates_dir)
    for change in changes:
        target = templates_dir / change.path
        if change.action == "write":
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(wanted[change.path], encoding="utf-8")
        else:
            target.unlink()
    for level in LEVELS:
        level_dir = templates_dir / f"level{level}"
        for folder in sorted(level_dir.rglob("*"), key=lambda p: len(p.parts), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: sync (default) or ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report differences, change nothing")
    parser.add_argument("--templates", type=Path, default=REPO_ROOT / "templates")
    args = parser.parse_args(argv)
    try:
        changes = plan(args.templates)
        unlisted = unlisted_shared_files(args.templates)
        refused = refusals(args.templates, changes)
    except ManifestError as error:
        print(error, file=sys.stderr)
        return 2
    if refused:
        for problem in refused:
            print(problem, file=sys.stderr)
        print("Nothing was changed.", file=sys.stderr)
        return 2
    for change in changes:
        print(change)
    for problem in unlisted:
        print(problem, file=sys.stderr)
    if not args.check:
        apply(args.templates, changes)
        changes = []
    return 1 if changes or unlisted else 0


if __name__ == "__main__":
    sys.exit(main())
