"""A hostile or broken repository must not hang, crash, leak or run anything."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.bank import Bank
from generator.scan import Detector, scan_repository
from generator.scan import reading as reading_module

from .conftest import RepoFactory

PANDERA = Detector.model_validate(
    {
        "practice": "data-schema-validation",
        "when_absent": "none",
        "rules": [
            {
                "id": "pandera",
                "when_found": "automated",
                "any": [{"files": ["**/*.py", "**/*.txt"], "regex": "import pandera"}],
            }
        ],
    }
)


def scan(root: Path, bank: Bank):
    return scan_repository(root, bank, detectors=[PANDERA], time_budget_s=30)


@pytest.mark.parametrize("use_git", [False, True])
def test_symlink_loops_do_not_hang(make_repo: RepoFactory, bank: Bank, use_git: bool) -> None:
    root = make_repo({"pkg/a.py": "x = 1\n"})
    (root / "pkg" / "loop").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to("self")  # a link to itself
    if use_git:
        from .conftest import commit_all

        commit_all(root)
    result = scan(root, bank)
    assert result.answers == {"data-schema-validation": "none"}
    assert not result.truncated


def test_symlinks_are_never_followed_for_content(
    make_repo: RepoFactory, bank: Bank, tmp_path: Path
) -> None:
    outside = tmp_path / "outside_secret.py"
    outside.write_text("import pandera  # a file outside the repository\n")
    root = make_repo({"README.md": "x"})
    (root / "linked.py").symlink_to(outside)
    (root / "dangling.py").symlink_to(tmp_path / "nowhere.py")
    result = scan(root, bank)
    assert result.answers == {"data-schema-validation": "none"}
    assert result.skipped == {"symlink": 2}


def test_binary_huge_and_special_files_are_skipped(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo(
        {
            "model.py": b"import pandera\0\x01\x02binary",
            "big.py": "import pandera\n" + "#" * (5 * 1024 * 1024),
        }
    )
    os.mkfifo(root / "pipe.py")  # opening a FIFO for reading would block forever
    result = scan(root, bank)
    assert result.answers == {"data-schema-validation": "none"}
    assert result.skipped == {"binary": 1, "not_a_file": 1, "too_large": 1}
    assert result.files_read == 0


def test_invalid_utf8_is_read_with_replacement_characters(
    make_repo: RepoFactory, bank: Bank
) -> None:
    root = make_repo({"legacy.py": b"# caf\xe9 \xff\xfe\nimport pandera as pa \xe9\n"})
    result = scan(root, bank)
    assert result.answers == {"data-schema-validation": "automated"}
    [evidence] = result.evidence["data-schema-validation"]
    assert evidence.line == 2 and evidence.quote == "import pandera as pa \ufffd"


def test_unreadable_files_are_counted_not_fatal(
    make_repo: RepoFactory, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests run as root, where chmod 000 does not stop reading: simulate the refusal."""
    root = make_repo({"locked.py": "import pandera\n", "open.py": "x = 1\n"})
    real_open = os.open

    def refusing_open(path: str, flags: int, *args: int) -> int:
        if str(path).endswith("locked.py"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(reading_module.os, "open", refusing_open)
    result = scan(root, bank)
    assert result.skipped == {"unreadable": 1}
    assert result.answers == {"data-schema-validation": "none"}


def test_scanned_code_is_never_imported_or_executed(
    make_repo: RepoFactory, bank: Bank, tmp_path: Path, detectors: list[Detector]
) -> None:
    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'w').write('ran')\nimport pandera\n"
    root = make_repo(
        {
            "setup.py": payload,
            "conftest.py": payload,
            "sitecustomize.py": payload,
            "evil_module_xyz/__init__.py": payload,
            "dags/evil_dag_xyz.py": payload + "from airflow import DAG\n",
            "Makefile": f"all:\n\ttouch {marker}\n",
        },
        git=True,
    )
    scan_repository(root, bank, detectors=detectors, time_budget_s=30)
    assert not marker.exists()
    assert "evil_module_xyz" not in sys.modules and "evil_dag_xyz" not in sys.modules


def test_a_hostile_git_config_runs_nothing(
    make_repo: RepoFactory, bank: Bank, tmp_path: Path
) -> None:
    """git runs core.fsmonitor's command on ls-files; the scan turns it off."""
    marker = tmp_path / "fsmonitor-ran"
    root = make_repo({"a.py": "import pandera\n"}, git=True)
    subprocess.run(
        ["git", "config", "core.fsmonitor", f"touch {marker}; false"], cwd=root, check=True
    )
    result = scan(root, bank)
    assert result.listing == "git"
    assert result.answers == {"data-schema-validation": "automated"}
    assert not marker.exists()


def test_a_broken_git_directory_falls_back_to_walking(make_repo: RepoFactory, bank: Bank) -> None:
    root = make_repo({"a.py": "import pandera\n", ".git/HEAD": "garbage"})
    result = scan(root, bank)
    assert result.listing == "walk"
    assert result.answers == {"data-schema-validation": "automated"}


def test_odd_file_names_are_reported_safely(make_repo: RepoFactory, bank: Bank) -> None:
    """A name that is not UTF-8, or holds a newline, must not break the reports."""
    root = make_repo({})
    with open(os.path.join(os.fsencode(root), b"caf\xe9.py"), "wb") as handle:
        handle.write(b"import pandera\n")
    (root / "line\nbreak.py").write_text("import pandera\n")
    for use_git in (False, True):
        if use_git:
            from .conftest import commit_all

            commit_all(root)
        result = scan(root, bank)
        paths = sorted(e.path or "" for e in result.evidence["data-schema-validation"])
        assert paths == ["caf\ufffd.py", "line break.py"], result.listing
        for path in paths:
            path.encode("utf-8")  # writable into every report format


def test_a_very_deep_tree_is_walked_without_recursion(make_repo: RepoFactory, bank: Bank) -> None:
    depth = sys.getrecursionlimit() + 100
    root = make_repo({})
    # Built and removed one level at a time: os.makedirs and shutil.rmtree recurse too.
    fds = [os.open(root, os.O_RDONLY)]
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fds[-1])
            fds.append(os.open("d", os.O_RDONLY, dir_fd=fds[-1]))
        with open(os.open("v.py", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fds[-1]), "w") as f:
            f.write("import pandera\n")
        result = scan(root, bank)
        assert result.answers == {"data-schema-validation": "automated"}
        [evidence] = result.evidence["data-schema-validation"]
        assert evidence.path == "d/" * depth + "v.py"
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink("v.py", dir_fd=fds[-1])
        while len(fds) > 1:
            os.close(fds.pop())
            os.rmdir("d", dir_fd=fds[-1])
        os.close(fds[0])
