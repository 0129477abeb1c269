"""Helpers shared by the whole test suite (import as ``from testkit import ...``).

A plain module, not ``conftest``: ``from conftest import x`` can resolve to another folder's
conftest once several are loaded, so shared helpers live here.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import sysconfig
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


def venv_python(venv: Path) -> Path:
    """The interpreter of ``venv`` (POSIX or Windows layout)."""
    posix = venv / "bin" / "python"
    return posix if posix.exists() else venv / "Scripts" / "python.exe"


def parent_site_dirs() -> list[str]:
    """The folders this interpreter imports installed packages from.

    The site-packages of the running environment (a virtual environment's own, plus the base
    interpreter's when that venv was made with ``--system-site-packages``), the user site if
    enabled, and sysconfig's purelib/platlib.
    """
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    paths = sysconfig.get_paths()
    dirs += [paths["purelib"], paths["platlib"]]
    unique = []
    for folder in dirs:
        if Path(folder).is_dir() and folder not in unique:
            unique.append(folder)
    return unique


# Last in name order, so the child's own .pth files (its editable installs) come first.
PARENT_PTH = "zz_parent_environment.pth"


def make_child_venv(venv: Path, *, with_pip: bool = False) -> Path:
    """Create ``venv`` that imports the packages of the environment running the tests.

    ``python -m venv --system-site-packages`` is not that: run from inside a virtual
    environment it links the BASE interpreter's site-packages, not the venv's, so a child of
    ``.venv`` misses everything installed into ``.venv`` (the ``test`` extra: typer,
    hatchling, scikit-learn...). Instead the child gets a ``.pth`` file that adds this
    environment's site folders with ``site.addsitedir`` (so their own ``.pth`` files, e.g.
    editable installs, work too), after the child's own site-packages: whatever is installed
    into the child wins. Without pip by default (the parent's pip is importable, and ensurepip
    costs seconds). Returns ``venv``.
    """
    command = [sys.executable, "-m", "venv", str(venv)]
    if not with_pip:
        command.append("--without-pip")
    subprocess.run(command, check=True, capture_output=True, text=True)
    done = subprocess.run(
        [
            str(venv_python(venv)),
            "-I",
            "-c",
            "import sysconfig; print(sysconfig.get_path('purelib'))",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    child_site = Path(done.stdout.strip())
    # One line starting with "import" (site runs it); no comprehension: its scope would not
    # see the name ``site`` bound by exec.
    line = f"import site; list(map(site.addsitedir, {parent_site_dirs()!r}))\n"
    (child_site / PARENT_PTH).write_text(line, encoding="utf-8")
    return venv
