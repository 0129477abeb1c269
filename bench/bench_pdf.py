"""Benchmark the PDF report of the level-2 example, per engine, against the HTML report.

Run by hand:  python bench/bench_pdf.py [--runs 5]

Each run is a fresh ``mlops-init assess`` process, as a user would run it: ``-f html`` (the
baseline: scoring and rendering without printing) and ``-f pdf`` once per available engine
(WeasyPrint, headless Chromium), interleaved one run of each per round so a noisy neighbour
slows all alike. Reports medians and the ratio of each PDF run to the HTML baseline measured in
the same run: compare ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "examples" / "level2-platform.yaml"
sys.path.insert(0, str(REPO_ROOT))


def _mlops_init() -> list[str]:
    script = shutil.which("mlops-init")
    return [script] if script else [sys.executable, "-m", "generator"]


def _time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO_ROOT, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed


def main() -> None:
    from generator.report import pdf

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per command (median of them)")
    args = parser.parse_args()
    engines = [
        e for e in pdf.ENGINES if (pdf._has_weasyprint() if e == "weasyprint" else pdf._chromium())
    ]
    if not engines:
        raise SystemExit("Neither WeasyPrint nor Chromium is installed: nothing to measure.")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        base = [*_mlops_init(), "assess", "--answers", str(EXAMPLE), "--out"]
        commands = {"html (baseline)": ([*base, f"{tmp}/html", "-f", "html"], dict(os.environ))}
        for engine in engines:
            env = dict(os.environ, **{pdf.ENGINE_VARIABLE: engine})
            commands[f"pdf ({engine})"] = ([*base, f"{tmp}/{engine}", "-f", "pdf"], env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (argv, env) in commands.items():
                times[name].append(_time(argv, env))
    baseline = statistics.median(times["html (baseline)"])
    print(f"level-2 example, median of {args.runs} runs")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<18} {median:6.2f} s   x{median / baseline:5.1f} of html")


if __name__ == "__main__":
    main()
