"""Progress between two assessments of the same team (``mlops-init compare``).

Works out what changed from a ``before`` Result to an ``after`` Result: the level, the area
scores, the ML Test Score, checklist coverage, and which gaps were closed, opened or improved.
Changes are rounded to two decimals so they never carry floating-point noise into the JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from generator.report import charts
from generator.report.context import subject_of
from generator.report.formatting import compact, percent, plural, section_title, signed
from generator.result import Gap, Result

PROGRESS_SCHEMA_VERSION = 1


def change(before: float | None, after: float | None) -> float | None:
    """``after - before`` rounded to 2 decimals; None when either side is unknown."""
    if before is None or after is None:
        return None
    return round(after - before, 2) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class Delta:
    """One compared quantity: an area score, an ML Test Score section, ..."""

    id: str
    name: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        return change(self.before, self.after)

    def as_json(self, key: str = "id") -> dict[str, object]:
        return {
            key: self.id,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "change": self.change,
        }


@dataclass(frozen=True)
class GapMove:
    """A gap that was closed, opened, or is still open with more (or less) credit."""

    gap: Gap
    credit_before: float | None
    credit_after: float | None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.gap.id,
            "area": self.gap.area,
            "level": self.gap.level,
            "text": self.gap.text,
            "credit_before": self.credit_before,
            "credit_after": self.credit_after,
            "command": self.gap.command,
        }


@dataclass
class Comparison:
    """Everything the progress report shows."""

    before: Result
    after: Result
    areas: list[Delta]
    sections: list[Delta]
    final: Delta
    coverage: Delta
    closed: list[GapMove]
    opened: list[GapMove]
    improved: list[GapMove]
    remaining: list[Gap]
    summary: str
    areas_svg: Markup

    @property
    def same_bank(self) -> bool:
        return self.before.bank_digest == self.after.bank_digest

    @property
    def level_change(self) -> int:
        return self.after.level - self.before.level

    def to_json(self) -> str:
        """The comparison as deterministic JSON (trailing newline)."""

        def side(result: Result) -> dict[str, object]:
            return {
                "metadata": result.metadata.model_dump(mode="json"),
                "bank_digest": result.bank_digest,
                "level": result.level,
                "level_name": result.level_name,
                "next_level": result.next_level,
                "next_level_progress": result.next_level_progress,
            }

        data = {
            "schema_version": PROGRESS_SCHEMA_VERSION,
            "tool": self.after.tool,
            "same_bank": self.same_bank,
            "summary": self.summary,
            "before": side(self.before),
            "after": side(self.after),
            "level": {
                "before": self.before.level,
                "after": self.after.level,
                "change": self.level_change,
            },
            "areas": [d.as_json() for d in self.areas],
            "ml_test_score": {
                "sections": [d.as_json("section") for d in self.sections],
                "final": {
                    "before": self.final.before,
                    "after": self.final.after,
                    "change": self.final.change,
                },
                "band": {
                    "before": self.before.ml_test_score.band,
                    "after": self.after.ml_test_score.band,
                },
            },
            "checklist_coverage": {
                "before": self.coverage.before,
                "after": self.coverage.after,
                "change": self.coverage.change,
            },
            "gaps_closed": [g.as_json() for g in self.closed],
            "gaps_opened": [g.as_json() for g in self.opened],
            "gaps_improved": [g.as_json() for g in self.improved],
            "gaps_remaining": len(self.remaining),
        }
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _area_deltas(before: Result, after: Result) -> list[Delta]:
    old = {a.id: a for a in before.areas}
    new = {a.id: a for a in after.areas}
    order = list(new) + [area_id for area_id in old if area_id not in new]
    return [
        Delta(
            area_id,
            (new.get(area_id) or old[area_id]).name,
            old[area_id].score if area_id in old else None,
            new[area_id].score if area_id in new else None,
        )
        for area_id in order
    ]


def _section_deltas(before: Result, after: Result) -> list[Delta]:
    old, new = before.ml_test_score.sections, after.ml_test_score.sections
    order = list(new) + [key for key in old if key not in new]
    return [Delta(key, section_title(key), old.get(key), new.get(key)) for key in order]


def _gap_moves(before: Result, after: Result) -> tuple[list[GapMove], ...]:
    old = {g.id: g for g in before.gaps}
    new = {g.id: g for g in after.gaps}
    credit_after = {f.id: f.credit for f in after.findings}
    credit_before = {f.id: f.credit for f in before.findings}
    closed = [GapMove(g, g.credit, credit_after.get(g.id)) for g in before.gaps if g.id not in new]
    opened = [GapMove(g, credit_before.get(g.id), g.credit) for g in after.gaps if g.id not in old]
    improved = [
        GapMove(g, old[g.id].credit, g.credit)
        for g in after.gaps
        if g.id in old and g.credit > old[g.id].credit
    ]
    return closed, opened, improved


def _summary(
    before: Result,
    after: Result,
    areas: list[Delta],
    final: Delta,
    closed: list[GapMove],
    opened: list[GapMove],
) -> str:
    who = subject_of(after)
    if after.level > before.level:
        text = (
            f"{who} moved up from level {before.level} to level {after.level}, {after.level_name}."
        )
    elif after.level < before.level:
        text = (
            f"{who} moved down from level {before.level} to level {after.level}, "
            f"{after.level_name}."
        )
    else:
        text = f"{who} stayed at level {after.level}, {after.level_name}."
    sentences = [text]
    if after.next_level is not None:
        if before.next_level == after.next_level:
            sentences.append(
                f"Progress to level {after.next_level} went from "
                f"{percent(before.next_level_progress)} to {percent(after.next_level_progress)}."
            )
        else:
            sentences.append(
                f"It is {percent(after.next_level_progress)} of the way to level "
                f"{after.next_level}."
            )
    sentences.append(
        f"{plural(len(closed), 'gap')} closed and {plural(len(opened), 'gap')} opened; "
        f"{plural(len(after.gaps), 'gap')} {'remains' if len(after.gaps) == 1 else 'remain'}."
    )
    sentences.append(
        f"The ML Test Score went from {compact(final.before)} to {compact(final.after)} "
        f"(“{after.ml_test_score.band}”)."
    )
    moved = [d for d in areas if d.change]
    if moved:
        best = max(moved, key=lambda d: d.change or 0.0)  # first wins a tie: stable
        worst = min(moved, key=lambda d: d.change or 0.0)
        if (best.change or 0) > 0:
            sentences.append(f"The largest gain is in {best.name} ({signed(best.change, 0)}).")
        if (worst.change or 0) < 0:
            sentences.append(f"The largest drop is in {worst.name} ({signed(worst.change, 0)}).")
    if before.bank_digest != after.bank_digest:
        sentences.append(
            "The two assessments used different versions of the question bank, so part of the "
            "change may come from the questions rather than the team."
        )
    return " ".join(sentences)


def compare_results(before: Result, after: Result) -> Comparison:
    """Work out the progress from ``before`` to ``after``."""
    areas = _area_deltas(before, after)
    final = Delta("final", "Final score", before.ml_test_score.final, after.ml_test_score.final)
    closed, opened, improved = _gap_moves(before, after)
    svg = charts.paired_bar_chart(
        [
            charts.PairedBar(
                d.name,
                d.before,
                d.after,
                f"{compact(d.before, 0)} → {compact(d.after, 0)}",
            )
            for d in areas
        ],
        100,
        [0, 25, 50, 75, 100],
        "Area scores before and after",
        "Score out of 100 per area, before and after: "
        + "; ".join(f"{d.name} {compact(d.before, 0)} to {compact(d.after, 0)}" for d in areas)
        + ".",
        "area-progress-chart",
    )
    return Comparison(
        before=before,
        after=after,
        areas=areas,
        sections=_section_deltas(before, after),
        final=final,
        coverage=Delta(
            "coverage", "Checklist coverage", before.checklist.coverage, after.checklist.coverage
        ),
        closed=closed,
        opened=opened,
        improved=improved,
        remaining=list(after.gaps),
        summary=_summary(before, after, areas, final, closed, opened),
        areas_svg=svg,
    )
