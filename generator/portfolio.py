"""A portfolio: several teams' assessments side by side (``mlops-init portfolio``).

Rules:

Teams
    One per result file, in the order given (a folder contributes every ``result.json`` found
    in it or in its sub-folders, sorted by path). A team is named by its project and
    organisation, else by its result file's folder.

Attainment per level
    For level L: the credit earned on the team's applicable practices that gate L, divided
    by their number, in percent (the findings' credits; a partial practice counts its
    partial credit). None (n/a) when no practice gating L applies to the team.

Heat map
    One row per practice (in the first result's order, practices other results add at the
    end), one column per team: the practice's status for that team, or "absent" when that
    team's result does not hold the practice (a different question bank).

Shared gaps
    The practices that are a gap (applicable, credit below 1) for at least half of the teams,
    and for two teams or more when there are several: most teams first, then the level they
    gate (level 1, level 2, then checklist), weight (high first), bank order.

Links
    Each team links to the ``report.html`` / ``report.md`` beside its result file when they
    exist, by a path relative to the portfolio's folder, so the folder can be moved with them.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from generator import __version__
from generator.errors import InputError
from generator.result import Finding, LevelInfo, Result, load_result

SCHEMA_VERSION = 1
RESULT_NAME = "result.json"
GATED_LEVELS = (1, 2)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PortfolioTeam(_Model):
    name: str
    organisation: str | None
    project: str | None
    date: str | None
    level: int
    level_name: str
    attainment: dict[str, float | None]  # level ("1", "2") -> percent, None when n/a
    coverage: float
    ml_test_score: float
    gaps: int
    result: str  # path of the result file, relative to the portfolio folder
    report_html: str | None = None
    report_md: str | None = None


class HeatRow(_Model):
    id: str
    text: str
    area: str
    level: int | None
    cells: list[str]  # one status per team, "absent" when the team's result lacks it


class SharedGap(_Model):
    id: str
    text: str
    level: int | None
    weight: int
    recommendation: str
    teams: list[str]


class Portfolio(_Model):
    schema_version: int = SCHEMA_VERSION
    tool: str
    title: str
    teams: list[PortfolioTeam]
    levels: list[LevelInfo]
    heat_map: list[HeatRow]
    shared_gaps: list[SharedGap]
    shared_gap_threshold: int
    mixed_banks: bool

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def find_results(paths: list[Path]) -> list[Path]:
    """The result files named by ``paths`` (files, or folders searched for result.json)."""
    if not paths:
        raise InputError(
            "A portfolio needs at least one result file or folder of results.",
            hint="Example: mlops-init portfolio team-a/result.json team-b/result.json --out DIR",
        )
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            inside = sorted(path.rglob(RESULT_NAME))
            if not inside:
                raise InputError(
                    f"The folder '{path}' holds no {RESULT_NAME} file.",
                    hint="Write one with: mlops-init assess --answers FILE --out FOLDER",
                )
            found.extend(inside)
        elif path.exists():
            found.append(path)
        else:
            raise InputError(
                f"The result file '{path}' does not exist.",
                hint="Give result.json files written by 'mlops-init assess', or their folders.",
            )
    seen: set[Path] = set()
    for path in found:
        resolved = path.resolve()
        if resolved in seen:
            raise InputError(
                f"The result file '{path}' is given twice; each team must appear once."
            )
        seen.add(resolved)
    return found


def attainment(findings: list[Finding], level: int) -> float | None:
    """Share of the credit earned on the applicable practices gating ``level``, percent."""
    gates = [f for f in findings if f.level == level and f.status != "not_applicable"]
    if not gates:
        return None
    return round(100 * sum(f.credit or 0.0 for f in gates) / len(gates), 1)


def _team_name(result: Result, path: Path) -> str:
    meta = result.metadata
    if meta.project and meta.organisation:
        return f"{meta.project} ({meta.organisation})"
    return meta.project or meta.organisation or path.resolve().parent.name


def _link(path: Path, out_dir: Path) -> str:
    return Path(os.path.relpath(path.resolve(), out_dir.resolve())).as_posix()


def _is_gap(finding: Finding) -> bool:
    return finding.status != "not_applicable" and (finding.credit or 0.0) < 1


def build_portfolio(paths: list[Path], out_dir: Path) -> Portfolio:
    """Load every result of ``paths`` and work out the portfolio (links relative to
    ``out_dir``). Raises :class:`InputError` / ``ResultFileError`` naming a bad file."""
    files = find_results(paths)
    results = [load_result(path) for path in files]
    teams: list[PortfolioTeam] = []
    names: list[str] = []
    for path, result in zip(files, results, strict=True):
        name = _team_name(result, path)
        if name in names:  # two teams of the same name: tell them apart by folder
            name = f"{name} [{path.resolve().parent.name}]"
        names.append(name)
        html, md = path.parent / "report.html", path.parent / "report.md"
        teams.append(
            PortfolioTeam(
                name=name,
                organisation=result.metadata.organisation,
                project=result.metadata.project,
                date=result.metadata.date,
                level=result.level,
                level_name=result.level_name,
                attainment={str(lv): attainment(result.findings, lv) for lv in GATED_LEVELS},
                coverage=result.checklist.coverage,
                ml_test_score=result.ml_test_score.final,
                gaps=len(result.gaps),
                result=_link(path, out_dir),
                report_html=_link(html, out_dir) if html.exists() else None,
                report_md=_link(md, out_dir) if md.exists() else None,
            )
        )

    order: list[Finding] = []
    known: set[str] = set()
    for result in results:
        for finding in result.findings:
            if finding.id not in known:
                known.add(finding.id)
                order.append(finding)
    by_team = [{f.id: f for f in result.findings} for result in results]
    heat = [
        HeatRow(
            id=f.id,
            text=f.text,
            area=f.area,
            level=f.level,
            cells=[team[f.id].status if f.id in team else "absent" for team in by_team],
        )
        for f in order
    ]

    n = len(results)
    threshold = max(math.ceil(n / 2), 2 if n > 1 else 1)
    position = {f.id: i for i, f in enumerate(order)}
    shared = []
    for f in order:
        with_gap = [
            names[i] for i, team in enumerate(by_team) if f.id in team and _is_gap(team[f.id])
        ]
        if len(with_gap) >= threshold:
            shared.append(
                SharedGap(
                    id=f.id,
                    text=f.text,
                    level=f.level,
                    weight=f.weight,
                    recommendation=f.recommendation,
                    teams=with_gap,
                )
            )
    shared.sort(
        key=lambda g: (
            -len(g.teams),
            g.level if g.level is not None else max(GATED_LEVELS) + 1,
            -g.weight,
            position[g.id],
        )
    )
    organisations = sorted({t.organisation for t in teams if t.organisation})
    title = "MLOps maturity portfolio" + (
        ": " + ", ".join(organisations) if len(organisations) == 1 else ""
    )
    return Portfolio(
        tool=f"mlops-init {__version__}",
        title=title,
        teams=teams,
        levels=list(results[0].levels),
        heat_map=heat,
        shared_gaps=shared,
        shared_gap_threshold=threshold,
        mixed_banks=len({r.bank_digest for r in results}) > 1,
    )
