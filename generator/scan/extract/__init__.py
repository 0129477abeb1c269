"""Extractors: turn a repository's files into typed facts (:mod:`generator.scan.facts`).

:class:`Extraction` decides which listed files an extractor wants (:meth:`wants`), receives
each such file's text once, when the engine reads it (:meth:`take`), and resolves what needs
several files at the end (:meth:`finish`: CI jobs followed through Makefiles, scripts, tox,
nox and entry points). Nothing read is ever imported or executed.
"""

from __future__ import annotations

import re
import shlex
import sys
from collections.abc import Callable

from generator.scan.extract import ci, files
from generator.scan.extract.python import python_facts
from generator.scan.facts import Fact, FactStore

_TEST_PATH = re.compile(
    r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$"
)
_CI_HINTS = (
    "jobs:", "steps:", "stages:", "script", "phases:", "Resources", "trigger:", "pipelines:",
    "pr:", "extends:", "include:",
)  # fmt: skip
TEMPLATE_SUFFIXES = (".jinja", ".jinja2", ".j2", ".tmpl")
_JINJA_EXPR = re.compile(r"\{\{.*?\}\}")
_JINJA_TAG = re.compile(r"^\s*\{%.*?%\}\s*$", re.M)
_JINJA_INLINE = re.compile(r"\{%.*?%\}|\{#.*?#\}")


def rendered_name(rel: str) -> str:
    """The path a template file renders to: template suffixes stripped."""
    if not rel.endswith(TEMPLATE_SUFFIXES):
        return rel
    for suffix in TEMPLATE_SUFFIXES:
        if rel.endswith(suffix):
            return rel[: -len(suffix)]
    return rel


def render_roughly(text: str) -> str:
    """Template text made parseable: tag-only lines dropped, ``{{ x }}`` made a name."""
    text = _JINJA_TAG.sub("", text)
    text = _JINJA_INLINE.sub("", text)
    return _JINJA_EXPR.sub("template_value", text)


_IMPORT_LINE = re.compile(
    r"^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import|import[ \t]+([\w.]+))", re.M
)
# Modules that no rule asks about: a module importing only these has nothing to tell.
_PLAIN_MODULES = frozenset(sys.stdlib_module_names) | {
    "numpy", "pandas", "matplotlib", "seaborn", "typing_extensions", "tqdm", "click", "yaml",
    "attr", "attrs", "pydantic", "rich", "loguru", "dotenv", "requests", "PIL", "cv2",
}  # fmt: skip
# Words of the ``py.def`` and ``py.compare`` rules: a module defining ``psi`` with numpy alone
# still has something to tell.
_STRONG_WORDS = (
    "champion", "production", "prod_", "registered_model", "blessed", "drift", "psi",
    "retrain", "trigger", "slice", "segment", "better",
)  # fmt: skip


def _may_hold_config_facts(text: str) -> bool:
    """Cheap shape checks before parsing YAML: a Kubernetes object, a CloudFormation
    template, DVC stages, a Databricks bundle's jobs or monitors, an Azure ML pipeline job."""
    return (
        ("kind:" in text and "apiVersion" in text)
        or "Resources" in text
        or "stages:" in text
        or ("resources:" in text and ("jobs:" in text or "quality_monitors:" in text))
        or "$schema" in text
        or ("functions:" in text and "provider:" in text)
    )


def _worth_parsing(text: str, literals: frozenset[str] | None) -> bool:
    """A cheap pre-check before ``ast.parse``: the module imports something beyond the
    standard library and plain data libraries, or names a production model. It only skips
    modules in which no rule could find a fact."""
    for found in _IMPORT_LINE.findall(text):
        module = found[0] or found[1]
        if module.startswith(".") or module.partition(".")[0] not in _PLAIN_MODULES:
            return True
    folded = text.casefold()
    return any(word in folded for word in _STRONG_WORDS)


def context_of(rel: str) -> str:
    return "test" if _TEST_PATH.search(rel) else "code"


class Extraction:
    def __init__(
        self,
        paths: list[str],
        read: Callable[[str], str | None],
        python_literals: frozenset[str] | None,
        template: bool = False,
    ) -> None:
        self.paths = set(paths)
        self.read = read
        self.literals = python_literals
        self.template = template
        self.store = FactStore()
        self.ci_texts: dict[str, str] = {}
        self.local = _local_modules(paths)

    def wants(self, rel: str) -> bool:
        name = rendered_name(rel).rsplit("/", 1)[-1]
        lower = name.lower()
        return (
            lower.endswith((".py", ".ipynb", ".yml", ".yaml", ".tf"))
            or lower == "dockerfile"
            or lower.startswith("dockerfile.")
            or lower.endswith(".dockerfile")
            or lower.startswith("jenkinsfile")
        )

    def take(self, rel: str, text: str) -> None:
        shown = rendered_name(rel)
        if self.template or shown != rel:
            text = render_roughly(text)
        lower = shown.rsplit("/", 1)[-1].lower()
        if lower.endswith(".py"):
            self._python(rel, shown, text)
        elif lower.endswith(".ipynb"):
            self._add(files.notebook_facts(rel, text, self.local), "notebooks")
        elif (
            lower == "dockerfile"
            or lower.startswith("dockerfile.")
            or lower.endswith(".dockerfile")
        ):
            self._add(files.dockerfile_facts(rel, text), "dockerfiles")
        elif lower.endswith(".tf"):
            self._add(files.terraform_facts(rel, text), "terraform")
        if (
            lower.endswith((".yml", ".yaml")) or lower.startswith("jenkinsfile")
        ) and ci.is_ci_candidate(shown):
            if lower.startswith("jenkinsfile") or any(h in text for h in _CI_HINTS):
                self.ci_texts[rel] = text
            if _may_hold_config_facts(text):
                self._add(files.yaml_facts(rel, text), "configurations")

    def _python(self, rel: str, shown: str, text: str) -> None:
        twin = files.is_notebook_twin(shown, text, self.paths)
        context = "notebook" if twin else context_of(shown)
        if context == "code" and not _worth_parsing(text, self.literals):
            return
        facts = python_facts(text, rel, context, self.local)
        self._add(facts or [], "notebooks" if twin else "python")

    def _add(self, facts: list[Fact], extractor: str) -> None:
        for fact in facts:
            self.store.add(fact, extractor)

    def finish(self) -> None:
        """Resolve the CI jobs; ``ci_texts`` keeps only the files recognised as CI."""
        reader = ci.CIReader(self.read, self.paths)
        recognised = {}
        for rel, text in sorted(self.ci_texts.items()):
            jobs = reader.jobs_of(rendered_name(rel), text)
            if jobs:
                recognised[rel] = text
            self._add(reader.facts(jobs), "ci")
        self.ci_texts = recognised


def root_ci_jobs(read: Callable[[str], str | None], paths: list[str], sub: str) -> list[Fact]:
    """Facts of the repository root's CI jobs that belong to the sub-folder ``sub``: their path
    filters, working directory or commands point into it, or they run the whole test suite.
    Paths are shown relative to ``sub`` (``../.github/workflows/ci.yml``)."""
    import posixpath

    reader = ci.CIReader(read, set(paths))
    out: list[Fact] = []
    for rel in paths:
        if rel.startswith(sub + "/") or not ci.is_ci_candidate(rel) or not _root_level_ci(rel):
            continue
        text = read(rel)
        if not text or not (
            rel.lower().rsplit("/", 1)[-1].startswith("jenkinsfile")
            or any(h in text for h in _CI_HINTS)
        ):
            continue
        for job in reader.jobs_of(rel, text):
            if not _points_into(job, sub):
                continue
            for fact in reader.facts([job]):
                shown = posixpath.relpath(fact.path, sub)
                value = fact.value
                if fact.kind == "ci.pytest":  # paths from the root, made relative to sub
                    kept = []
                    for target in value.split(";"):
                        if target == "" or sub.startswith(target.rstrip("/") + "/"):
                            kept.append("")
                        elif target == sub or target.startswith(sub + "/"):
                            kept.append(target[len(sub) + 1 :])
                    if not kept:
                        continue
                    value = ";".join(kept)
                out.append(
                    Fact(
                        fact.kind, value, shown, fact.line, fact.quote, fact.context, fact.triggers
                    )
                )
    return out


_ROOT_CI_FOLDERS = ("ci", "azure-pipelines", "pipelines", "build", "jenkins", "deploy")


def _root_level_ci(rel: str) -> bool:
    """A CI file of the repository itself (at its root, in a hidden folder such as
    ``.github`` or in a CI folder), not one of a sibling project."""
    first = rel.split("/", 1)[0]
    return "/" not in rel or first.startswith(".") or first.lower() in _ROOT_CI_FOLDERS


_VALUE_OPTIONS = {"-m", "-k", "-n", "-c", "-p", "-o", "--junitxml", "--cov", "--rootdir", "-x"}


def mark_tests_run_by_ci(store: FactStore) -> None:
    """Give the facts of every test file that a CI job's pytest run covers again, in context
    ``ci-test``: "this test runs in CI", not merely "CI runs some tests"."""
    targets = [t for fact in store.of("ci.pytest") for t in fact.value.split(";")]
    if not targets:
        return

    def covered(path: str) -> bool:
        return any(t == "" or path == t or path.startswith(t.rstrip("/") + "/") for t in targets)

    for kind in list(store.by_kind):
        for fact in list(store.of(kind)):
            if fact.context == "test" and covered(rendered_name(fact.path)):
                store.add(
                    Fact(fact.kind, fact.value, fact.path, fact.line, fact.quote, "ci-test"), "ci"
                )


def _points_into(job: ci.Job, sub: str) -> bool:
    def static(pattern: str) -> str:
        return re.split(r"[*?\[{]", pattern, maxsplit=1)[0].rstrip("/")

    for pattern in job.path_filters:
        prefix = static(pattern)
        if prefix and (sub.startswith(prefix) or prefix.startswith(sub)):
            return True
    if any(w.strip("./").startswith(sub) for w in job.workdirs):
        return True
    for cmd, _, _ in job.commands:
        if sub in cmd:
            return True
        try:
            words = shlex.split(cmd)
        except ValueError:
            words = cmd.split()
        if "pytest" in words and not job.path_filters:
            rest, skip = [], False
            for word in words[words.index("pytest") + 1 :]:
                if skip:
                    skip = False
                elif word in _VALUE_OPTIONS:
                    skip = True
                elif not word.startswith("-") and "$" not in word:
                    rest.append(word)
            if not rest:
                return True
    return False


def _local_modules(paths: list[str]) -> frozenset[str]:
    """Top-level importable names of the repository: its packages and modules (also under
    ``src/``)."""
    names: set[str] = set()
    for rel in paths:
        rel = rendered_name(rel)
        if not rel.endswith(".py"):
            continue
        parts = rel.split("/")
        if parts[0] == "src" and len(parts) > 1:
            names.add("src")
            parts = parts[1:]
        names.add(parts[0][:-3] if len(parts) == 1 else parts[0])
        if len(parts) > 2:  # a script folder's siblings import each other by name
            names.add(parts[-1][:-3])
        if len(parts) == 2:
            names.add(parts[1][:-3])
        if len(parts) >= 2:  # folder/module, for imports spelled from a parent package
            names.add(f"{parts[-2]}/{parts[-1][:-3]}")
    return frozenset(n for n in names if n.replace("/", "_").isidentifier())
