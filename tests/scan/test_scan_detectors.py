"""Every bundled detector, positive and negative, on small fixture repositories.

Each case is (practice, files of the repository, expected option). A meta-test checks that
every practice with a detector has at least one positive case here, so a new detector cannot
land untested.
"""

from __future__ import annotations

import json

import pytest

from generator.bank import Bank
from generator.scan import Detector, scan_repository

from .conftest import RepoFactory

GHA_PR_TESTS = """\
name: ci
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pre-commit run --all-files
      - run: python -m pytest -q
"""
GHA_PUSH_TESTS = "on: push\njobs:\n  t:\n    steps:\n      - run: make test\n"
GITLAB_TESTS = "test:\n  script:\n    - pytest\n  rules:\n    - if: $CI_MERGE_REQUEST_ID\n"
JENKINS = "pipeline { stages { stage('t') { steps { sh 'tox -e py311' } } } }\n"
GHA_CD = """\
on:
  push:
    branches: [main]
jobs:
  staging:
    environment: staging
    steps:
      - uses: docker/build-push-action@v6
      - run: make deploy ENV=staging
  production:
    environment: production
    needs: staging
    steps:
      - run: make deploy ENV=production
"""
GHA_CT = (
    "on:\n  schedule:\n    - cron: '0 3 * * 1'\n  workflow_dispatch:\n"
    "jobs:\n  ct:\n    steps:\n      - run: make retrain\n"
)
FASTAPI = """\
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Features(BaseModel):
    x: float


@app.get("/health")
def health() -> dict:
    return {"status": "ok"}
"""
TRAIN = "from sklearn.linear_model import LogisticRegression\nm = LogisticRegression().fit(X, y)\n"


def nb(*cells: str) -> str:
    """A notebook whose code cells are ``cells``."""
    return json.dumps({"cells": [{"cell_type": "code", "source": c} for c in cells], "nbformat": 4})


def workflow(*commands: str, on: str = "push", env: str | None = None) -> str:
    """A GitHub workflow with one job that runs ``commands``."""
    steps = "".join(f"      - run: {c}\n" for c in commands)
    environment = f"    environment: {env}\n" if env else ""
    return f"on: {on}\njobs:\n  j:\n{environment}    steps:\n{steps}"


PKG = {"p/__init__.py": "", "p/features.py": "def add_ratio(x): ...\n"}
MODEL = {"p/__init__.py": "", "p/model.py": "def train(X, y): ...\ndef predict(X): ...\n"}
PIPE = {"src/p/pipeline/run.py": "def run_pipeline():\n    pass\n"}

CASES: list[tuple[str, dict[str, str], str]] = [
    # --- CI and tests
    ("cicd-source-control", {"README.md": "x"}, "all"),  # git=True below for this one
    ("cicd-ci-every-change", {".github/workflows/ci.yml": GHA_PR_TESTS}, "required"),
    ("cicd-ci-every-change", {".gitlab-ci.yml": GITLAB_TESTS}, "required"),
    ("cicd-ci-every-change", {".github/workflows/t.yaml": GHA_PUSH_TESTS}, "advisory"),
    ("cicd-ci-every-change", {"Jenkinsfile": JENKINS}, "advisory"),
    (
        "cicd-pre-commit",
        {".pre-commit-config.yaml": "repos: []\n", ".github/workflows/ci.yml": GHA_PR_TESTS},
        "enforced",
    ),
    ("cicd-pre-commit", {".pre-commit-config.yaml": "repos: []\n"}, "optional"),
    (
        "cicd-feature-unit-tests",
        {"tests/test_features.py": "from p.features import add_ratio\n", **PKG},
        "some",
    ),
    (
        "cicd-feature-unit-tests",
        {
            "tests/test_features.py": (
                "from p.features import add_ratio\n\n"
                "def test_ratio():\n    out = add_ratio(frame)\n    assert out['r'].notna().all()\n"
            ),
            ".github/workflows/ci.yml": GHA_PR_TESTS,
            **PKG,
        },
        "automated",
    ),
    (
        "cicd-model-tests",
        {
            "tests/test_model.py": (
                "from p.model import train\n\ndef test_fit():\n    train(X, y)\n"
            ),
            **MODEL,
        },
        "manual",
    ),
    (
        "cicd-model-tests",
        {
            "tests/test_model.py": "from p.model import predict\n\npredict(X)\n",
            "azure-pipelines.yml": "steps:\n  - script: pytest\n",
            **MODEL,
        },
        "automated",
    ),
    ("cicd-data-tests", {"tests/test_schema.py": "import pandera as pa\n"}, "manual"),
    (
        "cicd-data-tests",
        {
            "tests/test_schema.py": "with pytest.raises(SchemaError): ...\n",
            ".github/workflows/ci.yml": GHA_PR_TESTS,
        },
        "automated",
    ),
    (
        "cicd-pipeline-integration-test",
        {".github/workflows/ci.yml": workflow("make pipeline SAMPLE=1")},
        "automated",
    ),
    (
        "cicd-pipeline-integration-test",
        {"tests/test_pipeline.py": "def test_pipeline_on_a_sample():\n    run_pipeline()\n"},
        "manual",
    ),
    (
        "cicd-pipeline-integration-test",
        {
            "tests/test_pipeline.py": "def test_pipeline_on_a_sample():\n    run_pipeline()\n",
            ".github/workflows/ci.yml": GHA_PR_TESTS,
        },
        "automated",
    ),
    (
        "cicd-api-contract-test",
        {
            "tests/test_api.py": (
                "from fastapi.testclient import TestClient\n\nclient = TestClient(app)\n"
            )
        },
        "manual",
    ),
    (
        "cicd-api-contract-test",
        {"tests/test_api.py": 'client.get("/health")\n', "Jenkinsfile": JENKINS},
        "automated",
    ),
    (
        "cicd-load-test",
        {".github/workflows/cd.yml": workflow("locust -f loadtest/locustfile.py --headless")},
        "automated",
    ),
    ("cicd-load-test", {"loadtest/locustfile.py": "from locust import HttpUser\n"}, "manual"),
    ("cicd-load-test", {"load/script.js": "import http from 'k6/http';\n"}, "manual"),
    ("cicd-cd-pipeline", {".github/workflows/cd.yml": GHA_CD}, "automated"),
    ("cicd-cd-pipeline", {"infra/main.tf": 'resource "x" "y" {}\n'}, "scripted"),
    ("cicd-cd-pipeline", {"charts/api/Chart.yaml": "name: api\n"}, "scripted"),
    ("cicd-cd-pipeline", {"deploy/deploy.sh": "docker push registry/api:1\n"}, "scripted"),
    (
        "cicd-cd-pipeline",
        {"k8s/api.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\n"},
        "scripted",
    ),
    ("cicd-staged-deployment", {".github/workflows/cd.yml": GHA_CD}, "staged"),
    (
        "cicd-staged-deployment",
        {".github/workflows/cd.yml": workflow("kubectl apply -f k8s/", env="production")},
        "partial",
    ),
    (
        "cicd-ci-every-change",
        {
            "buildspec.yml": (
                "version: 0.2\nphases:\n  build:\n    commands:\n      - pip install .\n"
            )
        },
        "advisory",
    ),
    (
        "cicd-staged-deployment",
        {
            ".gitlab-ci.yml": (
                "stage_deploy:\n  script: [helm upgrade api chart]\n  environment: staging\n"
                "prod_deploy:\n  script: [helm upgrade api chart]\n  environment: production\n"
                "  when: manual\n"
            )
        },
        "staged",
    ),
    (
        "cicd-staged-deployment",
        {
            ".gitlab-ci.yml": (
                "stage_deploy:\n  script: [helm upgrade api chart]\n  environment: staging\n"
                "prod_deploy:\n  script: [helm upgrade api chart]\n  environment: production\n"
            )
        },
        "partial",
    ),
    # --- data
    ("data-ingestion", {"src/p/pipeline/ingest.py": "def run(): ...\n"}, "automated"),
    ("data-ingestion", {"src/p/data.py": "def load_data(): ...\n"}, "scripted"),
    (
        "data-schema-validation",
        {"src/p/pipeline/validate.py": "import pandera as pa\n"},
        "automated",
    ),
    (
        "data-schema-validation",
        {"gx/great_expectations.yml": "config_version: 3\n"},
        "automated",
    ),
    (
        "data-schema-validation",
        {"src/p/checks.py": "import tensorflow_data_validation as tfdv\n"},
        "automated",
    ),
    ("data-schema-validation", {"nb/check.ipynb": nb("import pandera as pa")}, "manual"),
    (
        "data-value-skew",
        {"src/p/pipeline/validate.py": "from scipy.stats import ks_2samp\n\nks_2samp(ref, new)\n"},
        "automated",
    ),
    ("data-value-skew", {"src/p/drift.py": "from evidently import Report\n"}, "automated"),
    (
        "data-value-skew",
        {"n.ipynb": nb("from scipy.stats import ks_2samp\nks_2samp(a, b)")},
        "manual",
    ),
    ("data-versioning", {"dvc.yaml": "stages:\n  train:\n    cmd: python train.py\n"}, "versioned"),
    ("data-versioning", {"data/raw.csv.dvc": "outs:\n- md5: 1\n"}, "versioned"),
    ("data-versioning", {"src/p/train.py": "meta['data_hash'] = digest\n"}, "partial"),
    ("data-eda-automated", {"src/p/eda.py": "def report(): ...\n"}, "automated"),
    ("data-eda-automated", {"notebooks/eda.ipynb": "{}"}, "notebook"),
    ("data-eda-automated", {"notebooks/look.ipynb": "{}"}, "notebook"),
    (
        "data-feature-value",
        {"src/p/pipeline/evaluate.py": "from sklearn.inspection import permutation_importance\n"},
        "automated",
    ),
    ("data-feature-value", {"analysis.ipynb": '"import shap"'}, "once"),
    ("data-feature-store", {"feature_repo/feature_store.yaml": "project: x\n"}, "shared"),
    ("data-feature-store", {"src/p/features.py": "def build(): ...\n"}, "per-project"),
    # --- governance
    (
        "governance-lineage",
        {
            "src/p/tracking.py": (
                "mlflow.set_tag('git_commit', sha)\n"
                "mlflow.log_param('data_hash', h)\n"
                "mlflow.log_params(params)\n"
            )
        },
        "recorded",
    ),
    ("governance-lineage", {"src/p/train.py": "meta = {'data_hash': h}\n"}, "partial"),
    (
        "governance-model-spec-review",
        {".github/pull_request_template.md": "- [ ] Model metrics compared\n"},
        "reviewed",
    ),
    (
        "governance-model-spec-review",
        {".github/pull_request_template.md": "Describe it\n"},
        "informal",
    ),
    ("governance-code-ownership", {".github/CODEOWNERS": "* @team\n"}, "enforced"),
    ("governance-model-cards", {"src/p/model_card.py": "def render(): ...\n"}, "generated"),
    ("governance-model-cards", {"docs/MODEL_CARD.md": "# Model card\n"}, "some"),
    (
        "governance-release-notes",
        {
            ".github/workflows/r.yml": (
                "on: push\njobs:\n  d:\n    steps:\n"
                "      - uses: release-drafter/release-drafter@v6\n"
            )
        },
        "generated",
    ),
    ("governance-release-notes", {"CHANGELOG.md": "## 1.0\n"}, "sometimes"),
    (
        "governance-documentation",
        {"README.md": "How to train and serve the model.\n", "docs/architecture.md": "# Arch\n"},
        "complete",
    ),
    ("governance-documentation", {"README.md": "Hello\n"}, "partial"),
    (  # a README about training and serving, but no architecture or runbook documents
        "governance-documentation",
        {"README.md": "Train, then serve.\n", "docs/scoping.md": "# Scope\n"},
        "partial",
    ),
    (
        "governance-api-security",
        {"api.py": "from fastapi.security import HTTPBearer\nfrom slowapi import Limiter\n"},
        "secured",
    ),
    (
        "governance-api-security",
        {"api.py": "from fastapi.security import APIKeyHeader\n"},
        "partial",
    ),
    (
        "governance-cost-tracking",
        {".github/workflows/c.yml": workflow("infracost diff --path .")},
        "estimated",
    ),
    (
        "monitoring-prediction-logging",
        {
            "deploy.py": (
                "from sagemaker.model_monitor import DataCaptureConfig\n\n"
                "capture = DataCaptureConfig(enable_capture=True, sampling_percentage=100)\n"
            )
        },
        "logged",
    ),
    (
        "monitoring-drift",
        {"resources/m.yml": "resources:\n  quality_monitors:\n    churn:\n      table_name: t\n"},
        "automated",
    ),
    (
        "monitoring-performance",
        {
            "quality.py": (
                "from sagemaker.model_monitor import ModelQualityMonitor\n\n"
                "ModelQualityMonitor(role=r, problem_type='BinaryClassification')\n"
            )
        },
        "automated",
    ),
    # --- monitoring
    (
        "monitoring-prediction-logging",
        {"src/p/prediction_log.py": "def log_prediction(row, model_version): ...\n"},
        "logged",
    ),
    (
        "monitoring-prediction-logging",
        {"src/p/app.py": "def log_predictions(rows): ...\n"},
        "partial",
    ),
    (
        "monitoring-input-invariants",
        {"api.py": FASTAPI + "REJECTED = Counter('rejected_inputs_total', 'x')\n"},
        "monitored",
    ),
    ("monitoring-input-invariants", {"api.py": FASTAPI}, "rejected-only"),
    (
        "monitoring-drift",
        {
            "src/p/monitoring/drift.py": (
                "from scipy.stats import ks_2samp\n\n"
                "def drifted(a, b):\n    return ks_2samp(a, b).pvalue < 0.01\n"
            ),
            "src/p/triggers.py": "if drift_detected: trigger_retraining()\n",
        },
        "automated",
    ),
    (
        "monitoring-drift",
        {"monitor.py": "from evidently.presets import DataDriftPreset\n"},
        "reported",
    ),
    ("monitoring-drift", {"m.py": "import whylogs as why\n"}, "reported"),
    (
        "monitoring-drift",
        {
            "src/p/monitoring/drift.py": "def psi(a, b): ...\n",
            ".github/workflows/drift.yml": workflow(
                "python -m p.monitoring.drift", on="{schedule: [{cron: '0 * * * *'}]}"
            ),
        },
        "automated",
    ),
    (
        "monitoring-performance",
        {"src/p/monitoring/performance.py": "y_true = load_labels()\nif metric_drop > 0.05: ...\n"},
        "automated",
    ),
    ("monitoring-performance", {"src/p/monitoring/perf.py": "ground_truth = x\n"}, "manual"),
    (
        "monitoring-train-serve-skew",
        {"src/p/api.py": "from .features import build_features\n"},
        "shared-code",
    ),
    (
        "monitoring-numerical-stability",
        {"src/p/api.py": "from prometheus_client import Counter\nif not np.isfinite(x): ...\n"},
        "monitored",
    ),
    (
        "monitoring-numerical-stability",
        {"tests/test_model.py": "assert not np.isnan(p)\n"},
        "training-only",
    ),
    (
        "monitoring-computing-performance",
        {"src/p/api.py": "from prometheus_client import Histogram\n"},
        "tracked",
    ),
    (
        "monitoring-computing-performance",
        {"src/p/o.py": "from opentelemetry import trace\n"},
        "tracked",
    ),
    ("monitoring-alerts", {"deploy/alertmanager.yml": "route: {}\n"}, "routed"),
    ("monitoring-alerts", {"grafana/dashboards/api.json": "{}"}, "dashboards"),
    ("monitoring-dependency-changes", {".github/dependabot.yml": "version: 2\n"}, "notified"),
    ("monitoring-dependency-changes", {"renovate.json": "{}"}, "notified"),
    # --- pipeline
    (
        "pipeline-orchestrated",
        {
            "dags/train.py": (
                "from airflow import DAG\n\nwith DAG('train', schedule=None):\n    pass\n"
            )
        },
        "automated",
    ),
    (
        "pipeline-orchestrated",
        {"flows/train.py": "from prefect import flow\n\n@flow\ndef train(): ...\n"},
        "automated",
    ),
    (
        "pipeline-orchestrated",
        {"pipe.py": "from kfp import dsl\n\n@dsl.pipeline\ndef p(): ...\n"},
        "automated",
    ),
    (
        "pipeline-orchestrated",
        {"defs.py": "import dagster as dg\n\n@dg.job\ndef train(): ...\n"},
        "automated",
    ),
    ("pipeline-orchestrated", {"dvc.yaml": "stages:\n  a:\n    cmd: x\n"}, "automated"),
    (
        "pipeline-orchestrated",
        {"src/p/pipeline/run.py": "def run_pipeline(config): ...\n", "src/p/pipeline/train.py": ""},
        "automated",
    ),
    ("pipeline-orchestrated", {"src/p/train.py": TRAIN}, "scripts"),
    ("pipeline-orchestrated", {"notebooks/model.ipynb": nb(TRAIN)}, "manual"),
    (
        "pipeline-same-code",
        {"src/p/pipeline/train.py": "from ..train import fit_model\n"},
        "same",
    ),
    (
        "pipeline-same-code",
        {
            "dags/d.py": "from airflow import DAG\nfrom churn.features import build\n",
            "churn/train.py": TRAIN,
        },
        "same",
    ),
    (
        "pipeline-modular-steps",
        {
            "src/p/pipeline/ingest.py": "",
            "docker/pipeline.Dockerfile": 'FROM python\nCMD ["python", "-m", "p.pipeline.run"]\n',
        },
        "containerised",
    ),
    (
        "pipeline-modular-steps",
        {
            "src/p/pipeline/ingest.py": "",
            "src/p/pipeline/comp.py": "from kfp import dsl\n\n@dsl.component\ndef train(): ...\n",
        },
        "containerised",
    ),
    ("pipeline-modular-steps", {"src/p/pipeline/ingest.py": ""}, "modular"),
    (
        "pipeline-modular-steps",
        {"src/p/train.py": TRAIN, "src/p/evaluate.py": "def evaluate(m): ...\n"},
        "partly",
    ),
    ("pipeline-modular-steps", {"train.ipynb": "{}"}, "monolith"),
    (
        "pipeline-deployed",
        {**PIPE, ".github/workflows/ct.yml": GHA_CT},
        "deployed",
    ),
    ("pipeline-deployed", {**PIPE, "src/p/triggers.py": ""}, "deployed"),
    ("pipeline-deployed", PIPE, "manual-runs"),
    ("pipeline-deployed", {"src/p/api.py": FASTAPI}, "model-only"),
    ("pipeline-triggers", {".github/workflows/ct.yml": GHA_CT}, "automatic"),
    (
        "pipeline-triggers",
        {"k8s/retrain.yaml": "apiVersion: batch/v1\nkind: CronJob\n"},
        "automatic",
    ),
    ("pipeline-triggers", {"Makefile": "retrain-if-needed:\n\tp triggers\n"}, "automatic"),
    ("pipeline-triggers", {"Makefile": "pipeline:\n\tp run\n"}, "on-demand"),
    (
        "pipeline-metadata-store",
        {"src/p/pipeline/train.py": "import mlflow\n\nmlflow.log_metric('f1', f1)\n"},
        "automated",
    ),
    ("pipeline-metadata-store", {"src/p/train.py": "import wandb\n\nwandb.init()\n"}, "automated"),
    ("pipeline-metadata-store", {"src/p/util.py": "import neptune\n"}, "partial"),
    ("pipeline-validation-gate", {"src/p/pipeline/gate.py": "def passes(): ...\n"}, "automated"),
    ("pipeline-validation-gate", {"src/p/promote.py": "if champion_score < s: ...\n"}, "automated"),
    (
        "pipeline-same-code",
        {"src/p/train.py": TRAIN, "notebooks/try.ipynb": nb(TRAIN)},
        "mostly",
    ),
    (
        "pipeline-modular-steps",
        {"src/train.py": TRAIN, "src/predict.py": "", "src/features.py": ""},
        "modular",
    ),
    ("pipeline-modular-steps", {"train.py": TRAIN}, "monolith"),
    (
        "pipeline-deployed",
        {
            "build.py": (
                "from azureml.pipeline.core import Pipeline\n\n"
                "p = Pipeline(ws, steps=[a, b])\np.publish_pipeline(name='train')\n"
            )
        },
        "deployed",
    ),
    (
        "pipeline-validation-gate",
        {
            "pipeline.py": (
                "from sagemaker.workflow.condition_step import ConditionStep\n\n"
                "gate = ConditionStep(name='accuracy-above-threshold', conditions=[c])\n"
            )
        },
        "manual",
    ),
    # --- scoping
    (
        "scoping-objective-metric",
        {"docs/scoping.md": "## Objective\nPrimary metric: F1, threshold 0.8\n"},
        "documented",
    ),
    (
        "scoping-trade-offs",
        {"docs/scoping.md": "## Trade-offs\nPrecision over latency.\n"},
        "documented",
    ),
    (
        "scoping-baseline",
        {
            "docs/scoping.md": "The baseline is the current process.\n",
            "b.py": "DummyClassifier()\n",
        },
        "measured",
    ),
    (
        "scoping-baseline",
        {"docs/scoping.md": "The baseline is a rule-based filter.\n"},
        "estimated",
    ),
    (
        "scoping-deployment-mode",
        {"api.py": FASTAPI, "batch.py": "def batch_predict(path): ...\n"},
        "both",
    ),
    (
        "scoping-deployment-mode",
        {
            "pipeline.py": (
                "from tfx import v1 as tfx\n\n"
                "tfx.components.Pusher(model=m)\ntfx.components.BulkInferrer(examples=e)\n"
            )
        },
        "both",
    ),
    (
        "scoping-deployment-mode",
        {
            "api.py": FASTAPI,
            ".github/workflows/batch.yml": (
                "on: {schedule: [{cron: '0 2 * * *'}]}\njobs:\n  b:\n    steps:\n"
                "      - run: python -m p.batch_inference\n"
            ),
        },
        "both",
    ),
    ("scoping-deployment-mode", {"api.py": FASTAPI}, "realtime"),
    (
        "scoping-deployment-mode",
        {"endpoint.yml": "Resources:\n  Ep:\n    Type: AWS::SageMaker::Endpoint\n"},
        "realtime",
    ),
    ("scoping-deployment-mode", {"k8s/isvc.yaml": "kind: InferenceService\n"}, "realtime"),
    ("scoping-deployment-mode", {"score.py": "def score_batch(df): ...\n"}, "batch"),
    # --- serving
    ("serving-prediction-api", {"api.py": FASTAPI}, "typed-api"),
    (
        "serving-prediction-api",
        {"service.py": "import bentoml\n@svc.api('/health')\n"},
        "typed-api",
    ),
    ("serving-prediction-api", {"deploy/seldon.yaml": "kind: SeldonDeployment\n"}, "typed-api"),
    ("serving-prediction-api", {"app.py": "from flask import Flask\n"}, "untyped"),
    (
        "serving-prediction-api",
        {"handler.py": "from ts.torch_handler.base_handler import B\n"},
        "untyped",
    ),
    (
        "serving-automated-delivery",
        {"src/p/api.py": 'model = mlflow.pyfunc.load_model("models:/churn@champion")\n'},
        "automated",
    ),
    ("serving-automated-delivery", {"deploy/release.sh": "kubectl apply -f k8s\n"}, "scripted"),
    (
        "serving-infra-compatibility",
        {"src/p/pipeline/gate.py": "signature = infer_signature(X, y)\n"},
        "automated",
    ),
    (
        "serving-model-registry",
        {"src/p/registry.py": "import mlflow\n\nmlflow.register_model(uri, name)\n"},
        "registry",
    ),
    (
        "serving-model-registry",
        {"src/p/model_io.py": "import joblib\n\njoblib.dump(model, path)\n"},
        "folders",
    ),
    ("serving-safe-rollout", {"src/p/rollout.py": "def route(): ...\n"}, "automated"),
    ("serving-safe-rollout", {"k8s/r.yaml": "kind: Rollout\n"}, "automated"),
    (
        "serving-rollback",
        {"src/p/registry.py": "def rollback(): ...\n", "tests/test_registry.py": "rollback()\n"},
        "tested",
    ),
    ("serving-rollback", {"RUNBOOK.md": "To roll back, move the alias.\n"}, "documented"),
    (
        "serving-latency-measured",
        {
            "loadtest/locustfile.py": "from locust import HttpUser  # latency\n",
            "configs/loadtest.yaml": "p99_ms: 50\n",
        },
        "budgeted",
    ),
    ("serving-latency-measured", {"bench/bench_api.py": "t = time.perf_counter()\n"}, "measured"),
    # --- training
    (
        "training-experiment-tracking",
        {"src/p/tracking.py": "import mlflow\nmlflow.set_tracking_uri(uri)\n"},
        "shared-tracker",
    ),
    ("training-experiment-tracking", {"train.py": "import wandb\n"}, "personal"),
    (
        "training-reproducible",
        {
            "requirements.txt": "scikit-learn==1.5.0\n",
            "train.py": "m = RandomForestClassifier(random_state=0)\n",
            "tests/test_repro.py": "def test_reproducible(): ...\n",
        },
        "tested",
    ),
    (
        "training-reproducible",
        {"requirements.txt": "pandas==2.2.0\n", "train.py": "np.random.seed(1)\n"},
        "manual",
    ),
    ("training-simple-baseline", {"src/p/search.py": "DummyClassifier()\n"}, "automated"),
    ("training-simple-baseline", {"n.ipynb": '"baseline"'}, "once"),
    ("training-hyperparameter-tuning", {"src/p/search.py": "x = 1\n"}, "automated"),
    ("training-hyperparameter-tuning", {"tune_it.py": "import optuna\n"}, "automated"),
    ("training-hyperparameter-tuning", {"t.py": "GridSearchCV(m, grid)\n"}, "automated"),
    ("training-hyperparameter-tuning", {"n.ipynb": '"GridSearchCV"'}, "manual"),
    ("training-slice-evaluation", {"configs/config.yaml": "slices:\n  - region\n"}, "automated"),
    (
        "training-slice-evaluation",
        {
            "e.py": (
                "from fairlearn.metrics import MetricFrame\n\n"
                "MetricFrame(metrics=f1, sensitive_features=region)\n"
            )
        },
        "automated",
    ),
    (
        "training-slice-evaluation",
        {
            "n.ipynb": nb(
                "from fairlearn.metrics import MetricFrame\n",
                "MetricFrame(metrics=f1, sensitive_features=region)",
            )
        },
        "manual",
    ),
    (
        "training-fairness",
        {"f.py": "from fairlearn.metrics import demographic_parity_ratio\n"},
        "automated",
    ),
    ("training-fairness", {"n.ipynb": '"aif360"'}, "manual"),
    ("training-model-debuggable", {"x.py": "import shap\n"}, "tooling"),
    ("training-model-debuggable", {"n.ipynb": '"shap"'}, "ad-hoc"),
]


def _id(case: tuple[str, dict[str, str], str]) -> str:
    return f"{case[0]}={case[2]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_detector_finds_its_evidence(
    case: tuple[str, dict[str, str], str],
    make_repo: RepoFactory,
    bank: Bank,
    detectors: list[Detector],
) -> None:
    practice, files, expected = case
    root = make_repo(files, git=practice == "cicd-source-control")
    result = scan_repository(root, bank, detectors=detectors, time_budget_s=30)
    assert result.answers.get(practice) == expected, result.evidence.get(practice)
    evidence = result.evidence[practice]
    assert evidence and all(e.detector != "no-evidence" for e in evidence)
    assert bank.practice(practice).option(expected) is not None


def test_an_empty_repository_derives_only_absence(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    """Negative case of every detector: nothing found -> ``when_absent`` or unanswered."""
    result = scan_repository(make_repo({"notes.txt": "nothing"}), bank, detectors=detectors)
    expected = {d.practice: d.when_absent for d in detectors if d.when_absent is not None}
    assert result.answers == expected
    assert result.evidence == {}
    assert set(result.status.values()) == {"not_found"}
    assert set(result.searched) == {d.practice for d in detectors}


NEAR_MISSES: list[tuple[str, dict[str, str]]] = [
    # Words in prose or comments, or the right tool in the wrong place, are not evidence.
    ("data-schema-validation", {"README.md": "We should import pandera one day.\n"}),
    ("data-schema-validation", {"src/p/x.py": "# TODO: import pandera\n"}),
    ("cicd-ci-every-change", {"docs/ci.md": "run pytest on pull_request\n"}),
    ("cicd-pre-commit", {"docs/pre-commit-config.yaml.example": "repos: []\n"}),
    ("cicd-load-test", {"notes.md": "try locust\n"}),
    ("pipeline-orchestrated", {"docs/airflow.md": "from airflow import DAG\n"}),
    ("monitoring-drift", {"src/p/x.py": "drift = 0  # psi later\n"}),
    ("serving-model-registry", {"docs/r.md": "mlflow.register_model(uri)\n"}),
    ("governance-code-ownership", {"docs/CODEOWNERS.md": "owners\n"}),
    ("monitoring-computing-performance", {"requirements.txt": "prometheus_client\n"}),
    ("monitoring-numerical-stability", {"src/p/api.py": "if not np.isfinite(x): reject()\n"}),
    ("monitoring-performance", {"src/p/monitoring/charts.py": "def bars(labels: list): ...\n"}),
    ("serving-automated-delivery", {"src/p/api.py": '"""Serves the champion model."""\n'}),
    (
        "cicd-feature-unit-tests",
        {"tests/test_api.py": '"""Request schema made of the features."""\n'},
    ),
]


@pytest.mark.parametrize(("practice", "files"), NEAR_MISSES, ids=[p for p, _ in NEAR_MISSES])
def test_near_misses_are_not_evidence(
    practice: str,
    files: dict[str, str],
    make_repo: RepoFactory,
    bank: Bank,
    detectors: list[Detector],
) -> None:
    result = scan_repository(make_repo(files), bank, detectors=detectors)
    assert result.status[practice] == "not_found", result.evidence.get(practice)
    detector = next(d for d in detectors if d.practice == practice)
    assert result.answers.get(practice) == detector.when_absent


def test_every_detector_has_a_positive_case(detectors: list[Detector]) -> None:
    assert {d.practice for d in detectors} - {c[0] for c in CASES} == set()


def test_every_rule_fires_in_some_case(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    """Each rule of each detector is the one that decides at least one case above."""
    fired: set[str] = set()
    for practice, files, _ in CASES:
        root = make_repo(files, git=practice == "cicd-source-control")
        result = scan_repository(root, bank, detectors=detectors, time_budget_s=30)
        fired.add(result.evidence[practice][0].detector)
    rules = {r.id for d in detectors for r in d.rules}
    missing = sorted(rules - fired)
    assert not missing, missing
