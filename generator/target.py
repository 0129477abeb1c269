"""Which repository an assessment is about, for the roadmap's commands.

A repository whose ``.copier-answers.yml`` records an mlops-init template (a ``_src_path``
and a ``maturity_level`` answer) was generated or adopted by mlops-init: its gaps close with
``mlops-init upgrade --to N``. Any other repository is not under the template yet: its gaps
close with ``mlops-init adopt --level N``. Without a scan nothing is known; the roadmap then
assumes the usual case, a team's own repository, and says so.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import ScaffoldError
from generator.result import Target
from generator.scaffold.template_info import ANSWERS_FILE, read_answers

UNKNOWN = Target(
    kind="unknown",
    reason=(
        "No repository was scanned, so the roadmap assumes the team's own repository, not made "
        "by mlops-init: its commands start with 'mlops-init adopt --level N'. For a project "
        "made by mlops-init, use 'mlops-init upgrade --to N' instead."
    ),
    commands="adopt",
)


def detect_target(repo: Path | None) -> Target:
    """The :class:`Target` of a scanned repository (``None``: no scan, :data:`UNKNOWN`).

    Reads only ``.copier-answers.yml``; a file that is not valid YAML counts as absent.
    """
    if repo is None:
        return UNKNOWN
    try:
        answers = read_answers(Path(repo))
    except (ScaffoldError, OSError, UnicodeDecodeError):
        answers = None
    if answers is None:
        return Target(
            kind="existing",
            reason=(
                f"The scanned repository has no {ANSWERS_FILE}, so mlops-init did not generate "
                "it: the roadmap's commands use 'mlops-init adopt --level N', which adds the "
                "template's files and keeps every file of the team's."
            ),
            commands="adopt",
        )
    level, source = answers.level, answers.src_path
    if source and level is not None and 0 <= level <= 2:
        version = answers.commit or "untagged"
        package = answers.answers.get("package_name")
        return Target(
            kind="generated",
            reason=(
                f"The scanned repository's {ANSWERS_FILE} records the mlops-init template "
                f"({source}, version {version}) at level {level}, so mlops-init generated or "
                "adopted it: the roadmap's commands use 'mlops-init upgrade --to N', which "
                "raises the level and keeps the team's edits."
            ),
            commands="upgrade",
            template_level=level,
            package_name=package if isinstance(package, str) and package else None,
        )
    return Target(
        kind="existing",
        reason=(
            f"The scanned repository's {ANSWERS_FILE} records another copier template "
            f"({source or 'no _src_path'}), not mlops-init's: the roadmap's commands use "
            f"'mlops-init adopt --level N' (which needs that {ANSWERS_FILE} removed first), "
            "or copy the listed template files by hand."
        ),
        commands="adopt",
    )
