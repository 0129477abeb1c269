"""``adopt_project``: bring an existing git repository under the template at a level.

Nothing of the team's is lost or silently changed:

- the template is rendered into a temporary folder first; the repository is touched only
  after the render succeeded, and a failure or Ctrl-C while writing undoes every write;
- a template file the repository lacks is added;
- a file the repository already has stays byte-identical ("kept"). The template's version
  is written for reference under ``.mlops-init/template/<path>``, a folder that ignores
  itself (its own ``.gitignore`` holds ``*``): the team's folders get no stray copies, git,
  linters that honour ``.gitignore`` (ruff) or skip hidden folders (pytest) and mlops-init's
  evidence scan never see them, and they are never committed, so they cannot go stale after
  a later upgrade. ``merge=True`` instead writes a two-way merge of both versions into the
  team's file, with conflict markers where they differ;
- ``.copier-answers.yml`` records the template (portable source, version tag) and the
  answers, so ``mlops-init upgrade`` and plain ``copier update`` are real three-way updates
  afterwards: copier re-renders the recorded version as the base, so each kept file counts
  as the team's edit of the template's file and is merged, never replaced.

The repository must be a clean git work tree (its files are then all recoverable from git)
without a ``.copier-answers.yml``.
"""

from __future__ import annotations

import configparser
import contextlib
import csv
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import Interrupted, Problem, ScaffoldError
from generator.scaffold.copier_errors import copier_errors
from generator.scaffold.gitutil import git, is_inside_work_tree, status_paths
from generator.scaffold.project import template_config_at, template_request
from generator.scaffold.source import resolve_template
from generator.scaffold.template_info import (
    ANSWERS_FILE,
    LEVEL_KEY,
    check_data,
    read_answers,
)

Progress = Callable[[str], None]

REFERENCE_DIR = ".mlops-init/template"
MERGE_LABELS = ("your version", "base", "mlops-init template")
PYTHON_CHOICES = ("3.11", "3.12", "3.13")
# Package names the template refuses (it would shadow them) or that name a folder, not code.
_NOT_A_PACKAGE = {"src", "model", "models", "notebooks", "configs", "docs", "tests", "test"}
_TARGET_NAMES = ("target", "label", "y", "class", "outcome")
_MAX_SCAN_FILES = 20_000


@dataclass(frozen=True)
class Suggestion:
    """An answer read from the repository: the question, the value, where it came from."""

    key: str
    value: str
    source: str


@dataclass
class Suggestions:
    """What :func:`suggest_answers` could and could not tell from the repository."""

    found: list[Suggestion] = field(default_factory=list)
    missing: dict[str, str] = field(default_factory=dict)  # question -> why not

    def as_defaults(self) -> dict[str, str]:
        return {s.key: s.value for s in self.found}


@dataclass
class AdoptReport:
    """What ``adopt_project`` did. Paths are relative to the repository."""

    path: Path
    level: int
    template: str
    template_version: str | None
    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # team's file unchanged; reference written
    merged: list[str] = field(default_factory=list)  # merged cleanly into the team's file
    conflicts: list[str] = field(default_factory=list)  # merged with conflict markers
    identical: list[str] = field(default_factory=list)  # already the template's bytes
    ignored: list[str] = field(default_factory=list)  # added, but the team's .gitignore hides it
    reference_dir: str | None = None
    suggestions: Suggestions = field(default_factory=Suggestions)
    notes: list[str] = field(default_factory=list)


# --- suggestions -----------------------------------------------------------------------------


def suggest_answers(repo: Path) -> Suggestions:
    """Answers to the template's questions read from ``repo``'s own files.

    Package and project name (pyproject.toml, setup.cfg, the ``src/`` layout), minimum Python
    version (``requires-python``, ``python_requires``, ``.python-version``), the dataset (a
    CSV under ``data/``, its target column when one is named like a target), and the CI
    provider (``.github/workflows``, ``.gitlab-ci.yml``). Each question that cannot be told
    is listed with the reason.
    """
    repo = Path(repo)
    files = _listed_files(repo)
    out = Suggestions()
    meta = _project_metadata(repo)

    name, where = meta.get("name"), meta.get("name_source")
    if name:
        out.found.append(Suggestion("project_name", name, where or "pyproject.toml"))
    else:
        out.found.append(Suggestion("project_name", repo.resolve().name, "the folder name"))

    package, why = _package_name(files, name, repo.resolve().name)
    if package:
        out.found.append(Suggestion("package_name", package[0], package[1]))
    else:
        out.missing["package_name"] = why

    python, why = _python_version(repo, meta)
    if python:
        out.found.append(Suggestion("python_version", python[0], python[1]))
    else:
        out.missing["python_version"] = why

    csvs = sorted((f for f in files if _is_data_csv(f)), key=_csv_preference)
    if csvs:
        chosen = csvs[0]
        more = f" (the first of {len(csvs)} CSV files, data/ first)" if len(csvs) > 1 else ""
        out.found.append(Suggestion("dataset", "csv", f"{chosen}{more}"))
        out.found.append(Suggestion("csv_path", chosen, "the CSV file found"))
        column = _target_column(repo / chosen)
        if column:
            out.found.append(Suggestion("target_column", column, f"the header of {chosen}"))
        else:
            out.missing["target_column"] = (
                f"no column of {chosen} is named like a target ({', '.join(_TARGET_NAMES)}) "
                "or after the file"
            )
    else:
        out.missing["dataset"] = "no CSV file in the repository"

    if any(f.startswith(".github/workflows/") for f in files):
        out.found.append(Suggestion("ci_provider", "github", ".github/workflows/"))
    elif ".gitlab-ci.yml" in files:
        out.found.append(Suggestion("ci_provider", "gitlab", ".gitlab-ci.yml"))
    else:
        out.missing["ci_provider"] = "no .github/workflows/ nor .gitlab-ci.yml"
    return out


def _is_data_csv(rel: str) -> bool:
    """A tracked CSV that can be training data (not a test fixture, not in a hidden folder)."""
    parts = rel.split("/")
    return (
        rel.lower().endswith(".csv")
        and not any(p.startswith(".") for p in parts[:-1])
        and not any(p in {"tests", "test", "fixtures"} for p in parts[:-1])
    )


def _csv_preference(rel: str) -> tuple[int, int, str]:
    """data/raw/ first, then data/, then anywhere; shallower paths first."""
    rank = 0 if rel.startswith("data/raw/") else 1 if rel.startswith("data/") else 2
    return rank, rel.count("/"), rel


def _listed_files(repo: Path) -> list[str]:
    """The repository's tracked files (what the team sees as its project)."""
    done = git(repo, "ls-files", "-z", "--", ".", check=False)
    names = [n for n in done.stdout.split("\0") if n] if done.returncode == 0 else []
    return names[:_MAX_SCAN_FILES]


def _project_metadata(repo: Path) -> dict[str, Any]:
    """``name`` and ``requires-python`` from pyproject.toml, else setup.cfg."""
    meta: dict[str, Any] = {}
    pyproject = repo / "pyproject.toml"
    if pyproject.is_file():
        try:
            data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            data = {}
        project = data.get("project") if isinstance(data.get("project"), dict) else {}
        tool = data.get("tool") if isinstance(data.get("tool"), dict) else {}
        poetry = tool.get("poetry") if isinstance(tool.get("poetry"), dict) else {}
        for table, label in ((project, "[project]"), (poetry, "[tool.poetry]")):
            if isinstance(table.get("name"), str) and "name" not in meta:
                meta["name"] = table["name"]
                meta["name_source"] = f"pyproject.toml {label} name"
        if isinstance(project.get("requires-python"), str):
            meta["python"] = (project["requires-python"], "pyproject.toml requires-python")
        deps = poetry.get("dependencies")
        if "python" not in meta and isinstance(deps, dict) and isinstance(deps.get("python"), str):
            meta["python"] = (deps["python"], "pyproject.toml [tool.poetry.dependencies] python")
    setup_cfg = repo / "setup.cfg"
    if setup_cfg.is_file() and ("name" not in meta or "python" not in meta):
        parser = configparser.ConfigParser()
        with contextlib.suppress(configparser.Error, UnicodeDecodeError, OSError):
            parser.read(setup_cfg, encoding="utf-8")
            if "name" not in meta and parser.has_option("metadata", "name"):
                meta["name"] = parser.get("metadata", "name").strip()
                meta["name_source"] = "setup.cfg [metadata] name"
            if "python" not in meta and parser.has_option("options", "python_requires"):
                meta["python"] = (
                    parser.get("options", "python_requires").strip(),
                    "setup.cfg python_requires",
                )
    return meta


def _identifier(name: str) -> str:
    return re.sub(r"^_+|_+$", "", re.sub(r"[^a-z0-9]+", "_", name.strip().lower()))


def _package_problem(name: str) -> str | None:
    """Why the template would refuse ``name`` as its package name, or None."""
    if not re.match(r"^[a-z][a-z0-9_]*$", name) or len(name) > 32:
        return "is not a short lowercase Python identifier"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword"
    if name in sys.stdlib_module_names or name in _NOT_A_PACKAGE:
        return "would shadow a standard-library module or names a folder"
    return None


def _package_name(
    files: list[str], project_name: str | None, folder: str
) -> tuple[tuple[str, str] | None, str]:
    """The package the template's code should live in, with where it was found: the team's
    package under ``src/`` when it is the only one or matches the project name, else the
    project name (package metadata, else the folder name) as an identifier."""
    src_packages = sorted(
        {f.split("/")[1] for f in files if re.match(r"^src/[^/]+/__init__\.py$", f)}
    )
    wanted = _identifier(project_name) if project_name else None
    if wanted and wanted in src_packages and not _package_problem(wanted):
        return (wanted, f"src/{wanted}/ (matches the project name)"), ""
    if len(src_packages) == 1 and not _package_problem(src_packages[0]):
        return (src_packages[0], f"src/{src_packages[0]}/"), ""
    if src_packages:
        shown = ", ".join(src_packages[:5])
        return None, (
            f"src/ holds packages ({shown}) that are not one project package; the "
            "template's package is named after the project name"
        )
    if wanted and not _package_problem(wanted):
        return (wanted, "the project name in the package metadata"), ""
    from_folder = _identifier(folder)
    if not project_name and from_folder and not _package_problem(from_folder):
        return (from_folder, "the folder name"), ""
    name = wanted or from_folder
    return None, f"the project name gives '{name}', which {_package_problem(name)}"


def _python_version(repo: Path, meta: dict[str, Any]) -> tuple[tuple[str, str] | None, str]:
    """The lowest Python the team supports, if the template offers it."""
    candidates: list[tuple[str, str]] = []
    if "python" in meta:
        candidates.append(meta["python"])
    dot = repo / ".python-version"
    if dot.is_file():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            first = dot.read_text(encoding="utf-8").strip().splitlines()
            if first:
                candidates.append((first[0], ".python-version"))
    for spec, where in candidates:
        found = re.search(r"(\d+)\.(\d+)", spec)
        if not found:
            continue
        version = f"{found.group(1)}.{found.group(2)}"
        if version in PYTHON_CHOICES:
            return (version, where), ""
        return None, (
            f"{where} says {spec.strip()}, and the template supports {', '.join(PYTHON_CHOICES)}"
        )
    return None, "no requires-python, python_requires or .python-version"


def _target_column(path: Path) -> str | None:
    """A column named like a target (``target``, ``label``...), else one named after the
    file (``churned`` in ``churn.csv``)."""
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle), [])
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    by_lower = {h.strip().lower(): h.strip() for h in header if h.strip()}
    named = next((by_lower[n] for n in _TARGET_NAMES if n in by_lower), None)
    stem = path.stem.lower()
    if named or len(stem) < 3:
        return named
    return next((h for low, h in by_lower.items() if low.startswith(stem)), None)


# --- adopt -----------------------------------------------------------------------------------


def adopt_project(
    path: Path,
    *,
    level: int | None,
    data: dict[str, Any],
    defaults: bool,
    template: str | None = None,
    template_version: str | None = None,
    from_assessment: Path | None = None,
    merge: bool = False,
    progress: Progress | None = None,
    interactive: bool | None = None,
) -> AdoptReport:
    """Bring the clean git repository at ``path`` under the template at a maturity level.

    Answers: ``data`` wins, then what :func:`suggest_answers` reads from the repository, then
    the template's defaults (``defaults``) or the person at the terminal (copier asks, with the
    suggestions as defaults). The changes are left uncommitted for review. Raises
    :class:`ScaffoldError` (nothing changed) when the repository cannot be adopted and
    :class:`Interrupted` on Ctrl-C, after putting every file back.
    """
    say = progress or (lambda _msg: None)
    repo = Path(path).absolute()
    data, interactive, notes = template_request(
        "adopt", level, data, from_assessment, defaults=defaults, interactive=interactive, say=say
    )
    _check_repository(repo)

    suggestions = suggest_answers(repo)
    for s in suggestions.found:
        if s.key not in data:
            say(f"Suggested {s.key} = {s.value!r} (from {s.source})")
    for key, why in suggestions.missing.items():
        if key not in data:
            say(f"Could not guess {key}: {why}; the template's default applies.")
    user_defaults = {k: v for k, v in suggestions.as_defaults().items() if k not in data}

    say("Preparing the template...")
    source = resolve_template(template)
    ref = template_version or source.ref
    check_data(template_config_at(source.url, ref), data)
    scratch = Path(tempfile.mkdtemp(prefix="mlops-init-adopt-"))
    try:
        try:
            render = scratch / "render"
            say("Rendering template...")
            from copier import run_copy

            with copier_errors("render the template"):
                run_copy(
                    source.url,
                    render,
                    data=data,
                    user_defaults=user_defaults,
                    vcs_ref=ref,
                    defaults=defaults,
                    overwrite=False,
                    quiet=True,
                    unsafe=False,
                )
            answers = read_answers(render)
            if answers is None or answers.level is None:
                raise ScaffoldError(
                    f"The template '{source.url}' did not write {ANSWERS_FILE} with a "
                    f"{LEVEL_KEY}; it is not an mlops-init template."
                )
            plan = _plan(repo, render, merge, scratch)
        except KeyboardInterrupt:
            raise Interrupted(f"Interrupted: nothing in '{repo}' was changed.") from None
        say("Applying to the repository...")
        _apply(repo, plan)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    report = AdoptReport(
        path=repo,
        level=answers.level,
        template=source.url,
        template_version=answers.commit,
        added=plan.added,
        kept=plan.kept,
        merged=[f for f in plan.merged if f not in plan.conflicts],
        conflicts=plan.conflicts,
        identical=plan.identical,
        reference_dir=REFERENCE_DIR if plan.references else None,
        suggestions=suggestions,
        notes=notes,
    )
    report.ignored = _ignored_by_team(repo, [f for f in plan.added if f != ANSWERS_FILE])
    return report


def _check_repository(repo: Path) -> None:
    if not repo.is_dir():
        raise ScaffoldError(f"The folder '{repo}' does not exist.")
    if not is_inside_work_tree(repo):
        raise ScaffoldError(
            f"'{repo}' is not in a git repository; adopt needs one so that every file it "
            "leaves stays recoverable and later upgrades can merge with git.",
            hint="Commit the project first: git init && git add -A && git commit -m 'Our project'",
        )
    answers = read_answers(repo)
    if answers is not None:
        if answers.level is not None:
            raise ScaffoldError(
                f"'{repo}' is already under the mlops-init template (level {answers.level}, "
                f"{ANSWERS_FILE}).",
                hint=f"Raise its level with 'mlops-init upgrade {repo} --to N'.",
            )
        raise ScaffoldError(
            f"'{repo}' already has a {ANSWERS_FILE} from another copier template "
            f"('{answers.src_path}'); adopting would replace that record.",
            hint="Keep that template's updates, or remove its answers file first (git rm).",
        )
    dirty = sorted(status_paths(repo))
    if dirty:
        shown = [Problem(f"{name}: uncommitted change") for name in dirty[:20]]
        if len(dirty) > 20:
            shown.append(Problem(f"... and {len(dirty) - 20} more"))
        raise ScaffoldError(
            f"The repository has {len(dirty)} uncommitted change(s); adopt needs a clean git "
            "tree so that nothing of yours can be lost and its changes can be reviewed alone.",
            problems=shown,
            hint="Commit them (git add -A && git commit) or stash them (git stash), then retry.",
        )
    if os.path.lexists(repo / REFERENCE_DIR):
        raise ScaffoldError(
            f"'{repo / REFERENCE_DIR}' already exists (left by an earlier adopt?).",
            hint=f"Remove it (rm -r {REFERENCE_DIR}), then retry.",
        )


@dataclass
class _Plan:
    """What to write, computed entirely in the scratch folder before the repository is touched."""

    added: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    # (path relative to the repository, file holding the bytes to write there)
    writes: list[tuple[str, Path]] = field(default_factory=list)
    references: list[tuple[str, Path]] = field(default_factory=list)


def _rendered_files(render: Path) -> list[str]:
    out = []
    for dirpath, dirnames, filenames in os.walk(render):
        dirnames.sort()
        for name in sorted(filenames):
            out.append((Path(dirpath) / name).relative_to(render).as_posix())
    return sorted(out)


def _blocked(repo: Path, rel: str) -> bool:
    """A parent of ``rel`` exists in the repository as something other than a folder."""
    parent = Path(rel).parent
    while parent != Path("."):
        target = repo / parent
        if os.path.lexists(target) and (target.is_symlink() or not target.is_dir()):
            return True
        parent = parent.parent
    return False


def _plan(repo: Path, render: Path, merge: bool, scratch: Path) -> _Plan:
    plan = _Plan()
    merged_dir = scratch / "merged"
    for rel in _rendered_files(render):
        theirs = render / rel
        target = repo / rel
        if not os.path.lexists(target) and not _blocked(repo, rel):
            plan.added.append(rel)
            plan.writes.append((rel, theirs))
            continue
        if target.is_file() and not target.is_symlink():
            ours = target.read_bytes()
            if ours == theirs.read_bytes():
                plan.identical.append(rel)
                continue
            if merge and b"\0" not in ours and b"\0" not in theirs.read_bytes():
                out = merged_dir / rel
                out.parent.mkdir(parents=True, exist_ok=True)
                clean = _merge_two_way(target, theirs, out, scratch)
                plan.merged.append(rel)
                if not clean:
                    plan.conflicts.append(rel)
                plan.writes.append((rel, out))
                plan.references.append((rel, theirs))
                continue
        plan.kept.append(rel)
        plan.references.append((rel, theirs))
    return plan


def _merge_two_way(ours: Path, theirs: Path, out: Path, scratch: Path) -> bool:
    """Merge the team's file with the template's (no common base: the lines both share stay,
    the rest becomes a conflict); write the result to ``out``; True if no conflict."""
    empty = scratch / "empty-base"
    empty.write_bytes(b"")
    labels = [arg for label in MERGE_LABELS for arg in ("-L", label)]
    done = subprocess.run(
        ["git", "merge-file", "-p", *labels, str(ours), str(empty), str(theirs)],
        capture_output=True,
        check=False,
    )
    if done.returncode < 0 or done.returncode > 127:
        raise ScaffoldError(
            f"'git merge-file' failed on {ours}.", hint=done.stderr.decode(errors="replace")
        )
    out.write_bytes(done.stdout)
    shutil.copymode(ours, out)
    return done.returncode == 0


def _apply(repo: Path, plan: _Plan) -> None:
    """Write the plan into ``repo``; on any failure or Ctrl-C undo every write first."""
    created_files: list[Path] = []
    created_dirs: list[Path] = []
    originals: list[tuple[Path, Path]] = []  # (team file, backup of its bytes)
    backup_dir = Path(tempfile.mkdtemp(prefix="mlops-init-adopt-backup-"))

    def ensure_dir(folder: Path) -> None:
        missing = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for d in reversed(missing):
            d.mkdir()
            created_dirs.append(d)

    def write(dest: Path, src: Path) -> None:
        ensure_dir(dest.parent)
        if dest.exists():
            backup = backup_dir / str(len(originals))
            shutil.copy2(dest, backup)
            originals.append((dest, backup))
        else:
            created_files.append(dest)
        tmp = dest.with_name(f".{dest.name}.mlops-init-tmp")
        created_files.append(tmp)
        shutil.copy2(src, tmp)
        os.replace(tmp, dest)

    try:
        for rel, src in plan.writes:
            write(repo / rel, src)
        if plan.references:
            ref_root = repo / REFERENCE_DIR
            ensure_dir(ref_root)
            ignore = ref_root.parent / ".gitignore"
            created_files.append(ignore)
            ignore.write_text(
                "# Written by mlops-init adopt: the template's versions of files you already "
                "had,\n# for reference only. Delete the folder when you no longer need it.\n*\n",
                encoding="utf-8",
            )
            for rel, src in plan.references:
                write(ref_root / rel, src)
    except BaseException as exc:
        with _no_interrupt():
            for dest, backup in reversed(originals):
                with contextlib.suppress(OSError):
                    dest.write_bytes(backup.read_bytes())
            restored = {dest for dest, _ in originals}
            for made in reversed(created_files):
                if made not in restored:
                    with contextlib.suppress(OSError):
                        made.unlink(missing_ok=True)
            for d in reversed(created_dirs):
                with contextlib.suppress(OSError):
                    d.rmdir()
            shutil.rmtree(backup_dir, ignore_errors=True)
        if isinstance(exc, KeyboardInterrupt):
            raise Interrupted(
                f"Interrupted: every file written in '{repo}' was removed again; the "
                "repository is as it was."
            ) from None
        if isinstance(exc, OSError):
            raise ScaffoldError(
                f"Could not write into '{repo}': {exc.strerror or exc}. Every file written "
                "was removed again; the repository is as it was."
            ) from None
        raise
    shutil.rmtree(backup_dir, ignore_errors=True)


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold back a further Ctrl-C while the repository is being put back (main thread only)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignored_by_team(repo: Path, added: list[str]) -> list[str]:
    """Added files the repository's .gitignore hides (git will not track them)."""
    if not added:
        return []
    done = git(repo, "check-ignore", "--no-index", "--stdin", input="\n".join(added), check=False)
    return sorted(line for line in done.stdout.splitlines() if line)
