"""The test venvs: they import the packages of the environment running the tests."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from testkit import make_child_venv, parent_site_dirs, venv_python

PROBE = """
import json, sys, sysconfig, typer, yaml
print(json.dumps({
    "prefix": sys.prefix,
    "own": sysconfig.get_path("purelib"),
    "path": sys.path,
    "yaml": yaml.__file__,
    "typer": typer.__file__,
}))
"""


def test_a_child_venv_imports_the_running_environments_packages_after_its_own(
    tmp_path: Path,
) -> None:
    venv = make_child_venv(tmp_path / "child")
    done = subprocess.run(
        [str(venv_python(venv)), "-I", "-c", PROBE], capture_output=True, text=True, check=True
    )
    seen = json.loads(done.stdout)
    assert Path(seen["prefix"]) == venv
    parents = parent_site_dirs()
    # typer and yaml come from where THIS interpreter has them (a venv's own site-packages
    # when the suite runs inside one), not from the base interpreter's.
    for module in ("yaml", "typer"):
        assert any(Path(seen[module]).is_relative_to(d) for d in parents), seen[module]
    own = seen["path"].index(seen["own"])
    assert all(own < seen["path"].index(d) for d in parents if d in seen["path"])
