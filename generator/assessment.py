"""What ``assess`` and the interview share: the date option, the evidence scan turned into
scoring inputs, and the terminal summary of a result. One home for each.

Library code: takes plain arguments, returns values, raises :mod:`generator.errors`.
"""

from __future__ import annotations

import dataclasses
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.answers import parse_date
from generator.errors import InputError
from generator.result import Evidence, Result, ScanInfo, ScanStatus, SkippedFile

if TYPE_CHECKING:
    from generator.bank import Bank

TOP_GAPS = 5


def check_date(value: str | None, option: str = "--date") -> str | None:
    """The ``--date`` option normalised to YYYY-MM-DD, None when not given."""
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise InputError(
            f"The '{option}' option must be a date written YYYY-MM-DD. Got {value!r} instead.",
            hint="Example: --date 2026-11-27",
        )
    return parsed


@dataclass
class ScanFindings:
    """A repository scan as scoring takes it (see :func:`generator.scoring.score`)."""

    derived: dict[str, str] = field(default_factory=dict)  # practice id -> option id
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    status: dict[str, ScanStatus] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)
    info: ScanInfo | None = None

    def seen(self) -> dict[str, str]:
        """The derived answers that rest on something seen (found or contradicted): the ones
        a team is asked to confirm. Not-found answers are asked like any other question."""
        return {p: o for p, o in self.derived.items() if self.status.get(p) != "not_found"}

    def where(self, practice_id: str) -> str:
        """``path:line`` of the first piece of evidence, and how many more there are."""
        items = self.evidence.get(practice_id, [])
        if not items:
            return ""
        first = items[0]
        where = f"{first.path}:{first.line}" if first.line else (first.path or first.quote or "")
        return where + (f" and {len(items) - 1} more" if len(items) > 1 else "")

    def summary_line(self) -> str:
        """One line for the terminal: what was read and what it gave."""
        info = self.info
        counts = {
            s: sum(1 for v in self.status.values() if v == s)
            for s in ("found", "contradicted", "not_found")
        }
        line = (
            f"{_plural(counts['found'], 'practice')} found, {counts['contradicted']} "
            f"contradicted, {counts['not_found']} not seen (confirm those with the team)"
        )
        if info is not None:
            line = (
                f"Scanned {info.root}: {_plural(info.files_listed, 'file')} listed, "
                f"{info.files_read} read in {info.elapsed_s:.2f} s; {line}"
            )
            if info.truncated:
                line += ". The time budget ran out: the scan is partial"
        return line + "."


def scan(path: Path, bank: Bank) -> ScanFindings:
    """Scan the repository at ``path`` for evidence of the bank's practices."""
    if not Path(path).is_dir():
        what = "is not a folder" if Path(path).exists() else "does not exist"
        raise InputError(
            f"The '--scan' option must name a folder (the repository to scan). "
            f"Got '{path}', which {what}.",
            hint="Give the path of the repository's root folder, e.g. --scan .",
        )
    from generator.scan import scan_repository

    found = scan_repository(Path(path), bank)
    info = None
    if found.scope is not None:
        raw = dataclasses.asdict(found.scope)
        info = ScanInfo(
            root=raw["root"],
            subfolder=raw.get("subfolder"),
            project_root=raw.get("project_root"),
            listing=found.listing,
            files_listed=raw["files_listed"],
            files_read=raw["files_read"],
            skipped=raw.get("skipped", {}),
            skipped_examples=[SkippedFile(**item) for item in raw.get("skipped_examples", [])],
            projects=raw.get("projects", []),
            template=raw.get("template"),
            extractors=raw.get("extractors", []),
            elapsed_s=raw.get("elapsed_s", found.elapsed_s),
            truncated=found.truncated,
        )
    return ScanFindings(
        derived=dict(found.answers),
        evidence={k: list(v) for k, v in found.evidence.items()},
        status=dict(found.status),
        searched=dict(found.searched),
        info=info,
    )


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: Result, top_gaps: int = TOP_GAPS) -> str:
    """The terminal summary of a result: level and attainment, ML Test Score, areas, gaps."""
    lines = ["", "Assessment summary", "=================="]
    level = f"Maturity level:  {result.level} ({result.level_name})"
    if result.next_level is not None:
        level += f", {result.next_level_progress:.0f}% of the way to level {result.next_level}"
    lines.append(level)
    shares = ", ".join(
        f"level {lvl} {share * 100:.0f}%" for lvl, share in result.level_attainment.items()
    )
    lines.append(f"Gate credit:     {shares}")
    mts = result.ml_test_score
    lines.append(f"ML Test Score:   {mts.final:g} ({mts.band})")
    lines.append(f"Checklist:       {result.checklist.coverage:.0f}% of applicable practices met")
    if result.checklist.unanswered:
        lines.append(
            f"Unanswered:      {result.checklist.unanswered} practices, counted as not in place"
        )
    not_seen = [f for f in result.findings if f.scan == "not_found" and f.origin != "stated"]
    if not_seen:
        lines.append(
            f"Not seen:        {len(not_seen)} practices not seen in the repository: "
            "confirm them with the team"
        )
    lines.append("")
    width = max((len(a.name) for a in result.areas), default=10)
    lines.append(f"{'Area':<{width}}  Score")
    for area in result.areas:
        if area.score is None:
            lines.append(f"{area.name:<{width}}    n/a")
            continue
        bar = "#" * round(area.score / 10)
        lines.append(f"{area.name:<{width}}  {area.score:5.0f}  {bar}")
    if result.gaps:
        lines.append("")
        if result.target is not None:
            lines.append(textwrap.fill(f"Roadmap commands: {result.target.reason}", width=96))
        lines.append("Top gaps (the next level's blockers first):")
        for number, gap in enumerate(result.gaps[:top_gaps], start=1):
            tag = f" (blocks level {gap.blocks_level})" if gap.blocks_level is not None else ""
            lines.append(
                textwrap.fill(f"{number}. {gap.text}{tag}", width=96, subsequent_indent="   ")
            )
            if gap.command:
                lines.append(f"   Closes it: {gap.command}")
        if len(result.gaps) > top_gaps:
            lines.append(f"... and {len(result.gaps) - top_gaps} more in the report's roadmap.")
    return "\n".join(lines)
