"""The report templates ship in the wheel and render the same from it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from generator.report import render_reports
from generator.result import Result

REPO_ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [
    "_macros.html.j2",
    "_styles.css.j2",
    "progress.html.j2",
    "progress.md.j2",
    "report.html.j2",
    "report.md.j2",
]

RENDER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import generator.report
assert Path(generator.report.__file__).is_relative_to(sys.argv[1]), generator.report.__file__
from generator.report import render_reports
from generator.result import Result
result = Result.model_validate_json(Path(sys.argv[2]).read_text(encoding="utf-8"))
for name, text in render_reports(result, ["md", "html"]).items():
    Path(sys.argv[3], name).write_text(text, encoding="utf-8", newline="")
"""


@pytest.mark.slow
def test_wheel_carries_the_templates_and_renders_identically(
    tmp_path: Path, result: Result
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PIP_NO_INDEX"] = "1"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(tmp_path / "dist"),
            str(REPO_ROOT),
        ],
        check=True,
        capture_output=True,
        env=env,
    )
    (wheel,) = (tmp_path / "dist").glob("mlops_init-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for template in TEMPLATES:
            assert f"generator/report/templates/{template}" in names
        archive.extractall(tmp_path / "site")

    saved = tmp_path / "result.json"
    saved.write_text(result.to_json(), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    # -I: ignore PYTHONPATH and the current folder, so the checkout cannot be imported.
    subprocess.run(
        [sys.executable, "-I", "-c", RENDER, str(tmp_path / "site"), str(saved), str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=tmp_path,
    )
    expected = render_reports(result, ["md", "html"])
    for name, text in expected.items():
        assert (out / name).read_text(encoding="utf-8") == text
