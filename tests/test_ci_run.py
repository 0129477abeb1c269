"""`.ci/run` does what a newcomer does: README's test command, verbatim, inside a venv."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    """The one-line bash blocks of README's Quick start: the main job, then the tests."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", quick_start, re.S)]


def test_ci_runs_readmes_test_command_verbatim_in_a_venv_it_creates() -> None:
    main_job, tests = readme_commands()
    assert main_job.startswith("python -m pip install . && mlops-init assess")
    lines = [
        line.strip()
        for line in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert tests in lines, f"README's test command is not in .ci/run verbatim: {tests}"
    venv = lines.index("python -m venv .venv")
    activate = lines.index(". .venv/bin/activate")
    assert venv < activate < lines.index(tests)


def test_ci_run_is_valid_bash() -> None:
    done = subprocess.run(
        ["bash", "-n", str(REPO_ROOT / ".ci" / "run")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
