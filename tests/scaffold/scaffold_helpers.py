"""Helpers of the scaffold tests: a tiny 3-level template, tree snapshots, team edits.

The mini template follows the real template's conventions (``_subdirectory`` selected by
``maturity_level``, ``_templates_suffix: .jinja``, each level folder the complete tree of its
level, file sets that only grow) with small, known level differences, so the upgrade tests can
place team edits next to or away from what a level changes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from testkit import git

from generator.result import Checklist, LevelInfo, Metadata, MLTestScore, Result

MINI_COPIER_YML = """\
_min_copier_version: "9.19.1"
_subdirectory: "templates/level{{ maturity_level }}"
_templates_suffix: .jinja
project_name:
  type: str
  default: demo
package_name:
  type: str
  default: "{{ project_name }}"
  validator: >-
    {% if not (package_name | regex_search('^[a-z][a-z0-9_]*$')) %}The package name must be a
    lowercase Python identifier. Got '{{ package_name }}' instead.{% endif %}
maturity_level:
  type: int
  choices:
    "0 - manual": 0
    "1 - pipeline": 1
    "2 - CI/CD": 2
  default: 0
use_tracking:
  type: bool
  when: "{{ maturity_level >= 1 }}"
  default: false
"""

ANSWERS_STUB = "# Changes here will be overwritten by Copier\n{{ _copier_answers|to_nice_yaml -}}\n"

README_HEAD = """\
# {{ project_name }}

Maturity level {{ maturity_level }}.

## About

This project predicts things.
It was made by mlops-init.

## Usage

Run make train.
Run make serve.
"""
README_LEVEL = {1: "\n## Pipeline\n\nRun make pipeline.\n", 2: "\n## CI/CD\n\nPush to deploy.\n"}
README_FOOT = """
## Support

Ask the team.
Read the docs.
Be kind.
"""

FEATURES_HEAD = '''\
"""Feature code."""


def clean(x):
    return x


'''
FEATURES_LEVEL1 = """\
def validate(x):
    return x is not None


"""
FEATURES_TAIL = """\
def double(x):
    return 2 * x


def triple(x):
    return 3 * x


def quadruple(x):
    return 4 * x
"""

NOTEBOOK = '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n'


def mini_level_files(level: int) -> dict[str, str]:
    """The files of ``templates/level{level}`` of the mini template."""
    readme = README_HEAD + "".join(README_LEVEL[n] for n in (1, 2) if n <= level) + README_FOOT
    features = FEATURES_HEAD + (FEATURES_LEVEL1 if level >= 1 else "") + FEATURES_TAIL
    files = {
        "{{ _copier_conf.answers_file }}.jinja": ANSWERS_STUB,
        "README.md.jinja": readme,
        "pyproject.toml.jinja": '[project]\nname = "{{ project_name }}"\nversion = "0.1.0"\n',
        "src/{{ package_name }}/__init__.py.jinja": '"""{{ project_name }}."""\n',
        "src/{{ package_name }}/features.py.jinja": features,
        "notebooks/eda.ipynb": NOTEBOOK,
    }
    if level >= 1:
        files["src/{{ package_name }}/pipeline/run.py.jinja"] = "def run():\n    return 0\n"
        files["configs/pipeline.yaml"] = "steps: [ingest, train]\n"
    if level >= 2:
        files[".github/workflows/ci.yml"] = "name: ci\non: [push]\n"
        files["Dockerfile"] = "FROM python:3.11-slim\n"
    return files


def write_mini_template(root: Path) -> Path:
    """Write the mini template's files (no git) into ``root``."""
    (root / "copier.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "copier.yml").write_text(MINI_COPIER_YML)
    for level in (0, 1, 2):
        for rel, text in mini_level_files(level).items():
            path = root / "templates" / f"level{level}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    return root


def make_mini_template_repo(root: Path, tag: str = "v0.1.0") -> Path:
    """The mini template as a committed, tagged git repository."""
    write_mini_template(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "mini template")
    git(root, "tag", tag)
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (except ``.git``) by relative path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def minimal_result(level: int) -> Result:
    """A schema-valid Result at ``level`` (nothing else in it matters to the scaffold)."""
    return Result(
        tool="mlops-init 0.1.0",
        bank_digest="0" * 64,
        metadata=Metadata(project="demo", date="2026-01-01"),
        level=level,
        level_name=f"Level {level}",
        next_level=level + 1 if level < 2 else None,
        next_level_progress=0.0,
        level_attainment={"1": 0.0, "2": 0.0},
        levels=[LevelInfo(level=n, name=f"Level {n}", summary="") for n in (0, 1, 2)],
        areas=[],
        ml_test_score=MLTestScore(sections={}, final=0.0, band="0", tests=[]),
        checklist=Checklist(coverage=0, met=0, partial=0, missing=0, applicable=0, total=0),
        gaps=[],
        findings=[],
    )


# --- team edits ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamEdits:
    """What 'the team' does to a level-0 project; ``apply`` is deterministic, so the same
    edits applied to a fresh project give the expected result of an upgrade."""

    insert_file: str  # a shared file that gets a block inserted in its middle
    insert_after: str  # the exact line after which the block goes
    block: str
    replace_file: str  # a shared file whose line text changes
    old_line: str
    new_line: str
    deleted: str  # a template file the team deleted
    own_file: str = "team/notes.md"
    own_text: str = "Our own notes: the template must never touch this.\n"

    def apply(self, project: Path) -> None:
        """Make the edits in ``project`` (any level)."""
        _insert_after(project / self.insert_file, self.insert_after, self.block)
        path = project / self.replace_file
        text = path.read_text()
        assert text.count(self.old_line + "\n") == 1, (self.replace_file, self.old_line)
        path.write_text(text.replace(self.old_line + "\n", self.new_line + "\n"))
        (project / self.deleted).unlink()
        own = project / self.own_file
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(self.own_text)


def _insert_after(path: Path, anchor: str, block: str) -> None:
    lines = path.read_text().splitlines(keepends=True)
    matches = [i for i, line in enumerate(lines) if line.rstrip("\n") == anchor]
    assert len(matches) == 1, (path, anchor, matches)
    lines.insert(matches[0] + 1, block)
    path.write_text("".join(lines))


def stable_line(versions: list[str], margin: int = 3) -> str | None:
    """A line of ``versions[0]`` that is unique there and sits, with ``margin`` lines on each
    side, unchanged in every other version: a spot no level touches, or ``None``."""
    base = versions[0].splitlines()
    ok = set(range(len(base)))
    for other in versions[1:]:
        matcher = difflib.SequenceMatcher(a=base, b=other.splitlines(), autojunk=False)
        inside = set()
        for block in matcher.get_matching_blocks():
            inside |= set(range(block.a + margin, block.a + block.size - margin))
        ok &= inside
    candidates = [i for i in sorted(ok) if base[i].strip() and base.count(base[i]) == 1]
    if not candidates:
        return None
    return base[candidates[len(candidates) // 2]]
