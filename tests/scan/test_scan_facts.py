"""Facts, then rules: the traps real repositories hold (each a negative fixture), the platform
patterns the scanner must recognise (each a positive fixture), repository shapes (a monorepo's
sub-folder, a template repository) and what a scan reports about itself (status, searched,
scope). Fixtures reproduce the structures in our own words."""

from __future__ import annotations

import dataclasses
import json

import pytest

from generator.bank import Bank
from generator.scan import Detector, scan_repository

from .conftest import RepoFactory, commit_all, write_tree


def scan(root, bank: Bank, detectors: list[Detector]):
    return scan_repository(root, bank, detectors=detectors, time_budget_s=30)


def notebook(*cells: str) -> str:
    return json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "source": ["# Exploring the data, see register_model("]},
                *({"cell_type": "code", "source": c.splitlines(True)} for c in cells),
            ],
            "nbformat": 4,
        }
    )


WORKFLOW_PR_MAKE_TEST = """\
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: make test
"""
MAKEFILE = "install:\n\tpip install -r requirements.txt\n\ntest: install\n\t./scripts/check.sh\n"
CHECK_SCRIPT = "#!/bin/sh\nset -e\npython -m pytest tests/unit -q\n"

# ------------------------------------------------------------------ traps (negative fixtures)

TRAPS: list[tuple[str, str, dict[str, str], set[str | None]]] = [
    (
        "a model test that borrows the feature names is not a feature test, even in CI",
        "cicd-feature-unit-tests",
        {
            "src/shop/features.py": "def names():\n    return ['age', 'income']\n",
            "src/shop/model.py": "def build(columns):\n    return object()\n",
            "tests/test_model.py": (
                "from shop import features, model\n\n"
                "def test_the_classifier_has_one_output():\n"
                "    sizes = {name: 10 for name in features.names()}\n"
                "    clf = model.build(sizes)\n"
                "    scores = clf(inputs)\n"
                "    assert scores.shape == (3, 1)\n"
            ),
            ".github/workflows/ci.yml": (
                "on: pull_request\njobs:\n  t:\n    steps:\n      - run: pytest tests\n"
            ),
        },
        {"some"},
    ),
    (
        "a schedule in dependabot.yml is not a retraining trigger",
        "pipeline-triggers",
        {
            ".github/dependabot.yml": (
                "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n"
                "    schedule:\n      interval: daily\n"
            ),
            "src/train.py": "from sklearn.svm import SVC\nSVC().fit(X, y)\n",
        },
        {"none"},
    ),
    (
        "importing an orchestrator is not a deployed pipeline",
        "pipeline-deployed",
        {"src/flows.py": "import prefect\nimport airflow\n\nprint('later')\n"},
        {None, "model-only"},
    ),
    (
        "importing an orchestrator is not an orchestrated pipeline",
        "pipeline-orchestrated",
        {"src/flows.py": "import prefect\nfrom airflow import models\n"},
        {None},
    ),
    (
        "a groupby in an EDA notebook is not slice evaluation",
        "training-slice-evaluation",
        {"notebooks/eda.ipynb": notebook("df.groupby('region').mean()\n")},
        {"none"},
    ),
    (
        "ks_2samp in a notebook is not drift monitoring",
        "monitoring-drift",
        {"notebooks/compare.ipynb": notebook("from scipy.stats import ks_2samp\nks_2samp(a, b)\n")},
        {"none"},
    ),
    (
        "a Dockerfile building a Jupyter environment is not deployment",
        "cicd-cd-pipeline",
        {
            "Dockerfile": (
                "FROM python:3.11\nRUN pip install jupyterlab\nEXPOSE 8888\n"
                'CMD ["jupyter", "lab", "--ip=0.0.0.0"]\n'
            )
        },
        {None},
    ),
    (
        "a commented-out register_model( is not a registry",
        "serving-model-registry",
        {
            "src/train.py": (
                "import mlflow\n\n# mlflow.register_model(uri, 'churn')\n"
                'NOTE = "call register_model( later"\n'
            )
        },
        {"none"},
    ),
    (
        "sklearn.model_selection is not a model test",
        "cicd-model-tests",
        {
            "tests/test_split.py": (
                "from sklearn.model_selection import train_test_split\n\n"
                "def test_split():\n    assert len(train_test_split([1, 2, 3, 4])) == 2\n"
            )
        },
        {"none"},
    ),
    (
        "X.shape is not explanation tooling",
        "training-model-debuggable",
        {"src/report.py": "import pandas as pd\n\ndef rows(X):\n    return X.shape[0]\n"},
        {None},
    ),
    (
        "a jupytext twin of a notebook is notebook code, not pipeline code",
        "pipeline-orchestrated",
        {
            "notebooks/train.py": (
                "# %%\nfrom sklearn.linear_model import LogisticRegression\n\n"
                "# %%\nLogisticRegression().fit(X, y)\n"
            ),
            "notebooks/train.ipynb": notebook("LogisticRegression().fit(X, y)\n"),
        },
        {"scripts", "manual"},
    ),
    (
        "CI that runs tests only on pushes does not require them on pull requests",
        "cicd-ci-every-change",
        {".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: pytest\n"},
        {"advisory"},
    ),
    (
        "a test that trains its own model does not test the project's model code",
        "cicd-model-tests",
        {
            "training/train_model.py": "from sklearn.svm import SVC\nSVC().fit(X, y)\n",
            "tests/test_train.py": (
                "from sklearn.svm import SVC\n\n"
                "def test_fit():\n    SVC().fit([[0], [1]], [0, 1])\n"
            ),
        },
        {"none"},
    ),
    (
        "installing pytest in CI is not running the tests",
        "cicd-ci-every-change",
        {
            ".github/workflows/lint.yml": (
                "on: [pull_request]\njobs:\n  l:\n    steps:\n"
                "      - run: pip install flake8 pytest\n      - run: flake8 .\n"
            )
        },
        {"none"},
    ),
    (
        "an empty slicing spec is the overall metric, not a slice",
        "training-slice-evaluation",
        {
            "pipeline.py": (
                "import tensorflow_model_analysis as tfma\n\n"
                "config = tfma.EvalConfig(slicing_specs=[tfma.SlicingSpec()])\n"
            )
        },
        {"none"},
    ),
    (
        "pushing a service image is not delivering a validated model",
        "serving-automated-delivery",
        {
            ".github/workflows/build.yml": (
                "on: push\njobs:\n  b:\n    steps:\n      - run: docker build -t api .\n"
                "      - run: docker push registry/api\n"
            )
        },
        {None},
    ),
    (
        "self.log and math.log are not a metadata store",
        "pipeline-metadata-store",
        {
            "src/module.py": (
                "import math\nimport torch\n\nclass M(torch.nn.Module):\n"
                "    def step(self):\n        self.log('loss', math.log(2.0))\n"
            )
        },
        {"none"},
    ),
    (
        "CI that runs only the API tests does not run the feature tests",
        "cicd-feature-unit-tests",
        {
            "p/__init__.py": "",
            "p/features.py": "def ratio(a, b): ...\n",
            "tests/unit/test_features.py": "from p.features import ratio\n",
            "tests/api/test_api.py": "def test_health():\n    assert True\n",
            ".github/workflows/ci.yml": (
                "on: [pull_request]\njobs:\n  t:\n    steps:\n"
                "      - run: python -m pytest tests/api -q\n"
            ),
        },
        {"some"},
    ),
    (
        "a test that the pipeline module imports is not an end-to-end run",
        "cicd-pipeline-integration-test",
        {
            "tests/test_pipelines.py": (
                "def test_pipelines_importable():\n    import pipelines  # noqa: F401\n"
            )
        },
        {"none"},
    ),
    (
        "a test named after feature importance is not a test of the feature code",
        "cicd-feature-unit-tests",
        {"tests/test_model.py": "def test_feature_importance():\n    assert True\n"},
        {"none"},
    ),
]


@pytest.mark.parametrize(("trap", "practice", "files", "allowed"), TRAPS, ids=[t[0] for t in TRAPS])
def test_a_keyword_is_not_the_practice(
    trap: str,
    practice: str,
    files: dict[str, str],
    allowed: set[str | None],
    make_repo: RepoFactory,
    bank: Bank,
    detectors: list[Detector],
) -> None:
    found = scan(make_repo(files), bank, detectors)
    assert found.answers.get(practice) in allowed, (trap, found.evidence.get(practice))


def test_jupytext_twins_are_read_as_notebooks(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    files = {
        "analysis/explore.py": "# %%\nimport pandera as pa\nschema = pa.DataFrameSchema({})\n",
    }
    found = scan(make_repo(files), bank, detectors)
    # the schema check runs by hand, in a notebook: manual, not automated
    assert found.answers["data-schema-validation"] == "manual"


def test_training_only_in_notebooks_is_contradicted(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    files = {"model.ipynb": notebook("from sklearn.svm import SVC\nclf = SVC().fit(X, y)\n")}
    found = scan(make_repo(files), bank, detectors)
    assert found.answers["pipeline-orchestrated"] == "manual"
    assert found.status["pipeline-orchestrated"] == "contradicted"
    assert found.evidence["pipeline-orchestrated"][0].path == "model.ipynb"


# ------------------------------------------------------------------ platform patterns (positive)

PLATFORMS: list[tuple[str, str, dict[str, str], str]] = [
    (
        "feature tests in CI: the assertion checks what the feature code returned",
        "cicd-feature-unit-tests",
        {
            "src/shop/features.py": "def scale(frame):\n    return frame / frame.max()\n",
            "tests/test_features.py": (
                "import numpy as np\n"
                "from shop.features import scale\n\n"
                "def test_scaled_values_stay_in_the_unit_range():\n"
                "    scaled = scale(raw)\n"
                "    np.testing.assert_array_less(scaled.to_numpy(), 1.0 + 1e-9)\n"
            ),
            ".github/workflows/ci.yml": (
                "on: pull_request\njobs:\n  t:\n    steps:\n      - run: pytest tests\n"
            ),
        },
        "automated",
    ),
    (
        "feature tests in CI through a unittest class asserting on a transformer's output",
        "cicd-feature-unit-tests",
        {
            "src/shop/preprocess.py": "class Cleaner:\n    def fit(self, x):\n        return x\n",
            "tests/test_preprocess.py": (
                "import unittest\n"
                "from shop.preprocess import Cleaner\n\n"
                "class CleanerTest(unittest.TestCase):\n"
                "    def test_no_missing_values_left(self):\n"
                "        cleaner = Cleaner().fit(train)\n"
                "        self.assertFalse(cleaner.transform(test).isna().any())\n"
            ),
            ".github/workflows/ci.yml": (
                "on: pull_request\njobs:\n  t:\n    steps:\n      - run: pytest tests\n"
            ),
        },
        "automated",
    ),
    (
        "CI found in any folder by shape: Azure Pipelines in .pipelines/, tests through make",
        "cicd-ci-every-change",
        {
            ".pipelines/build.yml": (
                "trigger:\n  - main\npr:\n  - main\nsteps:\n  - script: make test\n"
            ),
            "Makefile": MAKEFILE,
            "scripts/check.sh": CHECK_SCRIPT,
        },
        "required",
    ),
    (
        "GitHub Actions running a Makefile target that runs a script that runs pytest",
        "cicd-ci-every-change",
        {
            ".github/workflows/ci.yml": WORKFLOW_PR_MAKE_TEST,
            "Makefile": MAKEFILE,
            "scripts/check.sh": CHECK_SCRIPT,
        },
        "required",
    ),
    (
        "an Azure Pipelines template runs the tests of the including pipeline",
        "cicd-ci-every-change",
        {
            "azure-pipelines/main.yml": (
                "trigger: none\npr:\n  branches:\n    include: [main]\n"
                "stages:\n  - stage: build\n    jobs:\n      - template: templates/tests.yml\n"
            ),
            "azure-pipelines/templates/tests.yml": (
                "parameters:\n  - name: x\n    default: 1\njobs:\n  - job: t\n    steps:\n"
                "      - bash: pytest -v src/tests\n"
            ),
        },
        "required",
    ),
    (
        "a GitLab include: brings the test job",
        "cicd-ci-every-change",
        {
            ".gitlab-ci.yml": "include:\n  - local: ci/tests.yml\n",
            "ci/tests.yml": (
                "unit:\n  script:\n    - tox -e py\n  rules:\n"
                '    - if: $CI_PIPELINE_SOURCE == "merge_request_event"\n'
            ),
        },
        "required",
    ),
    (
        "Azure ML: Model.register resolved through the import",
        "serving-model-registry",
        {"src/register.py": "from azureml.core import Model\n\nModel.register(ws, path, 'm')\n"},
        "registry",
    ),
    (
        "MLflow client aliases",
        "serving-model-registry",
        {
            "src/promote.py": (
                "from mlflow import MlflowClient\n\nclient = MlflowClient()\n"
                "client.set_registered_model_alias('m', 'champion', 3)\n"
            )
        },
        "registry",
    ),
    (
        "a candidate's metric compared with the production model's",
        "pipeline-validation-gate",
        {
            "src/gate.py": (
                "def promote(candidate, production_metrics):\n"
                "    if candidate['auc'] > production_metrics['auc']:\n        return True\n"
                "    return False\n"
            )
        },
        "automated",
    ),
    (
        "SageMaker Pipelines: steps in a pipeline object",
        "pipeline-orchestrated",
        {
            "pipelines/build.py": (
                "from sagemaker.workflow.pipeline import Pipeline\n"
                "from sagemaker.workflow.steps import TrainingStep\n\n"
                "step = TrainingStep(name='t', estimator=est)\n"
                "Pipeline(name='p', steps=[step])\n"
            )
        },
        "automated",
    ),
    (
        "SageMaker Pipelines steps are containerised",
        "pipeline-modular-steps",
        {
            "pipelines/build.py": (
                "from sagemaker.workflow.steps import ProcessingStep, TrainingStep\n"
                "a = ProcessingStep(name='p')\nb = TrainingStep(name='t')\n"
            )
        },
        "containerised",
    ),
    (
        "TFX: the cloud pusher deploys what the evaluator blessed to a serving endpoint",
        "serving-automated-delivery",
        {
            "pipeline.py": (
                "from tfx import v1 as tfx\n\n"
                "pusher = tfx.extensions.google_cloud_ai_platform.Pusher(\n"
                "    model=m, model_blessing=b, custom_config={'endpoint': 'churn'}\n)\n"
            )
        },
        "automated",
    ),
    (
        "TFX: a pusher given serving settings deploys the blessed model",
        "serving-automated-delivery",
        {
            "flow/steps.py": (
                "from tfx.v1.components import Pusher\n\n"
                "step = Pusher(model=m, model_blessing=b, custom_config=serving_args)\n"
            )
        },
        "automated",
    ),
    (
        "TFX: a plain pusher only copies the blessed model to a folder (scripted, not CD)",
        "serving-automated-delivery",
        {
            "pipeline.py": (
                "from tfx import v1 as tfx\n\n"
                "dest = tfx.proto.PushDestination(filesystem={'base_directory': out})\n"
                "pusher = tfx.components.Pusher(model=m, model_blessing=b, push_destination=dest)\n"
            )
        },
        "scripted",
    ),
    (
        "TFX: a new model compared with the latest blessed one",
        "pipeline-validation-gate",
        {
            "pipeline.py": (
                "import tensorflow_model_analysis as tfma\n\n"
                "t = tfma.GenericChangeThreshold(direction=1, absolute={'value': -1e-10})\n"
            )
        },
        "automated",
    ),
    (
        "Prefect flow decorator",
        "pipeline-orchestrated",
        {"flows/train.py": "from prefect import flow\n\n@flow\ndef train():\n    pass\n"},
        "automated",
    ),
    (
        "Airflow DAG with a schedule",
        "pipeline-triggers",
        {
            "dags/retrain.py": (
                "from airflow import DAG\n\nwith DAG('retrain', schedule='@weekly') as dag:\n"
                "    pass\n"
            )
        },
        "automatic",
    ),
    (
        "Kubeflow components are containerised steps",
        "pipeline-modular-steps",
        {"kfp_pipeline.py": "from kfp import dsl\n\n@dsl.component\ndef train():\n    pass\n"},
        "containerised",
    ),
    (
        "DVC stages make a pipeline",
        "pipeline-orchestrated",
        {
            "dvc.yaml": (
                "stages:\n  prepare:\n    cmd: python prepare.py\n"
                "  train:\n    cmd: python train.py\n"
            )
        },
        "automated",
    ),
    (
        "Databricks bundle job with a schedule",
        "pipeline-triggers",
        {
            "resources/train.job.yml": (
                "resources:\n  jobs:\n    retrain:\n      schedule:\n"
                "        quartz_cron_expression: '0 0 3 * * ?'\n        timezone_id: UTC\n"
            )
        },
        "automatic",
    ),
    (
        "Databricks quality monitor",
        "monitoring-drift",
        {
            "resources/monitor.yml": (
                "resources:\n  quality_monitors:\n    churn_monitor:\n      table_name: t\n"
            )
        },
        "automated",
    ),
    (
        "SageMaker Model Monitor schedule",
        "monitoring-drift",
        {
            "monitor.py": (
                "from sagemaker.model_monitor import DefaultModelMonitor\n\n"
                "m = DefaultModelMonitor(role=r)\nm.create_monitoring_schedule(endpoint_input=e)\n"
            )
        },
        "automated",
    ),
    (
        "a GitHub workflow chained on another's completion trains the model",
        "pipeline-orchestrated",
        {
            ".github/workflows/train.yml": (
                "on:\n  workflow_run:\n    workflows: [ci]\n    types: [completed]\n"
                "jobs:\n  train:\n    steps:\n      - run: python training/train_model.py\n"
            )
        },
        "automated",
    ),
    (
        "CodePipeline stages with a manual approval between staging and production",
        "cicd-staged-deployment",
        {
            "pipeline.yml": (
                "Resources:\n  Delivery:\n    Type: AWS::CodePipeline::Pipeline\n"
                "    Properties:\n      Stages:\n"
                "        - Name: DeployStaging\n          Actions:\n"
                "            - Name: d\n              ActionTypeId: {Category: Deploy, Provider: "
                "CloudFormation}\n        - Name: Approve\n          Actions:\n"
                "            - Name: a\n              ActionTypeId: {Category: Approval, Provider: "
                "Manual}\n        - Name: DeployProd\n          Actions:\n"
                "            - Name: p\n              ActionTypeId: {Category: Deploy, Provider: "
                "CloudFormation}\n"
            )
        },
        "staged",
    ),
    (
        "globs ignore case: Train.py is a training script",
        "pipeline-orchestrated",
        {"src/Train.py": "print('train')\n"},
        "scripts",
    ),
    (
        "Travis CI running R's testthat through a helper",
        "cicd-ci-every-change",
        {
            ".travis.yml": "language: r\nscript:\n  - R -q -e 'tic::script()'\n",
            "tests/testthat/test-a.R": "test_that('a', expect_true(TRUE))\n",
        },
        "required",
    ),
    (
        "a test importing the example's module through its parent package",
        "cicd-model-tests",
        {
            "examples/demo/demo_pipeline.py": "def create_pipeline(): ...\n",
            "examples/demo/demo_pipeline_test.py": (
                "from pkg.examples.demo import demo_pipeline\n\n"
                "def test_create():\n    demo_pipeline.create_pipeline()\n"
            ),
            ".github/workflows/ci.yml": (
                "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest -m unit\n"
            ),
        },
        "automated",
    ),
    (
        "the feature tests a CI job's pytest paths cover, through make",
        "cicd-feature-unit-tests",
        {
            "p/__init__.py": "",
            "p/features.py": "def ratio(a, b): ...\n",
            "tests/unit/test_features.py": (
                "from p.features import ratio\n\n"
                "def test_ratio_of_equal_values():\n    assert ratio(2, 2) == 1\n"
            ),
            "Makefile": "test:\n\tpytest tests/unit\n",
            ".github/workflows/ci.yml": (
                "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: make test\n"
            ),
        },
        "automated",
    ),
    (
        "a Vertex AI model upload is a registry",
        "serving-model-registry",
        {
            "components.py": (
                "from google.cloud import aiplatform as vertex_ai\n\n"
                "vertex_ai.Model.upload(display_name='m', artifact_uri=uri)\n"
            )
        },
        "registry",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "practice", "files", "expected"), PLATFORMS, ids=[p[0] for p in PLATFORMS]
)
def test_a_platform_pattern_is_recognised(
    pattern: str,
    practice: str,
    files: dict[str, str],
    expected: str,
    make_repo: RepoFactory,
    bank: Bank,
    detectors: list[Detector],
) -> None:
    found = scan(make_repo(files), bank, detectors)
    assert found.answers.get(practice) == expected, (pattern, found.evidence.get(practice))
    assert found.status[practice] == "found"
    assert all(e.path for e in found.evidence[practice])


# ------------------------------------------------------------------ repository shapes


def test_a_monorepo_sub_folder_counts_only_its_own_evidence(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    root = make_repo(
        {
            "churn/src/train.py": "from sklearn.svm import SVC\nSVC().fit(X, y)\n",
            "churn/requirements.txt": "scikit-learn\n",
            "churn/tests/test_x.py": "def test_x():\n    assert True\n",
            "fraud/requirements.txt": "scikit-learn\n",
            "fraud/src/register.py": (
                "import mlflow\n\nmlflow.register_model('runs:/1/m', 'fraud')\n"
            ),
            ".github/workflows/churn.yml": (
                "on:\n  pull_request:\n    paths: ['churn/**']\njobs:\n  t:\n"
                "    defaults:\n      run:\n        working-directory: churn\n"
                "    steps:\n      - run: pytest tests\n"
            ),
            # a sibling project's own CI folder: not the repository's CI
            "fraud/.github/workflows/all.yml": (
                "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: cd churn && pytest\n"
            ),
            ".github/workflows/fraud.yml": (
                "on:\n  pull_request:\n    paths: ['fraud/**']\njobs:\n  t:\n"
                "    steps:\n      - run: cd fraud && pytest\n"
            ),
        },
        git=True,
    )
    whole = scan(root, bank, detectors)
    assert whole.scope is not None and whole.scope.projects == ["churn", "fraud"]
    churn = scan(root / "churn", bank, detectors)
    assert churn.scope is not None and churn.scope.subfolder == "churn"
    # the sibling's registry does not count for churn
    assert churn.answers["serving-model-registry"] == "none"
    # the root's CI job filtered on churn/ does
    assert churn.answers["cicd-ci-every-change"] == "required"
    paths = {e.path for e in churn.evidence["cicd-ci-every-change"]}
    assert paths == {"../.github/workflows/churn.yml"}


def test_a_template_repository_is_scanned_as_the_project_it_renders(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    project = "{{ cookiecutter.project_slug }}"
    root = make_repo(
        {
            "cookiecutter.json": '{"project_slug": "demo"}\n',
            # the template's own CI tests the template: not the project's CI
            ".github/workflows/test-template.yml": (
                "on: [pull_request]\njobs:\n  t:\n    steps:\n      - run: pytest tests\n"
            ),
            "tests/test_bake.py": "def test_bake(cookies):\n    assert cookies.bake()\n",
            f"{project}/src/train.py.jinja": (
                "from sklearn.svm import SVC\n{% if tracking %}\nimport mlflow\n{% endif %}\n"
                "SVC().fit(X, y)\n"
            ),
            f"{project}/README.md": "# {{ cookiecutter.project_slug }}\n",
        },
        git=True,
    )
    found = scan(root, bank, detectors)
    assert found.scope is not None and found.scope.template == "cookiecutter"
    assert found.answers["cicd-ci-every-change"] == "none"
    # train.py.jinja is read as the train.py it renders to
    assert found.answers["pipeline-orchestrated"] == "scripts"
    reasons = {e["reason"] for e in found.scope.skipped_examples}
    assert "template file read as rendered" in reasons
    # the template's own CI and tests are reported as left out
    assert found.scope.skipped["template_self_test"] == 3
    assert found.scope.project_root is not None and found.scope.project_root.endswith(project)


# ------------------------------------------------------------------ status, searched, scope


def test_not_found_is_told_apart_from_found(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    root = make_repo({"src/train.py": "from sklearn.svm import SVC\nSVC().fit(X, y)\n"})
    found = scan(root, bank, detectors)
    assert set(found.status) == {d.practice for d in detectors}
    assert found.status["pipeline-orchestrated"] == "found"
    assert found.status["cicd-ci-every-change"] == "not_found"
    # not found still counts as unmet ...
    assert found.answers["cicd-ci-every-change"] == "none"
    # ... carries no internal id as evidence, and says what was searched
    assert "cicd-ci-every-change" not in found.evidence
    assert all(e.detector != "no-evidence" for items in found.evidence.values() for e in items)
    assert found.searched["cicd-ci-every-change"].startswith("Looked for a CI job")
    assert set(found.searched) == {p for p, s in found.status.items() if s == "not_found"}


def test_the_scope_says_what_was_read_and_skipped(
    make_repo: RepoFactory, bank: Bank, detectors: list[Detector]
) -> None:
    root = make_repo(
        {
            "src/train.py": "from sklearn.svm import SVC\nSVC().fit(X, y)\n",
            "data/big.py": "x = 1\n" * 200_000,
        }
    )
    write_tree(root, {"model.pkl": b"\x00\x01binary"})
    write_tree(root, {"src/blob.py": b"\x00\x00"})
    commit_all(root)
    found = scan(root, bank, detectors)
    scope = found.scope
    assert scope is not None
    assert scope.files_listed == found.files_scanned
    assert scope.skipped["too_large"] == 1
    examples = {e["path"]: e["reason"] for e in scope.skipped_examples}
    assert examples["data/big.py"] == "over 1 MiB"
    assert examples["src/blob.py"] == "binary"
    assert "python" in scope.extractors
    json.dumps(dataclasses.asdict(scope))  # serialisable as is
