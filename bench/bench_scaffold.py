"""Benchmark ``mlops-init new`` / ``upgrade`` / ``adopt`` against plain ``copier copy`` /
``copier update``.

Both sides use the same tagged template repository (the bundled template materialised in a
temporary cache) and run as subprocesses, as a user would run them. ``mlops-init new`` also
runs ``git init`` and the first commit, which plain copier does not. ``mlops-init adopt``
adopts a small existing repository (a package with its own pyproject.toml, README, Makefile
and workflow, made fresh before each run, untimed): it renders in a scratch folder, compares,
and writes the new files and the reference copies, against ``copier copy`` of the same level
into an empty folder.

    python bench/bench_scaffold.py [--runs 5]

Prints the median wall time of each command and the ratio mlops-init / copier.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

GIT_ID = ["-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
TEAM_FILES = {
    "pyproject.toml": '[project]\nname = "churn-model"\nrequires-python = ">=3.12"\n',
    "README.md": "# Churn model\n\nOur model.\n",
    "Makefile": "test:\n\tpytest -q\n",
    ".github/workflows/ci.yml": "name: ci\non: [push]\n",
    "src/churn_model/__init__.py": "",
    "src/churn_model/features.py": "def bucket(m):\n    return m // 12\n",
    "tests/test_features.py": "def test_it():\n    assert True\n",
}


def run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


Step = Callable[[int], None]


def paired(runs: int, ours: tuple[Step, Step], theirs: tuple[Step, Step]) -> tuple[float, float]:
    """Median seconds of two ``(prepare, action)`` pairs over ``runs`` runs each.

    The two alternate run by run, so a change in machine load hits both alike;
    ``prepare(i)`` is not timed.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(runs):
        for (prepare, action), bucket in zip((ours, theirs), times, strict=True):
            prepare(i)
            start = time.perf_counter()
            action(i)
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    with tempfile.TemporaryDirectory(prefix="bench-scaffold-") as scratch:
        work = Path(scratch)
        env = {**os.environ, "MLOPS_INIT_CACHE_DIR": str(work / "cache")}
        env.pop("MLOPS_INIT_TEMPLATE", None)
        # Warm-up: materialises the bundled template; every timed run then reuses it.
        run(["mlops-init", "new", "warm", "--level", "0", "--defaults"], work, env)
        answers = yaml.safe_load((work / "warm" / ".copier-answers.yml").read_text())
        src, tag = answers["_src_path"], answers["_commit"]

        def nothing(_: int) -> None:
            pass

        def mlops_new(level: int) -> Callable[[int], None]:
            return lambda i: run(
                ["mlops-init", "new", f"m{level}-{i}", "--level", str(level), "--defaults"],
                work,
                env,
            )

        def copier_copy(level: int) -> Callable[[int], None]:
            return lambda i: run(
                [
                    "copier",
                    "copy",
                    "--quiet",
                    "--defaults",
                    "--vcs-ref",
                    tag,
                    "--data",
                    f"maturity_level={level}",
                    src,
                    f"c{level}-{i}",
                ],
                work,
                env,
            )

        def level0_project(name: str) -> Callable[[int], None]:
            def prepare(i: int) -> None:
                run(
                    [
                        "copier",
                        "copy",
                        "--quiet",
                        "--defaults",
                        "--vcs-ref",
                        tag,
                        src,
                        f"{name}-{i}",
                    ],
                    work,
                    env,
                )
                project = work / f"{name}-{i}"
                run(["git", "init", "-q"], project, env)
                run(["git", "add", "-A"], project, env)
                run(["git", *GIT_ID, "commit", "-q", "-m", "init"], project, env)

            return prepare

        def team_repo(name: str) -> Callable[[int], None]:
            def prepare(i: int) -> None:
                repo = work / f"{name}-{i}"
                for rel, text in TEAM_FILES.items():
                    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
                    (repo / rel).write_text(text)
                run(["git", "init", "-q"], repo, env)
                run(["git", "add", "-A"], repo, env)
                run(["git", *GIT_ID, "commit", "-q", "-m", "team"], repo, env)

            return prepare

        def mlops_adopt(level: int) -> Callable[[int], None]:
            return lambda i: run(
                ["mlops-init", "adopt", f"a{level}-{i}", "--level", str(level), "--defaults"],
                work,
                env,
            )

        def copier_copy_named(level: int, name: str) -> Callable[[int], None]:
            return lambda i: run(
                [
                    "copier",
                    "copy",
                    "--quiet",
                    "--defaults",
                    "--vcs-ref",
                    tag,
                    "--data",
                    f"maturity_level={level}",
                    src,
                    f"{name}{level}-{i}",
                ],
                work,
                env,
            )

        def mlops_upgrade(i: int) -> None:
            run(["mlops-init", "upgrade", f"u-{i}", "--to", "1"], work, env)

        def copier_update(i: int) -> None:
            run(
                [
                    "copier",
                    "update",
                    "--quiet",
                    "--defaults",
                    "--vcs-ref=:current:",
                    "--data",
                    "maturity_level=1",
                ],
                work / f"v-{i}",
                env,
            )

        rows = [
            (
                "new --level 0 --defaults",
                "copier copy (level 0)",
                *paired(runs, (nothing, mlops_new(0)), (nothing, copier_copy(0))),
            ),
            (
                "new --level 2 --defaults",
                "copier copy (level 2)",
                *paired(runs, (nothing, mlops_new(2)), (nothing, copier_copy(2))),
            ),
            (
                "adopt --level 0 --defaults",
                "copier copy (level 0)",
                *paired(
                    runs,
                    (team_repo("a0"), mlops_adopt(0)),
                    (nothing, copier_copy_named(0, "ac")),
                ),
            ),
            (
                "adopt --level 2 --defaults",
                "copier copy (level 2)",
                *paired(
                    runs,
                    (team_repo("a2"), mlops_adopt(2)),
                    (nothing, copier_copy_named(2, "ac")),
                ),
            ),
            (
                "upgrade --to 1",
                "copier update (0 -> 1)",
                *paired(
                    runs, (level0_project("u"), mlops_upgrade), (level0_project("v"), copier_update)
                ),
            ),
        ]

    print(f"Template {src} at {tag}; median of {runs} runs each (seconds)")
    print(f"{'mlops-init':28} {'median':>7}   {'plain copier':24} {'median':>7}  ratio")
    for ours, theirs, ours_t, theirs_t in rows:
        print(f"{ours:28} {ours_t:7.2f}   {theirs:24} {theirs_t:7.2f}  {ours_t / theirs_t:5.2f}")


if __name__ == "__main__":
    main()
