"""How the engine turns matches into answers and evidence (rule order, all/any/unless,
absence, limits), independent of the bundled detectors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.bank import Bank
from generator.errors import InputError
from generator.scan import Detector, scan_repository
from generator.scan.engine import MAX_HITS_PER_MATCHER
from generator.scan.literals import required_clauses, required_literals

from .conftest import RepoFactory


def detector(**data: object) -> Detector:
    return Detector.model_validate({"practice": "data-schema-validation", **data})


SCHEMA = detector(
    when_absent="none",
    looks_for="a pandera schema",
    rules=[
        {
            "id": "pandera-in-pipeline",
            "when_found": "automated",
            "confidence": 0.9,
            "all": [
                {"files": "**/*.py", "regex": "^import pandera"},
                {"paths": ["**/pipeline/*.py"]},
            ],
        },
        {
            "id": "pandera-in-notebook",
            "when_found": "manual",
            "confidence": 0.4,
            "any": [{"files": "**/*.ipynb", "regex": "pandera"}],
            "unless": [{"paths": ["**/NO_MANUAL"]}],
        },
    ],
)


def scan(root: Path, bank: Bank, *detectors: Detector, **kwargs: float):
    return scan_repository(root, bank, detectors=list(detectors), **kwargs)


def test_evidence_names_the_file_line_and_quote(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo(
        {"src/p/pipeline/validate.py": '"""Schema."""\n\nimport pandera as pa\n', "x.md": "hi"}
    )
    result = scan(root, bank, SCHEMA)
    assert result.answers == {"data-schema-validation": "automated"}
    assert result.confidence == {"data-schema-validation": 0.9}
    evidence = result.evidence["data-schema-validation"]
    assert [(e.detector, e.path, e.line, e.quote) for e in evidence] == [
        ("pandera-in-pipeline", "src/p/pipeline/validate.py", 3, "import pandera as pa"),
        ("pandera-in-pipeline", "src/p/pipeline/validate.py", None, None),
    ]


def test_all_needs_every_matcher_and_rules_apply_in_order(
    make_repo: RepoFactory, bank: Bank
) -> None:
    # pandera is imported, but not in a pipeline folder: the first rule needs both.
    root = make_repo({"check.py": "import pandera\n", "nb.ipynb": '{"source": "pandera"}'})
    result = scan(root, bank, SCHEMA)
    assert result.answers["data-schema-validation"] == "manual"
    assert result.evidence["data-schema-validation"][0].path == "nb.ipynb"


def test_unless_vetoes_a_rule_and_absence_answers_when_absent(
    make_repo: RepoFactory, bank: Bank
) -> None:
    root = make_repo({"nb.ipynb": '{"source": "pandera"}', "NO_MANUAL": ""})
    result = scan(root, bank, SCHEMA)
    assert result.answers["data-schema-validation"] == "none"
    assert "data-schema-validation" not in result.evidence
    assert result.status["data-schema-validation"] == "not_found"
    assert result.searched["data-schema-validation"] == "Looked for a pandera schema."


def test_unless_is_reported_as_evidence_of_absence(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo({"nb.ipynb": '{"source": "pandera"}'})
    evidence = scan(root, bank, SCHEMA).evidence["data-schema-validation"]
    assert [e.quote for e in evidence] == [
        '{"source": "pandera"}',
        "no match for a file **/NO_MANUAL",
    ]


def test_without_when_absent_the_practice_stays_unanswered_but_absence_is_reported(
    make_repo: RepoFactory, bank: Bank
) -> None:
    quiet = SCHEMA.model_copy(update={"when_absent": None})
    result = scan(make_repo({"README.md": "nothing here"}), bank, quiet)
    assert result.answers == {}
    assert result.status["data-schema-validation"] == "not_found"
    assert "data-schema-validation" not in result.evidence
    assert result.searched["data-schema-validation"].startswith("Looked for")


def test_evidence_is_capped_per_matcher(make_repo: RepoFactory, bank: Bank) -> None:
    files = {f"src/p/pipeline/s{i}.py": "import pandera\n" for i in range(10)}
    result = scan(make_repo(files), bank, SCHEMA)
    texts = [e for e in result.evidence["data-schema-validation"] if e.line is not None]
    assert len(texts) == MAX_HITS_PER_MATCHER


def test_a_spent_time_budget_truncates_and_derives_nothing_from_absence(
    make_repo: RepoFactory, bank: Bank
) -> None:
    root = make_repo({f"f{i}.py": "x = 1\n" for i in range(50)})
    result = scan(root, bank, SCHEMA, time_budget_s=0.0)
    assert result.truncated
    assert "data-schema-validation" not in result.answers
    assert "time budget" in result.searched["data-schema-validation"]


def test_quotes_are_single_printable_lines_of_bounded_length(
    make_repo: RepoFactory, bank: Bank
) -> None:
    long_line = "import pandera" + " # padding" * 50 + "\x1b[31m\n"
    root = make_repo({"pipeline/v.py": long_line})
    [hit, _] = scan(root, bank, SCHEMA).evidence["data-schema-validation"]
    assert hit.quote is not None and len(hit.quote) <= 120
    assert hit.quote.isprintable() and hit.quote.endswith("...")


def test_scanning_a_missing_folder_is_an_input_error(tmp_path: Path, bank: Bank) -> None:
    with pytest.raises(InputError, match="does not exist"):
        scan(tmp_path / "absent", bank, SCHEMA)


PIECES = st.sampled_from(
    [
        "import ",
        "pandera",
        "from",
        "(?i)",
        "|",
        "(",
        ")",
        "a",
        "b?",
        "c+",
        "[xy]",
        ".",
        "\\b",
        "\\s*",
        "^",
        "d{2}",
        "[a-c]",
        "[^x]",
        "(?=a)",
        "(?!b)",
        "(a|)",
        "\\w+",
        "x{0,1}",
        "[Kk]",
        "$",
    ]
)
TEXT = st.text(alphabet="abcdxyKkABCD import pandera from\n", max_size=60)


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(PIECES, min_size=1, max_size=8), text=TEXT)
def test_literal_prechecks_never_hide_a_match(pieces: list[str], text: str) -> None:
    """The pre-check may only skip texts the regex cannot match."""
    pattern = "".join(pieces)
    if pattern.count("(?i)") > 1 or ("(?i)" in pattern and not pattern.startswith("(?i)")):
        pattern = pattern.replace("(?i)", "")
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error:
        return
    literals = required_literals(pattern)
    if literals is not None and compiled.search(text):
        assert any(lit in text.casefold() for lit in literals)


@settings(max_examples=1000, deadline=None)
@given(pieces=st.lists(PIECES, min_size=1, max_size=8), text=TEXT)
def test_literal_clauses_never_hide_a_match(pieces: list[str], text: str) -> None:
    """Every match holds one literal of EACH further set, or the pre-check would be wrong."""
    pattern = "".join(pieces)
    if pattern.count("(?i)") > 1 or ("(?i)" in pattern and not pattern.startswith("(?i)")):
        pattern = pattern.replace("(?i)", "")
    try:
        compiled = re.compile(pattern, re.MULTILINE)
    except re.error:
        return
    if compiled.search(text):
        for clause in required_clauses(pattern):
            assert any(lit in text.casefold() for lit in clause), (pattern, clause)


def test_literal_clauses_need_both_halves_of_a_sequence() -> None:
    pattern = "(?i)(performance|metric)[^\\n]*(drop|degrad)|(drop|degrad)[^\\n]*(metric|score)"
    clauses = set(required_clauses(pattern))
    assert {"drop", "degrad"} in clauses  # "dropna" alone passes this one...
    assert {"performance", "metric", "score"} in clauses  # ...but not this one


def _one_regex(regex: str) -> Detector:
    return detector(
        rules=[
            {"id": "r", "when_found": "automated", "any": [{"files": "**/*.py", "regex": regex}]}
        ]
    )


def test_the_word_pre_check_finds_keys_inside_longer_words_and_in_words_seen_before(
    make_repo: RepoFactory, bank: Bank
) -> None:
    """Each distinct word is looked at once: a word seen in an earlier file without the
    regex matching there still lets a later file through, and a key inside a longer
    identifier counts."""
    root = make_repo(
        {
            "a/first.py": "register_model = None\n",  # the word, but no call
            "b/second.py": "client.register_model(uri)\n",  # the same word, now a call
            "c/third.py": "report = compute_data_drift_score(frame)\n",
        }
    )
    calls = scan(root, bank, _one_regex("register_model\\("))
    assert [e.path for e in calls.evidence["data-schema-validation"]] == ["b/second.py"]
    inside = scan(root, bank, _one_regex("(?i)drift"))
    assert [e.path for e in inside.evidence["data-schema-validation"]] == ["c/third.py"]


RELEASES = Detector.model_validate(
    {
        "practice": "governance-release-notes",
        "rules": [
            {
                "id": "tagged-releases",
                "when_found": "sometimes",
                "all": [{"git": "tags", "min": 2}, {"git": "commits", "path": "models", "min": 2}],
            }
        ],
    }
)


def test_git_history_facts(make_repo: RepoFactory, bank: Bank) -> None:
    from .conftest import commit_all, git, write_tree

    root = make_repo({"models/a.txt": "1"}, git=True)
    git(root, "tag", "v1")
    assert "governance-release-notes" not in scan(root, bank, RELEASES).answers
    write_tree(root, {"models/a.txt": "2"})
    commit_all(root)
    git(root, "tag", "v2")
    result = scan(root, bank, RELEASES)
    assert result.answers == {"governance-release-notes": "sometimes"}
    quotes = [e.quote for e in result.evidence["governance-release-notes"]]
    assert quotes == ["2 git tag(s), e.g. v2", "2 commit(s) touching models"]


def test_git_facts_are_not_looked_up_outside_git(make_repo: RepoFactory, bank: Bank) -> None:
    result = scan(make_repo({"models/a.txt": "1"}), bank, RELEASES)
    assert result.listing == "walk" and result.answers == {}


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("import pandera|from pandera", {"import pandera", "from pandera"}),
        (
            "^\\s*(from|import) (airflow|kfp)\\b",
            {"from airflow", "from kfp", "import airflow", "import kfp"},
        ),
        ("(?i)data(set)?_hash", {"data_hash", "dataset_hash"}),
        ("(?i)load[-_ ]?test", {"loadtest", "load-test", "load_test", "load test"}),
        ("(?i)(performance|metric)[^\\n]*(drop|degrad)", {"performance", "metric"}),
        ("(?i)\\bPSI\\b", {"psi"}),
        ("^[0-9]+\\s+\\S", None),  # nothing literal: the regex runs on every candidate file
        ("a|\\w+", None),
    ],
)
def test_literal_prechecks_are_specific(pattern: str, expected: set[str] | None) -> None:
    literals = required_literals(pattern)
    assert (set(literals) if literals is not None else None) == expected
