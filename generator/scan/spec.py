"""The detectors: what evidence of each practice looks like, declared as data.

``assessments/detectors.yaml`` lists, per practice of the bank, rules tried in order; the first
rule whose matchers fire gives the practice its answer (an option id of that practice), with
the evidence found. Layout::

    detectors:
      - practice: data-schema-validation      # a practice id of the bank
        when_absent: none                     # optional: answer when no rule fires
        absent_confidence: 0.5                # optional: confidence of that answer
        looks_for: a pandera or GE schema     # optional: words for the absence evidence
        rules:                                # tried in order: strongest evidence first
          - id: pandera-schema                # unique in the file; names the evidence
            when_found: automated             # option id given when the rule fires
            confidence: 0.8                   # 0..1, how sure the evidence makes us
            any: [MATCHER, ...]               # fires if any of these matches ...
            all: [MATCHER, ...]               # ... and all of these match ...
            unless: [MATCHER, ...]            # ... and none of these matches

A MATCHER is one of::

    {paths: [GLOB, ...]}                      # a file matching one of the globs exists
    {files: [GLOB, ...], regex: REGEX}        # a line of such a file matches (Python re,
                                              # multiline: ^ and $ match at each line)
    {ci: REGEX}                               # a line of a CI definition matches
    {git: tags}                               # the repository has at least ``min`` tags
    {git: commits, path: PATH, min: N}        # at least N commits (touching PATH if given)
    {fact: KIND, value: REGEX, in: [CONTEXT], triggers: [TRIGGER]}
                                              # a fact an extractor found (generator/scan/
                                              # facts.py lists the kinds): its value matches
                                              # REGEX (searched, default: any value), it was
                                              # seen in one of the CONTEXTs (code, test,
                                              # notebook, ci, config; default: any) and, for
                                              # CI facts, its job has one of the TRIGGERs
                                              # (pull_request, push, schedule, manual,
                                              # pipeline, tag)

Globs are described in :mod:`generator.scan.globs`; they ignore case. A rule may say
``status: contradicted`` when what it finds is evidence of the opposite of the practice (training
only in notebooks); other rules give ``found``. Practices that no repository can show
(team culture, ownership) simply have no detector: a scan leaves them unanswered.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from generator.bank import Bank, validate_list
from generator.errors import BankError, Problem
from generator.paths import assessments_dir
from generator.scan.globs import glob_problem
from generator.yamlio import YamlDocument, load_yaml_document

DETECTORS_FILE = "detectors.yaml"

# Where CI systems keep their pipeline definitions (what ``ci:`` matchers read).
CI_GLOBS = (
    ".github/workflows/*.yml",
    ".github/workflows/*.yaml",
    ".gitlab-ci.yml",
    "**/.gitlab-ci.yml",
    "Jenkinsfile",
    "**/Jenkinsfile",
    "azure-pipelines.yml",
    "azure-pipelines.yaml",
    ".circleci/config.yml",
    "bitbucket-pipelines.yml",
    ".buildkite/*.yml",
)

_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


FACT_KINDS = (
    "py.import", "py.local-import", "py.call", "py.call-kw", "py.decorator", "py.def", "py.class",
    "py.compare", "py.route", "py.tested", "ci.job", "ci.trigger", "ci.run", "ci.uses",
    "ci.environment", "ci.approval", "ci.pytest", "docker.image", "k8s.kind", "helm.chart",
    "tf.resource", "cfn.resource", "cfn.event", "dvc.stage", "bundle.job", "bundle.monitor",
    "aml.pipeline", "schedule",
)  # fmt: skip


class Matcher(_Strict):
    """One test against the repository; exactly one kind of key set (see module docstring)."""

    paths: list[str] | None = Field(default=None, min_length=1)
    files: list[str] | None = Field(default=None, min_length=1)
    regex: str | None = None
    ci: str | None = None
    git: Literal["tags", "commits"] | None = None
    path: str | None = None
    min: int = Field(default=1, ge=1, le=10_000)
    fact: str | None = Field(default=None, pattern=r"^[a-z0-9]+(\.[a-z0-9-]+)?$")
    value: str | None = None
    in_: list[Literal["code", "test", "ci-test", "notebook", "ci", "config"]] | None = Field(
        default=None, alias="in", min_length=1
    )
    triggers: (
        list[Literal["pull_request", "push", "schedule", "manual", "pipeline", "tag"]] | None
    ) = Field(default=None, min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _files_as_list(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("files"), str):
            return {**data, "files": [data["files"]]}
        return data

    @model_validator(mode="after")
    def _one_kind(self) -> Matcher:
        kinds = [
            k
            for k, present in (
                ("paths", self.paths is not None),
                ("files", self.files is not None),
                ("ci", self.ci is not None),
                ("git", self.git is not None),
                ("fact", self.fact is not None),
            )
            if present
        ]
        if len(kinds) != 1:
            raise ValueError(
                "a matcher needs exactly one of 'paths', 'files' (with 'regex'), 'ci', 'git' or "
                "'fact'. "
                f"Got {', '.join(kinds) or 'none of them'} instead."
            )
        kind = kinds[0]
        if (kind == "files") != (self.regex is not None):
            raise ValueError("'regex' goes with 'files' (and 'files' needs a 'regex')")
        if kind != "git" and (self.path is not None or "min" in self.model_fields_set):
            raise ValueError("'path' and 'min' only go with 'git'")
        if kind != "fact" and (self.value is not None or self.in_ or self.triggers):
            raise ValueError("'value', 'in' and 'triggers' only go with 'fact'")
        if kind == "fact" and self.fact not in FACT_KINDS:
            raise ValueError(
                f"The fact kind '{self.fact}' is unknown. Expected one of: {', '.join(FACT_KINDS)}"
            )
        if self.git == "tags" and self.path is not None:
            raise ValueError("'path' only goes with 'git: commits'")
        for glob in [*(self.paths or []), *(self.files or [])]:
            problem = glob_problem(glob)
            if problem:
                raise ValueError(f"{problem}. Got {glob!r} instead.")
        pattern = self.regex if self.regex is not None else self.ci
        if self.value is not None:
            pattern = self.value
        if pattern is not None:
            try:
                re.compile(scoped(pattern))
            except re.error as exc:
                raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
        return self

    @property
    def kind(self) -> str:
        """``paths``, ``files``, ``ci`` or ``git``."""
        if self.paths is not None:
            return "paths"
        if self.files is not None:
            return "files"
        if self.fact is not None:
            return "fact"
        return "ci" if self.ci is not None else "git"

    @property
    def content_globs(self) -> tuple[str, ...]:
        """The globs of the files whose text this matcher reads (none for paths and git)."""
        if self.files is not None:
            return tuple(self.files)
        return ()

    @property
    def pattern(self) -> str | None:
        """The regular expression this matcher searches file text for, if any."""
        return self.regex if self.regex is not None else self.ci

    def describe(self) -> str:
        """A short human description of what is looked for (for absence evidence)."""
        if self.paths is not None:
            return "a file " + " or ".join(self.paths)
        if self.files is not None:
            return f"/{self.regex}/ in " + " or ".join(self.files)
        if self.ci is not None:
            return f"/{self.ci}/ in a CI workflow"
        if self.fact is not None:
            where = f" in {'/'.join(self.in_)}" if self.in_ else ""
            return f"{self.fact} {self.value or ''}{where}".strip()
        if self.git == "tags":
            return f"at least {self.min} git tag{'s' if self.min > 1 else ''}"
        where = f" touching {self.path}" if self.path else ""
        return f"at least {self.min} git commit{'s' if self.min > 1 else ''}{where}"


class Rule(_Strict):
    """One way a practice shows in a repository, and the answer it justifies."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    when_found: str
    confidence: float = Field(default=0.7, ge=0, le=1)
    status: Literal["found", "contradicted"] = "found"
    any: list[Matcher] = Field(default_factory=list)
    all: list[Matcher] = Field(default_factory=list)
    unless: list[Matcher] = Field(default_factory=list)

    @model_validator(mode="after")
    def _needs_evidence(self) -> Rule:
        if not self.any and not self.all:
            raise ValueError("a rule needs at least one matcher under 'any' or 'all'")
        return self

    def matchers(self) -> list[Matcher]:
        """Every matcher of the rule."""
        return [*self.any, *self.all, *self.unless]


class Detector(_Strict):
    """The rules of one practice, and the answer its absence justifies (if any)."""

    practice: str
    rules: list[Rule] = Field(min_length=1)
    when_absent: str | None = None
    absent_confidence: float = Field(default=0.5, ge=0, le=1)
    looks_for: str | None = None  # words for reports: "a pandera or Great Expectations schema"

    def looked_for(self) -> str:
        """What the rules looked for, in a few words (the quote of absence evidence)."""
        if self.looks_for:
            return self.looks_for
        parts = [m.describe() for r in self.rules for m in [*r.any, *r.all]]
        text = "; ".join(dict.fromkeys(parts))
        return text if len(text) <= 200 else text[:197] + "..."


def scoped(pattern: str) -> str:
    """``pattern`` with leading global flags (``(?i)...``) made local (``(?i:...)``).

    Python refuses global flags anywhere but at the very start, and the engine joins many
    patterns into one alternation.
    """
    match = _LEADING_FLAGS.match(pattern)
    if match is None:
        return pattern
    return f"(?{match.group(1)}:{pattern[match.end() :]})"


def load_detectors(bank: Bank, folder: Path | None = None) -> list[Detector]:
    """Read and validate ``detectors.yaml`` from ``folder`` (default: the bank's folder).

    A bank folder without the file has no detectors (a scan then derives nothing). Raises
    :class:`BankError` listing every problem: unknown keys, practices or options the bank does
    not have, duplicate practices or rule ids, invalid globs and regular expressions.
    """
    root = Path(folder) if folder is not None else assessments_dir()
    path = root / DETECTORS_FILE
    if not path.is_file():
        return []
    doc = load_yaml_document(path, display_name=str(path))
    problems: list[Problem] = []
    detectors = validate_list(doc, "detectors", Detector, problems)
    _check_against_bank(doc, detectors, bank, problems)
    if problems:
        raise BankError(
            f"The detectors file {path} is invalid ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}).",
            problems=problems,
            hint="Fix the entries named above; the format is documented in generator/scan/spec.py.",
        )
    return detectors


def _check_against_bank(
    doc: YamlDocument, detectors: list[Detector], bank: Bank, problems: list[Problem]
) -> None:
    """Practices and options must exist in the bank; practices and rule ids must be unique."""
    seen_practices: set[str] = set()
    seen_rules: set[str] = set()
    practice_ids = sorted(p.id for p in bank.practices)
    for index, detector in enumerate(detectors):

        def problem(message: str, *loc: object, key: str, _i: int = index) -> None:
            line = doc.line_of(("detectors", _i, *loc))
            problems.append(Problem(message, file=doc.display_name, key=key, line=line))

        practice = bank.practice(detector.practice)
        if practice is None:
            problem(
                f"The practice '{detector.practice}' is not in the bank. "
                f"Expected one of: {', '.join(practice_ids)}",
                "practice",
                key=f"detectors[{index}].practice",
            )
            continue
        if detector.practice in seen_practices:
            problem(
                f"a second detector for '{detector.practice}'; merge its rules into the first",
                "practice",
                key=f"detectors[{index}].practice",
            )
        seen_practices.add(detector.practice)
        options = [o.id for o in practice.options]
        allowed = ", ".join(options)
        if detector.when_absent is not None and detector.when_absent not in options:
            problem(
                f"The option '{detector.when_absent}' is not an option of '{practice.id}'. "
                f"Expected one of: {allowed}",
                "when_absent",
                key=f"{practice.id}.when_absent",
            )
        for r_index, rule in enumerate(detector.rules):
            if rule.when_found not in options:
                problem(
                    f"The option '{rule.when_found}' is not an option of '{practice.id}'. "
                    f"Expected one of: {allowed}",
                    "rules",
                    r_index,
                    "when_found",
                    key=f"{practice.id}.rules[{r_index}].when_found",
                )
            if rule.id in seen_rules:
                problem(
                    f"duplicate rule id '{rule.id}'; rule ids name evidence and must be unique",
                    "rules",
                    r_index,
                    "id",
                    key=f"{practice.id}.rules[{r_index}].id",
                )
            seen_rules.add(rule.id)


__all__ = [
    "CI_GLOBS",
    "DETECTORS_FILE",
    "Detector",
    "Matcher",
    "Rule",
    "load_detectors",
    "scoped",
]
