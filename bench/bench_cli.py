"""Benchmark mlops-init's start-up and a full assessment, against Python baselines.

Run by hand:  python bench/bench_cli.py [--runs 11]

Each command runs as a fresh process, as a user would run it. The commands are interleaved
(one run of each per round) so that a noisy neighbour slows all of them alike, and the report
gives medians plus ratios against ``python -c pass`` and ``python -c "import typer"`` measured
in the same run: compare ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "level2-platform.yaml"


def _mlops_init() -> list[str]:
    """The installed console script, or the module when it is not on PATH."""
    script = shutil.which("mlops-init")
    return [script] if script else [sys.executable, "-m", "generator"]


def _time(argv: list[str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_ROOT)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs per command (median of them)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-cli-") as tmp:
        out = Path(tmp) / "report"
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import typer"': [sys.executable, "-c", "import typer"],
            "mlops-init --help": [*_mlops_init(), "--help"],
            "mlops-init assess (level2-platform, md+html+json)": [
                *_mlops_init(), "assess", "--answers", str(EXAMPLE), "--out", str(out),
            ],
        }  # fmt: skip
        for argv in commands.values():  # warm the file-system cache once, unmeasured
            _time(argv)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, argv in commands.items():
                samples[name].append(_time(argv))

    medians = {name: statistics.median(values) for name, values in samples.items()}
    bare = medians["python -c pass"]
    typer_import = medians['python -c "import typer"']
    print(f"{args.runs} runs each, interleaved; Python {sys.version.split()[0]}")
    print(f"{'command':<52} {'median':>9} {'min':>9} {'x pass':>8} {'x typer':>8}")
    for name, values in samples.items():
        median = medians[name]
        print(
            f"{name:<52} {median * 1000:>7.1f}ms {min(values) * 1000:>7.1f}ms "
            f"{median / bare:>8.1f} {median / typer_import:>8.2f}"
        )


if __name__ == "__main__":
    main()
