"""The Result of an assessment: the one thing the report renderers read.

It is self-contained (question texts, recommendations, sources, evidence are copied in), so a
saved ``result.json`` re-renders with ``mlops-init report`` without the bank, and two results
compare with ``mlops-init compare``. Bump ``SCHEMA_VERSION`` on any incompatible change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import Problem, ResultFileError

SCHEMA_VERSION = 2

Status = Literal["met", "partial", "missing", "not_applicable", "unanswered"]
Origin = Literal["stated", "evidence", "skip_logic", "unanswered"]
# What a repository scan made of a practice: evidence of it, evidence of the opposite (e.g.
# training only in notebooks), or nothing seen (which proves nothing: confirm with the team).
ScanStatus = Literal["found", "contradicted", "not_found"]
TargetKind = Literal["generated", "existing", "unknown"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Metadata(_Model):
    """Who was assessed, by whom, when. ``date`` is an ISO date string, never 'today' implicitly."""

    organisation: str | None = None
    project: str | None = None
    assessor: str | None = None
    date: str | None = None


class Evidence(_Model):
    """One piece of evidence found in a repository: the rule that matched and where."""

    detector: str
    path: str | None = None
    line: int | None = None
    quote: str | None = None
    confidence: float = Field(default=1.0, ge=0, le=1)


class Citation(_Model):
    source: str
    title: str
    url: str
    item: str


class Finding(_Model):
    """One practice as assessed: the question, the answer behind it, and what to do."""

    id: str
    area: str
    level: int | None
    weight: int
    text: str
    help: str
    recommendation: str
    component: str | None = None
    command: str | None = None
    files: list[str] = Field(default_factory=list)  # the component's template files
    answer: str | None = None
    answer_label: str | None = None
    credit: float | None = None
    status: Status
    origin: Origin
    note: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    scan: ScanStatus | None = None  # None: no scan, or nothing a repository can show
    searched: str | None = None  # when not found: what the scan looked for
    ml_test_score: list[str] = Field(default_factory=list)
    sources: list[Citation] = Field(default_factory=list)


class AreaScore(_Model):
    id: str
    name: str
    description: str
    score: float | None  # 0-100; None when every practice of the area is not applicable
    met: int
    applicable: int
    total: int


class MLTestResult(_Model):
    id: str
    section: str
    title: str
    points: float  # 0, 0.5 or 1 (the 2017 rubric)
    not_applicable: bool
    practices: list[str]


class MLTestScore(_Model):
    version: Literal["2017"] = "2017"
    sections: dict[str, float]
    final: float
    band: str
    tests: list[MLTestResult]


class Checklist(_Model):
    coverage: float  # 0-100: credit earned over applicable practices
    met: int
    partial: int
    missing: int  # answered, credit 0
    applicable: int
    total: int
    unanswered: int = 0  # applicable but not answered (credit 0, counted apart from missing)


class Gap(_Model):
    """A practice not fully met, in roadmap order."""

    id: str
    area: str
    level: int | None
    weight: int
    credit: float
    text: str
    recommendation: str
    component: str | None = None
    command: str | None = None
    blocks_level: int | None = None  # the maturity level this gap keeps the team from
    # The template files of the component (globs of assessments/components.yaml, with the
    # package folder filled in when known), to copy one piece by hand.
    files: list[str] = Field(default_factory=list)


class Target(_Model):
    """What the roadmap's commands are for: a repository mlops-init generated (or adopted),
    one it did not, or unknown (no scan; ``commands`` says which case is assumed)."""

    kind: TargetKind
    reason: str
    commands: Literal["upgrade", "adopt"]  # 'mlops-init upgrade --to N' or 'adopt --level N'
    template_level: int | None = None  # the level a generated project's answers file records
    package_name: str | None = None  # the package a generated project's answers file records


class SkippedFile(_Model):
    path: str
    reason: str


class ScanInfo(_Model):
    """What the evidence scan read, so a reader can judge what its findings rest on."""

    root: str
    subfolder: str | None = None  # the scanned folder inside its repository, if not the root
    project_root: str | None = None  # what was read as the project (a template's project)
    listing: str  # "git" (the files git tracks) or "walk" (every file not ignored)
    files_listed: int
    files_read: int
    skipped: dict[str, int] = Field(default_factory=dict)  # reason -> files not read
    skipped_examples: list[SkippedFile] = Field(default_factory=list)
    projects: list[str] = Field(default_factory=list)
    template: str | None = None
    extractors: list[str] = Field(default_factory=list)
    elapsed_s: float
    truncated: bool = False


class DateInfo(_Model):
    """From when a framework item applies (ISO date), and to what."""

    date: str
    scope: str


class CrosswalkPractice(_Model):
    """A practice behind a framework item, as assessed (its question is in the findings)."""

    id: str
    status: Status
    credit: float | None = None


class CrosswalkItem(_Model):
    """A framework item and the evidence toward it: met, partial, missing or not applicable."""

    id: str
    group: str
    title: str
    applies_from: list[DateInfo] = Field(default_factory=list)
    status: Literal["met", "partial", "missing", "not_applicable"]
    practices: list[CrosswalkPractice]


class CrosswalkFramework(_Model):
    id: str
    name: str
    title: str
    url: str
    citation: str
    note: str
    met: int
    partial: int
    missing: int
    not_applicable: int
    items: list[CrosswalkItem]


class CrosswalkResult(_Model):
    """Evidence toward the items of regulatory frameworks (see generator/crosswalk.py)."""

    checked: str  # ISO date the mapping was last checked
    frameworks: list[CrosswalkFramework]


class LevelInfo(_Model):
    level: int
    name: str
    summary: str


class Result(_Model):
    """An assessment outcome. Field order is the JSON's order."""

    schema_version: int = SCHEMA_VERSION
    tool: str
    bank_digest: str
    metadata: Metadata
    level: int
    level_name: str
    next_level: int | None
    next_level_progress: float  # 0-100
    # Share of each level's gating credit earned (0-1), e.g. {"1": 0.62, "2": 0.8}: a profile
    # beside the strict level, which needs every gate of a level fully met.
    level_attainment: dict[str, float]
    levels: list[LevelInfo]
    areas: list[AreaScore]
    ml_test_score: MLTestScore
    checklist: Checklist
    target: Target | None = None  # None only in results written before targets existed
    gaps: list[Gap]
    findings: list[Finding]
    sources: list[Citation] = Field(default_factory=list)
    scan: ScanInfo | None = None
    crosswalk: CrosswalkResult | None = None  # absent in results of a bank without crosswalk

    def to_json(self) -> str:
        """Deterministic JSON text (sorted nothing, insertion order kept, trailing newline)."""
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def load_result(path: Path) -> Result:
    """Read a saved result JSON; raises :class:`ResultFileError` naming what is wrong."""
    name = str(path)
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultFileError(
            f"The result file '{name}' does not exist.",
            hint="Create one with 'mlops-init assess --answers FILE --format json'.",
        ) from None
    except json.JSONDecodeError as exc:
        raise ResultFileError(
            f"The result file '{name}' is not valid JSON.",
            problems=[Problem(exc.msg, file=name, line=exc.lineno)],
        ) from None
    if isinstance(raw, dict) and raw.get("schema_version") != SCHEMA_VERSION:
        raise ResultFileError(
            f"The result file '{name}' has schema_version {raw.get('schema_version')!r}; "
            f"this mlops-init reads schema_version {SCHEMA_VERSION}.",
            hint="Re-run 'mlops-init assess' on the answers file to produce a current result.",
        )
    try:
        return Result.model_validate(raw)
    except ValidationError as exc:
        raise ResultFileError(
            f"The result file '{name}' does not match the result schema.",
            problems=[
                Problem(err["msg"], file=name, key=".".join(str(p) for p in err["loc"]))
                for err in exc.errors()
            ],
        ) from None
