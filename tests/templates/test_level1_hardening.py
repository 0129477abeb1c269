"""Generated level-1 projects against real data, faults and hostile clients (slow).

Two projects, both ``dataset=csv`` as a team would generate them:

- breast cancer exported as CSV: the gate cannot be fooled (flipped labels, ties, two
  registrations at once), validation names file, column and fix for what training would
  choke on, Ctrl-C stops cleanly, and the API answers every malformed request with a 4xx and
  JSON (size limit before parsing, nesting, content type, finite outputs, its OpenAPI schema);
  schemathesis fuzzes it with every check;
- a team-like churn CSV (numbers and categories with missing values, a date, yes/no label):
  trained, served (null accepted, invalid dates refused) and monitored end to end, with
  categorical drift, unseen categories, a damaged log line and a rotated log.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from testkit import git

from templates.helpers import (
    _venv_env,
    free_port,
    generate,
    make_venv,
    run_in_venv,
    venv_python,
)
from templates.team_data import breast_cancer_csv, team_csv

pytestmark = pytest.mark.slow

PACKAGE = "churn_model"
QUIET = {"MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"}
DATA = "data/raw/train.csv"


def _project(template_repo: Path, where: Path, data: dict) -> tuple[Path, Path]:
    project = generate(
        template_repo,
        where / "churn",
        1,
        {"project_name": "churn", "package_name": PACKAGE, "dataset": "csv", **data},
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    return project, make_venv(project)


def _cli(venv: Path, project: Path, *args: str, check: bool = False, timeout: float = 600):
    return run_in_venv(
        venv, "-m", PACKAGE, *args, cwd=project, env=QUIET, check=check, timeout=timeout
    )


def _versions(venv: Path, project: Path) -> dict:
    """Registered versions and aliases of the project's model, read with MLflow itself."""
    code = (
        "import json\n"
        "from mlflow import MlflowClient\n"
        f"from {PACKAGE} import tracking\n"
        "from pathlib import Path\n"
        "tracking.configure(Path.cwd())\n"
        "client = MlflowClient()\n"
        f"model = client.get_registered_model('{PACKAGE}')\n"
        f"versions = client.search_model_versions(\"name='{PACKAGE}'\")\n"
        "print(json.dumps({'versions': sorted(int(v.version) for v in versions),"
        " 'aliases': {k: str(v) for k, v in model.aliases.items()}}))\n"
    )
    done = run_in_venv(venv, "-c", code, cwd=project, env=QUIET)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def breast(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    """Breast cancer as a team CSV, its pipeline run once: champion version 1."""
    project, venv = _project(
        template_repo, tmp_path_factory.mktemp("breast"), {"target_column": "target"}
    )
    breast_cancer_csv(project / DATA)
    done = _cli(venv, project, "pipeline")
    assert "champion is version 1" in done.stdout, done.stdout + done.stderr
    return project, venv


@contextlib.contextmanager
def _data(project: Path, frame_or_bytes) -> Iterator[Path]:
    """Replace the training CSV for the block, then put the original back."""
    path = project / DATA
    original = path.read_bytes()
    if isinstance(frame_or_bytes, bytes):
        path.write_bytes(frame_or_bytes)
    else:
        frame_or_bytes.to_csv(path, index=False)
    try:
        yield path
    finally:
        path.write_bytes(original)


# ---------------------------------------------------------------------------------------------
# The gate
# ---------------------------------------------------------------------------------------------


def test_flipped_labels_never_become_champion(breast):
    import pandas as pd

    project, venv = breast
    frame = pd.read_csv(project / DATA)
    with _data(project, frame.assign(target=1 - frame["target"])):
        done = _cli(venv, project, "pipeline")
    assert done.returncode == 0, done.stderr
    assert "REJECTED" in done.stdout, done.stdout
    # The candidate learnt the flipped labels: on the champion's own test split it is the
    # opposite of right, and the class shares jumped.
    assert "champion's held-out set" in done.stdout
    assert "label distribution" in done.stdout
    state = _versions(venv, project)
    assert state["aliases"]["champion"] == "1" and state["versions"] == [1]


def test_identical_data_registers_nothing(breast):
    project, venv = breast
    done = _cli(venv, project, "pipeline")
    assert "REJECTED: beats champion" in done.stdout, done.stdout
    assert "must be better by more than 0.0" in done.stdout
    assert _versions(venv, project)["versions"] == [1]


def test_two_registrations_at_once_replace_the_champion_once(breast):
    """Two runs gated against champion 1 register at the same moment: one wins, the other
    is refused because the champion it was compared with is gone."""
    project, venv = breast
    runs = ["race-a", "race-b"]
    for run in runs:
        for step in ("ingest", "validate", "features", "train", "evaluate", "gate"):
            _cli(venv, project, "pipeline", "--step", step, "--run", run, check=True)
        gate = project / "artifacts" / run / "gate.json"
        verdict = json.loads(gate.read_text())
        assert verdict["champion_version"] == "1"
        # Both candidates passed (as two improved models would): only the lock decides.
        gate.write_text(json.dumps({**verdict, "passed": True}))
    python = str(venv_python(venv))
    processes = [
        subprocess.Popen(
            [python, "-m", PACKAGE, "pipeline", "--step", "register", "--run", run],
            cwd=project,
            env=_venv_env(venv, QUIET),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for run in runs
    ]
    outputs = [p.communicate(timeout=300)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes), outputs
    winners = [o for o in outputs if "champion is version 2" in o]
    losers = [o for o in outputs if "the champion changed from 1 to 2" in o]
    assert len(winners) == 1 and len(losers) == 1, outputs
    state = _versions(venv, project)
    assert state["versions"] == [1, 2] and state["aliases"]["champion"] == "2"
    done = _cli(venv, project, "rollback", check=True)
    assert "from version 2 to 1" in done.stdout
    assert _versions(venv, project)["aliases"]["champion"] == "1"


# ---------------------------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------------------------


def _breaks(breast, content) -> str:
    project, venv = breast
    with _data(project, content):
        done = _cli(venv, project, "pipeline")
    out = done.stdout + done.stderr
    assert done.returncode in (1, 2), out
    assert "Traceback" not in out, out
    return out


def test_a_feature_column_of_text_is_named_with_the_fix(breast):
    import pandas as pd

    frame = pd.read_csv(breast[0] / DATA)
    frame["mean radius"] = frame["mean radius"].astype(object)
    frame.loc[:4, "mean radius"] = "about 12"
    out = _breaks(breast, frame)
    assert "column 'mean_radius'" in out and "the champion treats it as a number" in out
    assert "about 12" in out and "data.categorical" in out and DATA in out


def test_a_dropped_or_an_added_column_is_named(breast):
    import pandas as pd

    frame = pd.read_csv(breast[0] / DATA)
    out = _breaks(breast, frame.drop(columns=["worst area"]))
    assert "column 'worst_area'" in out and "a feature of the champion" in out
    out = _breaks(breast, frame.assign(customer_id=range(len(frame))))
    assert "column 'customer_id'" in out and "not a feature of the champion" in out


def test_a_label_set_change_is_named(breast):
    import pandas as pd

    frame = pd.read_csv(breast[0] / DATA)
    out = _breaks(breast, frame.assign(target=frame["target"].map({0: "no", 1: "yes"})))
    assert "column 'target'" in out and "the champion's labels (0, 1)" in out
    assert "no, yes" in out and "map the labels back" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary data"),
        (b"mean radius,target\n", "has a header but no rows"),
    ],
    ids=["empty", "binary", "header-only"],
)
def test_unreadable_files_are_named(breast, content, expected):
    out = _breaks(breast, content)
    assert DATA in out and expected in out, out


def test_ctrl_c_stops_cleanly(breast):
    project, venv = breast
    process = subprocess.Popen(
        [str(venv_python(venv)), "-m", PACKAGE, "pipeline"],
        cwd=project,
        env=_venv_env(venv, QUIET),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3.0)  # inside the pipeline's steps
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    # 130 from the CLI's handler; a process may also end by the re-raised SIGINT itself (-2),
    # which a shell reports as 130 too. Either way: the message, and no traceback.
    assert process.returncode in (130, -signal.SIGINT), out + err
    assert "Interrupted." in err and "Traceback" not in err, err


# ---------------------------------------------------------------------------------------------
# The API
# ---------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _serving(venv: Path, project: Path, env: dict | None = None):
    """The project's monitored API on a free port: yields (base URL, server process)."""
    port = free_port()
    log = project.parent / f"serve-{port}.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            [
                str(venv_python(venv)),
                "-m",
                "uvicorn",
                "--factory",
                f"{PACKAGE}.serving:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=project,
            env=_venv_env(venv, {**QUIET, **(env or {})}),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, log.read_text()
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as response:
                    if json.loads(response.read())["status"] == "ok":
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.3)
        yield url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _send(url: str, body: bytes, content_type: str = "application/json") -> tuple[int, dict]:
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"content-type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())  # every answer must be JSON


def _row(project: Path) -> dict:
    """The first row of the champion's training CSV, named as the API names its features."""
    import re

    import pandas as pd

    frame = pd.read_csv(project / DATA).drop(columns=["target"])
    frame.columns = [re.sub(r"\W+", "_", str(c).strip().lower()).strip("_") for c in frame]
    return json.loads(frame.iloc[0].to_json())


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def api(breast):
    project, venv = breast
    settings = project / "configs" / "pipeline.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("sampling_rate: 0.1", "sampling_rate: 1.0"))
    try:
        with _serving(venv, project) as (url, process):
            yield project, url, process
    finally:
        settings.write_text(text)


def test_malformed_requests_get_a_4xx_in_json(api):
    project, url, _ = api
    row = _row(project)
    assert _send(url + "/predict", json.dumps(row).encode())[0] == 200
    deep = b"[" * 100_000 + b"]" * 100_000
    status, body = _send(url + "/predict/batch", b'{"rows": ' + deep + b"}")
    assert status == 422 and body["detail"], body
    assert _send(url + "/predict", deep)[0] == 422
    status, body = _send(url + "/predict", json.dumps(row).encode(), "text/plain")
    assert status == 415 and "application/json" in body["detail"][0]["msg"]
    assert _send(url + "/predict/batch", b"rows=1", "application/x-www-form-urlencoded")[0] == 415
    huge = {name: 1e308 for name in row}
    status, body = _send(url + "/predict", json.dumps(huge).encode())
    assert status == 422, body
    status, body = _send(url + "/predict/batch", json.dumps({"rows": [huge, row]}).encode())
    assert status == 422, body
    assert _send(url + "/predict/batch", json.dumps({"rows": []}).encode())[0] == 422
    assert _send(url + "/predict", b"\xff\xfe not json")[0] == 422
    time.sleep(1.5)  # the prediction log is flushed every second
    log = (project / "logs" / "predictions.csv").read_text()
    assert "nan" not in log.lower() and "inf" not in log.lower()


def test_a_100_mb_body_is_refused_before_it_is_read(api):
    _, url, process = api
    before = _rss_kib(process.pid)
    host, port = url.removeprefix("http://").split(":")
    # Declared size: refused from the header alone.
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.putrequest("POST", "/predict/batch")
    connection.putheader("content-type", "application/json")
    connection.putheader("content-length", str(100 * 1024 * 1024))
    connection.endheaders()
    connection.send(b'{"rows": [' + b"1," * 50_000)
    response = connection.getresponse()
    assert response.status == 413 and json.loads(response.read())["detail"]
    connection.close()
    # Chunked (no size declared): refused once the limit is crossed, the rest never kept.
    chunk = b"[1.0, 2.0, 3.0, 4.0]," * 50_000  # 1 MB
    peak = before

    def body():
        nonlocal peak
        yield b'{"rows": ['
        for _ in range(100):
            peak = max(peak, _rss_kib(process.pid))
            yield chunk

    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(
            "POST",
            "/predict/batch",
            body=body(),
            headers={"content-type": "application/json", "transfer-encoding": "chunked"},
            encode_chunked=True,
        )
        status = connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # the server answered 413 and closed while we were still sending
    finally:
        connection.close()
    assert status == 413
    after = _rss_kib(process.pid)
    print(f"server RSS: {before} KiB before, peak {peak} KiB, {after} KiB after a 100 MB body")
    assert max(peak, after) - before < 30 * 1024, (before, peak, after)


def test_the_openapi_schema_publishes_the_models_features(api):
    project, url, _ = api
    with urllib.request.urlopen(url + "/openapi.json", timeout=30) as response:
        document = json.loads(response.read())
    paths = document["paths"]
    body = paths["/predict"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(body["properties"]) == set(_row(project))
    assert body["additionalProperties"] is False and set(body["required"]) == set(_row(project))
    radius = body["properties"]["mean_radius"]
    assert radius["type"] == "number" and radius["maximum"] == 1e12
    batch = paths["/predict/batch"]["post"]["requestBody"]["content"]["application/json"]
    assert batch["schema"]["properties"]["rows"]["items"] == body
    for path in ("/predict", "/predict/batch"):
        assert {"200", "413", "415", "422", "503"} <= set(paths[path]["post"]["responses"])
    assert {"200", "401", "403", "409"} <= set(paths["/admin/reload"]["post"]["responses"])
    assert set(paths["/metrics"]["get"]["responses"]["200"]["content"]) == {"text/plain"}


def test_schemathesis_finds_nothing(api):
    project, url, _ = api
    schemathesis = shutil.which("schemathesis") or shutil.which("st")
    assert schemathesis, "schemathesis is in the test extra"
    done = subprocess.run(
        [
            schemathesis,
            "run",
            f"{url}/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            "40",
            "--seed",
            "1",
            "--no-color",
        ],
        cwd=project.parent,  # its cache folder (.schemathesis/) stays out of the checkout
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(done.stdout[-3000:])
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]


# ---------------------------------------------------------------------------------------------
# Team data: categories, dates and missing values end to end
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def team(template_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    project, venv = _project(
        template_repo,
        tmp_path_factory.mktemp("team"),
        {"target_column": "Churned", "metric_threshold": 0.7},
    )
    team_csv(project / DATA)
    done = _cli(venv, project, "pipeline")
    # The default contract refuses missing values, and says how to allow them.
    assert done.returncode == 1 and "allow_missing: true" in done.stderr, done.stderr
    settings = project / "configs" / "pipeline.yaml"
    settings.write_text(settings.read_text().replace("allow_missing: false", "allow_missing: true"))
    config = project / "configs" / "config.yaml"
    raw = yaml.safe_load(config.read_text())
    raw["data"]["dates"] = ["signup_date"]
    config.write_text(yaml.safe_dump(raw, sort_keys=False))
    done = _cli(venv, project, "pipeline")
    assert "champion is version 1" in done.stdout, done.stdout + done.stderr
    return project, venv


def test_the_team_project_passes_its_own_tests(team):
    project, venv = team
    done = run_in_venv(
        venv,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        cwd=project,
        env=QUIET,
        check=False,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
    assert " skipped" not in done.stdout.splitlines()[-1], done.stdout[-500:]


def test_an_invalid_date_stops_training_with_the_column_named(team):
    import pandas as pd

    project, venv = team
    frame = pd.read_csv(project / DATA)
    frame.loc[3, "Signup Date"] = "2031-13-45"
    with _data(project, frame):
        done = _cli(venv, project, "pipeline")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "column 'signup_date'" in done.stderr and "2031-13-45" in done.stderr
    assert "YYYY-MM-DD" in done.stderr


def test_team_serving_accepts_null_and_real_dates_only(team):
    project, venv = team
    row = {
        "tenure_months": None,
        "monthly_charges": 80.5,
        "plan": None,
        "region": "north",
        "signup_date": "2022-02-28",
    }
    settings = project / "configs" / "pipeline.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("sampling_rate: 0.1", "sampling_rate: 1.0"))
    try:
        with _serving(venv, project) as (url, _):
            status, body = _send(url + "/predict", json.dumps(row).encode())
            assert status == 200 and body["prediction"] in ("yes", "no"), body
            assert 0.5 <= body["probability"] <= 1
            for bad in ("2031-13-45", "2022-02-30", "yesterday"):
                status, body = _send(
                    url + "/predict", json.dumps({**row, "signup_date": bad}).encode()
                )
                assert status == 422 and body["detail"][0]["loc"][-1] == "signup_date", body
            with urllib.request.urlopen(url + "/openapi.json", timeout=30) as response:
                document = json.loads(response.read())
            schema = document["paths"]["/predict"]["post"]["requestBody"]["content"][
                "application/json"
            ]["schema"]["properties"]
            assert {"type": "null"} in schema["tenure_months"]["anyOf"]
            date = next(s for s in schema["signup_date"]["anyOf"] if s.get("type") == "string")
            assert date["format"] == "date"
    finally:
        settings.write_text(text)


def test_monitoring_sees_categories_survives_bad_lines_and_a_rotated_log(team):
    import pandas as pd

    project, venv = team
    frame = pd.read_csv(project / DATA).sample(200, random_state=1)
    settings = project / "configs" / "pipeline.yaml"
    text = settings.read_text()
    settings.write_text(text.replace("sampling_rate: 0.1", "sampling_rate: 1.0"))
    log = project / "logs" / "predictions.csv"
    log.unlink(missing_ok=True)

    def rows(plan: str, region: str):
        for _, r in frame.iterrows():
            yield {
                "tenure_months": None if pd.isna(r["Tenure Months"]) else r["Tenure Months"],
                "monthly_charges": r["Monthly Charges"],
                "plan": plan,
                "region": region,
                "signup_date": r["Signup Date"],
            }

    try:
        with _serving(venv, project) as (url, _):
            # Every client suddenly on one plan, and a region training never saw.
            batch = list(rows("premium", "atlantis"))
            assert _send(url + "/predict/batch", json.dumps({"rows": batch}).encode())[0] == 200
            time.sleep(1.5)
            rotated = log.with_name("predictions-old.csv")
            log.rename(rotated)  # moved aside while the service runs
            assert (
                _send(url + "/predict/batch", json.dumps({"rows": batch[:60]}).encode())[0] == 200
            )
            time.sleep(1.5)
    finally:
        settings.write_text(text)
    header = rotated.read_text().splitlines()[0]
    assert log.read_text().splitlines()[0] == header  # the new file has its header again
    with log.open("a") as handle:
        handle.write("garbage line without fields\n")
        handle.write(",".join(["x"] * 40) + "\n")  # a line cut into too many fields
    done = _cli(venv, project, "monitor")
    out = done.stdout + done.stderr
    assert done.returncode == 1 and "Traceback" not in out, out
    assert "Drifted features:" in out and "plan" in out.split("Drifted features:")[1]
    assert "Unseen categories: region (60 rows)" in out, out
    assert "Skipped 2 malformed line(s)" in out, out
    report = json.loads((project / "reports" / "monitoring" / "latest.json").read_text())
    assert report["malformed_lines"] == 2
    plan = next(c for c in report["drift"]["categories"] if c["feature"] == "plan")
    assert plan["drifted"] and plan["js_distance"] > 0.3
    # The first (rotated) file alone, read without its header being in doubt.
    shutil.copy(rotated, log)
    done = _cli(venv, project, "monitor")
    assert "Unseen categories: region (200 rows)" in done.stdout, done.stdout + done.stderr
