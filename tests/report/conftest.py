"""Fixtures of the report tests; the Results themselves are built in report_fixtures.py."""

from __future__ import annotations

import pytest
from report_fixtures import later_result, level1_result, top_level_result

from generator.result import Result


@pytest.fixture
def result() -> Result:
    return level1_result()


@pytest.fixture
def later() -> Result:
    return later_result()


@pytest.fixture
def top_result() -> Result:
    return top_level_result()
