"""Where the template comes from, and how the bundled one stays updatable.

Copier can only *update* a project from a template that is a git repository with version
tags, recorded by an absolute path or a URL (Copier's documentation, "Updating a project").
The template bundled with mlops-init is a plain folder (the checkout's root, or
``generator/_data/template`` in a wheel), so it is materialised as a tagged git repository in
the user's cache:

- one commit per distinct template content, each with an annotated tag whose subject records
  the content digest, so a later run with the same content reuses the tag (one ``git`` call);
- the first content of mlops-init version X is tagged ``vX``; different content under the same
  version (a development checkout) is tagged ``vX.post1``, ``vX.post2``... PEP 440 orders these
  after ``vX`` and before the next release, so copier never sees a newer content as a
  downgrade. Local versions (``vX+digest``) would order by the digest's letters, i.e. randomly,
  and a project recorded at an untagged commit past a tag gets a version that a later plain
  ``copier update`` treats as a downgrade;
- the checkout's own git history is never used: it may hold uncommitted edits, and copier
  would then record a commit that does not exist.

Projects record the cache by a *portable* path: under the home directory it is written with a
leading ``~`` (``~/.cache/mlops-init/template``), which copier expands when it reads
``_src_path`` (``copier.vcs.get_repo``), so the answers file resolves on a teammate's machine
too. There the tagged template must exist first: ``mlops-init template --ensure`` (see
:func:`ensure_template`) materialises it, after which plain ``copier update`` works.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import __version__
from generator.errors import ScaffoldError
from generator.paths import template_root
from generator.scaffold.gitutil import FALLBACK_IDENTITY, git, is_work_tree_root

ENV_TEMPLATE = "MLOPS_INIT_TEMPLATE"
ENV_CACHE_DIR = "MLOPS_INIT_CACHE_DIR"
DIGEST_PREFIX = "mlops-init template digest "
# Caches of tools, never part of the template.
_IGNORED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".DS_Store"}
_IGNORED_SUFFIXES = (".pyc", ".pyo")
# The cache repository's own commits carry a fixed identity: they are mlops-init's, not the user's.
_CACHE_GIT = (*FALLBACK_IDENTITY, "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false")

Origin = Literal["option", "env", "bundled"]


@dataclass(frozen=True)
class TemplateSource:
    """A template copier can copy from and later update from.

    ``url`` is what copier receives and records as ``_src_path`` (an absolute path or a URL);
    ``ref`` the tag to copy (``None``: copier picks the latest version tag).
    """

    url: str
    ref: str | None
    origin: Origin

    @property
    def local(self) -> Path | None:
        """The template's folder on this machine (``~`` expanded), or ``None`` for a URL."""
        return None if looks_remote(self.url) else local_path(self.url)


# The last two parts of an mlops-init template cache path (``.../mlops-init/template``).
CACHE_TAIL = ("mlops-init", "template")
# What a project records for the bundled template when the cache is in its default place.
DEFAULT_PORTABLE_SOURCE = "~/.cache/mlops-init/template"


def local_path(url: str) -> Path:
    """A recorded local template path as a path of this machine (a leading ``~`` expanded,
    as copier does)."""
    return Path(url).expanduser()


def portable_path(path: Path, home: Path | None = None) -> str:
    """``path`` written so it resolves on any machine: ``~/rest`` when it lies under the home
    directory (copier expands a leading ``~``), else the absolute path unchanged."""
    path = Path(path).absolute()
    try:
        home = (home or Path.home()).resolve()
    except RuntimeError:  # no home directory could be determined
        return str(path)
    for candidate in (path, path.resolve()):
        try:
            rest = candidate.relative_to(home)
        except ValueError:
            continue
        return "~" if not rest.parts else f"~/{rest.as_posix()}"
    return str(path)


def is_cache_path(url: str) -> bool:
    """True when ``url`` names an mlops-init template cache (this machine's or another's)."""
    return not looks_remote(url) and local_path(url).parts[-2:] == CACHE_TAIL


def cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """mlops-init's cache folder: ``$MLOPS_INIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/mlops-init``,
    else ``~/.cache/mlops-init``. Always absolute."""
    env = os.environ if env is None else env
    if env.get(ENV_CACHE_DIR):
        return Path(env[ENV_CACHE_DIR]).expanduser().resolve()
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return (Path(base).expanduser() / "mlops-init").resolve()


def cached_template_repo(env: Mapping[str, str] | None = None) -> Path:
    """Where the bundled template is materialised as a tagged git repository."""
    return cache_dir(env) / "template"


def resolve_template(
    template: str | None = None, *, env: Mapping[str, str] | None = None
) -> TemplateSource:
    """Pick the template source: ``template`` option > ``$MLOPS_INIT_TEMPLATE`` > bundled.

    The bundled template is materialised in the cache (see the module docstring); a given
    source must be a URL or a local git repository with at least one version tag.
    """
    env = os.environ if env is None else env
    if template:
        return user_source(template, "option")
    if env.get(ENV_TEMPLATE):
        return user_source(env[ENV_TEMPLATE], "env")
    repo = cached_template_repo(env)
    try:
        tag = materialise(template_root(), repo)
    except OSError as exc:
        raise ScaffoldError(
            f"Could not prepare the template in the cache folder '{repo.parent}': "
            f"{exc.strerror or exc}.",
            hint=f"Set {ENV_CACHE_DIR} to a folder you can write to.",
        ) from None
    return TemplateSource(portable_path(repo), tag, "bundled")


@dataclass(frozen=True)
class EnsuredTemplate:
    """Where :func:`ensure_template` put the tagged bundled template, and its tags."""

    path: Path
    recorded: str  # how projects record it (portable form)
    tag: str
    tags: list[str]


def ensure_template(
    project: Path | None = None, *, env: Mapping[str, str] | None = None
) -> list[EnsuredTemplate]:
    """Materialise the bundled template as a tagged git repository where copier will look.

    Always in this machine's cache; also at the path ``project``'s ``.copier-answers.yml``
    records, when that is an mlops-init cache path of this machine that differs from the cache
    (a teammate who keeps the cache elsewhere). Afterwards plain ``copier update`` resolves
    the project's ``_src_path``. Other recorded sources (a URL, the team's own template) are
    left alone.
    """
    targets = [cached_template_repo(env)]
    if project is not None:
        from generator.scaffold.template_info import read_answers

        answers = read_answers(Path(project))
        recorded = answers.src_path if answers else None
        # Only a portable (``~``) record names a place of this machine; an absolute path of
        # another machine is not written to (``mlops-init upgrade`` re-records it portably).
        if recorded and recorded.startswith("~") and is_cache_path(recorded):
            there = local_path(recorded).absolute()
            if there != targets[0]:
                targets.append(there)
    done = []
    for repo in targets:
        try:
            tag = materialise(template_root(), repo)
        except OSError as exc:
            raise ScaffoldError(
                f"Could not prepare the template in '{repo}': {exc.strerror or exc}.",
                hint=f"Set {ENV_CACHE_DIR} to a folder you can write to.",
            ) from None
        done.append(EnsuredTemplate(repo, portable_path(repo), tag, sorted(version_tags(repo))))
    return done


def user_source(spec: str, origin: Origin) -> TemplateSource:
    """Check a template given by the user; local paths become absolute."""
    where = "--template" if origin == "option" else f"${ENV_TEMPLATE}"
    path = Path(spec).expanduser()
    if not path.exists():
        if looks_remote(spec):
            return TemplateSource(spec, None, origin)
        raise ScaffoldError(
            f"The template '{spec}' given by {where} does not exist.",
            hint="Give a git URL or the path of a local git repository holding copier.yml.",
        )
    path = path.resolve()
    if not path.is_dir() or not is_work_tree_root(path):
        raise ScaffoldError(
            f"The template '{spec}' given by {where} is not the root of a git repository.",
            hint=(
                "Copier can only upgrade projects from a template in git with version tags. "
                "Commit it and tag a version (git init && git add -A && git commit -m template "
                "&& git tag v0.1.0), or leave out the option to use the bundled template."
            ),
        )
    if not version_tags(path):
        raise ScaffoldError(
            f"The template repository '{path}' given by {where} has no version tag.",
            hint="Tag a version (e.g. 'git tag v0.1.0') so copier can upgrade projects later.",
        )
    return TemplateSource(str(path), None, origin)


def looks_remote(spec: str) -> bool:
    return "://" in spec or spec.startswith(("git@", "gh:", "gl:"))


def version_tags(repo: Path) -> list[str]:
    """The tags of ``repo`` that copier accepts as versions (PEP 440)."""
    from packaging.version import InvalidVersion, Version

    out = git(repo, "tag", "--list").stdout.split()
    valid = []
    for tag in out:
        with contextlib.suppress(InvalidVersion):
            Version(tag)
            valid.append(tag)
    return valid


def template_files(root: Path) -> list[str]:
    """The template's files relative to ``root`` (``copier.yml`` and ``templates/``), sorted."""
    files = [name for name in ("copier.yml", "copier.yaml") if (root / name).is_file()]
    if not files:
        raise ScaffoldError(
            f"The bundled template at '{root}' has no copier.yml.",
            hint="The installation is incomplete: reinstall mlops-init.",
        )
    tree = root / "templates"
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if d not in _IGNORED_PARTS)
        for name in filenames:
            if name in _IGNORED_PARTS or name.endswith(_IGNORED_SUFFIXES):
                continue
            files.append((Path(dirpath) / name).relative_to(root).as_posix())
    return sorted(files)


def content_digest(root: Path, files: list[str]) -> str:
    """sha256 over each file's path, executable bit and bytes: equal digests, equal templates."""
    digest = hashlib.sha256()
    for name in files:
        path = root / name
        executable = os.access(path, os.X_OK)
        digest.update(f"{name}\0{int(executable)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def materialise(root: Path, repo: Path, version: str = __version__) -> str:
    """Make sure ``repo`` holds the template at ``root`` under a version tag; return the tag.

    Idempotent and safe to run from several processes at once (a lock file guards writes; a
    new repository is built aside and renamed into place, so none is ever half-made).
    """
    root = root.resolve()
    files = template_files(root)
    digest = content_digest(root, files)
    tag = _tag_for_digest(repo, digest)
    if tag:
        return tag
    repo.parent.mkdir(parents=True, exist_ok=True)
    with _locked(repo.parent / f"{repo.name}.lock"):
        tag = _tag_for_digest(repo, digest)  # another process may have just made it
        if tag:
            return tag
        if repo.exists() and not is_work_tree_root(repo):
            # Not a repository we can use (interrupted by hand, edited...): keep it aside.
            repo.rename(repo.with_name(f"{repo.name}.broken-{time.time_ns()}"))
        if not repo.exists():
            building = Path(tempfile.mkdtemp(prefix=f"{repo.name}.tmp-", dir=repo.parent))
            try:
                git(building, "init", "-q", "-b", "main")
                tag = _commit_and_tag(building, root, files, digest, version)
                os.replace(building, repo)
            finally:
                shutil.rmtree(building, ignore_errors=True)
            return tag
        return _commit_and_tag(repo, root, files, digest, version)


def _tag_for_digest(repo: Path, digest: str) -> str | None:
    if not (repo / ".git").is_dir():
        return None
    done = git(
        repo,
        f"--git-dir={repo / '.git'}",
        "for-each-ref",
        "refs/tags",
        "--format=%(refname:short) %(contents:subject)",
        check=False,
    )
    wanted = DIGEST_PREFIX + digest
    for line in done.stdout.splitlines():
        name, _, subject = line.partition(" ")
        if subject.strip() == wanted:
            return name
    return None


def _next_tag(repo: Path, version: str) -> str:
    from packaging.version import InvalidVersion, Version

    existing = set(git(repo, "tag", "--list").stdout.split())
    base = f"v{version}"
    if base not in existing:
        return base
    post = re.compile(rf"^{re.escape(base)}\.post(\d+)$")
    n = 1 + max((int(m.group(1)) for t in existing if (m := post.match(t))), default=0)
    tag = f"{base}.post{n}"
    try:
        Version(tag)
    except InvalidVersion:  # e.g. a pre-release version: fall back to a numeric local label
        tag = f"{base}+{n}"
    return tag


def _commit_and_tag(repo: Path, root: Path, files: list[str], digest: str, version: str) -> str:
    git_dir = repo / ".git"
    with tempfile.TemporaryDirectory(prefix="mlops-init-index-") as scratch:
        # A private index and the bundled folder as work tree: the files are hashed straight
        # from where they are, without copying them or touching the cache's work tree.
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        base = (f"--git-dir={git_dir}", f"--work-tree={root}")
        git(
            root, *base, "add", "--force", "--pathspec-from-file=-", input="\n".join(files), env=env
        )
        tree = git(root, *base, "write-tree", env=env).stdout.strip()
    has_head = git(repo, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
    parent = ("-p", "HEAD") if has_head else ()
    tag = _next_tag(repo, version)
    message = f"mlops-init template {tag}"
    commit = git(repo, *_CACHE_GIT, "commit-tree", tree, *parent, "-m", message).stdout.strip()
    git(repo, "update-ref", "HEAD", commit)
    git(repo, *_CACHE_GIT, "tag", "-a", tag, "-m", DIGEST_PREFIX + digest, commit)
    # Keep the cache's work tree equal to HEAD so the repository never looks dirty.
    git(repo, "read-tree", "-u", "--reset", "HEAD")
    return tag


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock_path`` (blocking) while the block runs."""
    with open(lock_path, "a+b") as handle:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    time.sleep(0.1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
