"""Scoring: bank x answers -> :class:`~generator.result.Result`. Pure and deterministic.

The rules (docs/scoring.md explains them for readers of a report):

Status of each practice, in this order
    1. Skip logic: when ``applies_if`` names another practice that was answered with an option
       outside ``any_of`` (or that is itself skipped), the practice is ``not_applicable``
       (origin ``skip_logic``). An unanswered controlling practice skips nothing.
    2. An answer whose option is marked ``not_applicable`` -> ``not_applicable``.
    3. An answer -> the option's credit: ``met`` (1), ``partial`` (0 < credit < 1),
       ``missing`` (0).
    4. No answer -> credit 0, status ``unanswered``: what nobody vouches for is not credited.
    An answer stated by the team wins over one derived from a repository scan (origin
    ``stated`` vs ``evidence``).

Maturity level (Google's levels 0, 1, 2)
    The highest L such that every applicable practice gating a level <= L has credit 1.
    Level 0 needs nothing. Progress toward the next level = credit earned / number of
    applicable practices gating exactly that level, in percent (100 at level 2, and when no
    practice of the next level applies).

Level attainment (a profile beside the strict level)
    For each gated level L (1 and 2): credit earned on the applicable practices gating exactly
    L / their number, as a share from 0 to 1 (1 when none applies). A team with full CI/CD and
    no continuous training shows a high level-2 share at level 0; the level rule is unchanged.

Area score
    Weighted mean credit of the area's applicable practices (weights 1-3), in percent;
    None when none applies.

ML Test Score (Breck et al., 2017 version)
    Each of the 28 tests scores the lowest credit among its applicable practices, rounded down
    to 0, 0.5 or 1 (half a point for manual and documented, one for automated). A test whose
    practices are all not applicable scores 0 and is flagged ``not_applicable``; a test no
    practice maps to scores 0. Section = sum of its 7 tests; final = the lowest section; the
    band is named from the final score.

Checklist coverage
    Credit earned / applicable practices, in percent.

Gaps (the roadmap)
    Every applicable practice with credit < 1: first those gating the next level, then those
    gating the level after, then checklist-only ones; inside a group by weight (high first),
    credit (low first), bank order.

Command that closes a gap (see :func:`command_for`)
    No template component -> none. Otherwise it depends on the target (the Result's ``target``,
    :mod:`generator.target`):

    - a repository mlops-init generated or adopted (its ``.copier-answers.yml`` records the
      template at level P; P is the assessed level when unknown): a component above P ->
      ``mlops-init upgrade --to <component level>``, which adds it and keeps the team's edits;
      a component at P or below is already in the project's template, so
      ``mlops-init new mlops-reference --level P`` makes a reference project to copy its files
      from (upgrading to a level the project has would add nothing);
    - any other repository, and an assessment without a scan (the case assumed, and said so):
      ``mlops-init adopt --level <max(component level, assessed level)>``, which adds the
      template's files at that level and keeps every file the team has.

    Every gap with a component also lists the component's template files, so a team can copy
    one piece by hand.

All percentages are rounded to one decimal. Every step is monotone: giving a practice more
credit never lowers the level, an area score, an ML Test Score section or the coverage --
except through skip logic, which changes which practices are measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import __version__
from generator.answers import Answers
from generator.applicability import skip_cause
from generator.bank import Bank, Component, Practice
from generator.levels import GATED_LEVELS, LEVELS, MAX_LEVEL, band_for
from generator.result import (
    AreaScore,
    Checklist,
    Citation,
    CrosswalkResult,
    Evidence,
    Finding,
    Gap,
    MLTestResult,
    MLTestScore,
    Origin,
    Result,
    ScanInfo,
    ScanStatus,
    Status,
    Target,
)

SECTIONS = ("data", "model", "infrastructure", "monitoring")


@dataclass(frozen=True)
class _Assessed:
    """One practice's effective answer, before it becomes a Finding."""

    practice: Practice
    answer: str | None
    credit: float | None  # None when not applicable
    status: Status
    origin: Origin

    @property
    def applicable(self) -> bool:
        return self.status != "not_applicable"


def score(
    bank: Bank,
    answers: Answers,
    *,
    evidence: dict[str, list[Evidence]] | None = None,
    derived: dict[str, str] | None = None,
    scan_status: dict[str, ScanStatus] | None = None,
    searched: dict[str, str] | None = None,
    scan_info: ScanInfo | None = None,
    target: Target | None = None,
    tool: str = f"mlops-init {__version__}",
) -> Result:
    """Score ``answers`` against ``bank``.

    ``derived`` maps practice id -> option id inferred from a repository scan and ``evidence``
    the findings behind it; a practice the team answered keeps the team's answer.
    ``scan_status`` and ``searched`` say, per practice, what the scan made of it (found,
    contradicted, not found and what it looked for); ``scan_info`` what the scan read.
    ``target`` says which repository the roadmap's commands are for (default: unknown, assumed to
    be one mlops-init did not generate; see :func:`generator.target.detect_target`).
    """
    from generator.target import UNKNOWN

    target = target or UNKNOWN
    evidence = evidence or {}
    scan_status = scan_status or {}
    searched = searched or {}
    assessed = _assess_all(bank, answers.answers, derived or {})
    level = _level(assessed)
    next_level = level + 1 if level < MAX_LEVEL else None
    findings = [
        _finding(
            bank,
            a,
            level,
            target,
            answers.notes.get(a.practice.id),
            evidence.get(a.practice.id, []),
        ).model_copy(
            update={
                "scan": scan_status.get(a.practice.id),
                "searched": searched.get(a.practice.id)
                if scan_status.get(a.practice.id) == "not_found"
                else None,
            }
        )
        for a in assessed
    ]
    cited = {c.source for f in findings for c in f.sources}
    return Result(
        tool=tool,
        bank_digest=bank.digest,
        metadata=answers.metadata.model_copy(),
        level=level,
        level_name=LEVELS[level].name,
        next_level=next_level,
        next_level_progress=_progress(assessed, next_level),
        level_attainment=_attainment(assessed),
        levels=list(LEVELS),
        areas=[_area_score(bank, area.id, assessed) for area in bank.areas],
        ml_test_score=_ml_test_score(bank, assessed),
        checklist=_checklist(assessed),
        target=target.model_copy(),
        gaps=_gaps(bank, assessed, level, target),
        findings=findings,
        sources=[
            Citation(source=s.id, title=s.title, url=s.url, item=s.citation)
            for s in bank.sources
            if s.id in cited
        ],
        scan=scan_info,
        crosswalk=_crosswalk(bank, findings),
    )


def _crosswalk(bank: Bank, findings: list[Finding]) -> CrosswalkResult | None:
    """The regulatory crosswalk of ``findings`` (rules in generator/crosswalk.py)."""
    if bank.crosswalk is None:
        return None
    from generator.crosswalk import evaluate

    sources = {s.id: (s.title, s.url, s.citation) for s in bank.sources}
    return evaluate(bank.crosswalk, findings, sources)


def _assess_all(bank: Bank, stated: dict[str, str], derived: dict[str, str]) -> list[_Assessed]:
    chosen: dict[str, tuple[str, Origin]] = {pid: (opt, "evidence") for pid, opt in derived.items()}
    chosen.update({pid: (opt, "stated") for pid, opt in stated.items()})

    def answer_of(practice_id: str) -> str | None:
        return chosen[practice_id][0] if practice_id in chosen else None

    assessed = []
    for practice in bank.practices:
        answer, origin = chosen.get(practice.id, (None, "unanswered"))
        option = practice.option(answer) if answer is not None else None
        if answer is not None and option is None:
            # parse_answers and the scan only produce the bank's options: this is a bug.
            raise ValueError(f"{practice.id}: {answer!r} is not one of the practice's options")
        if skip_cause(bank, practice, answer_of) is not None:
            assessed.append(_Assessed(practice, answer, None, "not_applicable", "skip_logic"))
        elif option is None:
            assessed.append(_Assessed(practice, None, 0.0, "unanswered", "unanswered"))
        elif option.not_applicable:
            assessed.append(_Assessed(practice, answer, None, "not_applicable", origin))
        else:
            credit = float(option.credit or 0.0)
            status: Status = "met" if credit >= 1 else "partial" if credit > 0 else "missing"
            assessed.append(_Assessed(practice, answer, credit, status, origin))
    return assessed


def _level(assessed: list[_Assessed]) -> int:
    level = 0
    for candidate in range(1, MAX_LEVEL + 1):
        gates = [a for a in assessed if a.applicable and a.practice.level == candidate]
        if any((a.credit or 0.0) < 1 for a in gates):
            break
        level = candidate
    return level


def _percent(earned: float, count: float) -> float:
    return round(100 * earned / count, 1)


def _progress(assessed: list[_Assessed], next_level: int | None) -> float:
    if next_level is None:
        return 100.0
    gates = [a for a in assessed if a.applicable and a.practice.level == next_level]
    if not gates:
        return 100.0
    return _percent(sum(a.credit or 0.0 for a in gates), len(gates))


def _attainment(assessed: list[_Assessed]) -> dict[str, float]:
    """Per gated level, the credit earned on its applicable gates over their number (0-1);
    1.0 for a level none of whose gates applies."""
    shares = {}
    for level in GATED_LEVELS:
        gates = [a for a in assessed if a.applicable and a.practice.level == level]
        earned = sum(a.credit or 0.0 for a in gates)
        shares[str(level)] = round(earned / len(gates), 3) if gates else 1.0
    return shares


def _area_score(bank: Bank, area_id: str, assessed: list[_Assessed]) -> AreaScore:
    area = bank.area(area_id)
    members = [a for a in assessed if a.practice.area == area_id]
    applicable = [a for a in members if a.applicable]
    weights = sum(a.practice.weight for a in applicable)
    earned = sum(a.practice.weight * (a.credit or 0.0) for a in applicable)
    return AreaScore(
        id=area.id,
        name=area.name,
        description=area.description,
        score=_percent(earned, weights) if applicable else None,
        met=sum(1 for a in applicable if a.status == "met"),
        applicable=len(applicable),
        total=len(members),
    )


def snap_points(credit: float) -> float:
    """A credit rounded down to the ML Test Score's points: 0, 0.5 or 1."""
    if credit >= 1:
        return 1.0
    return 0.5 if credit >= 0.5 else 0.0


def _ml_test_score(bank: Bank, assessed: list[_Assessed]) -> MLTestScore:
    tests = []
    for test in bank.ml_tests:
        mapped = [a for a in assessed if test.id in a.practice.ml_test_score]
        applicable = [a for a in mapped if a.applicable]
        points = snap_points(min(a.credit or 0.0 for a in applicable)) if applicable else 0.0
        tests.append(
            MLTestResult(
                id=test.id,
                section=test.section,
                title=test.title,
                points=points,
                not_applicable=bool(mapped) and not applicable,
                practices=[a.practice.id for a in mapped],
            )
        )
    sections = {s: sum(t.points for t in tests if t.section == s) for s in SECTIONS}
    final = min(sections.values())
    return MLTestScore(sections=sections, final=final, band=band_for(final), tests=tests)


def _checklist(assessed: list[_Assessed]) -> Checklist:
    applicable = [a for a in assessed if a.applicable]
    earned = sum(a.credit or 0.0 for a in applicable)
    return Checklist(
        coverage=_percent(earned, len(applicable)) if applicable else 0.0,
        met=sum(1 for a in applicable if a.status == "met"),
        partial=sum(1 for a in applicable if a.status == "partial"),
        missing=sum(1 for a in applicable if a.status == "missing"),
        unanswered=sum(1 for a in applicable if a.status == "unanswered"),
        applicable=len(applicable),
        total=len(assessed),
    )


def command_for(
    component: Component | None, level: int, target: Target | None = None
) -> str | None:
    """The mlops-init command that puts ``component`` in place for a team at ``level``, in the
    repository ``target`` describes (default: unknown, handled as one mlops-init did not make)."""
    if component is None:
        return None
    if target is None or target.commands == "adopt":
        # Adopting at a level adds every template file up to it that the repository lacks.
        return f"mlops-init adopt --level {max(component.level, level)}"
    project_level = target.template_level if target.template_level is not None else level
    if component.level > project_level:
        return f"mlops-init upgrade --to {component.level}"
    # The project's template already holds the component: a reference project at the
    # project's level has its files, fitting beside everything else the team runs.
    return f"mlops-init new mlops-reference --level {project_level}"


def component_files(component: Component | None, target: Target | None = None) -> list[str]:
    """The component's template files (components.yaml globs), with the package folder
    (``src/*/``) filled in when the target records the package name."""
    if component is None:
        return []
    package = target.package_name if target is not None else None
    if not package:
        return list(component.paths)
    return [p.replace("src/*/", f"src/{package}/", 1) for p in component.paths]


def _component(bank: Bank, practice: Practice) -> Component | None:
    return bank.component(practice.component) if practice.component else None


def _gaps(bank: Bank, assessed: list[_Assessed], level: int, target: Target) -> list[Gap]:
    order = {a.practice.id: i for i, a in enumerate(assessed)}

    def group(a: _Assessed) -> int:
        # Gated practices above the team's level come in level order; checklist-only last.
        return a.practice.level if a.practice.level is not None else MAX_LEVEL + 1

    open_items = [a for a in assessed if a.applicable and (a.credit or 0.0) < 1]
    open_items.sort(
        key=lambda a: (group(a), -a.practice.weight, a.credit or 0.0, order[a.practice.id])
    )
    return [
        Gap(
            id=a.practice.id,
            area=a.practice.area,
            level=a.practice.level,
            weight=a.practice.weight,
            credit=a.credit or 0.0,
            text=a.practice.text,
            recommendation=a.practice.recommendation,
            component=a.practice.component,
            command=command_for(_component(bank, a.practice), level, target),
            blocks_level=a.practice.level,
            files=component_files(_component(bank, a.practice), target),
        )
        for a in open_items
    ]


def _finding(
    bank: Bank,
    a: _Assessed,
    level: int,
    target: Target,
    note: str | None,
    evidence: list[Evidence],
) -> Finding:
    practice = a.practice
    option = practice.option(a.answer) if a.answer is not None else None
    is_gap = a.applicable and (a.credit or 0.0) < 1
    return Finding(
        id=practice.id,
        area=practice.area,
        level=practice.level,
        weight=practice.weight,
        text=practice.text,
        help=practice.help,
        recommendation=practice.recommendation,
        component=practice.component,
        command=command_for(_component(bank, practice), level, target) if is_gap else None,
        files=component_files(_component(bank, practice), target) if is_gap else [],
        answer=a.answer,
        answer_label=option.label if option is not None else None,
        credit=a.credit,
        status=a.status,
        origin=a.origin,
        note=note,
        evidence=[e.model_copy() for e in evidence],
        ml_test_score=list(practice.ml_test_score),
        sources=[
            Citation(
                source=ref.source,
                title=bank.source(ref.source).title,
                url=bank.source(ref.source).url,
                item=ref.item,
            )
            for ref in practice.sources
        ],
    )
