"""The Copier template: questions, rendering of every level, and generated projects that work.

Fast tests render the template (copier, no venv). Slow tests generate a project, install it in
its own venv, run ITS tests and linter, train it, serve it with uvicorn and call the API.

The matrices are read from copier.yml (tests/templates/matrix.py): its levels, and for the
fast exact-file-set test every combination of the answers that decide which files exist
(use_dvc, ci_provider, orchestrator: the conditions in templates/levels.yaml) at each level,
with every other choice (dataset, model_family, primary_metric, ...) spread over them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from templates import matrix
from templates.helpers import (
    TEMPLATE_TAG,
    empty_dirs,
    generate,
    git,
    make_venv,
    project_files,
    run_in_venv,
    serve,
    unrendered_jinja,
)

LEVELS = matrix.levels()  # the choices of copier.yml's maturity_level
LEVEL_IDS = [f"level{level}" for level in LEVELS]
VARIANTS = matrix.variants()
LONGEST_PACKAGE_NAME = "customer_lifetime_value_model_v2"  # 32 characters, the allowed maximum


def _answers(project: Path) -> dict:
    return yaml.safe_load((project / ".copier-answers.yml").read_text())


def _config(project: Path) -> dict:
    return yaml.safe_load((project / "configs" / "config.yaml").read_text())


# --------------------------------------------------------------------------------------------
# Fast: rendering
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(template_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Each level rendered once with the default answers."""
    root = tmp_path_factory.mktemp("rendered")
    return {level: generate(template_repo, root / f"level{level}", level) for level in LEVELS}


@pytest.mark.parametrize("level", LEVELS, ids=LEVEL_IDS)
def test_level_renders_completely(rendered: dict[int, Path], level: int):
    project = rendered[level]
    assert unrendered_jinja(project) == []
    assert empty_dirs(project) == []
    files = project_files(project)
    assert {"pyproject.toml", "README.md", "docs/scoping.md", "configs/config.yaml"} <= files
    assert "src/ml_project/api.py" in files


@pytest.mark.parametrize("level", LEVELS, ids=LEVEL_IDS)
def test_answers_record_an_updatable_template_source(
    rendered: dict[int, Path], template_repo: Path, level: int
):
    answers = _answers(rendered[level])
    assert Path(answers["_src_path"]).is_absolute()
    assert Path(answers["_src_path"]) == template_repo
    assert answers["_commit"] == TEMPLATE_TAG
    assert answers["maturity_level"] == level


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.id for v in VARIANTS])
def test_each_variant_renders_exactly_the_files_levels_yaml_gives_it(
    template_repo: Path, tmp_path: Path, variant: matrix.Variant
):
    project = generate(template_repo, tmp_path / "p", variant.level, variant.data)
    files = project_files(project)
    expected = matrix.expected_files(variant.level, variant.data)
    assert files == expected, (
        f"answers {variant.data}: not in levels.yaml: {sorted(files - expected)}; "
        f"missing: {sorted(expected - files)}"
    )
    assert unrendered_jinja(project) == []
    assert empty_dirs(project) == []
    stored = _answers(project)
    assert {k: stored.get(k) for k in variant.data} == variant.data  # asked, so stored


def test_the_matrix_covers_every_choice_of_copier_yml():
    rendered_values = {(k, v) for variant in VARIANTS for k, v in variant.data.items()}
    rendered_values |= {("maturity_level", variant.level) for variant in VARIANTS}
    missing = [
        f"{question.name}={value}"
        for question in matrix.choice_questions()
        for value in question.values
        if (question.name, value) not in rendered_values
    ]
    assert missing == [], f"never rendered: {missing}"
    # Every combination of the file-deciding answers, at each level that asks them.
    assert matrix.path_questions() == ["use_dvc", "ci_provider", "orchestrator"]
    choices = {q.name: q.values for q in matrix.choice_questions()}
    assert sorted(v.id for v in VARIANTS if v.level == 2) == sorted(
        f"level2-use_dvc={dvc}-ci_provider={ci}-orchestrator={orch}"
        for dvc in (False, True)
        for ci in choices["ci_provider"]
        for orch in choices["orchestrator"]
    )
    assert {"local", "airflow", "prefect", "kubeflow"} <= set(choices["orchestrator"])


def test_expected_files_follow_the_conditions_of_levels_yaml():
    """The expectation itself, on answers whose effect is known."""
    level0 = matrix.expected_files(0, {})
    assert ".copier-answers.yml" in level0 and "src/ml_project/api.py" in level0
    assert not any(path.startswith((".dvc/", ".github/", "dags/")) for path in level0)
    level2 = matrix.expected_files(
        2, {"use_dvc": True, "ci_provider": "gitlab", "orchestrator": "prefect"}
    )
    assert {".dvc/config", "dvc.yaml", ".gitlab-ci.yml", "dags/ml_project_pipeline.py"} <= level2
    assert not any(path.startswith(".github/") for path in level2)


def test_rendered_file_sets_only_grow_with_the_level(rendered: dict[int, Path]):
    level0, level1, level2 = (project_files(rendered[level]) for level in LEVELS)
    assert level0 <= level1, f"lost at level 1: {sorted(level0 - level1)}"
    assert level1 <= level2, f"lost at level 2: {sorted(level1 - level2)}"


def test_later_level_answers_are_stored_only_from_their_level(rendered: dict[int, Path]):
    level0, level1, level2 = (_answers(rendered[level]) for level in LEVELS)
    assert "use_dvc" not in level0 and "ci_provider" not in level0
    assert level1["use_dvc"] is False and level1["tracking_backend"] == "sqlite"
    assert "ci_provider" not in level1
    assert level2["ci_provider"] == "github" and level2["orchestrator"] == "local"


def test_a_raise_with_defaults_keeps_answers_and_fills_the_new_levels_questions(
    template_repo: Path, tmp_path: Path
):
    import copier

    project = generate(template_repo, tmp_path / "p", 0, {"problem_type": "regression"})
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "generated")
    copier.run_update(
        str(project),
        data={"maturity_level": 2},
        defaults=True,
        overwrite=True,
        quiet=True,
        unsafe=False,
        vcs_ref=copier.VcsRef.CURRENT,
    )
    answers = _answers(project)
    assert answers["maturity_level"] == 2
    assert (answers["problem_type"], answers["dataset"]) == ("regression", "diabetes")
    assert answers["use_dvc"] is False and answers["tracking_backend"] == "sqlite"
    assert answers["ci_provider"] == "github" and answers["orchestrator"] == "local"
    assert answers["_commit"] == TEMPLATE_TAG


def test_scoping_doc_and_config_carry_the_same_answers(rendered: dict[int, Path]):
    project = rendered[0]
    scoping = (project / "docs" / "scoping.md").read_text()
    config = _config(project)
    assert config["evaluation"] == {"primary_metric": "roc_auc", "threshold": 0.9, "test_size": 0.2}
    assert "- Primary metric: `roc_auc`" in scoping
    assert "- Good enough: `0.9`" in scoping
    assert len(config["data"]["features"]) == 30


def test_package_name_defaults_to_an_identifier_made_from_the_project_name(
    template_repo: Path, tmp_path: Path
):
    project = generate(template_repo, tmp_path / "p", 0, {"project_name": "The Churn-model (v2)"})
    assert _answers(project)["package_name"] == "the_churn_model_v2"
    assert (project / "src" / "the_churn_model_v2" / "api.py").is_file()


def test_regression_defaults_follow_the_problem_type(template_repo: Path, tmp_path: Path):
    project = generate(template_repo, tmp_path / "p", 0, {"problem_type": "regression"})
    answers, config = _answers(project), _config(project)
    assert (answers["dataset"], answers["model_family"], answers["primary_metric"]) == (
        "diabetes",
        "ridge",
        "rmse",
    )
    assert config["data"]["source"] == "diabetes"
    assert config["evaluation"]["primary_metric"] == "rmse"
    assert "at most 65.0" in (project / "docs" / "scoping.md").read_text()


def test_csv_dataset_records_path_and_target(template_repo: Path, tmp_path: Path):
    data = {"dataset": "csv", "csv_path": "data/raw/patients.csv", "target_column": "outcome"}
    project = generate(template_repo, tmp_path / "p", 0, data)
    config = _config(project)
    assert config["data"] == {
        "source": "csv",
        "csv_path": "data/raw/patients.csv",
        "target": "outcome",
        "features": [],
    }
    assert _answers(project)["csv_path"] == "data/raw/patients.csv"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"package_name": "sklearn"}, "would shadow a standard-library or common package"),
        ({"package_name": "test"}, "would shadow a standard-library or common package"),
        ({"package_name": "class"}, "must not be a Python keyword"),
        ({"package_name": LONGEST_PACKAGE_NAME + "x"}, "at most 32 characters"),
        ({"package_name": "My-Model"}, "must be a lowercase Python identifier"),
        ({"project_name": "  "}, "The project name must not be empty."),
        ({"author_email": "nobody"}, "must look like name@example.org"),
        (
            {"problem_type": "regression", "dataset": "wine"},
            "wine is a classification dataset; choose diabetes or csv for regression.",
        ),
        (
            {"problem_type": "classification", "model_family": "ridge"},
            "ridge is for regression",
        ),
        ({"problem_type": "regression", "primary_metric": "roc_auc"}, "classification metric"),
        ({"primary_metric": "f1", "metric_threshold": 1.5}, "The f1 threshold must be in (0, 1]."),
        ({"primary_metric": "roc_auc", "metric_threshold": 0}, "must be in (0, 1]"),
        ({"dataset": "csv", "csv_path": "/home/me/data.csv"}, "must be relative"),
        ({"dataset": "csv", "target_column": ""}, "The target column must not be empty."),
        ({"maturity_level": 3}, "maturity_level"),
    ],
    ids=[
        "pkg-sklearn",
        "pkg-test",
        "pkg-keyword",
        "pkg-too-long",
        "pkg-case",
        "empty-project",
        "bad-email",
        "dataset-vs-problem",
        "model-vs-problem",
        "metric-vs-problem",
        "f1-threshold",
        "zero-threshold",
        "absolute-csv",
        "empty-target",
        "level-3",
    ],
)
def test_invalid_answers_are_refused_with_a_clear_message(
    template_repo: Path, tmp_path: Path, data: dict, message: str
):
    dest = tmp_path / "p"
    level = data.pop("maturity_level", 0)
    with pytest.raises(ValueError) as caught:
        generate(template_repo, dest, level, data)
    assert message in str(caught.value)
    assert not dest.exists() or not any(dest.iterdir()), "nothing may be written"


@pytest.mark.parametrize("level", LEVELS, ids=LEVEL_IDS)
def test_longest_package_name_keeps_the_project_lint_clean(
    template_repo: Path, tmp_path: Path, level: int
):
    """Lines that hold answers must stay valid and within the line length for any answer."""
    data = {
        "package_name": LONGEST_PACKAGE_NAME,
        "project_name": 'The "Churn" model <v2>',
        "description": "Predicts which customers leave, "
        + "so the retention team can call them first; " * 4
        + 'quotes " and a backslash \\ included"',
    }
    project = generate(template_repo, tmp_path / "p", level, data)
    # Both the linter and the formatter: level 2's pre-commit runs `ruff format --check`, and a
    # project must not fail its own hooks the moment it is generated.
    for command in (["check", "--output-format", "concise"], ["format", "--check"]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--no-cache", "."],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_leftover_check_finds_jinja_but_not_github_actions_expressions(tmp_path: Path):
    (tmp_path / "ci.yml").write_text("ref: ${{ github.ref }}\nname: {{ project_name }}\n")
    (tmp_path / "ok.py").write_text("x = {'a': {'b': 1}}\nprint(f'{x:.1%}')\n")
    (tmp_path / "left.md").write_text("{% if maturity_level >= 1 %}\n{#- note #}\n")
    assert unrendered_jinja(tmp_path) == [
        "ci.yml:2: name: {{ project_name }}",
        "left.md:1: {% if maturity_level >= 1 %}",
        "left.md:2: {#- note #}",
    ]


# --------------------------------------------------------------------------------------------
# Slow: generate, install, run the project's own checks, train, serve
# --------------------------------------------------------------------------------------------

CASES = {
    **{f"level{level}": (level, {}) for level in LEVELS},  # each level copier.yml offers
    "level0-regression": (0, {"problem_type": "regression", "model_family": "random_forest"}),
    "level0-wine-boosting": (
        0,
        {"dataset": "wine", "model_family": "gradient_boosting", "primary_metric": "f1"},
    ),
    "level0-csv": (0, {"dataset": "csv", "target_column": "Diagnosis"}),
}


def test_the_slow_cases_answer_with_choices_copier_yml_offers():
    offered = {q.name: q.values for q in matrix.choice_questions()}
    for case, (level, data) in CASES.items():
        assert level in offered["maturity_level"], case
        for name, value in data.items():
            if name in offered:
                assert value in offered[name], f"{case}: {name}={value!r} is not a choice"


_ROW_SCRIPT = """
import json, sys
from {pkg}.config import load_config
from {pkg}.data import load_dataset
meta = json.load(open("models/metadata.json"))
frame = load_dataset(load_config())
row = frame[list(meta["features"])].iloc[0].to_dict()
print(json.dumps({{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}}))
"""


def _write_team_csv(project: Path) -> None:
    """A team CSV with raw column names (spaces, capitals), text labels and a text feature."""
    from sklearn.datasets import load_breast_cancer

    frame = load_breast_cancer(as_frame=True).frame.rename(columns={"target": "Diagnosis"})
    frame["Diagnosis"] = frame["Diagnosis"].map({0: "malignant", 1: "benign"})
    frame["Clinic Site"] = ["north", "south", "east"] * (len(frame) // 3) + ["north"] * (
        len(frame) % 3
    )
    path = project / "data" / "raw" / "train.csv"
    path.parent.mkdir(parents=True)
    frame.to_csv(path, index=False)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_generated_project_passes_its_own_checks_trains_and_serves(
    template_repo: Path, tmp_path: Path, case: str
):
    level, data = CASES[case]
    project = generate(template_repo, tmp_path / "project", level, data)
    assert unrendered_jinja(project) == []
    assert empty_dirs(project) == []
    if data.get("dataset") == "csv":
        _write_team_csv(project)
    package = _answers(project)["package_name"]

    venv = make_venv(project)
    tests = run_in_venv(venv, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=project)
    assert " passed" in tests.stdout and "skipped" not in tests.stdout, tests.stdout
    run_in_venv(venv, "-m", "ruff", "check", "--no-cache", ".", cwd=project)

    run_in_venv(venv, "-m", package, "train", cwd=project)
    meta = json.loads((project / "models" / "metadata.json").read_text())
    assert meta["meets_threshold"] is True
    run_in_venv(venv, "-m", package, "evaluate", cwd=project)
    row = json.loads(run_in_venv(venv, "-c", _ROW_SCRIPT.format(pkg=package), cwd=project).stdout)

    import httpx

    with serve(venv, project, f"{package}.api:create_app", factory=True) as base_url:
        health = httpx.get(f"{base_url}/health", timeout=10)
        assert health.status_code == 200
        assert health.json()["model_version"] == meta["model_version"]
        response = httpx.post(f"{base_url}/predict", json=row, timeout=10)
        assert response.status_code == 200, response.text
        assert response.json()["model_version"] == meta["model_version"]
        bad = httpx.post(f"{base_url}/predict", json={**row, "unknown": 1}, timeout=10)
        assert bad.status_code == 422
