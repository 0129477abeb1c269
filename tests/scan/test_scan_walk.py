"""Which files a scan considers: the repository's own, as git sees them (.gitignore
respected), with or without git."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.bank import Bank
from generator.scan import Detector, scan_repository
from generator.scan.listing import list_files

from .conftest import RepoFactory, commit_all, git, write_tree

PANDERA = Detector.model_validate(
    {
        "practice": "data-schema-validation",
        "when_absent": "none",
        "rules": [
            {
                "id": "pandera",
                "when_found": "automated",
                "any": [{"files": "**/*.py", "regex": "import pandera"}],
            }
        ],
    }
)


def listed(root: Path) -> list[str]:
    return list_files(root, time.monotonic() + 30).paths


def test_git_listing_respects_gitignore_and_sees_untracked_files(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            ".gitignore": "build/\n*.log\n",
            "src/a.py": "",
            "build/gen.py": "",
            "debug.log": "",
        },
        git=True,
    )
    write_tree(root, {"new_untracked.py": "", "build/also_ignored.py": ""})
    listing = list_files(root, time.monotonic() + 30)
    assert listing.method == "git"
    assert listing.paths == [".gitignore", "new_untracked.py", "src/a.py"]


def test_walk_respects_nested_gitignores_and_negation(make_repo: RepoFactory) -> None:
    root = make_repo(
        {
            ".gitignore": "*.log\ndata/\n",
            "keep.py": "",
            "x.log": "",
            "data/raw.py": "",
            "pkg/.gitignore": "secret_*.py\n!secret_ok.py\n",
            "pkg/secret_a.py": "",
            "pkg/secret_ok.py": "",
            "pkg/sub/secret_b.py": "",
            "other/secret_c.py": "",  # pkg's .gitignore does not reach here
        }
    )
    listing = list_files(root, time.monotonic() + 30)
    assert listing.method == "walk"
    assert listing.paths == [
        ".gitignore",
        "keep.py",
        "other/secret_c.py",
        "pkg/.gitignore",
        "pkg/secret_ok.py",
    ]


def test_environment_folders_are_skipped_with_and_without_git(make_repo: RepoFactory) -> None:
    files = {"a.py": "", ".venv/lib/x.py": "", "node_modules/m/i.js": "", "__pycache__/c.py": ""}
    assert listed(make_repo(files)) == ["a.py"]
    assert listed(make_repo(files, git=True)) == ["a.py"]


def test_gitignored_evidence_does_not_count(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo({".gitignore": "scratch/\n", "scratch/try.py": "import pandera\n"}, git=True)
    result = scan_repository(root, bank, detectors=[PANDERA])
    assert result.answers == {"data-schema-validation": "none"}
    write_tree(root, {"src/check.py": "import pandera\n"})  # untracked, not ignored: counts
    result = scan_repository(root, bank, detectors=[PANDERA])
    assert result.answers == {"data-schema-validation": "automated"}
    assert result.listing == "git"


def test_a_subfolder_of_a_repository_scans_alone(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo({"svc/a.py": "x = 1\n", "other/b.py": "import pandera\n"}, git=True)
    result = scan_repository(root / "svc", bank, detectors=[PANDERA])
    assert result.files_scanned == 1
    assert result.answers == {"data-schema-validation": "none"}


def test_files_deleted_from_the_work_tree_are_not_evidence(
    make_repo: RepoFactory, bank: Bank
) -> None:
    root = make_repo({"v.py": "import pandera\n", "README.md": "x"}, git=True)
    (root / "v.py").unlink()  # still in git's index
    result = scan_repository(root, bank, detectors=[PANDERA])
    assert result.answers == {"data-schema-validation": "none"}
    assert result.skipped == {"not_a_file": 1}


def test_untracked_files_in_a_fresh_repository(tmp_path: Path, bank: Bank) -> None:
    root = tmp_path / "fresh"
    root.mkdir()
    write_tree(root, {"v.py": "import pandera\n"})
    commit_all(root)
    assert scan_repository(root, bank, detectors=[PANDERA]).answers == {
        "data-schema-validation": "automated"
    }


DIRS = st.sampled_from(["", "a/", "a/b/", "build/", "sub/", "sub/build/", "docs/"])
NAMES = st.sampled_from(["x.py", "y.log", "keep.log", "top.txt", "gen", "a1.md", "n.txt"])
RULES = st.sampled_from(
    ["*.log", "!keep.log", "build/", "/top.txt", "sub/", "**/gen", "a*", "b/", "*.txt", "!n.txt"]
)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,  # each example runs git: keep CI runs repeatable
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    files=st.lists(st.tuples(DIRS, NAMES), min_size=1, max_size=12, unique=True),
    root_rules=st.lists(RULES, max_size=4),
    nested_rules=st.lists(RULES, max_size=3),
)
def test_the_walk_lists_what_git_lists(
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str, str]],
    root_rules: list[str],
    nested_rules: list[str],
) -> None:
    """Outside git, .gitignore files are applied as git applies them."""
    root = tmp_path_factory.mktemp("tree")
    tree: dict[str, str | bytes] = {folder + name: "" for folder, name in files}
    tree[".gitignore"] = "\n".join(root_rules) + "\n"
    tree["a/.gitignore"] = "\n".join(nested_rules) + "\n"
    write_tree(root, tree)
    walked = list_files(root, time.monotonic() + 30)
    assert walked.method == "walk"
    git(root, "init", "-q")
    by_git = list_files(root, time.monotonic() + 30)
    assert by_git.method == "git"
    assert walked.paths == by_git.paths


def test_git_environment_variables_do_not_redirect_the_listing(
    make_repo: RepoFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Inside a git hook GIT_DIR points at the hook's repository, not at the scanned one."""
    other = make_repo({"other.py": ""}, git=True)
    scanned = make_repo({"mine.py": ""}, git=True)
    monkeypatch.setenv("GIT_DIR", str(other / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(other))
    assert listed(scanned) == ["mine.py"]
