"""Fixtures of the scaffold tests: an isolated cache and the mini template."""

from __future__ import annotations

from pathlib import Path

import pytest

from scaffold.scaffold_helpers import make_mini_template_repo


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every scaffold test gets its own template cache and no template override."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("MLOPS_INIT_CACHE_DIR", str(cache))
    monkeypatch.delenv("MLOPS_INIT_TEMPLATE", raising=False)
    return cache


@pytest.fixture(scope="session")
def mini_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed, tagged (v0.1.0) 3-level mini template. Read-only."""
    return make_mini_template_repo(tmp_path_factory.mktemp("mini-template"))
