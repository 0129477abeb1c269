"""``upgrade_project``: raise a generated project's maturity level with ``copier update``.

Refuses whatever would lose the team's work: lowering a level (copier deletes files absent
from the lower level), a dirty tree (copier refuses to update one), a template source that is
not an mlops-init template. By default the project keeps its template version
(``VcsRef.CURRENT``: copier re-renders at the ``_commit`` recorded in ``.copier-answers.yml``),
so a raise changes the level and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import (
    BankError,
    InputError,
    Interrupted,
    MlopsInitError,
    Problem,
    ScaffoldError,
)
from generator.fileio import write_text_atomic
from generator.levels import check_level
from generator.scaffold.copier_errors import copier_errors
from generator.scaffold.gitutil import git, identity_args, is_inside_work_tree, status_paths
from generator.scaffold.inspect import (
    ComponentInfo,
    added_components,
    collect_changes,
    tracked_files,
)
from generator.scaffold.source import (
    CACHE_TAIL,
    cached_template_repo,
    local_path,
    looks_remote,
    materialise,
    portable_path,
    user_source,
)
from generator.scaffold.template_info import (
    ANSWERS_FILE,
    LEVEL_KEY,
    LEVELS,
    ProjectAnswers,
    available_levels,
    is_mlops_init_config,
    read_answers,
    template_config,
)

Progress = Callable[[str], None]


@dataclass
class UpgradeReport:
    """What an upgrade did. ``conflicts`` non-empty means the team must resolve them."""

    path: Path
    from_level: int
    to_level: int
    template: str
    version_before: str | None
    version_after: str | None
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    components: list[ComponentInfo] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    rejects: list[str] = field(default_factory=list)
    new_answers: dict[str, object] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """False when the project already was at the requested level."""
        return self.from_level != self.to_level


def upgrade_project(
    path: Path,
    *,
    to: int,
    template_version: str | None = None,
    template: str | None = None,
    progress: Progress | None = None,
) -> UpgradeReport:
    """Raise the project at ``path`` to level ``to``, keeping every edit the team made.

    The changes are left uncommitted for review. Raises :class:`ScaffoldError` (nothing
    changed) when the request is refused.
    """
    say = progress or (lambda _msg: None)
    project = Path(path).absolute()
    answers = _project_answers(project)
    current = answers.level
    assert current is not None  # _project_answers guarantees it
    check_level(to, "The '--to' option", allowed=LEVELS)
    if to < current:
        raise ScaffoldError(
            f"The project is at level {current}. Lowering it to level {to} would delete files "
            "(copier removes files absent from the lower level, even edited ones): not "
            "supported.",
            hint="To undo a raise you have not committed yet: git restore . && git clean -nd "
            "(check the list, then -fd). After committing it: git revert that commit.",
        )
    if to == current:
        return UpgradeReport(
            project, current, to, answers.src_path or "", answers.commit, answers.commit
        )
    _check_git(project)
    notes: list[str] = []
    source = _template_source(project, answers, template, say)
    config = (
        template_config(local_path(source), answers.commit or "HEAD") if _is_local(source) else None
    )
    if _is_local(source) and not is_mlops_init_config(config):
        raise ScaffoldError(
            f"'{project}' was not made by mlops-init: its template '{source}' has no "
            f"'{LEVEL_KEY}' question selecting the level.",
        )
    levels = available_levels(config)
    if to not in levels:
        allowed = ", ".join(str(n) for n in levels)
        raise InputError(f"The 'to' option must be one of {allowed}. Got {to} instead.")

    if source != answers.src_path:
        _record_source(project, source)
        notes.append(f"Recorded the template source {source} in {ANSWERS_FILE} (one commit).")
    before = tracked_files(project)
    say(f"Raising {project.name} from level {current} to level {to}...")
    _run_update(project, to, template_version)
    changes = collect_changes(project)
    after = read_answers(project)
    try:
        components = added_components(before, changes.added)
    except BankError:
        components = []
        notes.append("The assessment bank could not be read, so components are not listed.")
    return UpgradeReport(
        path=project,
        from_level=current,
        to_level=to,
        template=source,
        version_before=answers.commit,
        version_after=after.commit if after else None,
        added=changes.added,
        modified=changes.modified,
        deleted=changes.deleted,
        components=components,
        conflicts=changes.conflicts,
        rejects=changes.rejects,
        # Questions the new level made visible took their defaults (--defaults): show them.
        new_answers={
            k: v for k, v in (after.answers if after else {}).items() if k not in answers.answers
        },
        notes=notes,
    )


def _project_answers(project: Path) -> ProjectAnswers:
    if not project.is_dir():
        raise ScaffoldError(f"The project folder '{project}' does not exist.")
    answers = read_answers(project)
    hint = (
        f"Bring this repository under the template first: mlops-init adopt {project} --level N "
        "(or create a new project with 'mlops-init new DEST --level N')."
    )
    if answers is None:
        raise ScaffoldError(
            f"'{project}' is not a project made by mlops-init: it has no {ANSWERS_FILE}.",
            hint=hint,
        )
    if not answers.src_path or answers.level is None:
        missing = "_src_path" if not answers.src_path else LEVEL_KEY
        raise ScaffoldError(
            f"'{project}' is not a project made by mlops-init: {ANSWERS_FILE} has no '{missing}'.",
            hint=hint,
        )
    return answers


def _check_git(project: Path) -> None:
    if not is_inside_work_tree(project):
        raise ScaffoldError(
            f"'{project}' is not in a git repository; copier can only upgrade git-tracked "
            "projects (it merges your edits with git).",
            hint="Commit the project first: git init && git add -A && git commit -m 'My project'",
        )
    dirty = sorted(status_paths(project))
    if dirty:
        shown = [Problem(f"{name}: uncommitted change") for name in dirty[:20]]
        if len(dirty) > 20:
            shown.append(Problem(f"... and {len(dirty) - 20} more"))
        raise ScaffoldError(
            f"The project has {len(dirty)} uncommitted change(s); the upgrade needs a clean "
            "git tree so your work can be told apart from the template's changes.",
            problems=shown,
            hint="Commit them (git add -A && git commit) or stash them (git stash), then retry.",
        )


def _is_local(source: str) -> bool:
    return not looks_remote(source)


def _template_source(
    project: Path,
    answers: ProjectAnswers,
    template: str | None,
    say: Progress,
) -> str:
    """The template to update from: ``template`` if given, else the recorded one.

    When the recorded source is this machine's cache of the bundled template, the cache is
    brought up to date first (re-created if it was wiped, and holding this mlops-init's
    version for ``--template-version``).
    """
    recorded = answers.src_path or ""
    if template:
        chosen = user_source(template, "option").url
    elif looks_remote(recorded):
        return recorded
    else:
        chosen = recorded
        cache = cached_template_repo()
        where = local_path(recorded)
        if where == cache or (not where.exists() and where.parts[-2:] == CACHE_TAIL):
            # This machine's cache, or another machine's (a teammate generated the project):
            # the bundled template of the same mlops-init version has the same tagged content.
            # An old absolute record becomes the portable form (``~/...``) that copier expands.
            from generator.paths import template_root

            if not cache.exists():
                say("Re-creating the template cache...")
            materialise(template_root(), cache)
            chosen = portable_path(cache)
        elif not where.exists():
            raise ScaffoldError(
                f"The template source recorded in {ANSWERS_FILE} ('{recorded}') does not "
                "exist on this machine.",
                hint=(
                    "Point the project at a copy of its template with --template PATH_OR_URL "
                    f"(this machine's mlops-init template is materialised at '{cache}')."
                ),
            )
    if _is_local(chosen):
        _check_has_commit(local_path(chosen), answers.commit)
    return chosen


def _check_has_commit(repo: Path, commit: str | None) -> None:
    ok = (
        commit
        and git(repo, "rev-parse", "-q", "--verify", f"{commit}^{{commit}}", check=False).returncode
        == 0
    )
    if not ok:
        raise ScaffoldError(
            f"The template '{repo}' does not have the version the project was made from "
            f"({commit}); copier needs it to tell the team's edits from the template.",
            hint=(
                "Use the template repository the project was generated from (--template), "
                "or the mlops-init release that made it."
            ),
        )


def _record_source(project: Path, source: str) -> None:
    """Point ``_src_path`` at ``source`` and commit that one change (copier needs a clean tree)."""
    path = project / ANSWERS_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    import yaml

    value = yaml.safe_dump(source, default_style=None).strip().removesuffix("...").strip()
    lines = [f"_src_path: {value}\n" if ln.startswith("_src_path:") else ln for ln in lines]
    write_text_atomic(path, "".join(lines))
    git(project, "add", "--", ANSWERS_FILE)
    git(
        project,
        *identity_args(project),
        "commit",
        "-q",
        "--no-verify",
        "-m",
        f"Record the mlops-init template source {source}",
        "--",
        ANSWERS_FILE,
    )


def _run_update(project: Path, to: int, template_version: str | None) -> None:
    from copier import VcsRef, run_update

    try:
        with copier_errors("upgrade the project"):
            run_update(
                project,
                data={LEVEL_KEY: to},
                defaults=True,
                overwrite=True,
                vcs_ref=template_version or VcsRef.CURRENT,
                conflict="inline",
                quiet=True,
                unsafe=False,
            )
    except KeyboardInterrupt:
        _restore(project)
        raise Interrupted("Interrupted: the project was put back as it was.") from None
    except MlopsInitError as exc:
        _restore(project)
        exc.hint = ((exc.hint or "") + "\nThe project was left unchanged.").strip()
        raise


def _restore(project: Path) -> None:
    """Undo a failed update. The project's folder was clean before it, so this only drops
    copier's work; it touches nothing outside the project (it may live in a larger repo)."""
    git(project, "checkout", "-q", "HEAD", "--", ".", check=False)
    top = git(project, "rev-parse", "--show-toplevel").stdout.strip()
    for name, code in status_paths(project).items():
        if code[0] == "A":
            git(project, "rm", "-q", "--cached", "--force", "--", str(Path(top, name)), check=False)
        if code == "??" or code[0] == "A":
            Path(top, name).unlink(missing_ok=True)
