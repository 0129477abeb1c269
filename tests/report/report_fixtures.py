"""Hand-built Results for the report tests (independent of the scoring code).

Imported by tests/report/conftest.py and by test modules (``from report_fixtures import ...``).

``level1_result()`` is a realistic level-1 team: eight areas (one entirely not applicable),
gaps blocking level 2 and checklist gaps, evidence with path and line, skip-logic n/a items,
unanswered questions, and metadata carrying markup-injection attempts.
"""

from __future__ import annotations

from generator.result import (
    AreaScore,
    Checklist,
    Citation,
    Evidence,
    Finding,
    Gap,
    LevelInfo,
    Metadata,
    MLTestResult,
    MLTestScore,
    Result,
)

INJECTION = "<script>alert('pwned')</script>"
ORGANISATION = f"Acme {INJECTION} & Sons | Bank"
PROJECT = "Churn | model"

SOURCES = {
    "google-mlops": Citation(
        source="google-mlops",
        title="MLOps: Continuous delivery and automation pipelines in machine learning",
        url="https://cloud.google.com/architecture/mlops-continuous-delivery-and-automation-pipelines-in-machine-learning",
        item="Google Cloud Architecture Center, MLOps levels 0, 1 and 2.",
    ),
    "ml-test-score": Citation(
        source="ml-test-score",
        title="The ML Test Score: A Rubric for ML Production Readiness and Technical Debt "
        "Reduction",
        url="https://research.google/pubs/the-ml-test-score-a-rubric-for-ml-production-readiness-and-technical-debt-reduction/",
        item="E. Breck, S. Cai, E. Nielsen, M. Salib, D. Sculley. IEEE Big Data 2017.",
    ),
    "marvelousmlops": Citation(
        source="marvelousmlops",
        title="MLOps maturity assessment",
        url="https://github.com/marvelousmlops/mlops_maturity_assessment",
        item="Marvelous MLOps, MLOps maturity assessment questionnaire (MIT licence).",
    ),
    "poulinakis-2023": Citation(
        source="poulinakis-2023",
        title="Intro to MLOps: What Is Machine Learning Operations and How to Implement It",
        url="https://www.v7labs.com/blog/mlops",
        item="K. Poulinakis, V7 Labs, 30 January 2023.",
    ),
}


def cite(source: str, item: str) -> Citation:
    base = SOURCES[source]
    return base.model_copy(update={"item": item})


LEVELS = [
    LevelInfo(
        level=0,
        name="Manual process",
        summary="Notebooks and manual steps; the model is handed over to be deployed.",
    ),
    LevelInfo(
        level=1,
        name="ML pipeline automation",
        summary="The training pipeline is automated and retrains the model on triggers.",
    ),
    LevelInfo(
        level=2,
        name="CI/CD pipeline automation",
        summary="The pipeline itself is built, tested and deployed automatically.",
    ),
]

AREAS = [
    (
        "scoping",
        "Scoping and team",
        "The problem, its metrics and trade-offs are decided first.",
        75.0,
        1,
        2,
        2,
    ),
    ("data", "Data", "Gathering, validating, versioning and exploring data.", 60.0, 1, 2, 3),
    (
        "training",
        "Experimentation and training",
        "Tracked, reproducible experiments.",
        71.43,
        3,
        4,
        4,
    ),
    (
        "pipeline",
        "Pipeline automation and continuous training",
        "The training pipeline is automated and triggered.",
        60.0,
        1,
        2,
        2,
    ),
    ("serving", "Deployment and serving", "How models reach users.", None, 0, 0, 2),
    ("monitoring", "Monitoring and retraining", "Watching the live model.", 50.0, 1, 2, 2),
    ("cicd", "CI/CD and testing", "Automated tests and delivery.", 83.33, 2, 3, 3),
    (
        "governance",
        "Governance and documentation",
        "Lineage, documentation, risk, cost.",
        0.0,
        0,
        1,
        2,
    ),
]


def _finding(
    pid: str,
    area: str,
    level: int | None,
    weight: int,
    text: str,
    status: str,
    origin: str,
    credit: float | None,
    answer: str | None,
    label: str | None,
    **extra: object,
) -> Finding:
    return Finding(
        id=pid,
        area=area,
        level=level,
        weight=weight,
        text=text,
        help=f"Why {pid} matters: without it, problems reach users before anyone notices.",
        recommendation=f"Put {pid} in place with the smallest change that the team can keep.",
        status=status,
        origin=origin,
        credit=credit,
        answer=answer,
        answer_label=label,
        sources=extra.pop("sources", [cite("google-mlops", f"Practice {pid}")]),
        **extra,
    )


def findings() -> list[Finding]:
    return [
        _finding(
            "scoping-objective",
            "scoping",
            None,
            2,
            "Is the model's objective written down with a metric and a threshold?",
            "met",
            "stated",
            1.0,
            "yes",
            "Yes, in docs/scoping.md",
        ),
        _finding(
            "scoping-team",
            "scoping",
            None,
            1,
            "Do data scientists and operations engineers work as one team?",
            "partial",
            "stated",
            0.5,
            "partly",
            "Partly: a weekly hand-over meeting",
        ),
        _finding(
            "data-schema-validation",
            "data",
            1,
            3,
            "Is new training data checked automatically against a schema?",
            "met",
            "evidence",
            1.0,
            "automated",
            "Yes: a schema check runs in the pipeline and stops it on violations",
            evidence=[
                Evidence(
                    detector="pandera-schema",
                    path="src/churn/pipeline/validate.py",
                    line=12,
                    quote="schema = pa.DataFrameSchema({'age': pa.Column(int)})",
                    confidence=0.9,
                )
            ],
            ml_test_score=["data-1"],
            sources=[
                cite("google-mlops", "Level 1: data validation"),
                cite("ml-test-score", "Data 1: feature expectations in a schema"),
            ],
        ),
        _finding(
            "data-versioning",
            "data",
            2,
            2,
            "Is every training data set versioned so a model can be traced to its data?",
            "partial",
            "stated",
            0.5,
            "manual",
            "Snapshots by hand, named by date",
            ml_test_score=["infra-1"],
        ),
        _finding(
            "data-privacy",
            "data",
            None,
            2,
            "Are personal data fields protected in the data pipeline?",
            "unanswered",
            "unanswered",
            None,
            None,
            None,
            ml_test_score=["data-5"],
        ),
        _finding(
            "training-tracking",
            "training",
            1,
            3,
            "Are experiments tracked (parameters, metrics, data version, code version)?",
            "met",
            "evidence",
            1.0,
            "automated",
            "Yes, every run is logged automatically",
            evidence=[
                Evidence(
                    detector="mlflow-tracking",
                    path="src/churn/tracking.py",
                    line=5,
                    quote="mlflow.log_params(params)  # <b>not bold</b>",
                    confidence=1.0,
                )
            ],
            ml_test_score=["infra-1"],
        ),
        _finding(
            "training-reproducible",
            "training",
            1,
            2,
            "Can anyone retrain the production model and get the same result?",
            "met",
            "stated",
            1.0,
            "yes",
            "Yes, one command with pinned versions",
            ml_test_score=["infra-1"],
        ),
        _finding(
            "training-registry",
            "training",
            2,
            2,
            "Are models registered with their lineage before serving?",
            "met",
            "evidence",
            1.0,
            "automated",
            "Yes, a model registry",
            evidence=[
                Evidence(
                    detector="mlflow-registry",
                    path="src/churn/registry.py",
                    line=41,
                    quote="client.set_registered_model_alias(",
                    confidence=0.8,
                )
            ],
            ml_test_score=["infra-7"],
        ),
        _finding(
            "training-slices",
            "training",
            2,
            2,
            "Is model quality checked on important data slices before release?",
            "missing",
            "stated",
            0.0,
            "no",
            "No",
            note="Slices were discussed but are not measured.",
            ml_test_score=["model-6"],
            command="mlops-init upgrade --to 2",
        ),
        _finding(
            "pipeline-orchestrated",
            "pipeline",
            1,
            3,
            "Does one orchestrated pipeline run every step from data to registered model?",
            "met",
            "evidence",
            1.0,
            "automated",
            "Yes, end to end",
            evidence=[
                Evidence(
                    detector="pipeline-config",
                    path="configs/pipeline.yaml",
                    line=1,
                    quote="steps: [ingest, validate, train, gate]",
                    confidence=0.95,
                ),
                Evidence(
                    detector="pipeline-module",
                    path="src/churn/pipeline/run.py",
                    line=None,
                    quote=None,
                    confidence=0.6,
                ),
            ],
            ml_test_score=["infra-3"],
        ),
        _finding(
            "pipeline-triggers",
            "pipeline",
            2,
            2,
            "Does retraining start on its own (schedule, new data, drift)?",
            "missing",
            "stated",
            0.0,
            "no",
            "No, someone starts it",
            ml_test_score=["monitor-4"],
            command="mlops-init upgrade --to 2",
        ),
        _finding(
            "serving-api",
            "serving",
            2,
            2,
            "Is the model served behind a versioned API?",
            "not_applicable",
            "skip_logic",
            None,
            "n/a",
            "Not applicable",
            note="No real-time serving: predictions are computed in batch.",
            ml_test_score=["infra-6"],
        ),
        _finding(
            "serving-canary",
            "serving",
            2,
            2,
            "Are new models canaried or shadowed before they take all traffic?",
            "not_applicable",
            "skip_logic",
            None,
            "n/a",
            "Not applicable",
            note="No real-time serving: predictions are computed in batch.",
            ml_test_score=["infra-6", "monitor-6"],
        ),
        _finding(
            "monitoring-prediction-log",
            "monitoring",
            1,
            3,
            "Are predictions logged with the model version that made them?",
            "met",
            "stated",
            1.0,
            "yes",
            "Yes",
            ml_test_score=["monitor-3"],
        ),
        _finding(
            "monitoring-drift",
            "monitoring",
            2,
            3,
            "Is input drift measured and alerted on?",
            "missing",
            "stated",
            0.0,
            "no",
            "No",
            ml_test_score=["monitor-2"],
            command="mlops-init upgrade --to 2",
        ),
        _finding(
            "cicd-unit-tests",
            "cicd",
            1,
            2,
            "Do unit tests of feature and model code run on every change?",
            "met",
            "evidence",
            1.0,
            "automated",
            "Yes, in CI",
            evidence=[
                Evidence(
                    detector="ci-pytest",
                    path=".github/workflows/ci.yml",
                    line=14,
                    quote="run: pytest -q | tee report.txt",
                    confidence=1.0,
                )
            ],
            ml_test_score=["data-7", "infra-2"],
        ),
        _finding(
            "cicd-integration-tests",
            "cicd",
            2,
            2,
            "Is the whole pipeline integration tested on a small data set in CI?",
            "met",
            "stated",
            1.0,
            "automated",
            "Yes",
            ml_test_score=["infra-3"],
        ),
        _finding(
            "cicd-model-tests",
            "cicd",
            2,
            2,
            "Are model quality checks run before each release?",
            "partial",
            "stated",
            0.5,
            "manual",
            "Manual | documented in a checklist",
            ml_test_score=["infra-4"],
            command="mlops-init upgrade --to 2",
        ),
        _finding(
            "governance-model-card",
            "governance",
            None,
            1,
            "Does each production model have a model card?",
            "missing",
            "stated",
            0.0,
            "no",
            "No",
            command=None,
        ),
        _finding(
            "governance-cost",
            "governance",
            None,
            1,
            "Is the cost of training and serving tracked?",
            "unanswered",
            "unanswered",
            None,
            None,
            None,
        ),
    ]


TEST_TITLES = {
    "data": "Data test",
    "model": "Model test",
    "infra": "Infrastructure test",
    "monitor": "Monitoring test",
}
SECTION_OF = {"data": "data", "model": "model", "infra": "infrastructure", "monitor": "monitoring"}
POINTS = {
    "data-1": 1.0,
    "data-7": 1.0,
    "data-4": 0.5,
    "model-1": 0.5,
    "model-3": 1.0,
    "infra-1": 1.0,
    "infra-2": 1.0,
    "infra-3": 1.0,
    "infra-4": 0.5,
    "infra-7": 1.0,
    "monitor-3": 1.0,
    "monitor-1": 0.5,
}
NOT_APPLICABLE = {"infra-6", "monitor-6"}


def ml_test_score(findings_: list[Finding]) -> MLTestScore:
    behind: dict[str, list[str]] = {}
    for finding in findings_:
        for test_id in finding.ml_test_score:
            behind.setdefault(test_id, []).append(finding.id)
    tests = []
    sections: dict[str, float] = {}
    for prefix, section in SECTION_OF.items():
        sections[section] = 0.0
        for number in range(1, 8):
            test_id = f"{prefix}-{number}"
            points = POINTS.get(test_id, 0.0)
            sections[section] += points
            tests.append(
                MLTestResult(
                    id=test_id,
                    section=section,
                    title=f"{TEST_TITLES[prefix]} {number}",
                    points=points,
                    not_applicable=test_id in NOT_APPLICABLE,
                    practices=behind.get(test_id, []),
                )
            )
    final = min(sections.values())
    return MLTestScore(
        sections=sections, final=final, band="first pass at production readiness", tests=tests
    )


def gaps(findings_: list[Finding]) -> list[Gap]:
    by_id = {f.id: f for f in findings_}
    order = [
        ("monitoring-drift", 2),
        ("pipeline-triggers", 2),
        ("training-slices", 2),
        ("data-versioning", 2),
        ("cicd-model-tests", 2),
        ("data-privacy", None),
        ("scoping-team", None),
        ("governance-model-card", None),
        ("governance-cost", None),
    ]
    result = []
    for pid, blocks in order:
        f = by_id[pid]
        result.append(
            Gap(
                id=f.id,
                area=f.area,
                level=f.level,
                weight=f.weight,
                credit=f.credit or 0.0,
                text=f.text,
                recommendation=f.recommendation,
                component="drift-monitoring" if pid == "monitoring-drift" else None,
                command=f.command,
                blocks_level=blocks,
            )
        )
    return result


def level1_result() -> Result:
    """A realistic level-1 assessment with injection attempts in the metadata."""
    items = findings()
    return Result(
        tool="mlops-init 0.1.0",
        bank_digest="sha256:3f1c9a0b7d2e",
        metadata=Metadata(
            organisation=ORGANISATION, project=PROJECT, assessor="Jane O'Hara", date="2026-11-20"
        ),
        level=1,
        level_name="ML pipeline automation",
        next_level=2,
        next_level_progress=28.57,
        level_attainment={"1": 1.0, "2": 0.286},
        levels=LEVELS,
        areas=[
            AreaScore(id=a, name=n, description=d, score=s, met=m, applicable=ap, total=t)
            for a, n, d, s, m, ap, t in AREAS
        ],
        ml_test_score=ml_test_score(items),
        checklist=Checklist(
            coverage=61.54, met=11, partial=3, missing=2, unanswered=2, applicable=18, total=20
        ),
        gaps=gaps(items),
        findings=items,
        sources=list(SOURCES.values()),
    )


def later_result() -> Result:
    """The same team a quarter later: drift monitoring and triggers are done, but CI unit tests
    broke (now partial, a level-1 practice), so the team drops to level 0 with a new gap."""
    before = level1_result()
    after_findings = []
    for f in before.findings:
        if f.id in ("monitoring-drift", "pipeline-triggers"):
            f = f.model_copy(update={"status": "met", "credit": 1.0, "answer_label": "Yes"})
        if f.id == "cicd-unit-tests":
            f = f.model_copy(update={"status": "partial", "credit": 0.5})
        if f.id == "data-versioning":
            f = f.model_copy(update={"credit": 0.75})
        after_findings.append(f)
    areas = [
        a.model_copy(
            update={
                "score": {"monitoring": 100.0, "pipeline": 100.0, "cicd": 66.67}.get(a.id, a.score)
            }
        )
        for a in before.areas
    ]
    new_gaps = [g for g in before.gaps if g.id not in ("monitoring-drift", "pipeline-triggers")]
    new_gaps = [
        g.model_copy(update={"credit": 0.75}) if g.id == "data-versioning" else g for g in new_gaps
    ]
    unit = next(f for f in after_findings if f.id == "cicd-unit-tests")
    new_gaps.append(
        Gap(
            id=unit.id,
            area=unit.area,
            level=unit.level,
            weight=unit.weight,
            credit=0.5,
            text=unit.text,
            recommendation=unit.recommendation,
            blocks_level=1,
        )
    )
    mts = before.ml_test_score.model_copy(
        update={
            "sections": {**before.ml_test_score.sections, "monitoring": 3.0, "model": 2.5},
            "final": 2.5,
            "band": "reasonably tested",
        }
    )
    return before.model_copy(
        update={
            "metadata": before.metadata.model_copy(update={"date": "2027-02-20"}),
            "level": 0,
            "level_name": "Manual process",
            "next_level": 1,
            "next_level_progress": 90.0,
            "findings": after_findings,
            "areas": areas,
            "gaps": new_gaps,
            "ml_test_score": mts,
            "checklist": before.checklist.model_copy(update={"coverage": 70.0}),
        }
    )


def top_level_result() -> Result:
    """A level-2 team: no next level, only checklist gaps."""
    base = level1_result()
    return base.model_copy(
        update={
            "level": 2,
            "level_name": "CI/CD pipeline automation",
            "next_level": None,
            "next_level_progress": 100.0,
            "gaps": [g.model_copy(update={"blocks_level": None}) for g in base.gaps[-2:]],
            "metadata": Metadata(),
        }
    )
