"""``mlops-init questions``: the bank as JSON, a Markdown questionnaire, an answers skeleton."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.answers import parse_answers
from generator.bank import load_bank
from generator.cli import app

runner = CliRunner()
REPO_ASSESSMENTS = Path(__file__).resolve().parents[2] / "assessments"


@pytest.fixture(autouse=True)
def bundled_bank(monkeypatch):
    monkeypatch.delenv("MLOPS_INIT_ASSESSMENTS", raising=False)


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def questions(fmt: str):
    return runner.invoke(app, ["questions", "--format", fmt])


def test_json_lists_every_practice_with_its_options(bank):
    result = questions("json")
    assert result.exit_code == 0, result.output
    practices = json.loads(result.stdout)
    assert [p["id"] for p in practices] == [
        p.id for a in bank.areas for p in bank.practices_in(a.id)
    ]
    required = {
        "id",
        "area",
        "level",
        "text",
        "options",
        "help",
        "recommendation",
        "component",
        "ml_test_score",
        "sources",
        "applies_if",
        "weight",
    }
    for item in practices:
        assert required <= set(item)
        source = bank.practice(item["id"])
        assert item["level"] == source.level
        assert [(o["id"], o["credit"], o["not_applicable"]) for o in item["options"]] == [
            (o.id, o.credit, o.not_applicable) for o in source.options
        ]
    skipped = next(p for p in practices if p["id"] == "serving-safe-rollout")
    assert skipped["applies_if"] == {
        "practice": "scoping-deployment-mode",
        "any_of": ["realtime", "both"],
    }


def test_json_is_deterministic():
    assert questions("json").stdout == questions("json").stdout


def test_answers_skeleton_is_valid_yaml_listing_every_practice(bank):
    result = questions("answers")
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["metadata"] == {
        "organisation": None,
        "project": None,
        "assessor": None,
        "date": None,
    }
    assert list(data["answers"]) == [p.id for a in bank.areas for p in bank.practices_in(a.id)]
    assert set(data["answers"].values()) == {None}
    # The answers loader accepts the untouched skeleton as "nothing answered yet".
    assert parse_answers(data, bank, "skeleton.yaml").answers == {}


def test_answers_skeleton_comments_list_each_practice_options(bank):
    lines = questions("answers").stdout.splitlines()
    for practice in bank.practices:
        at = lines.index(f"  {practice.id}: null")
        comments = []
        for line in reversed(lines[:at]):
            if not line.startswith("  #   "):
                break
            comments.append(line)
        listed = {c.split(":", 1)[0].strip("# ").strip() for c in comments}
        assert listed == {o.id for o in practice.options}, practice.id


def test_filled_skeleton_is_accepted_by_the_answers_loader(bank):
    text = questions("answers").stdout
    chosen = {p.id: p.options[0].id for p in bank.practices}
    for pid, oid in chosen.items():
        text = text.replace(f"  {pid}: null", f"  {pid}: {oid}")
    text = text.replace("  organisation: null", "  organisation: Acme")
    answers = parse_answers(yaml.safe_load(text), bank, "filled.yaml")
    assert answers.answers == chosen
    assert answers.metadata.organisation == "Acme"


def test_markdown_groups_questions_by_area(bank):
    result = questions("md")
    assert result.exit_code == 0, result.output
    text = result.stdout
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [a.name for a in bank.areas]
    for practice in bank.practices:
        assert f"`{practice.id}`" in text
        assert practice.text in text
    assert text.count("- [ ] ") == sum(len(p.options) for p in bank.practices)


def test_unknown_format_exits_2_and_prints_nothing_on_stdout():
    result = questions("xml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "must be one of json, md, answers. Got 'xml' instead." in result.stderr


def test_broken_bank_exits_2_naming_the_file(monkeypatch, tmp_path):
    bad = tmp_path / "assessments"
    shutil.copytree(REPO_ASSESSMENTS, bad)
    (bad / "practices" / "data.yaml").write_text("practices: [\n")
    monkeypatch.setenv("MLOPS_INIT_ASSESSMENTS", str(bad))
    result = questions("json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "data.yaml" in result.stderr
    assert "malformed YAML" in result.stderr
