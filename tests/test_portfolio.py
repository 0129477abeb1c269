"""The portfolio of several teams: attainment, heat map, shared gaps, links (library)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.errors import InputError, ResultFileError
from generator.portfolio import attainment, build_portfolio
from generator.result import load_result

REPORTS = Path(__file__).resolve().parent.parent / "examples" / "reports"
NAMES = ["level0-startup", "level1-team", "level2-platform"]


@pytest.fixture
def reports(tmp_path) -> Path:
    dest = tmp_path / "reports"
    shutil.copytree(REPORTS, dest)
    return dest


def test_three_examples_side_by_side(reports, tmp_path):
    out = tmp_path / "portfolio"
    portfolio = build_portfolio([reports], out)
    assert [t.level for t in portfolio.teams] == [0, 1, 2]
    assert [t.organisation for t in portfolio.teams] == [
        "Fernhill Analytics",
        "Northwind Retail",
        "Kestrel Payments",
    ]
    for team, name in zip(portfolio.teams, NAMES, strict=True):
        result = load_result(reports / name / "result.json")
        # Attainment is recomputed from the findings: credit over applicable level-L gates.
        for level in ("1", "2"):
            gates = [
                f for f in result.findings if f.level == int(level) and f.status != "not_applicable"
            ]
            expected = round(100 * sum(f.credit or 0 for f in gates) / len(gates), 1)
            assert team.attainment[level] == expected
        assert team.report_html == f"../reports/{name}/report.html"
        assert (out / team.report_html).resolve() == (reports / name / "report.html").resolve()
    # A team at level L has attained every level up to L in full.
    assert portfolio.teams[1].attainment["1"] == 100.0
    assert portfolio.teams[2].attainment == {"1": 100.0, "2": 100.0}
    assert portfolio.teams[0].attainment["1"] < 100.0


def test_heat_map_holds_each_teams_status(reports, tmp_path):
    portfolio = build_portfolio([reports], tmp_path / "out")
    results = [load_result(reports / n / "result.json") for n in NAMES]
    assert len(portfolio.heat_map) == len(results[0].findings)
    for row in portfolio.heat_map:
        expected = [next(f.status for f in r.findings if f.id == row.id) for r in results]
        assert row.cells == expected


def test_shared_gaps_are_open_for_most_teams(reports, tmp_path):
    portfolio = build_portfolio([reports], tmp_path / "out")
    assert portfolio.shared_gap_threshold == 2
    results = [load_result(reports / n / "result.json") for n in NAMES]
    gaps = [{g.id for g in r.gaps} for r in results]
    expected = {pid for pid in set().union(*gaps) if sum(pid in g for g in gaps) >= 2}
    assert {g.id for g in portfolio.shared_gaps} == expected
    counts = [len(g.teams) for g in portfolio.shared_gaps]
    assert counts == sorted(counts, reverse=True)
    # The level-2 team still lacks model cards and fairness checks, like the others.
    everyone = {g.id for g in portfolio.shared_gaps if len(g.teams) == 3}
    assert "governance-model-cards" in everyone


def test_attainment_is_none_when_no_practice_gates_the_level():
    result = load_result(REPORTS / "level1-team" / "result.json")
    none_apply = [f.model_copy(update={"status": "not_applicable"}) for f in result.findings]
    assert attainment(none_apply, 1) is None


def test_a_single_result_file_and_a_report_without_html(reports, tmp_path):
    (reports / "level1-team" / "report.html").unlink()
    portfolio = build_portfolio([reports / "level1-team" / "result.json"], tmp_path / "o")
    (team,) = portfolio.teams
    assert team.report_html is None
    assert team.report_md == "../reports/level1-team/report.md"
    assert portfolio.shared_gap_threshold == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: [d / "missing.json"], "does not exist"),
        (lambda d: [d / "empty"], "holds no result.json"),
        (lambda d: [d / "reports", d / "reports" / "level0-startup" / "result.json"], "twice"),
        (lambda d: [], "at least one result"),
    ],
)
def test_bad_inputs_are_named(reports, tmp_path, make, message):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=message):
        build_portfolio(make(tmp_path), tmp_path / "out")


def test_a_broken_result_file_is_named(reports, tmp_path):
    bad = reports / "level1-team" / "result.json"
    data = json.loads(bad.read_text())
    del data["level"]
    bad.write_text(json.dumps(data))
    with pytest.raises(ResultFileError) as caught:
        build_portfolio([reports], tmp_path / "out")
    assert str(bad) in caught.value.render()
