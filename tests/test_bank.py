"""The bundled assessment bank: its content rules, and the errors a broken bank raises."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from generator.bank import Bank, load_bank
from generator.errors import BankError, Problem

REPO_ASSESSMENTS = Path(__file__).resolve().parent.parent / "assessments"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(REPO_ASSESSMENTS)


def test_default_folder_is_the_bundled_bank(monkeypatch):
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)
    assert load_bank().digest == load_bank(REPO_ASSESSMENTS).digest


def test_bank_has_enough_practices_in_every_area(bank):
    assert len(bank.practices) >= 40
    counts = Counter(p.area for p in bank.practices)
    for area in bank.areas:
        assert counts[area.id] >= 3, f"area {area.id} has only {counts[area.id]} practices"


def test_all_28_ml_test_score_tests_are_mapped(bank):
    test_ids = {t.id for t in bank.ml_tests}
    assert len(test_ids) == 28
    assert Counter(t.section for t in bank.ml_tests) == {
        "data": 7,
        "model": 7,
        "infrastructure": 7,
        "monitoring": 7,
    }
    mapped = {t for p in bank.practices for t in p.ml_test_score}
    assert test_ids - mapped == set()


def test_both_levels_have_gates_and_there_is_a_checklist(bank):
    levels = Counter(p.level for p in bank.practices)
    assert levels[1] >= 8
    assert levels[2] >= 6
    assert levels[None] >= 10


def test_every_gate_cites_google_and_says_how_to_close_it(bank):
    for p in bank.practices:
        if p.level is None:
            continue
        assert p.component or p.recommendation.strip(), p.id
        assert any(ref.source == "google-mlops" for ref in p.sources), (
            f"{p.id} gates level {p.level} but cites no Google MLOps text"
        )


def test_a_gate_component_exists_in_the_template_at_that_level(bank):
    # A project generated at level N must contain what the level-N gates ask for.
    for p in bank.practices:
        if p.level is not None and p.component is not None:
            assert bank.component(p.component).level <= p.level, p.id


def test_every_option_set_spans_full_to_no_credit(bank):
    for p in bank.practices:
        credits = [o.credit for o in p.options if not o.not_applicable]
        assert 1 in credits, f"{p.id} has no option with credit 1"
        assert 0 in credits, f"{p.id} has no option with credit 0"
        assert 2 <= len(p.options) <= 5, p.id


def test_skip_logic_points_to_a_question_asked_earlier(bank):
    # The interview walks areas in order; a condition must already be answered when reached.
    order = [p.id for a in bank.areas for p in bank.practices_in(a.id)]
    for p in bank.practices:
        if p.applies_if:
            assert order.index(p.applies_if.practice) < order.index(p.id), p.id


def test_practices_sit_in_the_file_named_after_their_area(bank):
    for path in sorted((REPO_ASSESSMENTS / "practices").glob("*.yaml")):
        areas = {p["area"] for p in yaml.safe_load(path.read_text())["practices"]}
        assert areas == {path.stem}, path.name
    assert {p.area for p in bank.practices} == {a.id for a in bank.areas}


# --- broken banks ---------------------------------------------------------------------------


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    dest = tmp_path / "assessments"
    shutil.copytree(REPO_ASSESSMENTS, dest)
    return dest


def mutate(folder: Path, relpath: str, old: str, new: str) -> int:
    """Replace the first ``old`` in ``folder/relpath`` with ``new``; return that 1-based line."""
    path = folder / relpath
    text = path.read_text()
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :])
    return text.count("\n", 0, at) + 1


def problems_of(folder: Path) -> tuple[BankError, list[Problem]]:
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    return caught.value, caught.value.problems


def only_problem(folder: Path, file_suffix: str) -> Problem:
    error, problems = problems_of(folder)
    assert len(problems) == 1, error.render()
    problem = problems[0]
    assert problem.file and problem.file.endswith(file_suffix), error.render()
    # The text a person sees names the file and the key.
    assert file_suffix in error.render()
    assert problem.key and problem.key in error.render()
    return problem


def test_unknown_key_is_named_with_file_and_line(bank_copy):
    line = mutate(
        bank_copy,
        "practices/data.yaml",
        "    weight: 3\n",
        "    weight: 3\n    colour: red\n",
    )
    problem = only_problem(bank_copy, "data.yaml")
    assert "colour" in problem.key
    assert problem.line == line + 1
    assert "unknown key" in problem.message


def test_duplicate_practice_id_across_files_names_both(bank_copy):
    line = mutate(
        bank_copy, "practices/training.yaml", "id: training-fairness", "id: data-versioning"
    )
    problem = only_problem(bank_copy, "training.yaml")
    assert problem.key.startswith("data-versioning")
    assert problem.line == line
    assert "data.yaml" in problem.message
    assert "duplicate" in problem.message


@pytest.mark.parametrize(
    ("relpath", "old", "new", "key"),
    [
        ("practices/data.yaml", "area: data\n", "area: dta\n", "area"),
        ("practices/data.yaml", "component: pipeline\n", "component: pipelin\n", "component"),
        ("practices/data.yaml", "[data-5]", "[data-9]", "ml_test_score"),
        (
            "practices/data.yaml",
            "{source: poulinakis-2023,",
            "{source: poulinakis-2O23,",
            "sources.source",
        ),
        (
            "practices/serving.yaml",
            "{practice: scoping-deployment-mode,",
            "{practice: scoping-deploy-mode,",
            "applies_if.practice",
        ),
        ("practices/serving.yaml", "[realtime, both]", "[realtime, live]", "applies_if.any_of"),
    ],
)
def test_dangling_reference_is_named_with_file_key_and_line(bank_copy, relpath, old, new, key):
    line = mutate(bank_copy, relpath, old, new)
    problem = only_problem(bank_copy, Path(relpath).name)
    assert problem.key.endswith("." + key)
    assert problem.line == line
    assert "does not exist" in problem.message
    assert "Expected one of" in problem.message


def test_malformed_yaml_names_its_line(bank_copy):
    line = mutate(
        bank_copy, "practices/cicd.yaml", "    weight: 3\n", "    weight: 3\n    text: a: b\n"
    )
    error, problems = problems_of(bank_copy)
    assert len(problems) == 1
    assert problems[0].file.endswith("cicd.yaml")
    assert problems[0].line == line + 1
    assert "malformed YAML" in problems[0].message
    assert f"cicd.yaml:{line + 1}" in error.render()


def test_credit_out_of_range_is_rejected(bank_copy):
    line = mutate(bank_copy, "practices/governance.yaml", "credit: 1}", "credit: 2}")
    problem = only_problem(bank_copy, "governance.yaml")
    assert problem.key.endswith(".credit")
    assert problem.line == line
    assert "Got 2" in problem.message


def test_option_with_credit_and_not_applicable_is_rejected(bank_copy):
    line = mutate(
        bank_copy,
        "practices/monitoring.yaml",
        "not_applicable: true}",
        "not_applicable: true, credit: 0}",
    )
    problem = only_problem(bank_copy, "monitoring.yaml")
    assert ".options[" in problem.key
    assert problem.line == line
    assert "not_applicable" in problem.message


def test_every_problem_is_reported_at_once(bank_copy):
    mutate(bank_copy, "practices/data.yaml", "area: data\n", "area: dta\n")
    mutate(bank_copy, "practices/cicd.yaml", "component: ci-workflow\n", "component: ci\n")
    _, problems = problems_of(bank_copy)
    assert {Path(p.file).name for p in problems} == {"data.yaml", "cicd.yaml"}
