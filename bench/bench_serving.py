"""Serving throughput and latency: the level-1 API against `mlflow models serve`, same model.

    python bench/bench_serving.py [--repeats 5] [--short 15] [--long 30]

Generates a level-1 project (breast_cancer + logistic regression), runs its pipeline so a
champion is registered, then serves that registered model two ways, one worker each:
the generated API (``uvicorn --factory <pkg>.serving:create_app``) and
``mlflow models serve --env-manager local``. Each is driven by ``wrk`` (loopback, one row per
request) at 2 connections for ``--short`` seconds (``--repeats`` runs, medians reported) and
at 16 connections for ``--long`` seconds (errors counted). Needs ``wrk`` (apt-get install wrk).

Targets (issue 4): >= 5x mlflow serve's throughput, p99 < 10 ms at 2 connections, zero
errors at 16 connections. Load generator and servers share the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _project import PACKAGE, QUIET, level1_project, python_of, run_in_venv

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from templates.helpers import free_port

LUA = """wrk.method = "POST"
wrk.body = [==[{body}]==]
wrk.headers["Content-Type"] = "application/json"
"""


@contextmanager
def server(args: list[str], cwd: Path, env: dict, ready: str):
    """Start a server process and wait until ``ready`` answers 200."""
    log = cwd.parent / f"server-{time.monotonic_ns()}.log"
    with log.open("w") as handle:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(log.read_text())
            try:
                with urllib.request.urlopen(ready, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{ready} never answered:\n{log.read_text()}")
            time.sleep(0.3)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wrk(url: str, body: str, connections: int, seconds: int, workdir: Path) -> dict:
    """One wrk run: requests/s, p50/p99 in ms, errors (non-2xx + socket errors)."""
    script = workdir / "post.lua"
    script.write_text(LUA.format(body=body))
    threads = min(2, connections)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(g) for g in socket.groups()) if socket else 0
    )
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": millis("50"),
        "p99": millis("99"),
        "errors": errors,
    }


def check(url: str, body: str) -> None:
    """One request by hand first: a benchmark of error responses measures nothing."""
    request = urllib.request.Request(
        url, data=body.encode(), method="POST", headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200, response.read()


def measure(name: str, url: str, body: str, args, workdir: Path) -> dict:
    check(url, body)
    runs = [wrk(url, body, 2, args.short, workdir) for _ in range(args.repeats)]
    long = wrk(url, body, 16, args.long, workdir)
    result = {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50": statistics.median(r["p50"] for r in runs),
        "p99": statistics.median(r["p99"] for r in runs),
        "errors_2": sum(r["errors"] for r in runs),
        "rps_16": long["rps"],
        "p99_16": long["p99"],
        "errors_16": long["errors"],
    }
    print(
        f"{name:<22} 2 conns: {result['rps']:7.0f} req/s  p50 {result['p50']:6.2f} ms  "
        f"p99 {result['p99']:6.2f} ms  errors {result['errors_2']} | 16 conns: "
        f"{result['rps_16']:7.0f} req/s  p99 {result['p99_16']:6.2f} ms  "
        f"errors {result['errors_16']}",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--short", type=int, default=15, help="seconds per 2-connection run")
    parser.add_argument("--long", type=int, default=30, help="seconds of the 16-connection run")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed: apt-get install wrk")
    workdir = Path(tempfile.mkdtemp(prefix="mlops-bench-serving-"))
    project, venv = level1_project(workdir)
    code = (
        "import json\n"
        f"from {PACKAGE}.config import load_config\n"
        f"from {PACKAGE}.data import load_dataset\n"
        "c = load_config('configs/config.yaml')\n"
        "print(json.dumps(load_dataset(c)[list(c.data.features)].iloc[0].to_dict()))\n"
    )
    row = json.loads(run_in_venv(venv, "-c", code, cwd=project).stdout)
    env = {
        **os.environ,
        **QUIET,
        "PATH": f"{Path(python_of(venv)).parent}{os.pathsep}{os.environ['PATH']}",
        "MLFLOW_TRACKING_URI": f"sqlite:///{(project / 'mlruns.db').as_posix()}",
    }
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
        f"{args.repeats} x {args.short} s at 2 connections, {args.long} s at 16",
        flush=True,
    )

    port = free_port()
    app = [
        python_of(venv),
        "-m",
        "uvicorn",
        f"{PACKAGE}.serving:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
    ]
    with server(app, project, env, f"http://127.0.0.1:{port}/health"):
        ours = measure(
            "generated level-1 API",
            f"http://127.0.0.1:{port}/predict",
            json.dumps(row),
            args,
            workdir,
        )

    port = free_port()
    mlflow_serve = [
        python_of(venv),
        "-m",
        "mlflow",
        "models",
        "serve",
        "-m",
        f"models:/{PACKAGE}@champion",
        "--env-manager",
        "local",
        "--workers",
        "1",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]
    body = json.dumps({"dataframe_split": {"columns": list(row), "data": [list(row.values())]}})
    with server(mlflow_serve, project, env, f"http://127.0.0.1:{port}/ping"):
        theirs = measure(
            "mlflow models serve", f"http://127.0.0.1:{port}/invocations", body, args, workdir
        )

    print(f"\nthroughput ratio at 2 connections: {ours['rps'] / theirs['rps']:.1f}x (target >= 5x)")
    print(f"generated API p99 at 2 connections: {ours['p99']:.2f} ms (target < 10 ms)")
    print(f"generated API errors at 16 connections: {ours['errors_16']} (target 0)")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
