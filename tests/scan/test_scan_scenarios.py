"""Whole repositories of typical teams, scanned with the bundled bank: the answers a consultant
would expect to see, and the level they lead to."""

from __future__ import annotations

import json

from generator.answers import Answers
from generator.bank import Bank
from generator.result import Metadata
from generator.scan import Detector, scan_repository
from generator.scoring import score

from .conftest import RepoFactory


def notebook(*sources: str) -> str:
    cells = [{"cell_type": "code", "source": [s], "metadata": {}, "outputs": []} for s in sources]
    return json.dumps({"cells": cells, "nbformat": 4, "nbformat_minor": 5, "metadata": {}})


NOTEBOOK_TEAM = {
    "README.md": "Churn model. Open the notebooks and run all cells.\n",
    "notebooks/01_explore.ipynb": notebook("import pandas as pd", "df.describe()"),
    "notebooks/02_model.ipynb": notebook(
        "from sklearn.ensemble import RandomForestClassifier",
        "model = RandomForestClassifier().fit(X_train, y_train)",
        "import pickle; pickle.dump(model, open('model.pkl', 'wb'))",
    ),
    "requirements.txt": "pandas\nscikit-learn\n",
}

PLATFORM_TEAM = {
    "dags/train_dag.py": (
        "from airflow import DAG\nfrom churn.train import train_model\n"
        "with DAG('train', schedule='@daily') as dag: ...\n"
    ),
    "src/churn/train.py": (
        "import mlflow\n\ndef train_model(df):\n    with mlflow.start_run():\n"
        "        mlflow.log_params(params)\n        mlflow.set_tag('git_commit', sha)\n"
        "        mlflow.log_param('data_hash', digest)\n"
        "        mlflow.sklearn.log_model(m, 'model', registered_model_name='churn')\n"
    ),
    "src/churn/validate.py": "import great_expectations as gx\n",
    "src/churn/serve.py": (
        "import bentoml\nmodel = bentoml.mlflow.load_model('models:/churn@champion')\n"
        "@svc.api(route='/healthz')\ndef ok(): ...\n"
    ),
    "src/churn/monitor.py": "from evidently.presets import DataDriftPreset\n",
    "tests/test_train.py": "def test_fit():\n    model.fit(X, y)\n",
    ".github/workflows/ci.yml": "on: [pull_request]\njobs:\n  t:\n    steps:\n    - run: pytest\n",
    ".pre-commit-config.yaml": "repos: []\n",
    "infra/main.tf": 'resource "aws_s3_bucket" "models" {}\n',
}


def test_a_notebook_team_scans_as_manual(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    found = scan_repository(make_repo(NOTEBOOK_TEAM, git=True), bank, detectors=detectors)
    assert found.answers["pipeline-orchestrated"] == "manual"  # notebooks-only training
    assert found.answers["pipeline-modular-steps"] == "monolith"
    assert found.answers["data-eda-automated"] == "notebook"
    assert found.answers["cicd-ci-every-change"] == "none"
    assert found.answers["training-experiment-tracking"] == "none"
    evidence = found.evidence["pipeline-orchestrated"]
    assert evidence[0].path == "notebooks/02_model.ipynb"  # the notebook that trains
    assert found.status["pipeline-orchestrated"] == "contradicted"
    assert any(e.quote and e.quote.startswith("no match for") for e in evidence)
    result = score(bank, Answers(Metadata(), {}), evidence=found.evidence, derived=found.answers)
    assert result.level == 0


def test_a_platform_team_shows_its_tools(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    found = scan_repository(make_repo(PLATFORM_TEAM, git=True), bank, detectors=detectors)
    expected = {
        "pipeline-orchestrated": "automated",
        "pipeline-same-code": "same",
        "pipeline-deployed": "deployed",
        "pipeline-triggers": "automatic",
        "data-schema-validation": "automated",
        "monitoring-drift": "reported",
        "serving-model-registry": "registry",
        "serving-automated-delivery": "automated",
        "serving-prediction-api": "typed-api",
        "governance-lineage": "recorded",
        "cicd-ci-every-change": "required",
        "cicd-pre-commit": "optional",  # not run in CI
        "cicd-cd-pipeline": "scripted",
        "training-experiment-tracking": "personal",
    }
    assert {k: found.answers.get(k) for k in expected} == expected
    assert found.listing == "git" and not found.truncated
