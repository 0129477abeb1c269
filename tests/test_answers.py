"""Answers files: what loads, what is refused (every problem at once, with lines), what is saved."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from generator.answers import Answers, load_answers, parse_answers, save_answers
from generator.bank import Bank, load_bank
from generator.errors import AnswersError
from generator.result import Metadata

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(FIXTURE_BANK)


def write(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def problems_of(path: Path, bank: Bank) -> list:
    with pytest.raises(AnswersError) as caught:
        load_answers(path, bank)
    assert caught.value.exit_code == 2
    return caught.value.problems


def test_a_valid_file_loads_in_bank_order(tmp_path: Path, bank: Bank) -> None:
    path = write(
        tmp_path,
        """
        schema_version: 1
        metadata:
          organisation: Acme
          project: churn
          assessor: Jane Doe
          date: 2026-11-27
        answers:
          pre-commit: "yes"
          schema-check: manual
          canary: null
        notes:
          schema-check: A person checks the CSV every Monday.
        """,
    )
    answers = load_answers(path, bank)
    assert answers.metadata == Metadata(
        organisation="Acme", project="churn", assessor="Jane Doe", date="2026-11-27"
    )
    assert list(answers.answers.items()) == [("schema-check", "manual"), ("pre-commit", "yes")]
    assert answers.notes == {"schema-check": "A person checks the CSV every Monday."}


def test_unquoted_yes_and_no_mean_the_options_of_those_names(tmp_path: Path, bank: Bank) -> None:
    # YAML 1.1 reads bare yes/no as booleans; people type them anyway.
    path = write(tmp_path, "answers:\n  data-versioning: yes\n  pre-commit: no\n")
    assert load_answers(path, bank).answers == {"data-versioning": "yes", "pre-commit": "no"}


def test_a_boolean_is_refused_where_no_option_has_that_name(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "answers:\n  schema-check: yes\n")
    [problem] = problems_of(path, bank)
    assert problem.message == (
        "The 'schema-check' answer must be one of automated, manual, none. Got true (an "
        "unquoted yes/no/true/false is read as a boolean) instead."
    )


@pytest.mark.parametrize(
    "text, found",
    [("", "an empty file (0 bytes)"), ("# to do\n\n", "only comments and blank lines")],
)
def test_an_empty_file_is_refused_with_how_to_start_one(
    tmp_path: Path, bank: Bank, text: str, found: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AnswersError) as caught:
        load_answers(path, bank)
    error = caught.value
    assert error.exit_code == 2
    assert str(error) == (
        f"The answers file '{path}' must hold a mapping with an 'answers' section "
        f"(practice id: option id). Got {found} instead."
    )
    assert [p.file for p in error.problems] == [str(path)]
    assert error.hint.endswith(f"mlops-init questions --format answers > {path}")


def test_an_empty_document_parsed_in_memory_still_means_nothing_answered(bank: Bank) -> None:
    # parse_answers serves callers holding data already (an interview starting afresh).
    assert parse_answers(None, bank, "session") == Answers(Metadata(), {}, {})


@pytest.mark.parametrize(
    "text, found, line",
    [
        ("metadata:\n  organisation: Acme\n", "no 'answers' section", None),
        (
            "metadata:\n  organisation: Acme\nanswers:\n  schema-check: null\n",
            "no practice answered (all null)",
            3,
        ),
        ("answers: {}\n", "no practice answered (all null)", 1),
    ],
)
def test_a_file_answering_nothing_is_refused_when_it_is_all_there_is(
    tmp_path: Path, bank: Bank, text: str, found: str, line: int | None
) -> None:
    path = write(tmp_path, text)
    assert load_answers(path, bank).answers == {}  # fine beside a scan
    with pytest.raises(AnswersError) as caught:
        load_answers(path, bank, require_answers=True)
    error = caught.value
    assert str(error) == (
        f"The answers file '{path}' must answer at least one practice when no repository is "
        f"scanned. Got {found} instead."
    )
    [problem] = error.problems
    assert (problem.file, problem.key, problem.line) == (str(path), "answers", line)
    assert "--scan PATH" in error.hint and "mlops-init questions --format answers" in error.hint


def test_one_answer_is_enough_when_it_is_all_there_is(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "answers:\n  schema-check: manual\n  canary: null\n")
    answers = load_answers(path, bank, require_answers=True)
    assert answers.answers == {"schema-check": "manual"}


def test_a_date_can_be_quoted_text(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "metadata:\n  date: '2026-01-05'\n")
    assert load_answers(path, bank).metadata.date == "2026-01-05"


def test_an_unknown_option_lists_the_allowed_ones_with_file_key_and_line(
    tmp_path: Path, bank: Bank
) -> None:
    path = write(tmp_path, "answers:\n  schema-check: automated\n  rollback: yes-please\n")
    [problem] = problems_of(path, bank)
    assert problem.file == str(path)
    assert problem.key == "answers.rollback"
    assert problem.line == 3
    assert problem.message == (
        "The 'rollback' answer must be one of automated, manual, none. Got 'yes-please' instead."
    )


def test_an_unknown_practice_suggests_the_closest_id(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "answers:\n  schema-chek: automated\n")
    [problem] = problems_of(path, bank)
    assert problem.key == "answers.schema-chek"
    assert problem.line == 2
    assert "Unknown practice id 'schema-chek'" in problem.message
    assert "Did you mean 'schema-check'?" in problem.message


def test_unknown_keys_wrong_types_and_bad_dates_are_all_reported_together(
    tmp_path: Path, bank: Bank
) -> None:
    path = write(
        tmp_path,
        """
        metadata:
          organisation: 42
          date: 27/11/2026
          team: ml
        answers:
          schema-check: sometimes
          nonexistent-practice: automated
          pre-commit: "yes"
        notes:
          canary: [a, list]
          no-such-thing: text
        extra: 1
        schema_version: 7
        """,
    )
    problems = problems_of(path, bank)
    by_key = {p.key: p for p in problems}
    assert set(by_key) == {
        "extra",
        "schema_version",
        "metadata.organisation",
        "metadata.date",
        "metadata.team",
        "answers.schema-check",
        "answers.nonexistent-practice",
        "notes.canary",
        "notes.no-such-thing",
    }
    assert by_key["extra"].line == 12
    assert "The keys allowed here are schema_version, metadata, answers, notes" in (
        by_key["extra"].message
    )
    assert by_key["metadata.date"].line == 3
    assert by_key["metadata.date"].message == (
        "The metadata 'date' must be a date written YYYY-MM-DD. Got '27/11/2026' instead."
    )
    assert by_key["metadata.organisation"].message == (
        "The metadata 'organisation' must be text. Got a number 42 instead."
    )
    assert by_key["answers.schema-check"].line == 6
    assert by_key["notes.canary"].line == 10
    assert all(p.file == str(path) for p in problems)


def test_the_error_message_counts_the_problems_and_renders_each(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "answers:\n  schema-check: x\n  canary: y\n")
    with pytest.raises(AnswersError) as caught:
        load_answers(path, bank)
    text = caught.value.render()
    assert f"The answers file '{path}' has 2 problems." in text
    assert f"{path}:2: answers.schema-check: The 'schema-check' answer" in text
    assert f"{path}:3: answers.canary: The 'canary' answer" in text


def test_an_impossible_calendar_date_is_refused_with_its_line(tmp_path: Path, bank: Bank) -> None:
    path = write(tmp_path, "answers: {}\nmetadata:\n  date: 2026-13-01\n")
    [problem] = problems_of(path, bank)
    assert problem.line == 3
    assert "month must be in 1..12" in problem.message


def test_a_missing_file_and_malformed_yaml_are_answers_errors(tmp_path: Path, bank: Bank) -> None:
    [missing] = problems_of(tmp_path / "absent.yaml", bank)
    assert missing.file == str(tmp_path / "absent.yaml")
    path = write(tmp_path, "answers:\n  schema-check: [automated\n")
    [malformed] = problems_of(path, bank)
    assert malformed.message.startswith("malformed YAML")
    assert malformed.line is not None


@pytest.mark.parametrize(
    "data, key",
    [
        (["a", "list"], None),
        ({"answers": ["schema-check"]}, "answers"),
        ({"metadata": "Acme"}, "metadata"),
        ({"answers": {"schema-check": 1}}, "answers.schema-check"),
    ],
)
def test_wrong_shapes_are_refused(data: object, key: str | None, bank: Bank) -> None:
    with pytest.raises(AnswersError) as caught:
        parse_answers(data, bank, "inline")
    assert [p.key for p in caught.value.problems] == [key]


def test_save_then_load_gives_the_same_answers(tmp_path: Path, bank: Bank) -> None:
    original = Answers(
        metadata=Metadata(organisation="Acme: ML", date="2026-11-27"),
        answers={"pre-commit": "no", "schema-check": "automated", "data-versioning": "yes"},
        notes={"pre-commit": "Planned for Q1.\nSecond line."},
    )
    path = tmp_path / "sub" / "answers.yaml"
    save_answers(path, original, bank=bank)
    loaded = load_answers(path, bank)
    assert loaded.metadata == original.metadata
    assert loaded.answers == original.answers
    assert list(loaded.answers) == ["schema-check", "data-versioning", "pre-commit"]
    assert loaded.notes == original.notes
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_save_is_deterministic_and_in_bank_order(tmp_path: Path, bank: Bank) -> None:
    one = Answers(Metadata(), {"pre-commit": "yes", "schema-check": "none"})
    two = Answers(Metadata(), {"schema-check": "none", "pre-commit": "yes"})
    save_answers(tmp_path / "one.yaml", one, bank=bank)
    save_answers(tmp_path / "two.yaml", two, bank=bank)
    text = (tmp_path / "one.yaml").read_text(encoding="utf-8")
    assert text == (tmp_path / "two.yaml").read_text(encoding="utf-8")
    # 'yes' must be written quoted, or YAML would read it back as a boolean.
    assert yaml.safe_load(text)["answers"] == {"schema-check": "none", "pre-commit": "yes"}


def test_a_failed_save_keeps_the_previous_file(
    tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "answers.yaml"
    save_answers(path, Answers(Metadata(), {"schema-check": "none"}), bank=bank)
    before = path.read_bytes()

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("generator.fileio.os.replace", fail)
    with pytest.raises(OSError, match="disk full"):
        save_answers(path, Answers(Metadata(), {"schema-check": "automated"}), bank=bank)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_a_practice_answered_twice_is_refused_with_both_lines(tmp_path: Path, bank: Bank) -> None:
    path = write(
        tmp_path, "answers:\n  schema-check: none\n  canary: none\n  schema-check: automated\n"
    )
    [problem] = problems_of(path, bank)
    assert (problem.key, problem.line) == ("answers.schema-check", 4)
    assert problem.message == (
        "The key 'schema-check' is written 2 times (lines 2, 4); only the last one would be "
        "read. Keep one."
    )
