"""The roadmap's commands fit the scanned repository, and ``mlops-init adopt`` / ``template``
through the CLI.

``assess --scan`` of a repository mlops-init did not make must send the team to ``adopt``
(never to ``upgrade``, which refuses it); of a project mlops-init generated or adopted it must
send the team to ``upgrade`` (never to ``adopt``, which refuses it too).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from scaffold.adopt_fixtures import FIXTURES, make_team_repo
from testkit import git
from typer.testing import CliRunner

from generator.cli import app
from generator.scaffold.project import new_project

runner = CliRunner()


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLOPS_INIT_TEMPLATE", raising=False)
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)


def assess_scan(repo: Path, out: Path) -> dict:
    done = runner.invoke(app, ["assess", "--scan", str(repo), "--out", str(out), "-f", "json"])
    assert done.exit_code == 0, done.output
    return json.loads((out / "result.json").read_text())


def commands(result: dict) -> list[str]:
    found = [g["command"] for g in result["gaps"] if g["command"]]
    found += [f["command"] for f in result["findings"] if f["command"]]
    return found


@pytest.mark.parametrize("name", sorted(FIXTURES))
def test_a_repository_mlops_init_did_not_make_is_told_to_adopt_never_to_upgrade(
    tmp_path: Path, name: str
) -> None:
    repo = make_team_repo(tmp_path / name, FIXTURES[name])
    result = assess_scan(repo, tmp_path / "report")
    assert result["target"]["kind"] == "existing"
    assert "no .copier-answers.yml" in result["target"]["reason"]
    found = commands(result)
    assert found, "the roadmap gives no command at all"
    assert all(c.startswith("mlops-init adopt --level ") for c in found), found
    for gap in result["gaps"]:
        assert bool(gap["files"]) == bool(gap["component"])


def test_a_generated_project_is_told_to_upgrade_never_to_adopt(
    tmp_path: Path, template_repo: Path
) -> None:
    project = tmp_path / "churn"
    new_project(
        project,
        level=0,
        data={"project_name": "churn"},
        defaults=True,
        template=str(template_repo),
    )
    result = assess_scan(project, tmp_path / "report")
    assert result["target"]["kind"] == "generated"
    assert result["target"]["template_level"] == 0
    assert "records the mlops-init template" in result["target"]["reason"]
    found = commands(result)
    assert not any("adopt" in c for c in found), found
    assert "mlops-init upgrade --to 1" in found and "mlops-init upgrade --to 2" in found
    # The package folder of the project is filled into the component's files.
    files = [f for g in result["gaps"] for f in g["files"]]
    assert any(f.startswith("src/churn/") for f in files)
    assert not any(f.startswith("src/*/") for f in files)


def test_after_adopting_the_roadmap_switches_to_upgrade(
    tmp_path: Path, template_repo: Path
) -> None:
    repo = make_team_repo(tmp_path / "pkg", FIXTURES["package"])
    done = runner.invoke(
        app, ["adopt", str(repo), "--level", "0", "--defaults", "--template", str(template_repo)]
    )
    assert done.exit_code == 0, done.output
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Adopt")
    result = assess_scan(repo, tmp_path / "report")
    assert result["target"]["kind"] == "generated"
    assert not any("adopt" in c for c in commands(result))


def test_the_terminal_summary_says_which_case_applies(tmp_path: Path) -> None:
    repo = make_team_repo(tmp_path / "nb", FIXTURES["notebook-only"])
    done = runner.invoke(app, ["assess", "--scan", str(repo), "--out", str(tmp_path / "r")])
    assert done.exit_code == 0, done.output
    assert "Roadmap commands: The scanned repository has no .copier-answers.yml" in done.stdout
    assert "Closes it: mlops-init adopt --level" in done.stdout


def test_adopt_and_template_are_commands_and_the_help_stays_light() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from generator.cli import app; "
        "out = CliRunner().invoke(app, ['--help']).stdout; "
        "heavy = [m for m in ('copier', 'questionary', 'mlflow', 'sklearn') if m in sys.modules]; "
        "print(heavy); print(out)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy, _, text = done.stdout.partition("\n")
    assert heavy == "[]"
    assert " adopt " in text and " template " in text


def test_template_without_ensure_reports_and_with_ensure_prepares(tmp_path: Path) -> None:
    done = runner.invoke(app, ["template", str(tmp_path)])
    assert done.exit_code == 0
    assert "not prepared yet" in done.stdout and "mlops-init template --ensure" in done.stdout
    done = runner.invoke(app, ["template", str(tmp_path), "--ensure"])
    assert done.exit_code == 0, done.output
    assert f"Template ready at {tmp_path / 'cache' / 'template'}" in done.stdout
    assert (tmp_path / "cache" / "template" / "copier.yml").is_file()
