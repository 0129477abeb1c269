"""Fixtures shared by the whole suite (helpers live in ``testkit``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from testkit import make_template_repo


@pytest.fixture(scope="session")
def template_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A committed, tagged copy of this checkout's template, shared by the session. Read-only."""
    return make_template_repo(tmp_path_factory.mktemp("template"))
