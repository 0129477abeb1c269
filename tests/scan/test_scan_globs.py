"""Glob semantics of the detectors, and the fast index that must agree with plain matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.scan.globs import GlobIndex, glob_problem, glob_to_regex


def matches(pattern: str, path: str) -> bool:
    return re.match(glob_to_regex(pattern), path) is not None


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("Dockerfile", "Dockerfile", True),
        ("Dockerfile", "docker/Dockerfile", False),  # no slash still means: at the root
        ("**/Dockerfile", "Dockerfile", True),  # ** matches zero folders
        ("**/Dockerfile", "a/b/Dockerfile", True),
        ("src/*/api.py", "src/pkg/api.py", True),
        ("src/*/api.py", "src/a/b/api.py", False),  # * stays inside one segment
        ("**/*.py", ".github/x.py", True),
        ("**/*.py", "x.pyc", False),
        (".github/workflows/*.yml", ".github/workflows/ci.yml", True),
        ("docs/**", "docs/a/b.md", True),
        ("**/test_*.py", "tests/unit/test_features.py", True),
        ("**/*.ipynb", "notebooks/eda.ipynb", True),
        ("file?.txt", "file1.txt", True),
        ("file[0-9].txt", "filea.txt", False),
        ("*.env", ".env", True),
    ],
)
def test_glob_semantics(pattern: str, path: str, expected: bool) -> None:
    assert matches(pattern, path) is expected
    assert (GlobIndex([pattern]).match(path) == [0]) is expected


@pytest.mark.parametrize(
    "pattern", ["/etc/passwd", "../x", "a//b", "a/**b/c", "", " x", "a\\b", "./x"]
)
def test_unusable_globs_are_named(pattern: str) -> None:
    assert glob_problem(pattern) is not None


SEGMENTS = st.sampled_from(["src", "pkg", "tests", ".github", "a.py", "b.yml", "Dockerfile"])
PATTERN_SEGMENTS = st.sampled_from(
    ["src", "*", "**", "*.py", "*.yml", "Dockerfile", "test_*.py", "a.py", "?.py"]
)


@settings(max_examples=300, deadline=None)
@given(
    patterns=st.lists(st.lists(PATTERN_SEGMENTS, min_size=1, max_size=4).map("/".join), max_size=8),
    path=st.lists(SEGMENTS, min_size=1, max_size=5).map("/".join),
)
def test_index_agrees_with_matching_every_glob(patterns: list[str], path: str) -> None:
    """Bucketing by file name is an optimisation only: it never changes the answer."""
    patterns = [p for p in dict.fromkeys(patterns) if glob_problem(p) is None]
    index = GlobIndex(patterns)
    expected = [i for i, p in enumerate(patterns) if matches(p, path)]
    assert index.match(path) == expected


@pytest.mark.parametrize(
    ("pattern", "path"),
    [
        ("**/train*.py", "train.py"),  # '**/' matches no folder: the plain run is 'train'
        ("**/train*.py", "src/Train_model.py"),
        ("docs/**/*design*", "DOCS/a/b/Design.md"),
        ("**/[Dd]ockerfile", "svc/dockerfile"),
        ("**/grafana/**", "ops/grafana/dash.json"),
    ],
)
def test_the_plain_run_pre_check_keeps_every_match(pattern: str, path: str) -> None:
    assert GlobIndex([pattern]).match(path) == [0]
