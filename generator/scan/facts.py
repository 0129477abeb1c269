"""Typed facts: what the extractors (:mod:`generator.scan.extract`) saw in a repository.

A fact is one observation with a place: "this module imports ``mlflow``", "this CI job runs
``pytest tests/`` on pull requests", "this Dockerfile runs a web server". Rules in
``detectors.yaml`` match facts by kind and value (``{fact: py.call, value: REGEX}``) instead
of searching raw text, so a word in a comment, a string or ``sklearn.model_selection`` is
never taken for the practice.

Kinds (the ``value`` each carries):

``py.import``        a module imported (``sklearn.model_selection``, ``mlflow``)
``py.local-import``  a module of the repository itself imported (``src.features``)
``py.call``          a call, its name resolved through the imports (``mlflow.register_model``,
                     ``azureml.core.Model.register``; an unresolved receiver keeps its own
                     name: ``client.set_registered_model_alias``)
``py.call-kw``       a call with keyword arguments: ``name(kw1,kw2)`` (``tfma.SlicingSpec(
                     feature_keys)``: a slice, where ``tfma.SlicingSpec()`` is the whole set)
``py.decorator``     a decorator, resolved (``prefect.flow``, ``app.post``)
``py.def``           a function defined (``test_train_model``)
``py.class``         a base class used (``locust.HttpUser``)
``py.compare``       a comparison of a new model's metric with the current/production one's
``py.route``         an HTTP route served (``/predict``)
``py.tested``        in a test, a module of the repository whose results a test function's
                     assertions check (``src.features.scale``), followed through assignments
``ci.job``           a CI/CD job (its name); every ``ci.*`` fact carries the job's triggers
``ci.trigger``       what starts a job: ``pull_request``, ``push``, ``schedule``, ``manual``,
                     ``pipeline`` (completion of another pipeline), ``tag``
``ci.run``           a command a job runs, followed through Makefile targets, scripts, tox/nox
``ci.pytest``        the paths a CI job's pytest run covers (``;``-separated, empty = all)
``ci.uses``          an action, orb, task or template a job uses (``pre-commit/action``)
``ci.environment``   a deployment environment or stage a job targets (``staging``, ``prod``)
``ci.approval``      a manual approval before a stage
``docker.image``     what a Dockerfile runs: ``server``, ``notebook``, ``pipeline``, ``other``
``k8s.kind``         a Kubernetes resource kind (``Deployment``, ``InferenceService``)
``tf.resource``      a Terraform resource type (``google_vertex_ai_endpoint``)
``cfn.resource``     a CloudFormation resource type (``AWS::SageMaker::Endpoint``)
``dvc.stage``        a DVC stage (its name; the quote is its command)
``bundle.job``       a Databricks bundle job; ``bundle.schedule`` its schedule;
                     ``bundle.monitor`` a quality monitor
``schedule``         a schedule that starts something, its value naming where it comes from
                     (``ci``, ``airflow``, ``databricks``, ``eventbridge``, ``cronjob``...)

Each fact has a ``context``: ``code`` (the project's modules), ``test`` (test files; the facts
of a test file that a CI job's pytest run covers are also given as ``ci-test``),
``notebook`` (notebook code cells and jupytext twins: code a person runs by hand), ``ci``
(CI/CD definitions and what they run), ``config`` (other configuration).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

CONTEXTS = ("code", "test", "ci-test", "notebook", "ci", "config")


@dataclass(frozen=True, slots=True)
class Fact:
    kind: str
    value: str
    path: str
    line: int | None = None
    quote: str | None = None
    context: str = "code"
    triggers: frozenset[str] = frozenset()  # for ci.* facts: what starts the job


class FactStore:
    """Facts by kind; each extractor that added one is remembered (for the scan's scope)."""

    def __init__(self) -> None:
        self.by_kind: dict[str, list[Fact]] = defaultdict(list)
        self.extractors: set[str] = set()
        self._seen: set[tuple[object, ...]] = set()

    def add(self, fact: Fact, extractor: str) -> None:
        key = (fact.kind, fact.value, fact.path, fact.line, fact.triggers, fact.context)
        if key in self._seen:
            return
        self._seen.add(key)
        self.by_kind[fact.kind].append(fact)
        self.extractors.add(extractor)

    def of(self, kind: str) -> list[Fact]:
        return self.by_kind.get(kind, [])

    def __len__(self) -> int:
        return sum(len(v) for v in self.by_kind.values())
