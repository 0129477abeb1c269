"""detectors.yaml is validated like the bank: every problem listed with file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.bank import Bank
from generator.errors import BankError
from generator.scan import Detector, load_detectors
from generator.scan.spec import DETECTORS_FILE


def load_text(tmp_path: Path, bank: Bank, text: str) -> list[Detector]:
    (tmp_path / DETECTORS_FILE).write_text(text, encoding="utf-8")
    return load_detectors(bank, tmp_path)


def problems_of(tmp_path: Path, bank: Bank, text: str) -> list[str]:
    with pytest.raises(BankError) as caught:
        load_text(tmp_path, bank, text)
    assert str(tmp_path / DETECTORS_FILE) in caught.value.message
    return [str(p) for p in caught.value.problems]


VALID = """\
detectors:
  - practice: data-schema-validation
    when_absent: none
    rules:
      - id: pandera-schema
        when_found: automated
        confidence: 0.8
        any:
          - {files: "**/*.py", regex: "import pandera"}
          - {paths: ["**/great_expectations.yml"]}
"""


def test_a_valid_file_loads(tmp_path: Path, bank: Bank) -> None:
    [detector] = load_text(tmp_path, bank, VALID)
    assert detector.practice == "data-schema-validation"
    assert detector.rules[0].any[0].files == ["**/*.py"]  # a single glob becomes a list


def test_a_bank_folder_without_detectors_has_none(tmp_path: Path, bank: Bank) -> None:
    assert load_detectors(bank, tmp_path) == []


def test_unknown_practice_and_option_are_named_with_allowed_values(
    tmp_path: Path, bank: Bank
) -> None:
    text = VALID.replace("when_found: automated", "when_found: always") + (
        "  - practice: no-such-practice\n"
        "    rules:\n"
        "      - {id: other, when_found: x, any: [{paths: [a]}]}\n"
    )
    problems = problems_of(tmp_path, bank, text)
    assert len(problems) == 2
    option, practice = problems
    assert ":6: data-schema-validation.rules[0].when_found" in option
    assert "'always' is not an option" in option and "automated, manual, none" in option
    assert ":11: detectors[1].practice" in practice
    assert "'no-such-practice' is not in the bank" in practice


def test_every_structural_problem_is_listed_with_its_line(tmp_path: Path, bank: Bank) -> None:
    text = """\
detectors:
  - practice: data-schema-validation
    rules:
      - id: a
        when_found: automated
        colour: red
        any:
          - {files: "**/*.py", regex: "import (pandera"}
          - {paths: ["/etc/passwd"]}
          - {ci: "pytest", paths: [x]}
          - {files: "**/*.py"}
      - id: a
        when_found: none
        all: [{git: tags}]
      - id: b
        when_found: none
"""
    problems = problems_of(tmp_path, bank, text)
    joined = "\n".join(problems)
    assert ":6: detectors[0](id=data-schema-validation)" not in joined  # no id key on detectors
    assert "colour: unknown key" in joined
    assert "invalid regular expression 'import (pandera'" in joined
    assert "remove the leading '/'" in joined
    assert "exactly one of 'paths', 'files'" in joined and "Got paths, ci instead" in joined
    assert "'regex' goes with 'files'" in joined
    assert "a rule needs at least one matcher" in joined
    lines = {p.split(":")[1] for p in problems if p.count(":") >= 2}
    assert {"6", "8", "9", "10", "11", "15"} <= lines


def test_duplicates_are_refused(tmp_path: Path, bank: Bank) -> None:
    text = VALID + VALID.split("\n", 1)[1]
    problems = problems_of(tmp_path, bank, text)
    assert any("a second detector for 'data-schema-validation'" in p for p in problems)
    assert any("duplicate rule id 'pandera-schema'" in p for p in problems)


def test_malformed_yaml_names_the_line(tmp_path: Path, bank: Bank) -> None:
    problems = problems_of(tmp_path, bank, "detectors:\n  - practice: [unclosed\n")
    assert any("malformed YAML" in p for p in problems)


def test_the_bundled_detectors_are_valid_and_cover_every_level_gate(
    bank: Bank, detectors: list[Detector]
) -> None:
    """Every practice that gates a level needs a detector: a practice the scan cannot see would
    cap every scanned repository below that level, however mature (and a generated level-N
    project could never scan as level N)."""
    covered = {d.practice for d in detectors}
    gating = {p.id for p in bank.practices if p.level is not None}
    assert sorted(gating - covered) == []
    assert len(covered) >= 0.8 * len(bank.practices)
