"""Extractors of single files: notebooks, Dockerfiles, Kubernetes, Helm, Terraform,
CloudFormation, DVC stages and Databricks bundles. Each takes a file's text and returns facts."""

from __future__ import annotations

import json
import re
from typing import Any

from generator.scan.extract.python import python_facts
from generator.scan.extract.yamlload import line_of, load_all
from generator.scan.facts import Fact

QUOTE_CHARS = 120


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


# ------------------------------------------------------------------ notebooks

_MAGIC = re.compile(r"^\s*[%!?]")
_TWIN_MARKERS = re.compile(
    r"^# %%|^# In\[|^# COMMAND -{5,}|^# Databricks notebook source|^# ---\s*\n# jupyter:", re.M
)


def is_notebook_twin(rel: str, text: str, paths: set[str]) -> bool:
    """A ``.py`` file that is a notebook: jupytext/percent cells, a Databricks notebook
    export, or a same-named ``.ipynb`` beside it."""
    if rel[:-3] + ".ipynb" in paths:
        return True
    return bool(_TWIN_MARKERS.search(text[:20000]))


def notebook_code(text: str) -> str | None:
    """The code cells of a notebook (JSON), magics and shell lines blanked, or None."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return None
    out = []
    for cell in cells:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(str(s) for s in source)
        lines = ["" if _MAGIC.match(line) else line for line in str(source).splitlines()]
        out.append("\n".join(lines))
    return "\n\n".join(out)


def notebook_facts(rel: str, text: str, local: frozenset[str]) -> list[Fact]:
    code = notebook_code(text)
    if not code:
        return []
    facts = python_facts(code, rel, "notebook", local)
    if facts is None:  # one broken cell: take the cells one by one
        facts = []
        for cell in code.split("\n\n"):
            facts += python_facts(cell, rel, "notebook", local) or []
    # line numbers of a notebook's JSON say nothing to a reader: keep the quote only
    return [Fact(f.kind, f.value, f.path, None, f.quote, f.context) for f in facts]


# ------------------------------------------------------------------ Dockerfiles

_SERVER = re.compile(
    r"(?i)uvicorn|gunicorn|hypercorn|flask\s+run|waitress|torchserve|bentoml\s+serve|"
    r"mlflow\s+models\s+serve|tensorflow_model_server|tritonserver|streamlit\s+run|"
    r"\bserve\b|\b(app|api|main|server|predict|service|serving)\.py\b|fastapi\s+run"
)
_NOTEBOOK = re.compile(r"(?i)jupyter|notebook|jupyterlab|\blab\b")
_PIPELINE = re.compile(r"(?i)\btrain\w*|\bpipelines?\b|\bsteps?\b|\bpreprocess\w*|\bevaluat\w*")


def dockerfile_facts(rel: str, text: str) -> list[Fact]:
    """What the image runs (its last CMD/ENTRYPOINT, else what it exposes)."""
    runs: list[tuple[int, str]] = []
    exposes: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        body = line.strip()
        word = body.split(" ", 1)[0].upper()
        if word in ("CMD", "ENTRYPOINT"):
            runs.append((number, body))
        elif word == "EXPOSE":
            exposes.append((number, body))
    if runs:
        command = " ".join(r[1] for r in runs[-2:])
        number = runs[-1][0]
    elif exposes:
        command, number = exposes[-1][1], exposes[-1][0]
    else:
        return [
            Fact(
                "docker.image",
                "other",
                rel,
                1,
                _quote(text.splitlines()[0] if text else ""),
                "config",
            )
        ]
    if _NOTEBOOK.search(command) or "8888" in command:
        kind = "notebook"
    elif _SERVER.search(command) or (not runs and exposes):
        kind = "server"
    elif _PIPELINE.search(command):
        kind = "pipeline"
    else:
        kind = "other"
    return [Fact("docker.image", kind, rel, number, _quote(command), "config")]


# ------------------------------------------------------------------ YAML/JSON configurations


def yaml_facts(rel: str, text: str) -> list[Fact]:
    """Kubernetes kinds, CloudFormation resources and schedules, DVC stages, Databricks bundle
    jobs/schedules/monitors, Azure ML pipelines, serverless schedules."""
    name = rel.rsplit("/", 1)[-1].lower()
    out: list[Fact] = []
    docs = load_all(text)
    for doc in docs:
        if not isinstance(doc, dict):
            continue
        kind = doc.get("kind")
        if isinstance(kind, str) and "apiVersion" in doc:
            out.append(
                Fact(
                    "k8s.kind", kind, rel, line_of(text, f"kind: {kind}"), f"kind: {kind}", "config"
                )
            )
            if kind == "CronJob":
                out.append(
                    Fact(
                        "schedule",
                        "cronjob",
                        rel,
                        line_of(text, "schedule:"),
                        "kind: CronJob",
                        "config",
                    )
                )
        if name in ("chart.yaml", "chart.yml") and "apiVersion" in doc and "name" in doc:
            out.append(
                Fact(
                    "helm.chart", str(doc["name"]), rel, 1, _quote(f"name: {doc['name']}"), "config"
                )
            )
        resources = doc.get("Resources")
        if isinstance(resources, dict):
            out += _cfn(rel, text, resources)
        if name in ("dvc.yaml", "dvc.yml") and isinstance(doc.get("stages"), dict):
            for stage, spec in doc["stages"].items():
                cmd = spec.get("cmd", "") if isinstance(spec, dict) else ""
                out.append(
                    Fact(
                        "dvc.stage",
                        str(stage),
                        rel,
                        line_of(text, f"{stage}:"),
                        _quote(f"{stage}: {cmd}"),
                        "config",
                    )
                )
        bundle = doc.get("resources")
        if isinstance(bundle, dict):
            out += _bundle(rel, text, bundle)
        schema = str(doc.get("$schema", ""))
        if "azureml" in schema and doc.get("type") == "pipeline":
            out.append(
                Fact(
                    "aml.pipeline",
                    str(doc.get("display_name", rel)),
                    rel,
                    line_of(text, "type: pipeline"),
                    "type: pipeline",
                    "config",
                )
            )
        functions = doc.get("functions")
        if isinstance(functions, dict) and "provider" in doc:
            for fn in functions.values():
                for event in (fn or {}).get("events", []) if isinstance(fn, dict) else []:
                    if isinstance(event, dict) and "schedule" in event:
                        out.append(
                            Fact(
                                "schedule",
                                "serverless",
                                rel,
                                line_of(text, "schedule"),
                                _quote(repr(event["schedule"])),
                                "config",
                            )
                        )
    return out


def _cfn(rel: str, text: str, resources: dict[str, Any]) -> list[Fact]:
    out = []
    for name, res in resources.items():
        if not isinstance(res, dict) or not isinstance(res.get("Type"), str):
            continue
        kind = res["Type"]
        line = line_of(text, f"{name}:")
        out.append(Fact("cfn.resource", kind, rel, line, _quote(f"{name}: {kind}"), "config"))
        props = res.get("Properties") or {}
        if kind == "AWS::Events::Rule" and isinstance(props, dict):
            if props.get("ScheduleExpression"):
                out.append(
                    Fact(
                        "schedule",
                        "eventbridge",
                        rel,
                        line_of(text, "ScheduleExpression"),
                        _quote(str(props["ScheduleExpression"])),
                        "config",
                    )
                )
            pattern = props.get("EventPattern")
            if pattern:
                out.append(
                    Fact(
                        "cfn.event",
                        json.dumps(pattern, default=str),
                        rel,
                        line,
                        _quote(json.dumps(pattern, default=str)),
                        "config",
                    )
                )
        if kind.startswith("AWS::SageMaker::MonitoringSchedule"):
            out.append(
                Fact(
                    "schedule", "sagemaker-monitor", rel, line, _quote(f"{name}: {kind}"), "config"
                )
            )
    return out


def _bundle(rel: str, text: str, bundle: dict[str, Any]) -> list[Fact]:
    out = []
    for job_name, job in (
        (bundle.get("jobs") or {}).items() if isinstance(bundle.get("jobs"), dict) else []
    ):
        out.append(
            Fact(
                "bundle.job",
                str(job_name),
                rel,
                line_of(text, f"{job_name}:"),
                _quote(f"job {job_name}"),
                "config",
            )
        )
        if isinstance(job, dict) and (job.get("schedule") or job.get("trigger")):
            spec = job.get("schedule") or job.get("trigger")
            out.append(
                Fact(
                    "schedule",
                    "databricks",
                    rel,
                    line_of(text, "schedule" if job.get("schedule") else "trigger"),
                    _quote(repr(spec)),
                    "config",
                )
            )
    monitors = bundle.get("quality_monitors")
    if isinstance(monitors, dict):
        for mon in monitors:
            out.append(
                Fact(
                    "bundle.monitor",
                    str(mon),
                    rel,
                    line_of(text, f"{mon}:"),
                    _quote(f"quality monitor {mon}"),
                    "config",
                )
            )
    return out


_TF_RESOURCE = re.compile(r'^\s*resource\s+"([\w-]+)"\s+"([\w-]+)"', re.M)


def terraform_facts(rel: str, text: str) -> list[Fact]:
    return [
        Fact(
            "tf.resource",
            m.group(1),
            rel,
            text.count("\n", 0, m.start()) + 1,
            _quote(m.group(0)),
            "config",
        )
        for m in _TF_RESOURCE.finditer(text)
    ]
