"""Scoring rules on the fixture bank, and monotonicity properties on the fixture and real banks.

Fixture bank (tests/fixtures/bank), in bank order:
    schema-check    data     level 1  weight 3  component pipeline (L1)   data-1
    data-versioning data     level 1  weight 2  component pipeline (L1)   infra-1
    feature-tests   data     -        weight 1  component training (L0)   data-7
    serving-mode    serving  -        weight 1  realtime | batch | not-deployed (n/a)
    canary          serving  level 2  weight 2  only if realtime           infra-6 (alone)
    rollback        serving  level 2  weight 3  only if realtime or batch  infra-7
    ci-tests        cicd     level 2  weight 3  component ci-workflow (L2) infra-2, infra-3
    test-suite      cicd     -        weight 2  no component               all tests but infra-6
    pre-commit      cicd     -        weight 1  no component
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.answers import Answers, load_answers
from generator.bank import Bank, load_bank
from generator.levels import band_for
from generator.result import Evidence, Finding, Metadata, Result, Target
from generator.scoring import score, snap_points

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"

BEST = {
    "schema-check": "automated",
    "data-versioning": "yes",
    "feature-tests": "automated",
    "serving-mode": "realtime",
    "canary": "automated",
    "rollback": "automated",
    "ci-tests": "automated",
    "test-suite": "automated",
    "pre-commit": "yes",
}
LEVEL_1 = {"schema-check": "automated", "data-versioning": "yes"}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(FIXTURE_BANK)


def run(bank: Bank, answers: dict[str, str], **kwargs: object) -> Result:
    return score(bank, Answers(Metadata(date="2026-11-27"), dict(answers)), **kwargs)


def finding(result: Result, practice_id: str) -> Finding:
    return next(f for f in result.findings if f.id == practice_id)


def test_nothing_answered_is_level_0_with_every_practice_a_gap(bank: Bank) -> None:
    result = run(bank, {})
    assert (result.level, result.next_level, result.next_level_progress) == (0, 1, 0.0)
    assert result.level_name == "Manual process"
    assert [g.id for g in result.gaps] == [
        "schema-check",  # level 1, weight 3
        "data-versioning",  # level 1, weight 2
        "rollback",  # level 2, weight 3, before ci-tests in bank order
        "ci-tests",
        "canary",  # level 2, weight 2
        "test-suite",  # checklist, weight 2
        "feature-tests",  # checklist, weight 1, bank order
        "serving-mode",
        "pre-commit",
    ]
    assert [g.blocks_level for g in result.gaps] == [1, 1, 2, 2, 2, None, None, None, None]
    assert {f.status for f in result.findings} == {"unanswered"}
    assert result.checklist.model_dump() == {
        "coverage": 0.0,
        "met": 0,
        "partial": 0,
        "missing": 0,
        "applicable": 9,
        "total": 9,
        "unanswered": 9,
    }
    assert result.ml_test_score.final == 0
    assert result.ml_test_score.band == "research project"


def test_every_practice_met_is_level_2_with_no_gaps(bank: Bank) -> None:
    result = run(bank, BEST)
    assert (result.level, result.next_level, result.next_level_progress) == (2, None, 100.0)
    assert result.level_name == "CI/CD pipeline automation"
    assert result.gaps == []
    assert [a.score for a in result.areas] == [100.0, 100.0, 100.0]
    assert result.ml_test_score.sections == {
        "data": 7.0,
        "model": 7.0,
        "infrastructure": 7.0,
        "monitoring": 7.0,
    }
    assert (result.ml_test_score.final, result.ml_test_score.band) == (7.0, "exceptional")
    assert result.checklist.coverage == 100.0


def test_level_needs_every_gate_fully_met(bank: Bank) -> None:
    partial = run(bank, {"schema-check": "manual", "data-versioning": "yes"})
    assert partial.level == 0
    assert partial.next_level_progress == 75.0  # (0.5 + 1) / 2
    assert run(bank, LEVEL_1).level == 1
    # Level-2 practices all met do not lift a team whose level-1 gates are open.
    level2_only = {k: v for k, v in BEST.items() if k not in LEVEL_1}
    assert run(bank, level2_only).level == 0


def test_progress_counts_the_next_levels_applicable_gates(bank: Bank) -> None:
    result = run(bank, {**LEVEL_1, "canary": "manual", "ci-tests": "automated"})
    assert (result.level, result.next_level) == (1, 2)
    assert result.next_level_progress == 50.0  # canary 0.5 + ci-tests 1 + rollback 0, over 3
    assert [g.id for g in result.gaps][:2] == ["rollback", "canary"]
    assert all(g.blocks_level == 2 for g in result.gaps[:2])


def test_not_applicable_practices_do_not_gate_a_level(bank: Bank) -> None:
    answers = {**LEVEL_1, "serving-mode": "not-deployed", "ci-tests": "automated"}
    result = run(bank, answers)
    assert result.level == 2
    assert finding(result, "serving-mode").status == "not_applicable"
    assert finding(result, "serving-mode").origin == "stated"
    for skipped in ("canary", "rollback"):
        assert finding(result, skipped).status == "not_applicable"
        assert finding(result, skipped).origin == "skip_logic"
        assert finding(result, skipped).credit is None
    serving = next(a for a in result.areas if a.id == "serving")
    assert (serving.score, serving.applicable, serving.total) == (None, 0, 3)


def test_skip_logic_follows_the_controlling_answer(bank: Bank) -> None:
    batch = run(bank, {"serving-mode": "batch", "rollback": "none"})
    assert finding(batch, "canary").status == "not_applicable"
    assert finding(batch, "rollback").status == "missing"
    realtime = run(bank, {"serving-mode": "realtime"})
    assert finding(realtime, "canary").status == "unanswered"
    # An answer to a skipped practice is kept for the record but does not count.
    skipped = run(
        bank,
        {
            **LEVEL_1,
            "serving-mode": "batch",
            "canary": "none",
            "rollback": "automated",
            "ci-tests": "automated",
        },
    )
    assert skipped.level == 2
    assert finding(skipped, "canary").answer == "none"
    assert "canary" not in [g.id for g in skipped.gaps]


def test_area_score_is_the_weighted_mean_credit(bank: Bank) -> None:
    result = run(
        bank, {"schema-check": "manual", "data-versioning": "yes", "feature-tests": "none"}
    )
    data = next(a for a in result.areas if a.id == "data")
    # (3 * 0.5 + 2 * 1 + 1 * 0) / (3 + 2 + 1) = 58.33
    assert (data.score, data.met, data.applicable, data.total) == (58.3, 1, 3, 3)
    assert [a.id for a in result.areas] == ["data", "serving", "cicd"]


def test_ml_test_score_takes_the_weakest_practice_per_test(bank: Bank) -> None:
    result = run(
        bank, {"schema-check": "automated", "test-suite": "manual", "serving-mode": "batch"}
    )
    tests = {t.id: t for t in result.ml_test_score.tests}
    assert tests["data-1"].points == 0.5  # min(schema-check 1, test-suite 0.5)
    assert tests["data-1"].practices == ["schema-check", "test-suite"]
    assert tests["data-7"].points == 0.0  # feature-tests unanswered
    assert tests["infra-6"].not_applicable and tests["infra-6"].points == 0.0
    assert not tests["infra-7"].not_applicable
    assert result.ml_test_score.sections == {
        "data": 3.0,  # data-1..6 at 0.5, data-7 at 0
        "model": 3.5,
        "infrastructure": 1.0,  # infra-4, -5 at 0.5; -1, -2, -3, -7 open; -6 not applicable
        "monitoring": 3.5,
    }
    assert result.ml_test_score.final == 1.0
    assert result.ml_test_score.band == "not totally untested"


def test_automated_suite_with_one_manual_practice(bank: Bank) -> None:
    result = run(bank, {**BEST, "schema-check": "manual"})
    assert result.ml_test_score.sections["data"] == 6.5
    assert (result.ml_test_score.final, result.ml_test_score.band) == (6.5, "exceptional")


@pytest.mark.parametrize(
    "credit, points", [(0, 0.0), (0.25, 0.0), (0.5, 0.5), (0.75, 0.5), (0.99, 0.5), (1, 1.0)]
)
def test_credit_snaps_down_to_half_points(credit: float, points: float) -> None:
    assert snap_points(credit) == points


@pytest.mark.parametrize(
    "final, band",
    [
        (0, "research project"),
        (0.5, "not totally untested"),
        (1, "not totally untested"),
        (1.5, "first pass at production readiness"),
        (2, "first pass at production readiness"),
        (2.5, "reasonably tested"),
        (3, "reasonably tested"),
        (3.5, "strong levels of automated testing"),
        (5, "strong levels of automated testing"),
        (5.5, "exceptional"),
        (7, "exceptional"),
    ],
)
def test_band_boundaries_follow_the_2017_paper(final: float, band: str) -> None:
    assert band_for(final) == band


GENERATED_AT_0 = Target(kind="generated", reason="r", commands="upgrade", template_level=0)


def test_gap_commands_of_a_generated_project_depend_on_the_component_and_the_level(
    bank: Bank,
) -> None:
    at_0 = {g.id: g.command for g in run(bank, {}, target=GENERATED_AT_0).gaps}
    assert at_0["schema-check"] == "mlops-init upgrade --to 1"
    assert at_0["ci-tests"] == "mlops-init upgrade --to 2"
    assert at_0["feature-tests"] == "mlops-init new mlops-reference --level 0"
    assert at_0["test-suite"] is None
    unknown_level = GENERATED_AT_0.model_copy(update={"template_level": None})
    at_1 = {g.id: g.command for g in run(bank, LEVEL_1, target=unknown_level).gaps}
    # The pipeline component is part of level 1: upgrading to 1 would add nothing.
    assert at_1["rollback"] == "mlops-init new mlops-reference --level 1"
    assert at_1["ci-tests"] == "mlops-init upgrade --to 2"


def test_a_generated_project_recorded_above_its_assessed_level_is_never_told_to_upgrade_to_it(
    bank: Bank,
) -> None:
    # Generated at level 1 but assessed at 0: upgrading to 1 would do nothing.
    at_1 = GENERATED_AT_0.model_copy(update={"template_level": 1})
    commands = {g.id: g.command for g in run(bank, {}, target=at_1).gaps}
    assert commands["schema-check"] == "mlops-init new mlops-reference --level 1"
    assert commands["ci-tests"] == "mlops-init upgrade --to 2"


def test_without_a_scan_the_roadmap_assumes_a_repository_to_adopt_and_says_so(bank: Bank) -> None:
    result = run(bank, {})
    assert result.target is not None
    assert (result.target.kind, result.target.commands) == ("unknown", "adopt")
    assert "No repository was scanned" in result.target.reason
    commands = {g.id: g.command for g in result.gaps}
    assert commands["schema-check"] == "mlops-init adopt --level 1"
    assert commands["ci-tests"] == "mlops-init adopt --level 2"
    # A component of the team's level: adopting at that level adds it.
    assert commands["feature-tests"] == "mlops-init adopt --level 0"
    assert commands["test-suite"] is None
    assert not any(c and "upgrade" in c for c in commands.values())


def test_every_gap_with_a_component_lists_its_template_files(bank: Bank) -> None:
    plain = run(bank, {})
    with_package = run(bank, {}, target=GENERATED_AT_0.model_copy(update={"package_name": "churn"}))
    for gap, same in zip(plain.gaps, with_package.gaps, strict=True):
        component = bank.component(gap.component) if gap.component else None
        assert gap.files == (list(component.paths) if component else [])
        assert same.files == [p.replace("src/*/", "src/churn/") for p in gap.files]
    assert any(g.files for g in plain.gaps)


def test_findings_carry_question_answer_note_and_citations(bank: Bank) -> None:
    answers = Answers(Metadata(), {"schema-check": "manual"}, {"schema-check": "Every Monday."})
    result = score(bank, answers)
    found = finding(result, "schema-check")
    assert (found.answer, found.answer_label, found.credit) == ("manual", "By hand", 0.5)
    assert (found.status, found.origin, found.note) == ("partial", "stated", "Every Monday.")
    assert found.command == "mlops-init adopt --level 1"
    assert [c.source for c in found.sources] == ["google-mlops", "ml-test-score"]
    assert found.sources[0].url.startswith("https://cloud.google.com/")
    assert found.sources[1].item == "Data 1"
    assert finding(result, "pre-commit").command is None  # no component
    assert [s.source for s in result.sources] == ["google-mlops", "ml-test-score"]


def test_stated_answers_win_over_derived_ones(bank: Bank) -> None:
    seen = [Evidence(detector="pandera-schema", path="src/validate.py", line=3)]
    result = run(
        bank,
        {"schema-check": "none"},
        derived={"schema-check": "automated", "data-versioning": "yes"},
        evidence={"schema-check": seen, "data-versioning": seen},
    )
    stated = finding(result, "schema-check")
    assert (stated.answer, stated.origin, stated.credit) == ("none", "stated", 0.0)
    assert stated.evidence == seen  # shown in the report even when the team's answer wins
    derived = finding(result, "data-versioning")
    assert (derived.answer, derived.origin, derived.credit) == ("yes", "evidence", 1.0)


def test_an_option_the_bank_does_not_have_is_a_bug_not_a_score(bank: Bank) -> None:
    with pytest.raises(ValueError, match="schema-check"):
        run(bank, {}, derived={"schema-check": "sometimes"})


def test_metadata_and_levels_are_in_the_result(bank: Bank) -> None:
    result = run(bank, {})
    assert result.metadata.date == "2026-11-27"
    assert [(lv.level, lv.name) for lv in result.levels] == [
        (0, "Manual process"),
        (1, "ML pipeline automation (continuous training)"),
        (2, "CI/CD pipeline automation"),
    ]
    assert result.bank_digest == bank.digest


def test_scoring_is_deterministic_and_survives_a_json_round_trip(
    bank: Bank, tmp_path: Path
) -> None:
    from generator.result import load_result

    first = run(bank, {**LEVEL_1, "canary": "manual"}).to_json()
    assert run(bank, {**LEVEL_1, "canary": "manual"}).to_json() == first
    path = tmp_path / "result.json"
    path.write_text(first, encoding="utf-8")
    assert load_result(path).to_json() == first


# -- properties: more credit never lowers the level or any score -----------------------------


def _real_bank() -> Bank:
    return load_bank()


BANKS = {"fixture": lambda: load_bank(FIXTURE_BANK), "real": _real_bank}


def _controllers(bank: Bank) -> set[str]:
    """Practices other practices' skip logic depends on: answering them changes what applies."""
    return {p.applies_if.practice for p in bank.practices if p.applies_if is not None}


def raise_one_credit(bank: Bank) -> st.SearchStrategy[tuple[dict[str, str], dict[str, str]]]:
    """Random answers, and the same answers with one practice switched to more credit.

    The bank is closed over (not passed to the strategy) so Hypothesis never prints it.
    """
    candidates = [p for p in bank.practices if p.id not in _controllers(bank)]

    @st.composite
    def pairs(draw: st.DrawFn) -> tuple[dict[str, str], dict[str, str]]:
        answers: dict[str, str] = {}
        for practice in bank.practices:
            choice = draw(st.sampled_from([None, *[o.id for o in practice.options]]))
            if choice is not None:
                answers[practice.id] = choice
        practice = draw(st.sampled_from(candidates))
        current = practice.option(answers[practice.id]) if practice.id in answers else None
        assume(current is None or not current.not_applicable)
        floor = current.credit if current is not None else None
        better = [
            o.id
            for o in practice.options
            if not o.not_applicable and (floor is None or (o.credit or 0) > floor)
        ]
        assume(better)
        raised = {**answers, practice.id: draw(st.sampled_from(better))}
        return answers, raised

    return pairs()


def _check_not_lower(before: Result, after: Result) -> None:
    assert after.level >= before.level
    if after.level == before.level:
        assert after.next_level_progress >= before.next_level_progress
    for old, new in zip(before.areas, after.areas, strict=True):
        assert (old.score is None) == (new.score is None)
        if old.score is not None:
            assert new.score >= old.score, old.id
    for level, share in before.level_attainment.items():
        assert after.level_attainment[level] >= share, level
    for section, points in before.ml_test_score.sections.items():
        assert after.ml_test_score.sections[section] >= points, section
    assert after.ml_test_score.final >= before.ml_test_score.final
    assert after.checklist.coverage >= before.checklist.coverage


@pytest.mark.parametrize("which", sorted(BANKS))
def test_more_credit_never_lowers_the_level_or_any_score(which: str) -> None:
    bank = BANKS[which]()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(pair=raise_one_credit(bank))
    def check(pair: tuple[dict[str, str], dict[str, str]]) -> None:
        before, after = pair
        _check_not_lower(run(bank, before), run(bank, after))

    check()


def test_the_real_bank_scores_with_no_answers() -> None:
    bank = _real_bank()
    result = run(bank, {})
    assert result.level == 0
    assert len(result.ml_test_score.tests) == 28
    assert len(result.findings) == len(bank.practices)


# -- the example answers files in examples/ ----------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    "name, level", [("level0-startup", 0), ("level1-team", 1), ("level2-platform", 2)]
)
def test_each_example_scores_its_intended_level(name: str, level: int) -> None:
    bank = _real_bank()
    answers = load_answers(EXAMPLES / f"{name}.yaml", bank)
    result = score(bank, answers)
    assert result.level == level
    assert answers.metadata.date == "2026-11-27"
    # That it answers every practice: tests/test_examples.py.
    if level == 2:
        assert 0 < len(result.gaps) <= 8  # a few checklist gaps remain
        assert all(g.blocks_level is None for g in result.gaps)


def test_level_attainment_is_each_levels_share_of_gate_credit_beside_the_strict_level(
    bank: Bank,
) -> None:
    # Full CI/CD (level 2 gates) but no continuous training (level 1 gates): strict level 0,
    # and the profile shows the delivery side already in place.
    delivery = {
        "serving-mode": "realtime",
        "canary": "automated",
        "rollback": "automated",
        "ci-tests": "automated",
    }
    result = run(bank, delivery)
    assert result.level == 0
    assert result.level_attainment == {"1": 0.0, "2": 1.0}
    notebook = run(bank, {"serving-mode": "realtime"})
    assert notebook.level == 0 and notebook.level_attainment == {"1": 0.0, "2": 0.0}
    # partial credit counts by its share; skip logic leaves not-applicable gates out
    half = run(bank, {**LEVEL_1, "schema-check": "manual", "serving-mode": "batch"})
    assert half.level_attainment["1"] == 0.75  # (0.5 + 1) / 2
    assert half.level_attainment["2"] == 0.0  # rollback and ci-tests apply; canary does not
    assert run(bank, BEST).level_attainment == {"1": 1.0, "2": 1.0}
