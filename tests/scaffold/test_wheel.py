"""The installed wheel: ``new`` then ``upgrade`` work offline from the bundled template."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from testkit import make_child_venv

REPO_ROOT = Path(__file__).resolve().parents[2]


def _bin(venv: Path, name: str) -> Path:
    posix = venv / "bin" / name
    return posix if posix.exists() else venv / "Scripts" / f"{name}.exe"


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.slow
def test_wheel_new_then_upgrade_offline(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "MLOPS_INIT_TEMPLATE", "VIRTUAL_ENV"}
    }
    # No network: pip may not reach an index, git may only use local repositories.
    env.update(
        PIP_NO_INDEX="1",
        GIT_ALLOW_PROTOCOL="file",
        PYTHONDONTWRITEBYTECODE="1",
        MLOPS_INIT_CACHE_DIR=str(tmp_path / "cache"),
    )
    dist = tmp_path / "dist"
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, REPO_ROOT],
        tmp_path,
        env,
    )
    (wheel,) = dist.glob("mlops_init-*.whl")

    venv = tmp_path / "venv"
    # The child imports this environment's packages (copier, typer...) but not its
    # mlops-init: the wheel, installed into the child, comes first on its path.
    make_child_venv(venv, with_pip=True)
    python = _bin(venv, "python")
    _run(
        [python, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", wheel],
        tmp_path,
        env,
    )
    where = _run(
        [python, "-c", "import generator.paths as p; print(p.template_root())"], tmp_path, env
    ).strip()
    # The venv's mlops-init must come from the wheel, not from this checkout.
    assert Path(where).is_relative_to(venv), where
    assert Path(where).name == "template" and (Path(where) / "copier.yml").is_file()

    cli = _bin(venv, "mlops-init")
    out = _run([cli, "new", "p", "--level", "0", "--defaults"], tmp_path, env)
    assert "Creating git repository..." in out
    project = tmp_path / "p"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == str(tmp_path / "cache" / "template")
    assert answers["_commit"].startswith("v")

    out = _run([cli, "upgrade", "p", "--to", "1"], tmp_path, env)
    assert "Raised to level 1" in out
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    assert answers["maturity_level"] == 1
