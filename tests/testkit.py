"""Helpers shared by the whole test suite (import as ``from testkit import ...``).

A plain module, not ``conftest``: ``from conftest import x`` can resolve to another folder's
conftest once several are loaded, so shared helpers live here.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_TAG = "v0.1.0"


def git(cwd: Path, *args: str) -> str:
    """Run git quietly in ``cwd`` with a fixed identity; return stdout."""
    env_args = [
        "-c",
        "user.name=mlops-init tests",
        "-c",
        "user.email=tests@mlops-init.invalid",
        "-c",
        "init.defaultBranch=main",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "tag.gpgsign=false",
    ]
    done = subprocess.run(
        ["git", *env_args, *args], cwd=cwd, check=True, capture_output=True, text=True
    )
    return done.stdout


def make_template_repo(dest: Path, tag: str = TEMPLATE_TAG) -> Path:
    """Copy the template (copier.yml + templates/) into ``dest`` as a committed, tagged git repo.

    Copier can only update a project from a template in git with version tags (Copier's
    documentation, "Updating a project"), so every template test starts from this.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO_ROOT / "copier.yml", dest / "copier.yml")
    shutil.copytree(
        REPO_ROOT / "templates",
        dest / "templates",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache"),
    )
    git(dest, "init", "-q")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "-m", "mlops-init template")
    git(dest, "tag", tag)
    return dest
