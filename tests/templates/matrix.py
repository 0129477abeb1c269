"""Template test matrices read from ``copier.yml`` and ``templates/levels.yaml``.

As cookiecutter-data-science builds its test matrix from its own config, the template tests
build theirs from the questions a user is asked, so a choice added to ``copier.yml`` is rendered
and checked without anyone editing a test:

- ``choice_questions()``: every question with ``choices`` (and every ``bool`` one), in
  ``copier.yml`` order, with its values and their per-choice validators.
- ``path_questions()``: the questions that decide which files exist (named in a Jinja
  condition of a ``levels.yaml`` key).
- ``variants()``: per maturity level, every combination of the path questions asked at that
  level; the other choices are spread over those variants (each value valid for the answers
  before it, least-used first), so every value of every question is rendered at least once.
- ``expected_files(answers)``: the exact file set of a project, from ``levels.yaml``: the keys
  whose first level is at most the project's, with their Jinja rendered; a key whose rendered
  path has an empty part is skipped, as copier skips it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
COPIER_YML = REPO_ROOT / "copier.yml"
LEVELS_YAML = REPO_ROOT / "templates" / "levels.yaml"
# The package name copier derives from the default project name ("ml-project"); the key paths
# hold it as "{{ package_name }}".
DEFAULT_PACKAGE = "ml_project"

_JINJA = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
_TRUE = {"true", "1", "yes", "y", "on"}
_NOT_NAMES = {"if", "endif", "else", "elif", "and", "or", "not", "in", "is", "true", "false"}


@dataclass(frozen=True)
class Choice:
    value: Any
    validator: str | None = None

    def valid_with(self, answers: dict[str, Any]) -> bool:
        """Whether this value is accepted given the answers before it (its validator is empty)."""
        if not self.validator:
            return True
        return not _JINJA.from_string(self.validator).render(answers).strip()


@dataclass(frozen=True)
class Question:
    name: str
    default: Any
    choices: tuple[Choice, ...]
    when: str | None = None

    @property
    def values(self) -> list[Any]:
        return [choice.value for choice in self.choices]

    def asked_with(self, answers: dict[str, Any]) -> bool:
        """Whether copier asks (and stores) this question, given the answers before it."""
        if self.when is None:
            return True
        if isinstance(self.when, bool):
            return self.when
        return _JINJA.from_string(str(self.when)).render(answers).strip().lower() in _TRUE


def copier_config() -> dict[str, Any]:
    return yaml.safe_load(COPIER_YML.read_text(encoding="utf-8"))


def _choices(spec: dict[str, Any]) -> tuple[Choice, ...]:
    if spec.get("type") == "bool" and "choices" not in spec:
        return (Choice(False), Choice(True))
    raw = spec["choices"]
    items = raw.values() if isinstance(raw, dict) else raw
    choices = []
    for item in items:
        if isinstance(item, dict):
            choices.append(Choice(item["value"], item.get("validator")))
        else:
            choices.append(Choice(item))
    return tuple(choices)


def choice_questions() -> list[Question]:
    """The questions with a fixed set of answers, in the order copier asks them."""
    questions = []
    for name, spec in copier_config().items():
        if name.startswith("_") or not isinstance(spec, dict):
            continue
        if "choices" in spec or spec.get("type") == "bool":
            questions.append(Question(name, spec.get("default"), _choices(spec), spec.get("when")))
    return questions


def levels() -> list[int]:
    """The maturity levels, as ``copier.yml`` offers them."""
    (question,) = [q for q in choice_questions() if q.name == "maturity_level"]
    return question.values


def manifest() -> dict[str, int]:
    """``levels.yaml``: project path (with Jinja) -> first level."""
    return yaml.safe_load(LEVELS_YAML.read_text(encoding="utf-8"))["files"]


def path_questions() -> list[str]:
    """Names of the choice questions that a ``levels.yaml`` key's condition reads."""
    names = set()
    for key in manifest():
        for condition in re.findall(r"\{%-?\s*if\s+(.*?)\s*-?%\}", key):
            bare = re.sub(r"'[^']*'|\"[^\"]*\"", "", condition)  # drop string literals
            names |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", bare)) - _NOT_NAMES
    asked = [q.name for q in choice_questions()]
    unknown = names - set(asked)
    assert not unknown, f"levels.yaml conditions name no choice question of copier.yml: {unknown}"
    return [name for name in asked if name in names]


@dataclass
class Variant:
    level: int
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        shown = [f"{k}={v}" for k, v in self.data.items() if k in path_questions()]
        return "-".join([f"level{self.level}", *shown])


def variants() -> list[Variant]:
    """Every combination of the path questions per level, the other choices spread over them."""
    questions = [q for q in choice_questions() if q.name != "maturity_level"]
    by_path = path_questions()
    used: Counter[tuple[str, Any]] = Counter()
    made = []
    for level in levels():
        asked_paths = [
            q for q in questions if q.name in by_path and q.asked_with({"maturity_level": level})
        ]
        for combination in itertools.product(*(q.values for q in asked_paths)):
            fixed = dict(zip((q.name for q in asked_paths), combination, strict=True))
            answers: dict[str, Any] = {"maturity_level": level}
            data: dict[str, Any] = {}
            for question in questions:
                context = {**_defaults(), **answers}
                if not question.asked_with(context):
                    continue
                if question.name in fixed:
                    value = fixed[question.name]
                else:
                    valid = [c.value for c in question.choices if c.valid_with(context)]
                    assert valid, f"no choice of '{question.name}' is valid with {answers}"
                    value = min(valid, key=lambda v, q=question: used[(q.name, v)])
                used[(question.name, value)] += 1
                answers[question.name] = value
                data[question.name] = value
            made.append(Variant(level, data))
    return made


def _defaults() -> dict[str, Any]:
    """Plain (non-Jinja) defaults of every question, so ``when`` expressions can be rendered."""
    out = {}
    for name, spec in copier_config().items():
        if name.startswith("_") or not isinstance(spec, dict):
            continue
        default = spec.get("default")
        if not (isinstance(default, str) and "{" in default):
            out[name] = default
    return out


def expected_files(level: int, data: dict[str, Any]) -> set[str]:
    """The exact files of a project generated at ``level`` with ``data``, per ``levels.yaml``."""
    config = copier_config()
    context = {
        **_defaults(),
        **data,
        "maturity_level": level,
        "package_name": data.get("package_name", DEFAULT_PACKAGE),
        "_copier_conf": {"answers_file": config["_answers_file"]},
    }
    files = set()
    for key, first in manifest().items():
        if first > level:
            continue
        path = _JINJA.from_string(key).render(context)
        if all(path.split("/")):
            files.add(path)
    return files
