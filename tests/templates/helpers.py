"""Generate projects from the template and run them in their own virtual environments.

Used by the template tests and by the scaffold and level tests; keep the signatures stable.

- ``generate(template_repo, dest, level, data)``: copier copy of a tagged template (no --trust).
- ``make_venv(project)``: a venv that imports the test environment's packages (installed by
  the ``test`` extra) and installs the project editable, offline, in about a second.
- ``run_in_venv(venv, *args, cwd=...)``: run the venv's Python with ``args``.
- ``serve(venv, cwd, app)``: start uvicorn on a free loopback port; yields the base URL.
- ``unrendered_jinja(project)``, ``empty_dirs(project)``, ``project_files(project)``: checks.
- ``git(cwd, *args)``: git with a fixed identity (re-exported from ``testkit``).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from testkit import git  # noqa: F401  (re-exported: template tests import it from here)
from testkit import make_child_venv, venv_python

TEMPLATE_TAG = "v0.1.0"  # the tag tests/conftest.py puts on the template copy
LEVELS = (0, 1, 2)
# What a forgotten render leaves behind: "{{ name", "{% if", "{# note". Deliberately not
# "}}" or "%}" alone: Python format specs ("{x:.1%}") and dict literals make those legitimate.
_JINJA_LEFTOVER = re.compile(r"\{\{-?\s+\S|\{%-?\s*[a-z]|\{#-?\s")
# GitHub Actions expressions (``${{ github.ref }}``) are meant to reach the project.
_ACTIONS_EXPRESSION = re.compile(r"\$\{\{.*?\}\}")


def generate(
    template_repo: Path,
    dest: Path,
    level: int,
    data: dict | None = None,
    *,
    vcs_ref: str = TEMPLATE_TAG,
) -> Path:
    """Render the template at ``level`` into ``dest`` with defaults for unanswered questions.

    ``data`` overrides answers (e.g. ``{"problem_type": "regression"}``). Runs without
    ``unsafe`` (the template must not need --trust) and from the tag, as a user would.
    """
    import copier  # imported here: only template tests need it

    answers = {"maturity_level": level, **(data or {})}
    copier.run_copy(
        str(template_repo),
        str(dest),
        data=answers,
        vcs_ref=vcs_ref,
        defaults=True,
        unsafe=False,
        quiet=True,
    )
    return dest


def _venv_env(venv: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    # The outer pytest (often an xdist worker) must not leak into the project's own run:
    # PYTEST_XDIST_WORKER & co. make plugins believe they run distributed.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
        and not k.startswith(("PYTEST_", "XDIST_", "COV_CORE_"))
    }
    bin_dir = venv_python(venv).parent
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def make_venv(project: Path, venv: Path | None = None) -> Path:
    """Create a venv for ``project`` and install the project into it, editable and offline.

    The venv imports the packages of the environment running the tests (the ``test`` extra
    installs what generated projects depend on; see ``testkit.make_child_venv``), is made
    without pip (the parent's pip is importable from it, and ensurepip alone costs seconds),
    and installs the project with ``--no-deps --no-build-isolation --no-index``, so nothing
    is downloaded. The venv lives NEXT TO the
    project (``<project>.venv``), so the project tree stays as generated. Returns the venv path.
    """
    venv = venv or project.parent / f"{project.name}.venv"
    make_child_venv(venv)
    run_in_venv(
        venv,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-deps",
        "--no-build-isolation",
        "--no-index",
        "--editable",
        str(project),
        cwd=project,
    )
    return venv


def run_in_venv(
    venv: Path,
    *args: str,
    cwd: Path,
    check: bool = True,
    timeout: float = 600,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``<venv python> *args`` in ``cwd``; on failure (``check``) raise with its output.

    Example: ``run_in_venv(venv, "-m", "pytest", "-q", cwd=project)``.
    """
    done = subprocess.run(
        [str(venv_python(venv)), *args],
        cwd=cwd,
        env=_venv_env(venv, env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and done.returncode != 0:
        raise AssertionError(
            f"`python {' '.join(args)}` failed with exit code {done.returncode} in {cwd}\n"
            f"--- stdout ---\n{done.stdout[-6000:]}\n--- stderr ---\n{done.stderr[-6000:]}"
        )
    return done


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serve(
    venv: Path,
    cwd: Path,
    app: str,
    *,
    factory: bool = False,
    health_path: str = "/health",
    startup_timeout: float = 60,
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``uvicorn app`` from ``venv`` on a free 127.0.0.1 port until the block ends.

    Waits until ``health_path`` answers 200 and yields the base URL (``http://127.0.0.1:N``).
    The server is stopped (terminate, then kill) on exit; its output is included in the error
    if it dies or never becomes healthy.
    """
    port = free_port()
    args = ["-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port)]
    if factory:
        args.append("--factory")
    log = cwd.parent / f"{cwd.name}.uvicorn-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(venv_python(venv)), *args],
            cwd=cwd,
            env=_venv_env(venv, env),
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup_timeout
        while True:
            if process.poll() is not None:
                raise AssertionError(
                    f"uvicorn exited with {process.returncode}:\n{log.read_text()}"
                )
            try:
                with urllib.request.urlopen(base_url + health_path, timeout=2) as response:
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{base_url}{health_path} never answered:\n{log.read_text()}")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def project_files(project: Path) -> set[str]:
    """Every file of a generated project, as POSIX paths relative to it (``.git`` excluded)."""
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }


def unrendered_jinja(project: Path) -> list[str]:
    """``path:line: text`` for every line of a text file that still holds a Jinja marker.

    GitHub Actions expressions ``${{ ... }}`` are not Jinja leftovers and are ignored.
    """
    found = []
    for rel in sorted(project_files(project)):
        try:
            text = (project / rel).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # binary file
        for number, line in enumerate(text.splitlines(), start=1):
            if _JINJA_LEFTOVER.search(_ACTIONS_EXPRESSION.sub("", line)):
                found.append(f"{rel}:{number}: {line.strip()}")
    return found


def empty_dirs(project: Path) -> list[str]:
    """Folders of the project with nothing in them (git would drop them silently)."""
    return sorted(
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_dir()
        and ".git" not in path.relative_to(project).parts
        and not any(path.iterdir())
    )
