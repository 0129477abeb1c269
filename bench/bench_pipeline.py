"""Full level-1 pipeline wall time, against level 0's `train` in the same run.

    python bench/bench_pipeline.py [--repeats 5]

Generates a level-1 project, then times ``python -m <pkg> pipeline`` (ingest, validate, eda,
features, budgeted search + train with MLflow logging, evaluate, gate, register) ``--repeats``
times from a fresh process each (the first run also creates the SQLite store), and level 0's
``python -m <pkg> train`` the same number of times. Target (issue 4): under 10 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _project import PACKAGE, QUIET, level1_project, run_in_venv


def timed(venv: Path, project: Path, *args: str) -> float:
    start = time.perf_counter()
    run_in_venv(venv, "-m", PACKAGE, *args, cwd=project, env=QUIET)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    project, venv = level1_project(
        Path(tempfile.mkdtemp(prefix="mlops-bench-pipe-")), pipeline=False
    )
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    pipeline = [timed(venv, project, "pipeline") for _ in range(args.repeats)]
    train = [timed(venv, project, "train") for _ in range(args.repeats)]
    first, rest = pipeline[0], pipeline[1:] or pipeline
    print("pipeline runs (s):", " ".join(f"{t:.2f}" for t in pipeline))
    print("level-0 train runs (s):", " ".join(f"{t:.2f}" for t in train))
    print(
        f"pipeline median {statistics.median(pipeline):.2f} s (first run, store created: "
        f"{first:.2f} s; later runs median {statistics.median(rest):.2f} s; target < 10 s)"
    )
    print(
        f"level-0 train median {statistics.median(train):.2f} s; ratio "
        f"{statistics.median(pipeline) / statistics.median(train):.1f}x"
    )
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
