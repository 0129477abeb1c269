"""Every command of a generated project's README works in the order written (slow).

The test reads the README's ``sh`` blocks top to bottom and runs each command in the project,
as a person following it would:

- ``make setup`` is replaced by the venv the test builds in ``.venv`` (the same layout; the
  test runs offline, so nothing can be downloaded);
- ``make serve`` starts in the background (on a free port instead of 8000, which the later
  commands are pointed at) and runs until the next ``make serve`` or the end;
- a command whose comment documents an exit code (``exit 1 below the threshold``) may end
  with it; any other non-zero exit fails the test, and so does a traceback;
- raising the level (``mlops-init upgrade``) is left out: it rewrites the project, and the
  scaffold and level tests cover it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from testkit import git

from templates.helpers import free_port, generate, make_venv

pytestmark = pytest.mark.slow

PACKAGE = "readme_model"
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
_COMMENT = re.compile(r"\s+#(?:\s.*)?$")
_EXIT = re.compile(r"exit (\d)")
SKIPPED = ("make setup", "mlops-init upgrade")


def readme_commands(text: str) -> list[list[tuple[str, str]]]:
    """Per ``sh`` block, its commands as (command, comment); continuation lines joined."""
    blocks = []
    for block in _BLOCK.findall(text):
        commands, pending = [], ""
        for line in block.splitlines():
            if pending:
                line = pending + line
                pending = ""
            if line.rstrip().endswith("\\"):
                pending = line.rstrip()[:-1]
                continue
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            match = _COMMENT.search(line)
            command = line[: match.start()] if match else line
            commands.append((command.strip(), match.group(0) if match else ""))
        blocks.append(commands)
    return blocks


def test_the_parser_reads_blocks_continuations_and_comments():
    text = (
        "intro\n```sh\nmake train      # trains (exit 1 on failure)\n"
        'python -c "a; \\\nb"\n# a comment line\n```\nmore\n```sh\nmake serve\n```\n'
    )
    assert readme_commands(text) == [
        [("make train", "      # trains (exit 1 on failure)"), ('python -c "a; b"', "")],
        [("make serve", "")],
    ]


def _env(project: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "VIRTUAL_ENV"} and not k.startswith("PYTEST_")
    }
    return {**env, **QUIET}


def _wait(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        assert process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)


def _stop(server: subprocess.Popen | None) -> None:
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _follow(project: Path) -> list[str]:
    """Run the README of ``project``; returns the commands run, in order. A server started
    by ``make serve`` keeps running (the next blocks call it) until the next one starts."""
    ran = []
    env = _env(project)
    server, port = None, free_port()
    try:
        for block in readme_commands((project / "README.md").read_text()):
            for command, comment in block:
                if command.startswith(SKIPPED):
                    continue
                command = command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
                if command == "make serve":
                    _stop(server)
                    log = project.parent / f"readme-serve-{port}.log"
                    with log.open("w") as handle:
                        server = subprocess.Popen(
                            ["make", "serve", f"PORT={port}"],
                            cwd=project,
                            env=env,
                            stdout=handle,
                            stderr=subprocess.STDOUT,
                            start_new_session=True,
                        )
                    _wait(f"http://127.0.0.1:{port}/health", server, log)
                    ran.append(command)
                    continue
                done = subprocess.run(
                    ["bash", "-c", command],
                    cwd=project,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=900,
                )
                allowed = {0, *(int(code) for code in _EXIT.findall(comment))}
                out = done.stdout + done.stderr
                assert done.returncode in allowed, f"`{command}` -> {done.returncode}\n{out}"
                assert "Traceback" not in out, f"`{command}`\n{out}"
                if command.startswith("curl"):  # the API answered, not just curl
                    key = '"prediction"' if "/predict" in command else '"status"'
                    assert key in done.stdout, f"`{command}`\n{out}"
                ran.append(command)
    finally:
        _stop(server)
    return ran


@pytest.mark.parametrize("level", [0, 1])
def test_every_readme_command_works_in_order(template_repo: Path, tmp_path: Path, level: int):
    project = generate(template_repo, tmp_path / "readme", level, {"package_name": PACKAGE})
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    make_venv(project, project / ".venv")  # what `make setup` makes
    ran = _follow(project)
    assert "make train" in ran and "make test" in ran
    assert any(c.startswith("curl -s -X POST") for c in ran)
    if level >= 1:
        assert "make pipeline" in ran and "make monitor" in ran
    prediction = (project / "row.json").read_text()
    assert prediction.startswith("{")
