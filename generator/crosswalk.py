"""The regulatory crosswalk: which framework items each practice gives evidence toward.

``assessments/crosswalk.yaml`` holds, as data, three catalogues (ISO/IEC 42001:2023 Annex A
controls, EU AI Act articles with the dates from which they apply, NIST AI RMF 1.0
subcategories) and, per practice id, the items of each that the practice gives evidence
toward. Layout of the file::

    checked: 2026-12-01          # when ids, titles, dates and mappings were last checked
    dates: {name: [{date, scope}]}  # optional: YAML anchors reused by items' applies_from
    frameworks:
      - id: iso-42001
        name: ISO/IEC 42001:2023, Annex A
        source: iso-42001        # an id of sources.yaml
        note: what the framework is and how to read the mapping
        items: [{id, group, title, applies_from: [{date, scope}]}]
    mappings:
      practice-id: {framework-id: [item id, ...]}

The file is validated like the rest of the bank (:func:`read_crosswalk`, called by
:func:`generator.bank.load_bank`): unknown keys, unknown practice or framework ids, items that
do not exist, items no practice maps to, each named by file, key and line.

:func:`evaluate` turns the crosswalk and a result's findings into the report's crosswalk
section: per item, the practices behind it and whether they are met, partly met or missing.
An item is *met* when every applicable practice behind it is fully met, *missing* when none
earned any credit, *partial* otherwise, and *not applicable* when no practice behind it
applies. That is evidence toward the item, never a statement that the item is satisfied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.errors import Problem
from generator.result import (
    CrosswalkFramework,
    CrosswalkItem,
    CrosswalkPractice,
    CrosswalkResult,
    DateInfo,
    Finding,
)
from generator.yamlio import YamlDocument

FILENAME = "crosswalk.yaml"

ItemStatus = Literal["met", "partial", "missing", "not_applicable"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApplicationDate(_Strict):
    """From when an item applies, and to what (the EU AI Act's staged application)."""

    date: dt.date
    scope: str = Field(min_length=1)


class FrameworkItem(_Strict):
    """One control, article or subcategory of a framework."""

    id: str = Field(min_length=1)
    group: str = Field(min_length=1)
    title: str = Field(min_length=1)
    applies_from: list[ApplicationDate] = Field(default_factory=list)


class Framework(_Strict):
    """A framework: its catalogue of items and the source that publishes it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    source: str
    note: str
    items: list[FrameworkItem] = Field(min_length=1)

    def item(self, item_id: str) -> FrameworkItem | None:
        """The item with this id, or None."""
        return next((i for i in self.items if i.id == item_id), None)


class Crosswalk(_Strict):
    """The whole validated crosswalk."""

    checked: dt.date
    dates: dict[str, list[ApplicationDate]] = Field(default_factory=dict)
    frameworks: list[Framework] = Field(min_length=1)
    mappings: dict[str, dict[str, list[str]]]

    def practices_for(self, framework_id: str, item_id: str) -> list[str]:
        """Ids of the practices mapped to one item, in the mapping file's order."""
        return [
            pid for pid, by_fw in self.mappings.items() if item_id in by_fw.get(framework_id, [])
        ]


def _key(loc: Iterable[Any]) -> str:
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts)


def read_crosswalk(
    doc: YamlDocument,
    practice_ids: Iterable[str] | None,
    source_ids: Iterable[str] | None,
    problems: list[Problem],
) -> Crosswalk | None:
    """Validate ``doc`` (the parsed crosswalk file) against the bank's practices and sources.

    ``None`` for the ids skips the checks against them (the bank is already invalid).

    Appends every problem found to ``problems`` (file, key, line) and returns the crosswalk,
    or None when it has problems.
    """
    from generator.bank import _describe_pydantic_error  # the bank's wording of pydantic errors

    file = doc.display_name
    before = len(problems)
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(
                "expected a mapping with the keys 'checked', 'frameworks' and 'mappings'",
                file=file,
                line=1,
            )
        )
        return None
    for key, lines in doc.duplicate_keys(("mappings",)).items():
        problems.append(
            Problem(
                f"practice '{key}' is mapped more than once (lines "
                f"{', '.join(map(str, lines))}); merge its entries",
                file=file,
                key=f"mappings.{key}",
                line=lines[-1],
            )
        )
    try:
        crosswalk = Crosswalk.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(err["loc"])
            problems.append(
                Problem(
                    _describe_pydantic_error(err), file=file, key=_key(loc), line=doc.line_of(loc)
                )
            )
        return None

    def problem(message: str, *loc: Any) -> None:
        problems.append(Problem(message, file=file, key=_key(loc), line=doc.line_of(loc)))

    def expected(allowed: Iterable[str]) -> str:
        return ", ".join(sorted(allowed)) or "(none defined)"

    check_ids = practice_ids is not None and source_ids is not None
    sources = set(source_ids or ())
    practices = set(practice_ids or ())
    frameworks: dict[str, Framework] = {}
    for i, fw in enumerate(crosswalk.frameworks):
        if fw.id in frameworks:
            problem(f"duplicate framework id '{fw.id}'", "frameworks", i, "id")
        frameworks[fw.id] = fw
        if check_ids and fw.source not in sources:
            problem(
                f"'{fw.source}' is not a source of sources.yaml. Expected one of: "
                f"{expected(sources)}",
                "frameworks",
                i,
                "source",
            )
        seen: set[str] = set()
        for j, item in enumerate(fw.items):
            if item.id in seen:
                problem(f"duplicate item id '{item.id}' in {fw.id}", "frameworks", i, "items", j)
            seen.add(item.id)

    used: set[tuple[str, str]] = set()
    for pid, by_fw in crosswalk.mappings.items():
        if check_ids and pid not in practices:
            problem(
                f"'{pid}' is not a practice of the bank. Expected a practice id such as "
                f"{', '.join(sorted(practices)[:3]) or '(none defined)'}",
                "mappings",
                pid,
            )
        for fw_id, item_ids in by_fw.items():
            fw = frameworks.get(fw_id)
            if fw is None:
                problem(
                    f"'{fw_id}' is not a framework of this file. Expected one of: "
                    f"{expected(frameworks)}",
                    "mappings",
                    pid,
                    fw_id,
                )
                continue
            for k, item_id in enumerate(item_ids):
                if fw.item(item_id) is None:
                    problem(
                        f"'{item_id}' is not an item of {fw.id}. Expected one of: "
                        f"{expected(i.id for i in fw.items)}",
                        "mappings",
                        pid,
                        fw_id,
                        k,
                    )
                elif item_ids.index(item_id) != k:
                    problem(f"'{item_id}' is listed twice", "mappings", pid, fw_id, k)
                used.add((fw_id, item_id))
    for i, fw in enumerate(crosswalk.frameworks):
        for j, item in enumerate(fw.items):
            if (fw.id, item.id) not in used:
                problem(
                    f"no practice maps to item '{item.id}'; map a practice to it under "
                    "'mappings' or remove it",
                    "frameworks",
                    i,
                    "items",
                    j,
                )
    return crosswalk if len(problems) == before else None


def item_status(practices: list[CrosswalkPractice]) -> ItemStatus:
    """The status of an item from the practices behind it (see the module docstring)."""
    credits = [p.credit or 0.0 for p in practices if p.status != "not_applicable"]
    if not credits:
        return "not_applicable"
    if all(c >= 1 for c in credits):
        return "met"
    if all(c <= 0 for c in credits):
        return "missing"
    return "partial"


def evaluate(
    crosswalk: Crosswalk, findings: list[Finding], sources: dict[str, tuple[str, str, str]]
) -> CrosswalkResult:
    """The report's crosswalk section for ``findings``.

    ``sources`` maps a source id to ``(title, url, citation)``. Practices absent from the
    findings (none, for a result of the same bank) are left out of the items.
    """
    by_id = {f.id: f for f in findings}
    frameworks = []
    for fw in crosswalk.frameworks:
        items = []
        for item in fw.items:
            behind = [
                CrosswalkPractice(id=pid, status=by_id[pid].status, credit=by_id[pid].credit)
                for pid in crosswalk.practices_for(fw.id, item.id)
                if pid in by_id
            ]
            items.append(
                CrosswalkItem(
                    id=item.id,
                    group=item.group,
                    title=item.title,
                    applies_from=[
                        DateInfo(date=d.date.isoformat(), scope=d.scope) for d in item.applies_from
                    ],
                    status=item_status(behind),
                    practices=behind,
                )
            )
        title, url, citation = sources[fw.source]
        counts = {s: sum(1 for i in items if i.status == s) for s in ("met", "partial", "missing")}
        frameworks.append(
            CrosswalkFramework(
                id=fw.id,
                name=fw.name,
                title=title,
                url=url,
                citation=citation,
                note=fw.note,
                items=items,
                not_applicable=sum(1 for i in items if i.status == "not_applicable"),
                **counts,
            )
        )
    return CrosswalkResult(checked=crosswalk.checked.isoformat(), frameworks=frameworks)
