"""The regulatory crosswalk: its content, the errors a broken crosswalk raises, the statuses."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.bank import Bank, load_bank
from generator.crosswalk import item_status
from generator.errors import BankError
from generator.result import CrosswalkPractice

REPO_ASSESSMENTS = Path(__file__).resolve().parent.parent / "assessments"
FIXTURE_BANK = Path(__file__).resolve().parent / "fixtures" / "bank"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(REPO_ASSESSMENTS)


def test_three_frameworks_with_sources_and_a_check_date(bank):
    crosswalk = bank.crosswalk
    assert crosswalk is not None
    assert [f.id for f in crosswalk.frameworks] == ["iso-42001", "eu-ai-act", "nist-ai-rmf"]
    source_ids = {s.id for s in bank.sources}
    assert all(f.source in source_ids for f in crosswalk.frameworks)
    assert crosswalk.checked.year >= 2026


def test_item_ids_follow_each_framework_numbering(bank):
    by_id = {f.id: f for f in bank.crosswalk.frameworks}
    iso = [i.id for i in by_id["iso-42001"].items]
    assert all(re.fullmatch(r"A\.(?:[2-9]|10)\.\d+(?:\.\d+)?", i) for i in iso), iso
    # Every Annex A topic from A.2 (policies) to A.10 (third parties) has evidence.
    assert {i.split(".")[1] for i in iso} == {str(n) for n in range(2, 11)}
    assert "A.6.2.8" in iso and "A.7.5" in iso
    nist = [i.id for i in by_id["nist-ai-rmf"].items]
    assert all(re.fullmatch(r"(GOVERN|MAP|MEASURE|MANAGE) \d+\.\d+", i) for i in nist), nist
    assert {i.split()[0] for i in nist} == {"GOVERN", "MAP", "MEASURE", "MANAGE"}
    assert "MEASURE 2.5" in nist
    eu = [i.id for i in by_id["eu-ai-act"].items]
    assert {f"Art. {n}" for n in (9, 10, 11, 12, 13, 14, 15, 17, 72)} <= set(eu)


def test_every_eu_article_says_from_when_it_applies(bank):
    eu = next(f for f in bank.crosswalk.frameworks if f.id == "eu-ai-act")
    for item in eu.items:
        dates = {d.date.isoformat(): d.scope for d in item.applies_from}
        assert dates.keys() == {"2026-08-02", "2027-08-02"}, item.id
        assert "Annex III" in dates["2026-08-02"]
        assert "Article 6(1)" in dates["2027-08-02"]


def test_gating_practices_give_evidence_toward_something(bank):
    mapped = set(bank.crosswalk.mappings)
    unmapped = [p.id for p in bank.practices if p.level is not None and p.id not in mapped]
    assert unmapped == []


def test_a_bank_without_crosswalk_file_still_loads():
    assert not (FIXTURE_BANK / "crosswalk.yaml").exists()
    assert load_bank(FIXTURE_BANK).crosswalk is None


# --- broken crosswalks ----------------------------------------------------------------------


@pytest.fixture
def bank_copy(tmp_path) -> Path:
    dest = tmp_path / "assessments"
    shutil.copytree(REPO_ASSESSMENTS, dest)
    return dest


def mutate(folder: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in crosswalk.yaml with ``new``; return its 1-based line."""
    path = folder / "crosswalk.yaml"
    text = path.read_text()
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :])
    return text.count("\n", 0, at) + 1


def the_problem(folder: Path):
    with pytest.raises(BankError) as caught:
        load_bank(folder)
    problems = caught.value.problems
    assert len(problems) == 1, caught.value.render()
    assert problems[0].file.endswith("crosswalk.yaml")
    return problems[0], caught.value.render()


def test_unknown_practice_id_is_named_with_line(bank_copy):
    line = mutate(bank_copy, "  governance-lineage:\n", "  governance-lineag:\n")
    problem, shown = the_problem(bank_copy)
    assert problem.key == "mappings.governance-lineag"
    assert problem.line == line
    assert "'governance-lineag' is not a practice of the bank" in shown


def test_dangling_item_reference_lists_the_items(bank_copy):
    line = mutate(bank_copy, '    nist-ai-rmf: ["MEASURE 2.5"', '    nist-ai-rmf: ["MEASURE 9.9"')
    problem, shown = the_problem(bank_copy)
    assert problem.line == line
    assert problem.key.endswith(".nist-ai-rmf[0]")
    assert "'MEASURE 9.9' is not an item of nist-ai-rmf" in shown
    assert "MEASURE 2.5" in shown  # the expected ids are listed
    assert "no practice maps to item 'MEASURE 2.5'" not in shown  # still mapped elsewhere


def test_unknown_framework_key(bank_copy):
    mutate(bank_copy, '    eu-ai-act: ["Art. 11"', '    eu-act: ["Art. 11"')
    _problem, shown = the_problem(bank_copy)
    assert "'eu-act' is not a framework of this file" in shown
    assert "eu-ai-act" in shown


def test_unknown_key_in_an_item_is_refused(bank_copy):
    line = mutate(bank_copy, "{id: A.2.2, group:", "{id: A.2.2, colour: red, group:")
    problem, shown = the_problem(bank_copy)
    assert problem.key == "frameworks[0].items[0].colour"
    assert problem.line == line
    assert "unknown key" in shown


def test_an_item_no_practice_maps_to_is_refused(bank_copy):
    mutate(
        bank_copy,
        "      - {id: A.10.3,",
        "      - {id: A.10.4, group: A.10 Third-party and customer relationships, "
        "title: Customers}\n      - {id: A.10.3,",
    )
    _problem, shown = the_problem(bank_copy)
    assert "no practice maps to item 'A.10.4'" in shown


def test_a_practice_mapped_twice_is_refused(bank_copy):
    path = bank_copy / "crosswalk.yaml"
    path.write_text(path.read_text() + "  governance-lineage:\n    iso-42001: [A.7.5]\n")
    problem, shown = the_problem(bank_copy)
    assert "mapped more than once" in shown
    assert problem.key == "mappings.governance-lineage"


def test_a_bad_date_is_named(bank_copy):
    line = mutate(bank_copy, "checked: 2026-12-01", "checked: last week")
    problem, _ = the_problem(bank_copy)
    assert problem.key == "checked"
    assert problem.line == line


def test_an_unknown_source_is_named(bank_copy):
    mutate(bank_copy, "    source: nist-ai-rmf\n", "    source: nist\n")
    problem, shown = the_problem(bank_copy)
    assert problem.key == "frameworks[2].source"
    assert "'nist' is not a source of sources.yaml" in shown


# --- statuses -------------------------------------------------------------------------------


def _p(status: str, credit: float | None) -> CrosswalkPractice:
    return CrosswalkPractice(id="x", status=status, credit=credit)


@pytest.mark.parametrize(
    ("practices", "expected"),
    [
        ([_p("met", 1.0), _p("met", 1.0)], "met"),
        ([_p("met", 1.0), _p("not_applicable", None)], "met"),
        ([_p("met", 1.0), _p("partial", 0.5)], "partial"),
        ([_p("met", 1.0), _p("missing", 0.0)], "partial"),
        ([_p("missing", 0.0), _p("unanswered", 0.0)], "missing"),
        ([_p("not_applicable", None)], "not_applicable"),
        ([], "not_applicable"),
    ],
)
def test_item_status(practices, expected):
    assert item_status(practices) == expected
