"""Regenerate the committed example reports from the example answers files.

Every ``examples/<name>.yaml`` is assessed with ``mlops-init assess --answers
examples/<name>.yaml --out examples/reports/<name>``, exactly what a user runs, so the reports
in ``examples/reports/`` are what a client would receive. The answers files carry a fixed
``metadata.date``, so the output is byte-identical on every run (``tests/test_examples.py``
fails when a committed report is stale).

Usage (from the repository root):
    python tools/make_examples.py           # rewrite examples/reports/* and examples/portfolio
    python tools/make_examples.py --check   # exit 1 and list stale reports, change nothing
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REPORT_FILES = ("report.md", "report.html", "result.json")
PORTFOLIO_COMMAND = "mlops-init portfolio examples/reports --out examples/portfolio"


def example_names(examples: Path) -> list[str]:
    """The example teams: one answers file ``examples/<name>.yaml`` each."""
    return sorted(path.stem for path in examples.glob("*.yaml"))


def assess(answers: Path, out: Path) -> None:
    """Run ``mlops-init assess`` of this checkout on ``answers``, writing into ``out``."""
    env = dict(os.environ, PYTHONPATH=str(REPO_ROOT))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "assess",
            "--answers",
            str(answers),
            "--out",
            str(out),
        ],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"mlops-init assess --answers {answers} failed (exit {done.returncode}):\n"
            f"{done.stdout}{done.stderr}"
        )


def stale_reports(examples: Path, fresh: Path) -> list[str]:
    """Committed report files that differ from the freshly made ones in ``fresh``."""
    stale = []
    for name in example_names(examples):
        for filename in REPORT_FILES:
            committed = examples / "reports" / name / filename
            made = fresh / name / filename
            if not committed.is_file() or not filecmp.cmp(committed, made, shallow=False):
                stale.append(committed.relative_to(examples.parent).as_posix())
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: regenerate (default) or ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="list stale reports, change nothing")
    parser.add_argument("--examples", type=Path, default=REPO_ROOT / "examples")
    args = parser.parse_args(argv)
    examples = args.examples.resolve()
    names = example_names(examples)
    if not names:
        print(f"{examples}: no example answers file (*.yaml) found.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mlops-init-examples-") as tmp:
        fresh = Path(tmp)
        try:
            for name in names:
                assess(examples / f"{name}.yaml", fresh / name)
        except RuntimeError as error:
            print(error, file=sys.stderr)
            return 2
        stale = stale_reports(examples, fresh)
        if args.check:
            for path in stale:
                print(f"stale: {path}")
            if stale:
                print("Regenerate them with: python tools/make_examples.py", file=sys.stderr)
            return 1 if stale else 0
        # Everything was made before anything is replaced: a failing example leaves the
        # committed reports as they were.
        for name in names:
            target = examples / "reports" / name
            target.mkdir(parents=True, exist_ok=True)
            for filename in REPORT_FILES:
                (target / filename).write_bytes((fresh / name / filename).read_bytes())
        for path in stale:
            print(f"wrote: {path}")
    # The portfolio of the example teams, from the reports just written (relative links).
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", *PORTFOLIO_COMMAND.split()[1:]],
        cwd=REPO_ROOT,
        env=dict(os.environ, PYTHONPATH=str(REPO_ROOT)),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(f"{PORTFOLIO_COMMAND} failed:\n{done.stdout}{done.stderr}", file=sys.stderr)
        return 2
    print("wrote: examples/portfolio/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
