"""Answers files: what a team said about each practice, checked against the bank.

Format (YAML)::

    schema_version: 1                 # optional
    metadata:                         # optional; every key optional
      organisation: Acme
      project: churn-model
      assessor: Jane Doe
      date: 2026-11-27                # YYYY-MM-DD (quoted or not)
    answers:                          # practice id -> option id; null = not answered yet
      data-schema-validation: automated
      data-versioning: null
    notes:                            # optional; practice id -> free text for the report
      data-schema-validation: Checked by the nightly job since March.

Every problem in a file (unknown keys, unknown practice ids, options a practice does not
offer, wrong types, invalid dates) is collected and raised together as one
:class:`~generator.errors.AnswersError`, each naming the file, the key and the line.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.bank import Bank
from generator.errors import AnswersError, Problem
from generator.fileio import write_text_atomic
from generator.result import Metadata
from generator.yamlio import YamlDocument, load_yaml_document

SCHEMA_VERSION = 1
TOP_LEVEL_KEYS = ("schema_version", "metadata", "answers", "notes")
METADATA_KEYS = ("organisation", "project", "assessor", "date")

# YAML 1.1 reads these unquoted words as booleans; map them back to the word the person typed
# when the practice offers an option of that name (`data-versioning: yes`).
_BOOL_WORDS = {True: ("yes", "true", "on", "y"), False: ("no", "false", "off", "n")}


@dataclass
class Answers:
    """A team's answers: ``answers`` maps practice id -> option id (answered practices only)."""

    metadata: Metadata
    answers: dict[str, str]
    notes: dict[str, str] = field(default_factory=dict)


def load_answers(path: Path, bank: Bank, *, require_answers: bool = False) -> Answers:
    """Read and validate an answers file against ``bank``.

    Raises :class:`AnswersError` for a missing file, an empty one (0 bytes, or nothing but
    comments and blank lines), malformed YAML, or (all at once) every problem found in its
    content. With ``require_answers`` (an assessment with nothing else to go on, i.e. no
    scan) a file that answers no practice is refused too.
    """
    name = str(path)
    doc = load_yaml_document(Path(path), display_name=name, error=AnswersError)
    if doc.data is None:
        found = "an empty file (0 bytes)" if not doc.text else "only comments and blank lines"
        raise AnswersError(
            f"The answers file '{name}' must hold a mapping with an 'answers' section "
            f"(practice id: option id). Got {found} instead.",
            problems=[Problem("the file is empty: no metadata, no answers", file=name)],
            hint=_START_HINT.format(name=name),
        )
    answers = parse_answers(doc.data, bank, name, doc)
    if require_answers and not answers.answers:
        # parse_answers accepted the file, so it is a mapping.
        has_section = "answers" in doc.data
        line = doc.line_of(("answers",)) if has_section else None
        found = "no practice answered (all null)" if has_section else "no 'answers' section"
        raise AnswersError(
            f"The answers file '{name}' must answer at least one practice when no repository "
            f"is scanned. Got {found} instead.",
            problems=[
                Problem(
                    "nothing to assess: no answer given",
                    file=name,
                    key="answers",
                    line=line,
                )
            ],
            hint=(
                "Fill in an option id for each practice under 'answers:' (the skeleton of "
                "'mlops-init questions --format answers' lists them with their options), or "
                "add --scan PATH to answer from the evidence in a repository."
            ),
        )
    return answers


_START_HINT = (
    "Start one from the skeleton with every practice and its options: "
    "mlops-init questions --format answers > {name}"
)


def parse_answers(data: Any, bank: Bank, name: str, doc: YamlDocument | None = None) -> Answers:
    """Validate already-parsed answers ``data`` (named ``name`` in messages) against ``bank``.

    ``doc``, when given, supplies line numbers. An empty document means "nothing answered".
    Answers and notes come back in bank order whatever the file's order.
    """
    checker = _Checker(bank, name, doc)
    result = checker.check(data)
    if checker.problems:
        count = len(checker.problems)
        raise AnswersError(
            f"The answers file '{name}' has {count} problem{'s' if count != 1 else ''}.",
            problems=checker.problems,
            hint=(
                "Fix the keys named above. 'mlops-init questions --format answers' prints a "
                "skeleton with every practice id and its allowed options."
            ),
        )
    return result


class _Checker:
    """Walks an answers document, collecting every problem instead of stopping at the first."""

    def __init__(self, bank: Bank, name: str, doc: YamlDocument | None) -> None:
        self.bank = bank
        self.name = name
        self.doc = doc
        self.problems: list[Problem] = []

    def problem(self, message: str, *path: Any) -> None:
        line = self.doc.line_of(path) if self.doc is not None and path else None
        key = ".".join(str(p) for p in path) if path else None
        self.problems.append(Problem(message, file=self.name, key=key, line=line))

    def check(self, data: Any) -> Answers:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problem(
                "The answers file must be a mapping with the keys "
                f"{', '.join(TOP_LEVEL_KEYS)}. Got {_type_name(data)} instead."
            )
            return Answers(Metadata(), {})
        self.check_duplicates()
        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.problem(
                    f"Unknown key '{key}'. The keys allowed here are {', '.join(TOP_LEVEL_KEYS)}.",
                    key,
                )
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION or isinstance(version, bool):
            self.problem(
                f"The 'schema_version' must be {SCHEMA_VERSION}. Got {version!r} instead.",
                "schema_version",
            )
        metadata = self.check_metadata(data.get("metadata"))
        answers = self.check_answers(data.get("answers"))
        notes = self.check_notes(data.get("notes"))
        return Answers(metadata=metadata, answers=answers, notes=notes)

    def check_duplicates(self) -> None:
        """A key written twice: YAML keeps the last silently, which hides a changed answer."""
        if self.doc is None:
            return
        for section in ((), ("metadata",), ("answers",), ("notes",)):
            for key, lines in self.doc.duplicate_keys(section).items():
                shown = ", ".join(str(line) for line in lines)
                self.problems.append(
                    Problem(
                        f"The key '{key}' is written {len(lines)} times (lines {shown}); "
                        "only the last one would be read. Keep one.",
                        file=self.name,
                        key=".".join((*section, key)),
                        line=lines[1],
                    )
                )

    def mapping(self, value: Any, key: str) -> dict[Any, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            shown = _type_name(value)
            self.problem(f"The '{key}' key must be a mapping. Got {shown} instead.", key)
            return {}
        return value

    def check_metadata(self, value: Any) -> Metadata:
        fields: dict[str, str | None] = {}
        for key, item in self.mapping(value, "metadata").items():
            if key not in METADATA_KEYS:
                self.problem(
                    f"Unknown metadata key '{key}'. The keys allowed here are "
                    f"{', '.join(METADATA_KEYS)}.",
                    "metadata",
                    key,
                )
            elif item is None:
                fields[key] = None
            elif key == "date":
                fields[key] = self.check_date(item)
            elif isinstance(item, str):
                fields[key] = item
            else:
                self.problem(
                    f"The metadata '{key}' must be text. Got {_type_name(item)} {item!r} instead.",
                    "metadata",
                    key,
                )
        return Metadata(**fields)

    def check_date(self, item: Any) -> str | None:
        if isinstance(item, dt.date) and not isinstance(item, dt.datetime):
            return item.isoformat()
        parsed = parse_date(item) if isinstance(item, str) else None
        if parsed is None:
            self.problem(
                f"The metadata 'date' must be a date written YYYY-MM-DD. Got {item!r} instead.",
                "metadata",
                "date",
            )
        return parsed

    def practice_id(self, section: str, key: Any) -> str | None:
        """``key`` if it names a practice, else record a problem suggesting the closest id."""
        if isinstance(key, str) and self.bank.practice(key) is not None:
            return key
        ids = [p.id for p in self.bank.practices]
        close = difflib.get_close_matches(str(key), ids, n=1)
        fix = f" Did you mean '{close[0]}'?" if close else ""
        self.problem(
            f"Unknown practice id '{key}'.{fix} "
            "'mlops-init questions --format md' lists every practice.",
            section,
            key,
        )
        return None

    def check_answers(self, value: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, option in self.mapping(value, "answers").items():
            practice_id = self.practice_id("answers", key)
            if practice_id is None or option is None:
                continue
            practice = self.bank.practice(practice_id)
            assert practice is not None  # checked just above
            allowed = [o.id for o in practice.options]
            chosen = _option_word(option, allowed)
            if chosen is None:
                self.problem(
                    f"The '{practice_id}' answer must be one of {', '.join(allowed)}. "
                    f"Got {_shown(option)} instead.",
                    "answers",
                    key,
                )
                continue
            found[practice_id] = chosen
        return self.in_bank_order(found)

    def check_notes(self, value: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, note in self.mapping(value, "notes").items():
            practice_id = self.practice_id("notes", key)
            if practice_id is None or note is None:
                continue
            if not isinstance(note, str):
                self.problem(
                    f"The '{practice_id}' note must be text. Got {_type_name(note)} instead.",
                    "notes",
                    key,
                )
                continue
            found[practice_id] = note
        return self.in_bank_order(found)

    def in_bank_order(self, found: dict[str, str]) -> dict[str, str]:
        return {p.id: found[p.id] for p in self.bank.practices if p.id in found}


def parse_date(text: str) -> str | None:
    """``text`` as a normalised YYYY-MM-DD date string, or None when it is not one."""
    try:
        if len(text) != 10:
            return None
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _option_word(value: Any, allowed: list[str]) -> str | None:
    if isinstance(value, bool):
        matches = [w for w in _BOOL_WORDS[value] if w in allowed]
        return matches[0] if len(matches) == 1 else None
    if isinstance(value, str) and value in allowed:
        return value
    return None


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        # The person typed yes/no/true/on...; YAML turned it into a boolean. Say so.
        return f"{str(value).lower()} (an unquoted yes/no/true/false is read as a boolean)"
    return repr(value) if not isinstance(value, dict | list) else _type_name(value)


def _type_name(value: Any) -> str:
    names = {
        dict: "a mapping",
        list: "a list",
        str: "text",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }
    return names.get(type(value), type(value).__name__)


def dump_answers(answers: Answers) -> str:
    """The YAML text :func:`save_answers` writes: fixed key order, answers in the given order."""
    metadata = answers.metadata.model_dump()
    document = {
        "schema_version": SCHEMA_VERSION,
        "metadata": {key: metadata[key] for key in METADATA_KEYS},
        "answers": dict(answers.answers),
    }
    if answers.notes:
        document["notes"] = dict(answers.notes)
    header = (
        "# mlops-init answers file. Edit an answer, then run:\n"
        "#   mlops-init assess --answers THIS_FILE\n"
    )
    body = yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )
    return header + body


def save_answers(path: Path, answers: Answers, *, bank: Bank | None = None) -> None:
    """Write ``answers`` to ``path`` atomically (temp file in the same folder, then replace).

    Answers and notes keep their order (:func:`parse_answers` returns bank order); pass
    ``bank`` to put them in bank order whatever order they were added in. The same answers
    always give the same bytes.
    """
    if bank is not None:
        order = [p.id for p in bank.practices]
        answers = Answers(
            metadata=answers.metadata,
            answers={k: answers.answers[k] for k in order if k in answers.answers},
            notes={k: answers.notes[k] for k in order if k in answers.notes},
        )
    write_text_atomic(Path(path), dump_answers(answers))
