"""What a generated project records about its template, and what the template offers.

A project made by mlops-init has a ``.copier-answers.yml`` (``_src_path``, ``_commit`` and the
answers, among them ``maturity_level``); its template's ``copier.yml`` declares the
``maturity_level`` question whose choices are the levels that exist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import InputError, Problem, ScaffoldError
from generator.levels import LEVEL_NUMBERS
from generator.scaffold.gitutil import git

ANSWERS_FILE = ".copier-answers.yml"
LEVEL_KEY = "maturity_level"
LEVELS = LEVEL_NUMBERS  # the template's default choices of maturity_level


@dataclass(frozen=True)
class ProjectAnswers:
    """The parsed ``.copier-answers.yml`` of a project."""

    path: Path
    src_path: str | None
    commit: str | None
    level: int | None
    answers: dict[str, Any]


def read_answers(project: Path) -> ProjectAnswers | None:
    """The project's recorded answers, or ``None`` when it has no answers file."""
    path = project / ANSWERS_FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ScaffoldError(
            f"The answers file '{path}' is not valid YAML.",
            problems=[Problem(str(exc), file=str(path), line=mark.line + 1 if mark else None)],
            hint="Restore it from git (git checkout -- .copier-answers.yml).",
        ) from None
    if not isinstance(data, dict):
        raise ScaffoldError(f"The answers file '{path}' is not a mapping of answers.")
    level = data.get(LEVEL_KEY)
    return ProjectAnswers(
        path=path,
        src_path=data.get("_src_path"),
        commit=data.get("_commit"),
        level=level if isinstance(level, int) and not isinstance(level, bool) else None,
        answers={k: v for k, v in data.items() if not k.startswith("_")},
    )


def template_config(repo: Path, ref: str) -> dict[str, Any] | None:
    """``copier.yml`` of a local template repository at ``ref`` (``None`` if it has none)."""
    for name in ("copier.yml", "copier.yaml"):
        done = git(repo, "show", f"{ref}:{name}", check=False)
        if done.returncode == 0:
            try:
                data = yaml.safe_load(done.stdout)
            except yaml.YAMLError:
                return None
            return data if isinstance(data, dict) else None
    return None


def is_mlops_init_config(config: dict[str, Any] | None) -> bool:
    """The marker of an mlops-init template: a ``maturity_level`` question that selects the
    rendered folder (``_subdirectory`` or ``_exclude`` mention it)."""
    if not config or not isinstance(config.get(LEVEL_KEY), dict):
        return False
    selectors = f"{config.get('_subdirectory', '')} {config.get('_exclude', '')}"
    return LEVEL_KEY in selectors


def available_levels(config: dict[str, Any] | None) -> tuple[int, ...]:
    """The levels the template's ``maturity_level`` question offers (default 0, 1, 2)."""
    question = (config or {}).get(LEVEL_KEY)
    choices = question.get("choices") if isinstance(question, dict) else None
    values: list[Any]
    if isinstance(choices, dict):
        values = [v.get("value") if isinstance(v, dict) else v for v in choices.values()]
    elif isinstance(choices, list):
        values = list(choices)
    else:
        return LEVELS
    levels = sorted({int(v) for v in values if str(v).lstrip("-").isdigit()})
    return tuple(levels) or LEVELS


_CASTS: dict[str, Any] = {"int": int, "float": float}
_BOOLS = {"true", "false", "yes", "no", "on", "off", "1", "0", "y", "n"}


def check_data(config: dict[str, Any] | None, data: dict[str, Any]) -> None:
    """Refuse ``--data`` answers that name no question or cannot have the question's type.

    Copier would ignore an unknown key silently and report a wrong type without naming the
    question; both are reported here, every problem at once.
    """
    if not config:
        return
    questions = {k: v for k, v in config.items() if not k.startswith("_")}
    problems = []
    for key, value in data.items():
        if key not in questions:
            problems.append(
                Problem(
                    f"'{key}' is not a question of the template; the questions are "
                    f"{', '.join(sorted(questions))}.",
                    key="--data",
                )
            )
            continue
        spec = questions[key]
        kind = spec.get("type", "str") if isinstance(spec, dict) else "str"
        text = str(value)
        if kind in _CASTS:
            try:
                _CASTS[kind](text)
            except ValueError:
                problems.append(
                    Problem(
                        f"The '{key}' answer must be {'an' if kind == 'int' else 'a'} {kind}. "
                        f"Got '{text}' instead.",
                        key="--data",
                    )
                )
        elif kind == "bool" and text.strip().lower() not in _BOOLS:
            problems.append(
                Problem(
                    f"The '{key}' answer must be true or false. Got '{text}' instead.", key="--data"
                )
            )
    if problems:
        from generator.errors import InputError

        raise InputError("Some --data answers do not fit the template.", problems=problems)


_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def parse_data(items: list[str]) -> dict[str, str]:
    """``["a=1", "b=x=y"]`` -> ``{"a": "1", "b": "x=y"}``; copier converts the types.

    Raises :class:`InputError` naming every bad item.
    """
    data: dict[str, str] = {}
    problems = []
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep:
            problems.append(Problem(f"'{item}' has no '='; write KEY=VALUE.", key="--data"))
        elif not _KEY.match(key):
            problems.append(
                Problem(
                    f"'{item}': the key must be a question name such as project_name. "
                    f"Got '{key}' instead.",
                    key="--data",
                )
            )
        elif key in data and data[key] != value:
            problems.append(Problem(f"'{key}' is given twice with different values.", key="--data"))
        else:
            data[key] = value
    if problems:
        raise InputError(
            "Every --data item must be KEY=VALUE with a template question as KEY.",
            problems=problems,
            hint="Example: --data project_name=churn --data dataset=wine",
        )
    return data
