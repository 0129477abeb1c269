"""``mlops-init assess`` through the CLI, on the small fixture bank."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from generator.cli import app
from generator.result import Evidence

FIXTURE_BANK = Path(__file__).resolve().parent.parent / "fixtures" / "bank"

LEVEL_1_ANSWERS = """\
metadata:
  organisation: Acme
  project: churn
  assessor: Jane Doe
  date: 2026-11-27
answers:
  schema-check: automated
  data-versioning: "yes"
  serving-mode: realtime
  canary: manual
  ci-tests: none
  test-suite: manual
"""


@pytest.fixture(autouse=True)
def fixture_bank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(FIXTURE_BANK))


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(LEVEL_1_ANSWERS, encoding="utf-8")
    return path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, ["assess", *args])


def test_assess_writes_every_format_and_prints_a_summary(
    answers_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    done = invoke("--answers", str(answers_file), "--out", str(out))
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.md", "result.json"]
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["level"] == 1
    assert result["metadata"]["organisation"] == "Acme"
    assert "Maturity level:  1 (ML pipeline automation (continuous training))" in done.stdout
    # canary 0.5 of rollback, canary, ci-tests
    assert "17% of the way to level 2" in done.stdout
    assert "Gate credit:     level 1 100%, level 2 17%" in done.stdout
    assert "ML Test Score:   " in done.stdout
    assert "(blocks level 2)\n   Closes it: " in done.stdout
    assert "Unanswered:      3 practices, counted as not in place" in done.stdout
    assert str(out / "result.json") in done.stdout


def test_assess_writes_only_the_formats_asked_for(answers_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = invoke("--answers", str(answers_file), "--out", str(out), "--format", "json, md")
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in out.iterdir()) == ["report.md", "result.json"]


def test_an_unknown_format_is_refused_before_anything_is_written(
    answers_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report"
    done = invoke("--answers", str(answers_file), "--out", str(out), "--format", "md,docx")
    assert done.exit_code == 2
    assert "must be one or more of md, html, json" in done.stderr
    assert "'docx'" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize("required, code", [(0, 0), (1, 0), (2, 1)])
def test_fail_under_level_exits_1_below_the_level_after_writing(
    answers_file: Path, tmp_path: Path, required: int, code: int
) -> None:
    out = tmp_path / "report"
    args = ["--answers", str(answers_file), "--out", str(out)]
    done = invoke(*args, "--fail-under-level", str(required))
    assert done.exit_code == code, done.output
    assert (out / "result.json").exists()
    if code:
        assert "Level 1 is below the required level 2." in done.stderr


def test_fail_under_level_outside_0_to_2_is_bad_input(answers_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = invoke("--answers", str(answers_file), "--out", str(out), "--fail-under-level", "3")
    assert done.exit_code == 2
    assert "The '--fail-under-level' option must be one of 0, 1, 2. Got 3 instead." in done.stderr
    assert not out.exists()


def test_bad_answers_exit_2_list_every_problem_and_write_nothing(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("answers:\n  schema-check: yes-please\n  schema-chek: none\n", "utf-8")
    out = tmp_path / "report"
    done = invoke("--answers", str(path), "--out", str(out))
    assert done.exit_code == 2
    assert "has 2 problems" in done.stderr
    assert f"{path}:2: answers.schema-check" in done.stderr
    assert "must be one of automated, manual, none. Got 'yes-please' instead." in done.stderr
    assert "Did you mean 'schema-check'?" in done.stderr
    assert "Traceback" not in done.output
    assert not out.exists()


def test_a_missing_answers_file_exits_2(tmp_path: Path) -> None:
    done = invoke("--answers", str(tmp_path / "nope.yaml"), "--out", str(tmp_path / "r"))
    assert done.exit_code == 2
    assert "does not exist" in done.stderr


def test_nothing_to_assess_exits_2_with_a_hint(tmp_path: Path) -> None:
    done = invoke("--out", str(tmp_path / "report"))
    assert done.exit_code == 2
    assert "Nothing to assess" in done.stderr
    assert "mlops-init assess --answers" in done.stderr


def test_date_flag_overrides_the_file_and_no_date_stays_empty(
    answers_file: Path, tmp_path: Path
) -> None:
    done = invoke("--answers", str(answers_file), "--out", str(tmp_path / "a"), "-f", "json")
    assert done.exit_code == 0, done.output
    dated = invoke(
        "--answers", str(answers_file), "--out", str(tmp_path / "b"), "-f", "json",
        "--date", "2027-01-02",
    )  # fmt: skip
    assert dated.exit_code == 0, dated.output
    undated_file = tmp_path / "undated.yaml"
    undated_file.write_text("answers:\n  schema-check: none\n", "utf-8")
    undated = invoke("--answers", str(undated_file), "--out", str(tmp_path / "c"), "-f", "json")
    assert undated.exit_code == 0, undated.output

    def date_in(folder: str) -> str | None:
        text = (tmp_path / folder / "result.json").read_text("utf-8")
        return json.loads(text)["metadata"]["date"]

    assert (date_in("a"), date_in("b"), date_in("c")) == ("2026-11-27", "2027-01-02", None)


def test_an_invalid_date_flag_exits_2(answers_file: Path, tmp_path: Path) -> None:
    done = invoke("--answers", str(answers_file), "--out", str(tmp_path / "r"), "--date", "today")
    assert done.exit_code == 2
    assert "must be a date written YYYY-MM-DD. Got 'today' instead." in done.stderr


def test_the_same_input_gives_byte_identical_files(answers_file: Path, tmp_path: Path) -> None:
    for name in ("one", "two"):
        done = invoke("--answers", str(answers_file), "--out", str(tmp_path / name))
        assert done.exit_code == 0, done.output
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two and len(one) == 3


def _fake_scanner(monkeypatch: pytest.MonkeyPatch, calls: list[tuple[Path, object]]) -> None:
    """Install a stand-in ``generator.scan`` with the API assess calls."""

    def scan_repository(path: Path, bank: object) -> types.SimpleNamespace:
        calls.append((path, bank))
        seen = Evidence(detector="pytest-tests", path="tests/test_features.py", line=1)
        return types.SimpleNamespace(
            answers={"feature-tests": "automated", "schema-check": "none"},
            evidence={"feature-tests": [seen]},
            status={"feature-tests": "found", "schema-check": "not_found"},
            searched={"schema-check": "a schema check"},
            scope=None,
            truncated=False,
        )

    module = types.ModuleType("generator.scan")
    module.scan_repository = scan_repository  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "generator.scan", module)


def test_scan_answers_fill_in_and_stated_answers_win(
    answers_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[Path, object]] = []
    _fake_scanner(monkeypatch, calls)
    repo = tmp_path / "repo"
    repo.mkdir()
    out = tmp_path / "report"
    args = ["--answers", str(answers_file), "--scan", str(repo), "--out", str(out), "-f", "json"]
    done = invoke(*args)
    assert done.exit_code == 0, done.output
    assert calls and calls[0][0] == repo
    assert "1 practice found, 0 contradicted, 1 not seen" in done.stdout
    findings = {f["id"]: f for f in json.loads((out / "result.json").read_text())["findings"]}
    assert (findings["feature-tests"]["answer"], findings["feature-tests"]["origin"]) == (
        "automated",
        "evidence",
    )
    assert findings["feature-tests"]["evidence"][0]["path"] == "tests/test_features.py"
    # The answers file says automated; the scan's 'none' does not override it.
    assert (findings["schema-check"]["answer"], findings["schema-check"]["origin"]) == (
        "automated",
        "stated",
    )


def test_scan_of_a_missing_folder_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_scanner(monkeypatch, [])
    done = invoke("--scan", str(tmp_path / "absent"), "--out", str(tmp_path / "r"))
    assert done.exit_code == 2
    assert "must name a folder" in done.stderr


def test_an_example_on_the_real_bank_is_byte_identical_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS")
    example = FIXTURE_BANK.parent.parent.parent / "examples" / "level1-team.yaml"
    for name in ("one", "two"):
        done = invoke("--answers", str(example), "--out", str(tmp_path / name))
        assert done.exit_code == 0, done.output
        assert "Maturity level:  1 (ML pipeline automation" in done.stdout
    one = {p.name: p.read_bytes() for p in (tmp_path / "one").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "two").iterdir()}
    assert one == two and len(one) == 3


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "Got an empty file (0 bytes) instead."),
        ("metadata:\n  organisation: Acme\n", "Got no 'answers' section instead."),
        ("answers:\n  schema-check: null\n", "Got no practice answered (all null) instead."),
    ],
)
def test_an_answers_file_with_nothing_to_assess_stops_before_writing(
    tmp_path: Path, text: str, says: str
) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "report"
    done = invoke("--answers", str(path), "--out", str(out))
    assert done.exit_code == 2, done.output
    assert f"The answers file '{path}'" in done.stderr and says in done.stderr
    assert "mlops-init questions --format answers" in done.stderr
    assert not out.exists()


def test_the_unfilled_skeleton_is_refused_without_a_scan(tmp_path: Path) -> None:
    skeleton = CliRunner().invoke(app, ["questions", "--format", "answers"])
    assert skeleton.exit_code == 0, skeleton.output
    path = tmp_path / "answers.yaml"
    path.write_text(skeleton.stdout, encoding="utf-8")
    done = invoke("--answers", str(path), "--out", str(tmp_path / "report"))
    assert done.exit_code == 2
    assert "must answer at least one practice when no repository is scanned" in done.stderr
    assert "add --scan PATH" in done.stderr


def test_an_answers_file_with_only_metadata_is_fine_beside_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("metadata:\n  organisation: Acme\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / "tests").mkdir(parents=True)
    (repo / "tests" / "test_model.py").write_text("def test_model():\n    assert True\n")
    out = tmp_path / "report"
    done = invoke("--answers", str(path), "--scan", str(repo), "--out", str(out))
    assert done.exit_code == 0, done.output
    result = json.loads((out / "result.json").read_text(encoding="utf-8"))
    assert result["metadata"]["organisation"] == "Acme"
