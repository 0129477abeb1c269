"""The assessment bank: ``assessments/*.yaml`` loaded into validated, typed models.

The bank is the single source of truth about practices: the interview, the scoring, the
reports, the roadmap and the evidence scan all read it. Layout of the folder:

- ``areas.yaml``          ``areas: [{id, name, description}]`` in report order
- ``sources.yaml``        ``sources: [{id, title, url, citation}]``
- ``ml_test_score.yaml``  ``tests: [{id, section, title}]`` (the 28 tests of Breck et al. 2017)
- ``components.yaml``     ``components: [{id, name, level, description, paths}]``: the parts of
                          mlops-init's template that provide a practice
- ``practices/*.yaml``    ``practices: [...]`` (see :class:`Practice`)
- ``crosswalk.yaml``      optional: the regulatory crosswalk (see :mod:`generator.crosswalk`)

Every problem found (unknown keys, wrong types, duplicate ids, references to ids that do not
exist) is collected and raised together as one :class:`~generator.errors.BankError` naming the
file, the key and the line.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.crosswalk import FILENAME as CROSSWALK_FILE
from generator.crosswalk import Crosswalk, read_crosswalk
from generator.errors import BankError, Problem
from generator.paths import assessments_dir
from generator.yamlio import YamlDocument, load_yaml_document

Section = Literal["data", "model", "infrastructure", "monitoring"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(_Strict):
    """A part of the ML lifecycle that practices are grouped into."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    description: str


class Source(_Strict):
    """A published model or article that practices cite."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    title: str
    url: str
    citation: str


class MLTest(_Strict):
    """One of the 28 tests of the ML Test Score (Breck et al. 2017)."""

    id: str = Field(pattern=r"^(data|model|infra|monitor)-[1-7]$")
    section: Section
    title: str


class Component(_Strict):
    """A part of the mlops-init template that puts a practice in place."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    name: str
    level: Literal[0, 1, 2]
    description: str
    paths: list[str] = Field(default_factory=list)


class Option(_Strict):
    """One answer to a practice's question.

    ``credit`` is 1 when the practice is fully met (automated and repeated), 0.5 when it is
    done by hand with documented results (the ML Test Score's half point), 0 when absent.
    An option marked ``not_applicable`` has no credit and removes the practice from scoring.
    """

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    label: str
    credit: float | None = Field(default=None, ge=0, le=1)
    not_applicable: bool = False

    @model_validator(mode="after")
    def _credit_or_not_applicable(self) -> Option:
        if self.not_applicable and self.credit is not None:
            raise ValueError("an option marked not_applicable must not have a credit")
        if not self.not_applicable and self.credit is None:
            raise ValueError("an option needs a credit between 0 and 1, or not_applicable: true")
        return self


class SourceRef(_Strict):
    """A citation: which source, and which item of it backs the practice."""

    source: str
    item: str


class AppliesIf(_Strict):
    """Skip logic: the practice applies only when another practice got one of these answers."""

    practice: str
    any_of: list[str] = Field(min_length=1)


class Practice(_Strict):
    """One practice: a question for a team lead plus everything to score and report it."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    area: str
    level: Literal[1, 2] | None = None
    weight: int = Field(default=2, ge=1, le=3)
    text: str
    help: str
    recommendation: str
    component: str | None = None
    options: list[Option] = Field(min_length=2)
    ml_test_score: list[str] = Field(default_factory=list)
    sources: list[SourceRef] = Field(min_length=1)
    applies_if: AppliesIf | None = None

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


class Bank(_Strict):
    """The whole validated bank. ``digest`` identifies its content (for reports and caching)."""

    areas: list[Area]
    sources: list[Source]
    ml_tests: list[MLTest]
    components: list[Component]
    practices: list[Practice]
    digest: str
    crosswalk: Crosswalk | None = None

    def practice(self, practice_id: str) -> Practice | None:
        """The practice with this id, or None."""
        return self._practices_by_id.get(practice_id)

    @functools.cached_property
    def _practices_by_id(self) -> dict[str, Practice]:
        return {p.id: p for p in self.practices}

    def area(self, area_id: str) -> Area:
        """The area with this id (the bank guarantees practices only name existing areas)."""
        return next(a for a in self.areas if a.id == area_id)

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        return next(s for s in self.sources if s.id == source_id)

    def component(self, component_id: str) -> Component:
        """The template component with this id."""
        return next(c for c in self.components if c.id == component_id)

    def practices_in(self, area_id: str) -> list[Practice]:
        """The practices of one area, in bank order."""
        return [p for p in self.practices if p.area == area_id]

    def ordered_practices(self) -> list[Practice]:
        """Every practice in the order a person reads them (interview, questionnaire, report):
        area by area in the areas' order, bank order inside an area."""
        return [p for area in self.areas for p in self.practices_in(area.id)]


_FILES: dict[str, tuple[str, type[_Strict]]] = {
    "areas.yaml": ("areas", Area),
    "sources.yaml": ("sources", Source),
    "ml_test_score.yaml": ("tests", MLTest),
    "components.yaml": ("components", Component),
}


def validate_list(
    doc: YamlDocument,
    top_key: str,
    model: type[_Strict],
    problems: list[Problem],
    positions: list[int] | None = None,
) -> list[Any]:
    """Validate ``doc[top_key]`` as a list of ``model``; collect problems with lines.

    When ``positions`` is given, the list index of each valid item is appended to it, so
    later checks can point at the item's line.
    """
    data = doc.data
    if not isinstance(data, dict) or top_key not in data:
        problems.append(
            Problem(f"expected a mapping with the key '{top_key}'", file=doc.display_name, line=1)
        )
        return []
    extra = sorted(set(data) - {top_key})
    for key in extra:
        problems.append(
            Problem(
                f"unknown key; the only key allowed here is '{top_key}'",
                file=doc.display_name,
                key=str(key),
                line=doc.line_of((key,)),
            )
        )
    items = data[top_key]
    if not isinstance(items, list):
        problems.append(
            Problem(
                f"expected a list, got {type(items).__name__}",
                file=doc.display_name,
                key=top_key,
                line=doc.line_of((top_key,)),
            )
        )
        return []
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(model.model_validate(item))
            if positions is not None:
                positions.append(index)
        except ValidationError as exc:
            for err in exc.errors():
                loc = (top_key, index, *err["loc"])
                problems.append(
                    Problem(
                        _describe_pydantic_error(err),
                        file=doc.display_name,
                        key=_dotted(loc, item),
                        line=doc.line_of(loc),
                    )
                )
    return parsed


def _dotted(loc: tuple[Any, ...], item: Any) -> str:
    """``practices[3].options[1].credit``, with the item's id when it has one."""
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            label = f"[{part}]"
            if i == 1 and isinstance(item, dict) and isinstance(item.get("id"), str):
                label = f"[{part}](id={item['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts)


def _describe_pydantic_error(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if kind == "missing":
        return "required key is missing"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict | list) else type(got).__name__
    return f"{err['msg']}. Got {shown} instead."


def load_bank(folder: Path | None = None) -> Bank:
    """Load and validate the bank from ``folder`` (default: the bundled ``assessments/``).

    Raises :class:`BankError` listing every problem found, each naming file, key and line.
    """
    root = Path(folder) if folder is not None else assessments_dir()
    problems: list[Problem] = []
    parsed: dict[str, list[Any]] = {}
    hasher = hashlib.sha256()

    def read(path: Path) -> YamlDocument | None:
        try:
            doc = load_yaml_document(path, display_name=str(path))
        except BankError as exc:  # malformed YAML or missing file
            problems.extend(exc.problems)
            return None
        hasher.update(path.name.encode() + b"\0" + doc.text.encode())
        return doc

    for filename, (top_key, model) in _FILES.items():
        doc = read(root / filename)
        parsed[top_key] = validate_list(doc, top_key, model, problems) if doc else []

    practices: list[Practice] = []
    origins: list[_Origin] = []
    practice_files = sorted((root / "practices").glob("*.yaml"))
    if not practice_files:
        problems.append(Problem("no practice files found", file=str(root / "practices")))
    for path in practice_files:
        doc = read(path)
        if doc is None:
            continue
        positions: list[int] = []
        practices.extend(validate_list(doc, "practices", Practice, problems, positions))
        origins.extend(_Origin(doc, index) for index in positions)

    _check_references(root, parsed, practices, origins, problems)
    crosswalk = None
    if (root / CROSSWALK_FILE).exists() and (doc := read(root / CROSSWALK_FILE)) is not None:
        # With practices or sources already invalid, their ids are incomplete: checking the
        # crosswalk's references against them would only repeat those problems.
        known = None if problems else ([p.id for p in practices], [s.id for s in parsed["sources"]])
        crosswalk = read_crosswalk(doc, *(known or (None, None)), problems)
    if problems:
        raise BankError(
            f"The assessment bank in {root} is invalid ({len(problems)} problem"
            f"{'s' if len(problems) != 1 else ''}).",
            problems=problems,
            hint="Fix the files named above; every key is documented in generator/bank.py.",
        )
    return Bank(
        areas=parsed["areas"],
        sources=parsed["sources"],
        ml_tests=parsed["tests"],
        components=parsed["components"],
        practices=practices,
        digest=hasher.hexdigest()[:16],
        crosswalk=crosswalk,
    )


@dataclass(frozen=True)
class _Origin:
    """Where a practice was defined: its file and its index in that file's ``practices`` list."""

    doc: YamlDocument
    index: int

    @property
    def file(self) -> str:
        return self.doc.display_name

    def line(self, *keys: Any) -> int | None:
        """Line of ``practices[index].<keys>`` (or of the nearest parent found)."""
        return self.doc.line_of(("practices", self.index, *keys))


def _check_references(
    root: Path,
    parsed: dict[str, list[Any]],
    practices: list[Practice],
    origins: list[_Origin],
    problems: list[Problem],
) -> None:
    """Duplicate ids and dangling references across files, each named by file, key and line."""

    def duplicates(items: list[Any], what: str, file: str) -> set[str]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                problems.append(Problem(f"duplicate {what} id '{item.id}'", file=file, key=item.id))
            seen.add(item.id)
        return seen

    area_ids = duplicates(parsed["areas"], "area", str(root / "areas.yaml"))
    source_ids = duplicates(parsed["sources"], "source", str(root / "sources.yaml"))
    test_ids = duplicates(parsed["tests"], "test", str(root / "ml_test_score.yaml"))
    component_ids = duplicates(parsed["components"], "component", str(root / "components.yaml"))

    first_seen: dict[str, _Origin] = {}
    for p, origin in zip(practices, origins, strict=True):
        if p.id in first_seen:
            other = first_seen[p.id]
            problems.append(
                Problem(
                    f"duplicate practice id '{p.id}'; it is also defined in "
                    f"{other.file}:{other.line('id')}. Practice ids must be unique across files",
                    file=origin.file,
                    key=f"{p.id}.id",
                    line=origin.line("id"),
                )
            )
        else:
            first_seen[p.id] = origin
    by_id = {p.id: p for p in practices}

    def dangling(
        p: Practice, origin: _Origin, key: str, value: str, allowed: set[str], *path: Any
    ) -> None:
        if value not in allowed:
            choices = ", ".join(sorted(allowed)) or "(none defined)"
            problems.append(
                Problem(
                    f"'{value}' does not exist. Expected one of: {choices}",
                    file=origin.file,
                    key=f"{p.id}.{key}",
                    line=origin.line(*path),
                )
            )

    for p, origin in zip(practices, origins, strict=True):
        dangling(p, origin, "area", p.area, area_ids, "area")
        if p.component is not None:
            dangling(p, origin, "component", p.component, component_ids, "component")
        for i, t in enumerate(p.ml_test_score):
            dangling(p, origin, "ml_test_score", t, test_ids, "ml_test_score", i)
        for i, ref in enumerate(p.sources):
            dangling(p, origin, "sources.source", ref.source, source_ids, "sources", i, "source")
        option_ids = [o.id for o in p.options]
        for oid in sorted({o for o in option_ids if option_ids.count(o) > 1}):
            problems.append(
                Problem(
                    f"duplicate option id '{oid}'",
                    file=origin.file,
                    key=f"{p.id}.options",
                    line=origin.line("options"),
                )
            )
        if p.applies_if is not None:
            target = by_id.get(p.applies_if.practice)
            if target is None:
                dangling(
                    p,
                    origin,
                    "applies_if.practice",
                    p.applies_if.practice,
                    set(by_id),
                    "applies_if",
                    "practice",
                )
            elif target.id == p.id:
                problems.append(
                    Problem(
                        "a practice cannot depend on itself",
                        file=origin.file,
                        key=f"{p.id}.applies_if",
                        line=origin.line("applies_if"),
                    )
                )
            else:
                for i, oid in enumerate(p.applies_if.any_of):
                    dangling(
                        p,
                        origin,
                        "applies_if.any_of",
                        oid,
                        {o.id for o in target.options},
                        "applies_if",
                        "any_of",
                        i,
                    )
