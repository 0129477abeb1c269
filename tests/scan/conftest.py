"""Fixtures of the evidence-scan tests: small repositories written into tmp_path.

Fixture repositories are built by code (never committed trees), so each test shows the
files it relies on.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from testkit import git

from generator.bank import Bank, load_bank
from generator.scan import Detector, load_detectors

RepoFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The bundled assessment bank."""
    return load_bank()


@pytest.fixture(scope="session")
def detectors(bank: Bank) -> list[Detector]:
    """The bundled detectors (assessments/detectors.yaml)."""
    return load_detectors(bank)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` ({relative path: text or bytes}) under ``root``; return ``root``."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def commit_all(root: Path) -> None:
    """``git init`` (if needed), add everything, commit."""
    if not (root / ".git").exists():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "fixture")


@pytest.fixture
def make_repo(tmp_path: Path) -> RepoFactory:
    """``make_repo(files, git=False, name="repo")``: a fixture repository in tmp_path."""
    counter = iter(range(1000))

    def factory(files: dict[str, str | bytes], *, git: bool = False, name: str = "") -> Path:
        root = tmp_path / (name or f"repo{next(counter)}")
        root.mkdir(parents=True)
        write_tree(root, files)
        if git:
            commit_all(root)
        return root

    return factory
