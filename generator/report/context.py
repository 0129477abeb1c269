"""What the audit report says, worked out once from a Result for every output format.

The templates only lay out what is built here: the executive summary sentence, findings
grouped by area, the ML Test Score tests with the practices behind them, the roadmap groups and
the charts. Everything is derived from the Result in its own order, so the same Result always
gives the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from generator.levels import BANDS
from generator.report import charts
from generator.report.formatting import compact, percent, plural, section_title
from generator.result import AreaScore, Finding, Gap, MLTestResult, Result

# The 2017 rubric's bands (generator.levels.BANDS) as a report lays them out.
ML_TEST_SCORE_BANDS: list[tuple[str, str, str]] = [(b.range, b.name, b.meaning) for b in BANDS]


# How the numbers are computed; mirrors the rules documented in generator/scoring.py.
@dataclass(frozen=True)
class MethodologyPart:
    """One part of the methodology section; ``bands`` places the band table after it."""

    heading: str
    paragraphs: list[str]
    bands: bool = False


METHODOLOGY: list[MethodologyPart] = [
    MethodologyPart(
        "Answers and credit",
        [
            "Each answer option carries a credit between 0 and 1: 1 when the practice is fully "
            "met, 0.5 when it is done by hand and documented (as the ML Test Score counts it), 0 "
            "when it is missing. A question nobody answered earns no credit. A practice that does "
            "not apply to the team (by its answer, or by skip logic from an earlier answer) is "
            "left out of every number. An answer stated by the team takes precedence over one "
            "derived from evidence in the repository.",
        ],
    ),
    MethodologyPart(
        "Maturity level",
        [
            "Each practice of the question bank gates level 1, level 2, or no level (checklist "
            "only). The team is at the highest level L such that every applicable practice gating "
            "a level up to L is fully met (credit 1); a partly met practice does not count as met. "
            "Level 0 needs nothing.",
            "Progress to the next level is the credit already earned on the applicable practices "
            "that gate that level, as a share of their number.",
        ],
    ),
    MethodologyPart(
        "Area scores and checklist coverage",
        [
            "An area's score is the mean credit of its applicable practices, weighted by each "
            "practice's weight (1 to 3), from 0 to 100; an area where no practice applies has no "
            "score (n/a). Checklist coverage is the credit earned over all applicable practices, "
            "unweighted.",
        ],
    ),
    MethodologyPart(
        "ML Test Score",
        [
            "Each of the 28 tests takes the lowest credit among the applicable practices mapped "
            "to it, rounded down to 0, 0.5 or 1 point (half a point for a manual, documented "
            "test, one point for an automated, repeated one). A test whose practices all do not "
            "apply scores 0 and is shown as n/a; a test no practice maps to scores 0. Each "
            "section sums its seven tests, the final score is the lowest of the four sections, "
            "and the band follows the 2017 version of the rubric.",
        ],
        bands=True,
    ),
    MethodologyPart(
        "Roadmap",
        [
            "Every applicable practice that is not fully met is a gap. Gaps that gate the next "
            "level come first, then those gating the level after, then checklist items; within a "
            "group, higher weight first. Where a part of mlops-init's project template provides "
            "the practice, the command that adds it is given, fitted to the repository assessed: "
            "'mlops-init adopt --level N' brings a repository mlops-init did not make under the "
            "template without changing the team's files; 'mlops-init upgrade --to N' raises a "
            "project mlops-init generated (or adopted) and keeps the team's edits; 'mlops-init "
            "new mlops-reference --level N' makes a reference project to copy a component from "
            "when the project already has that level. Each gap also lists the template files of "
            "that component, so a team can copy one piece by hand.",
        ],
    ),
]

SECTIONS = [
    ("cover", "Cover"),
    ("summary", "Executive summary"),
    ("level", "Maturity level"),
    ("areas", "Area scores"),
    ("ml-test-score", "ML Test Score"),
    ("findings", "Findings by area"),
    ("scan", "Evidence scan"),  # only when the assessment scanned a repository
    ("roadmap", "Roadmap"),
    ("methodology", "Methodology and sources"),
    ("appendix", "Appendix: all answers"),
]


@dataclass(frozen=True)
class AreaFindings:
    """One area of the findings section."""

    id: str
    name: str
    description: str
    score: AreaScore | None
    findings: list[Finding]


@dataclass(frozen=True)
class TestRow:
    """One ML Test Score test with the practices (id, question) that earn its points."""

    test: MLTestResult
    practices: list[tuple[str, str]]


@dataclass(frozen=True)
class SectionRow:
    """One ML Test Score section: its sum (out of 7) and its tests."""

    key: str
    title: str
    score: float
    tests: list[TestRow]


@dataclass(frozen=True)
class GapGroup:
    """A roadmap group: the gaps blocking one level, or the remaining checklist items."""

    anchor: str
    title: str
    intro: str
    gaps: list[Gap]


@dataclass
class ReportContext:
    """Everything a report template reads."""

    result: Result
    title: str
    subject: str
    summary: str
    level_names: dict[int, str]
    areas_by_id: dict[str, AreaScore]
    area_findings: list[AreaFindings]
    sections: list[SectionRow]
    weakest_section: SectionRow | None
    gap_groups: list[GapGroup]
    blockers: list[Gap]
    finding_ids: set[str]
    gap_refs: dict[str, str]
    not_seen: list[Finding]  # scanned, nothing seen, and the team has not said otherwise
    attainment: list[tuple[int, float]]  # (gated level, share of its gate credit, 0-100)
    bands: list[tuple[str, str, str]] = field(default_factory=lambda: list(ML_TEST_SCORE_BANDS))
    methodology: list[MethodologyPart] = field(default_factory=lambda: list(METHODOLOGY))
    toc: list[tuple[str, str]] = field(default_factory=list)
    ladder_svg: Markup = field(default_factory=Markup)
    areas_svg: Markup = field(default_factory=Markup)
    sections_svg: Markup = field(default_factory=Markup)

    def as_template_vars(self) -> dict[str, object]:
        """The context as keyword arguments for ``Template.render``."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def subject_of(result: Result) -> str:
    """Who the report is about, for sentences: "Churn model (Acme Bank)"."""
    meta = result.metadata
    if meta.project and meta.organisation:
        return f"{meta.project} ({meta.organisation})"
    return meta.project or meta.organisation or "The assessed team"


def _extreme(areas: list[AreaScore], strongest: bool) -> AreaScore:
    # First in report order wins a tie, so the sentence is stable.
    best = areas[0]
    for area in areas[1:]:
        assert area.score is not None and best.score is not None
        if (area.score > best.score) if strongest else (area.score < best.score):
            best = area
    return best


def _summary(
    result: Result, sections: list[SectionRow], blockers: list[Gap], level_names: dict[int, str]
) -> str:
    sentences = [
        f"{subject_of(result)} is at MLOps maturity level {result.level}, {result.level_name}."
    ]
    if result.next_level is None:
        open_items = len(result.gaps)
        sentences.append(
            f"This is the highest level of the model; {plural(open_items, 'checklist item')} "
            f"{'remains' if open_items == 1 else 'remain'} open."
        )
    else:
        next_name = level_names.get(result.next_level)
        named = f"level {result.next_level}" + (f", {next_name}," if next_name else "")
        if blockers:
            still = (
                f"{plural(len(blockers), 'practice')} still "
                f"{'blocks' if len(blockers) == 1 else 'block'} that level"
            )
        else:
            still = "no practice blocks that level any more"
        sentences.append(
            f"It has earned {percent(result.next_level_progress)} of what {named} requires; "
            f"{still}."
        )
    if result.level_attainment:
        shares = [
            f"{percent(share * 100)} of level {lvl}'s"
            for lvl, share in result.level_attainment.items()
        ]
        joined = shares[0] if len(shares) == 1 else ", ".join(shares[:-1]) + " and " + shares[-1]
        sentences.append(f"Of the credit that gates each level, it earns {joined}.")
    scored = [a for a in result.areas if a.score is not None]
    if scored:
        strong, weak = _extreme(scored, True), _extreme(scored, False)
        if strong.score == weak.score:
            sentences.append(f"Every scored area stands at {compact(strong.score, 0)}/100.")
        else:
            sentences.append(
                f"The strongest area is {strong.name} ({compact(strong.score, 0)}/100) and the "
                f"weakest is {weak.name} ({compact(weak.score, 0)}/100)."
            )
    mts = result.ml_test_score
    mts_sentence = (
        f"The ML Test Score (2017 method) is {compact(mts.final)} out of 7, the band “{mts.band}”"
    )
    weakest = _weakest_section(sections)
    if weakest is not None:
        mts_sentence += f"; the lowest section is {weakest.title} ({compact(weakest.score)})"
    sentences.append(mts_sentence + ".")
    checklist = result.checklist
    sentences.append(
        f"Across {plural(checklist.applicable, 'applicable practice')}, "
        f"{percent(checklist.coverage)} of the available credit is earned "
        f"({checklist.met} met, {checklist.partial} partial, {checklist.missing} missing"
        + (f", {checklist.unanswered} unanswered" if checklist.unanswered else "")
        + ")."
    )
    unanswered = sum(1 for f in result.findings if f.status == "unanswered")
    if unanswered:
        sentences.append(
            f"{plural(unanswered, 'question')} {'was' if unanswered == 1 else 'were'} left "
            "unanswered; answering them gives a complete picture."
        )
    return " ".join(sentences)


def _weakest_section(sections: list[SectionRow]) -> SectionRow | None:
    weakest = None
    for row in sections:
        if weakest is None or row.score < weakest.score:
            weakest = row
    return weakest


def _sections(result: Result) -> list[SectionRow]:
    texts = {f.id: f.text for f in result.findings}
    mts = result.ml_test_score
    rows = []
    for key, score in mts.sections.items():
        tests = [
            TestRow(t, [(pid, texts.get(pid, "")) for pid in t.practices])
            for t in mts.tests
            if t.section == key
        ]
        rows.append(SectionRow(key, section_title(key), score, tests))
    # Tests of a section missing from ``sections`` still get listed (robust to odd input).
    known = set(mts.sections)
    extra = [t for t in mts.tests if t.section not in known]
    for key in dict.fromkeys(t.section for t in extra):
        tests = [
            TestRow(t, [(p, texts.get(p, "")) for p in t.practices])
            for t in extra
            if t.section == key
        ]
        rows.append(SectionRow(key, section_title(key), 0.0, tests))
    return rows


def _gap_groups(result: Result, level_names: dict[int, str]) -> list[GapGroup]:
    levels = sorted({g.blocks_level for g in result.gaps if g.blocks_level is not None})
    groups = []
    for level in levels:
        gaps = [g for g in result.gaps if g.blocks_level == level]
        name = level_names.get(level)
        intro = (
            f"Every practice below must be fully met to reach level {level}"
            + (f" ({name})" if name else "")
            + "."
        )
        groups.append(GapGroup(f"blocks-level-{level}", f"Blocks level {level}", intro, gaps))
    checklist = [g for g in result.gaps if g.blocks_level is None]
    if checklist:
        groups.append(
            GapGroup(
                "checklist",
                "Checklist",
                "Best practices that do not gate a level but make the system safer to run.",
                checklist,
            )
        )
    return groups


def _gap_refs(groups: list[GapGroup]) -> dict[str, str]:
    """Where each gap sits on the roadmap, for the findings: "Blocks level 2, item 3"."""
    return {
        gap.id: f"{group.title}, item {number}"
        for group in groups
        for number, gap in enumerate(group.gaps, start=1)
    }


def _area_findings(result: Result) -> list[AreaFindings]:
    groups: list[AreaFindings] = []
    for area in result.areas:
        findings = [f for f in result.findings if f.area == area.id]
        groups.append(AreaFindings(area.id, area.name, area.description, area, findings))
    known = {a.id for a in result.areas}
    for area_id in dict.fromkeys(f.area for f in result.findings if f.area not in known):
        findings = [f for f in result.findings if f.area == area_id]
        groups.append(AreaFindings(area_id, area_id, "", None, findings))
    return groups


def _charts(result: Result, sections: list[SectionRow]) -> tuple[Markup, Markup, Markup]:
    ladder = charts.level_ladder(
        [charts.Step(info.level, info.name) for info in result.levels],
        result.level,
        result.next_level,
        result.next_level_progress,
    )
    area_bars = [
        charts.Bar(a.name, a.score, "n/a" if a.score is None else compact(a.score, 0))
        for a in result.areas
    ]
    areas = charts.bar_chart(
        area_bars,
        100,
        [0, 25, 50, 75, 100],
        "Area scores",
        "Score out of 100 per area: "
        + "; ".join(f"{b.label} {b.display}" for b in area_bars)
        + ".",
        "area-scores-chart",
    )
    section_bars = [charts.Bar(s.title, s.score, compact(s.score)) for s in sections]
    mts = charts.bar_chart(
        section_bars,
        7,
        [0, 1, 2, 3, 4, 5, 6, 7],
        "ML Test Score by section",
        "Points out of 7 per section: "
        + "; ".join(f"{b.label} {b.display}" for b in section_bars)
        + ".",
        "ml-test-score-chart",
    )
    return ladder, areas, mts


def build_context(result: Result) -> ReportContext:
    """Work out everything the report shows from ``result``."""
    level_names = {info.level: info.name for info in result.levels}
    blockers = [
        g for g in result.gaps if g.blocks_level is not None and g.blocks_level == result.next_level
    ]
    sections = _sections(result)
    meta = result.metadata
    title_bits = [b for b in (meta.organisation, meta.project) if b]
    ladder, areas_svg, sections_svg = _charts(result, sections)
    groups = _gap_groups(result, level_names)
    return ReportContext(
        result=result,
        title="MLOps maturity assessment" + (": " + " · ".join(title_bits) if title_bits else ""),
        subject=subject_of(result),
        summary=_summary(result, sections, blockers, level_names),
        level_names=level_names,
        areas_by_id={a.id: a for a in result.areas},
        area_findings=_area_findings(result),
        sections=sections,
        weakest_section=_weakest_section(sections),
        gap_groups=groups,
        blockers=blockers,
        finding_ids={f.id for f in result.findings},
        gap_refs=_gap_refs(groups),
        not_seen=[
            f
            for f in result.findings
            if f.scan == "not_found" and f.origin != "stated" and f.status != "not_applicable"
        ],
        attainment=[(int(lvl), share * 100) for lvl, share in result.level_attainment.items()],
        toc=[s for s in SECTIONS[1:] if s[0] != "scan" or result.scan is not None],
        ladder_svg=ladder,
        areas_svg=areas_svg,
        sections_svg=sections_svg,
    )
