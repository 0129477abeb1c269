"""Repository shape: what a scan covers, and what it reports about that.

- A **template repository** (cookiecutter, copier, Databricks bundle templates) is scanned as
  the project it renders: the scan goes into the template folder, template suffixes
  (``.jinja``, ``.j2``, ``.tmpl``) are stripped from names, and the template's own CI and
  tests (which test the template, not the project) are left out.
- A **sub-folder** of a repository counts only its own files, plus the root's CI jobs whose
  path filters, working directory or commands point into it.
- A **monorepo**: folders that each hold a project (a package or requirements file, or a
  Dockerfile, beside code) are listed as the projects found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.scan.listing import run_git

_PROJECT_MARKERS = (
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "environment.yml",
)


@dataclass
class ScanScope:
    """What a scan covered (JSON-serialisable with ``dataclasses.asdict``).

    ``root``: the folder given to the scan. ``subfolder``: its path inside the repository when
    it is not the repository's root (None otherwise). ``project_root``: the folder actually
    scanned when it differs from ``root`` (a template's project folder). ``files_listed`` /
    ``files_read``: files considered / whose text was read. ``skipped``: files not read, counted
    by reason; ``skipped_examples``: up to 20 of them as ``{"path", "reason"}``. ``projects``:
    the folders holding a project, when the repository holds several. ``template``: the kind of
    template repository (``cookiecutter``, ``copier``, ``databricks``) or None.
    ``extractors``: the extractors that found something. ``elapsed_s``: time taken.
    """

    root: str
    subfolder: str | None = None
    project_root: str | None = None
    files_listed: int = 0
    files_read: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    skipped_examples: list[dict[str, str]] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    template: str | None = None
    extractors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0


SKIP_REASONS = {
    "too_large": "over 1 MiB",
    "binary": "binary",
    "symlink": "a symbolic link (not followed)",
    "not_a_file": "not a regular file",
    "unreadable": "unreadable",
    "template": "template file read as rendered",
    "template_self_test": "the template's own tests and CI (they test the template)",
}


@dataclass
class Shape:
    scan_root: Path  # the folder whose files are listed
    repo_root: Path | None  # the git work tree's top, when there is one
    subfolder: str | None  # scan_root relative to repo_root, when inside it
    template: str | None
    template_outside: list[str] = field(default_factory=list)  # template files not scanned


def detect(root: Path, timeout: float) -> Shape:
    """Where the scan goes and what kind of repository it is."""
    top = run_git(root, "rev-parse", "--show-toplevel", timeout=timeout)
    repo_root = Path(top.strip()) if top and top.strip() else None
    subfolder = None
    if repo_root is not None:
        try:
            rel = root.resolve().relative_to(repo_root.resolve()).as_posix()
        except ValueError:
            rel = "."
        subfolder = None if rel in ("", ".") else rel
    # The folder scanned is itself a template's project folder ({{ cookiecutter.x }}).
    if "{{" in root.name or "{%" in root.name:
        return Shape(root, repo_root, subfolder, _template_kind(root.parent) or "cookiecutter")
    kind = _template_kind(root)
    if kind is not None:
        project = _template_project(root, kind)
        if project is not None:
            return Shape(project, repo_root, subfolder, kind)
    return Shape(root, repo_root, subfolder, None)


def _template_kind(folder: Path) -> str | None:
    if (folder / "cookiecutter.json").is_file() or (folder / "ccds.json").is_file():
        return "cookiecutter"
    if (folder / "copier.yml").is_file() or (folder / "copier.yaml").is_file():
        return "copier"
    if (folder / "databricks_template_schema.json").is_file():
        return "databricks"
    return None


def _template_project(root: Path, kind: str) -> Path | None:
    """The folder a template renders as the project."""
    if kind == "copier":
        for name in ("copier.yml", "copier.yaml"):
            path = root / name
            if path.is_file():
                for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                    if line.startswith("_subdirectory:"):
                        sub = line.split(":", 1)[1].strip().strip("'\"")
                        if sub and (root / sub).is_dir():
                            return root / sub
        return root
    if kind == "databricks":
        try:
            data = json.loads((root / "databricks_template_schema.json").read_text())
        except (OSError, ValueError):
            data = {}
        del data
        if (root / "template").is_dir():
            return root / "template"
    for child in sorted(root.iterdir()):
        if child.is_dir() and "{{" in child.name:
            return child
    return None


def projects(paths: list[str]) -> list[str]:
    """Folders (up to two levels deep) that each hold a project, when there are several."""
    found: set[str] = set()
    code_dirs: set[str] = set()
    for rel in paths:
        parts = rel.split("/")
        if len(parts) > 3:
            continue
        folder = "/".join(parts[:-1])
        if parts[-1] in _PROJECT_MARKERS or parts[-1] == "Dockerfile":
            found.add(folder)
        if rel.endswith((".py", ".ipynb")):
            code_dirs.add(folder)
    candidates = sorted(f for f in found if f)
    with_code = [f for f in candidates if any(c == f or c.startswith(f + "/") for c in code_dirs)]
    # nested markers (a project's docker/ folder) belong to the outer project
    outer = [f for f in with_code if not any(f.startswith(o + "/") for o in with_code if o != f)]
    return outer if len(outer) >= 2 else []
