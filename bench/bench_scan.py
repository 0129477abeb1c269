"""Benchmark the evidence scan on a 10,000-file repository, and show what it finds here.

Run by hand:  python bench/bench_scan.py [--files 10000] [--runs 7] [--levels]

1. Builds a synthetic repository in a temporary folder: nested packages of Python modules,
   YAML configs, Markdown docs, notebooks, binary blobs, a .gitignore'd build folder and a few
   files that real detectors match; ``git init`` and one commit.
2. Times, interleaved round by round, ``git ls-files | wc -l`` (the baseline: listing alone)
   and ``scan_repository`` with the bundled bank and detectors (listing, matching, reading,
   deriving answers), and reports medians and their ratio.
3. Scans this checkout and prints the level the evidence alone supports, with the evidence.
4. With ``--levels``: generates a project at each template level and scans it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from generator.answers import Answers  # noqa: E402
from generator.bank import Bank, load_bank  # noqa: E402
from generator.result import Metadata  # noqa: E402
from generator.scan import scan_repository  # noqa: E402
from generator.scoring import score  # noqa: E402

PY_MODULE = '''"""Module {n}: helpers for the {area} part of the service."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

import numpy as np
import pandas as pd

LOG = logging.getLogger(__name__)


@dataclass
class Record{n}:
    identifier: int
    value: float
    label: str = "unknown"


def load_{n}(path: str) -> pd.DataFrame:
    """Read a table and drop incomplete rows."""
    frame = pd.read_csv(path)
    LOG.info("read %d rows from %s", len(frame), path)
    return frame.dropna()


def summarise_{n}(frame: pd.DataFrame) -> dict:
    values = frame.select_dtypes("number").to_numpy()
    return {{"mean": float(np.mean(values)), "rows": int(len(frame))}}


def to_json_{n}(records: list[Record{n}]) -> str:
    return json.dumps([r.__dict__ for r in records], indent=2)
'''
YAML = "name: job-{n}\nresources:\n  cpu: 2\n  memory: 4Gi\nparams:\n  alpha: 0.{n}\n  depth: 6\n"
MD = "# Note {n}\n\nThis page explains part {n} of the system.\n\n- step one\n- step two\n"
NOTEBOOK = (
    '{{"cells": [{{"cell_type": "code", "source": ["df.describe()  # {n}"]}}], "nbformat": 4}}'
)
EXTRAS = {
    "src/app/pipeline/validate.py": "import pandera as pa\n",
    "src/app/api.py": (
        'from fastapi import FastAPI\napp = FastAPI()\n@app.get("/health")\ndef h(): ...\n'
    ),
    ".github/workflows/ci.yml": "on: pull_request\njobs:\n  t:\n    steps:\n      - run: pytest\n",
    "dvc.yaml": "stages:\n  train:\n    cmd: python -m app.train\n",
    ".gitignore": "build/\n",
}


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
         "-c", "commit.gpgsign=false", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def build_repository(root: Path, count: int, seed: int = 7) -> None:
    """``count`` tracked files (plus an ignored build folder) in nested folders."""
    rng = random.Random(seed)
    areas = ["data", "features", "models", "serving", "utils", "jobs", "reports"]
    made = 0
    for rel, text in EXTRAS.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        made += 1
    while made < count:
        depth = rng.randint(1, 5)
        folder = root.joinpath(*(f"{rng.choice(areas)}{rng.randint(0, 9)}" for _ in range(depth)))
        folder.mkdir(parents=True, exist_ok=True)
        kind = rng.random()
        n = made
        if kind < 0.45:
            (folder / f"mod_{n}.py").write_text(PY_MODULE.format(n=n, area=folder.name))
        elif kind < 0.60:
            (folder / f"conf_{n}.yaml").write_text(YAML.format(n=n))
        elif kind < 0.75:
            (folder / f"note_{n}.md").write_text(MD.format(n=n))
        elif kind < 0.80:
            (folder / f"nb_{n}.ipynb").write_text(NOTEBOOK.format(n=n))
        elif kind < 0.90:
            (folder / f"blob_{n}.bin").write_bytes(rng.randbytes(2048) + b"\0")
        else:
            (folder / f"data_{n}.csv").write_text("a,b\n" + "1,2\n" * 50)
        made += 1
    build = root / "build"
    build.mkdir(exist_ok=True)
    for i in range(200):  # ignored: must cost (almost) nothing
        (build / f"gen_{i}.py").write_text("import mlflow\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "synthetic")


def time_git_ls_files(root: Path) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run(
        "git ls-files | wc -l", shell=True, cwd=root, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, int(done.stdout.strip())


def time_scan(root: Path, bank: Bank) -> tuple[float, float, object]:
    """Wall time and CPU time of this process (git's own time shows in wall time only)."""
    started, cpu = time.perf_counter(), time.process_time()
    result = scan_repository(root, bank, time_budget_s=60)
    return time.perf_counter() - started, time.process_time() - cpu, result


def scanned_level(root: Path, bank: Bank) -> tuple[object, object]:
    found = scan_repository(root, bank, time_budget_s=60)
    result = score(bank, Answers(Metadata(), {}), evidence=found.evidence, derived=found.answers)
    return found, result


def show_scan(title: str, root: Path, bank: Bank, evidence_lines: int = 12) -> None:
    found, result = scanned_level(root, bank)
    print(f"\n{title}: {root}")
    print(
        f"  files listed {found.files_scanned}, read {found.files_read}, skipped {found.skipped},"
        f" truncated {found.truncated}, {found.elapsed_s:.3f} s"
    )
    print(
        f"  level {result.level} ({result.level_name}); next-level progress "
        f"{result.next_level_progress}%; answers derived {len(found.answers)}"
    )
    blockers = [g.id for g in result.gaps if g.blocks_level == (result.level + 1)]
    if blockers:
        print(f"  blocking level {result.level + 1}: {', '.join(blockers)}")
    shown = 0
    for practice, answer in found.answers.items():
        items = found.evidence.get(practice) or []  # not found: an answer without evidence
        if not items or shown >= evidence_lines:
            continue
        first = items[0]
        where = f"{first.path}:{first.line}" if first.line else (first.path or "")
        print(f"  {practice} = {answer}  [{first.detector}] {where} {(first.quote or '')[:50]}")
        shown += 1


def scan_generated_levels(bank: Bank) -> None:
    sys.path.insert(0, str(REPO_ROOT / "tests"))
    from templates.helpers import generate  # type: ignore[import-not-found]
    from testkit import make_template_repo  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="bench-scan-levels-") as tmp:
        template = make_template_repo(Path(tmp) / "template")
        for level in (0, 1, 2):
            project = generate(template, Path(tmp) / f"level{level}", level)
            git(project, "init", "-q")  # what 'mlops-init new' does after copier
            git(project, "add", "-A")
            git(project, "commit", "-q", "-m", "generated")
            show_scan(f"Generated level-{level} project", project, bank, evidence_lines=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7, help="rounds (median of them), >= 5")
    parser.add_argument("--levels", action="store_true", help="also scan generated projects")
    args = parser.parse_args()
    bank = load_bank()

    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        root = Path(tmp) / "repo"
        root.mkdir()
        started = time.perf_counter()
        build_repository(root, args.files)
        print(f"built {args.files} files + 200 ignored in {time.perf_counter() - started:.1f} s")
        time_git_ls_files(root)  # warm the page cache and git's index, unmeasured
        time_scan(root, bank)
        baseline: list[float] = []
        scans: list[float] = []
        cpus: list[float] = []
        last = None
        for _ in range(max(args.runs, 5)):
            elapsed, listed = time_git_ls_files(root)
            baseline.append(elapsed)
            elapsed, cpu, last = time_scan(root, bank)
            scans.append(elapsed)
            cpus.append(cpu)
        base, scan = statistics.median(baseline), statistics.median(scans)
        print(f"\nrepository: {listed} files tracked (git ls-files | wc -l)")
        print(f"git ls-files | wc -l : median {base * 1000:8.1f} ms over {len(baseline)} runs")
        print(
            f"scan_repository      : median {scan * 1000:8.1f} ms over {len(scans)} runs "
            f"(min {min(scans) * 1000:.1f}, max {max(scans) * 1000:.1f})"
        )
        print(
            f"scan CPU time        : median {statistics.median(cpus) * 1000:8.1f} ms "
            "(this process; excludes the git subprocess)"
        )
        print(f"ratio scan / listing : {scan / base:.1f}x")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"scan details: files listed {last.files_scanned}, read {last.files_read}, "
            f"skipped {last.skipped}, answers {len(last.answers)}, truncated {last.truncated}"
        )

    show_scan("This repository", REPO_ROOT, bank)
    if args.levels:
        scan_generated_levels(bank)


if __name__ == "__main__":
    main()
