"""The committed example reports are exactly what `mlops-init assess` makes of the example
answers files today, so a consultant browsing examples/reports/ never sees a stale report; and
each example answers every practice of the bank, so its report shows a whole team."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.answers import load_answers
from generator.bank import load_bank
from generator.cli import app
from generator.scoring import score

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = sorted(path.stem for path in EXAMPLES.glob("*.yaml"))
REGENERATE = "python tools/make_examples.py"


def test_the_examples_are_found() -> None:
    assert {"level0-startup", "level1-team", "level2-platform"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_committed_example_report_is_current(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    done = CliRunner().invoke(
        app, ["assess", "--answers", str(EXAMPLES / f"{name}.yaml"), "--out", str(out)]
    )
    assert done.exit_code == 0, done.output
    committed = EXAMPLES / "reports" / name
    for filename in ("report.md", "report.html", "result.json"):
        assert (committed / filename).is_file(), (
            f"examples/reports/{name}/{filename} is missing; make it with: {REGENERATE}"
        )
        assert (out / filename).read_bytes() == (committed / filename).read_bytes(), (
            f"examples/reports/{name}/{filename} is stale; regenerate every example report "
            f"with: {REGENERATE}"
        )


def unanswered_by_file(examples: Path) -> dict[str, list[str]]:
    """Practice ids each example answers file leaves unanswered (not-applicable ones aside)."""
    bank = load_bank()
    missing = {}
    for path in sorted(examples.glob("*.yaml")):
        result = score(bank, load_answers(path, bank))
        ids = [f.id for f in result.findings if f.status == "unanswered"]
        if ids:
            missing[f"examples/{path.name}"] = ids
    return missing


def every_practice_message(missing: dict[str, list[str]]) -> str:
    lines = [
        "Every example answers file must answer every practice of the bank (except those its "
        "own answers make not applicable), so its report shows a whole team."
    ]
    for file, ids in missing.items():
        lines.append(f"{file} leaves unanswered: {', '.join(ids)}")
    lines.append(
        "Fix: add an answer for each of them under `answers:` in each file named above "
        "(`mlops-init questions --format answers` lists every practice with its options), "
        f"then regenerate the example reports with: {REGENERATE}"
    )
    return "\n".join(lines)


def test_every_example_answers_every_practice() -> None:
    missing = unanswered_by_file(EXAMPLES)
    assert not missing, every_practice_message(missing)


def test_the_every_practice_rule_names_files_practices_and_fix(tmp_path: Path) -> None:
    """What a contributor who added a practice sees: the file, the new id, the fix."""
    bank = load_bank()
    complete = {p.id: p.options[0].id for p in bank.practices}  # answers every practice
    (tmp_path / "team.yaml").write_text(
        yaml.safe_dump({"answers": complete}, sort_keys=False), encoding="utf-8"
    )
    (tmp_path / "startup.yaml").write_text(
        "metadata: {organisation: A, project: B, date: 2026-11-27}\n"
        "answers: {data-versioning: none}\n",
        encoding="utf-8",
    )
    missing = unanswered_by_file(tmp_path)
    assert list(missing) == ["examples/startup.yaml"]
    assert "data-versioning" not in missing["examples/startup.yaml"]
    message = every_practice_message(missing)
    assert "examples/startup.yaml leaves unanswered: " in message
    assert "scoping-objective-metric" in message
    assert REGENERATE in message and "mlops-init questions --format answers" in message
