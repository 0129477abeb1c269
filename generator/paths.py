"""Where mlops-init's bundled data lives, in a source checkout and in an installed wheel.

The wheel carries the bank and the template under ``generator/_data/`` (see pyproject's
``force-include``); a source checkout or editable install reads them from the repository root.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_WHEEL_DATA = _PACKAGE_DIR / "_data"
_REPO_ROOT = _PACKAGE_DIR.parent


def assessments_dir() -> Path:
    """The folder holding the assessment bank (``areas.yaml``, ``practices/*.yaml`` ...).

    ``$MLOPS_INIT_ASSESSMENTS`` points it at another bank (used by the terminal tests, which
    run a short interview on a small fixture bank; also handy for a team's own bank).
    """
    override = os.environ.get("MLOPS_INIT_ASSESSMENTS")
    if override:
        return Path(override)
    bundled = _WHEEL_DATA / "assessments"
    return bundled if bundled.is_dir() else _REPO_ROOT / "assessments"


def template_root() -> Path:
    """The folder holding ``copier.yml`` and ``templates/level{0,1,2}``."""
    bundled = _WHEEL_DATA / "template"
    return bundled if bundled.is_dir() else _REPO_ROOT
