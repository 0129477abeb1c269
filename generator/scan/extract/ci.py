"""CI/CD definitions of every common provider, wherever their files live, recognised by shape.

GitHub Actions (reusable workflows followed), GitLab CI (``include: local`` followed), Azure
Pipelines in any folder (``template:`` files followed), Jenkinsfile, CircleCI, Bitbucket,
Buildkite, AWS CodeBuild buildspecs, Google Cloud Build files and AWS CodePipeline stages in
CloudFormation templates. Each job becomes facts: its triggers (pull request, push, schedule
with its cron, manual, completion of another pipeline), path filters, environments and
approvals, and the commands it runs, followed through Makefile targets, shell scripts, tox
environments, nox sessions and package entry points down to what really runs.
"""

from __future__ import annotations

import ast
import configparser
import posixpath
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.scan.extract.yamlload import line_of, load_all
from generator.scan.facts import Fact

Reader = Callable[[str], "str | None"]

QUOTE_CHARS = 120
MAX_DEPTH = 6  # make -> script -> make ... stops here (and never loops)


@dataclass
class Job:
    name: str
    path: str
    line: int | None
    triggers: set[str] = field(default_factory=set)
    commands: list[tuple[str, str, int | None]] = field(default_factory=list)  # cmd, path, line
    uses: list[tuple[str, int | None]] = field(default_factory=list)
    environments: list[tuple[str, int | None]] = field(default_factory=list)
    approvals: list[tuple[str, int | None]] = field(default_factory=list)
    path_filters: list[str] = field(default_factory=list)
    workdirs: list[str] = field(default_factory=list)
    schedules: list[tuple[str, int | None]] = field(default_factory=list)


def is_ci_candidate(rel: str) -> bool:
    """Files that may hold a CI/CD definition (their shape decides)."""
    name = rel.rsplit("/", 1)[-1].lower()
    if name in ("jenkinsfile",) or name.startswith("jenkinsfile."):
        return True
    return name.endswith((".yml", ".yaml")) and not name.startswith(_NOT_CI)


_NOT_CI = (
    "dependabot", "renovate", ".pre-commit", ".readthedocs", "mkdocs", "codecov", ".codecov",
    "environment", "conda", "docker-compose", "compose", ".markdownlint", ".yamllint", "citation",
    "params", "chart", "values", "release-drafter", "funding", "labeler", "stale", "mlproject",
)  # fmt: skip


# ------------------------------------------------------------------ reading definitions


class CIReader:
    """Turns CI definition files into jobs, and jobs into facts."""

    def __init__(self, read: Reader, paths: set[str], prefix: str = "") -> None:
        self.read = read
        self.paths = paths
        self.prefix = prefix  # shown before paths outside the scanned folder
        self._entry_points: dict[str, str] | None = None
        self._makefiles: dict[str, dict[str, tuple[list[str], list[tuple[str, int]]]]] = {}

    # -- recognising
    def jobs_of(self, rel: str, text: str) -> list[Job]:
        name = rel.rsplit("/", 1)[-1].lower()
        if name == "jenkinsfile" or name.startswith("jenkinsfile."):
            return _jenkins(rel, text)
        docs = load_all(text)
        if len(docs) != 1 or not isinstance(docs[0], dict):
            return []
        data = docs[0]
        keys = set(map(str, data))
        if "/.github/workflows/" in f"/{rel}" and "jobs" in keys:
            return self._github(rel, text, data)
        if name.startswith(".gitlab-ci") or (
            ".gitlab" in rel and any(isinstance(v, dict) and "script" in v for v in data.values())
        ):
            return self._gitlab(rel, text, data)
        if ".circleci/" in rel and "jobs" in keys:
            return _circleci(rel, text, data)
        if name.startswith("bitbucket-pipelines") and "pipelines" in keys:
            return _bitbucket(rel, text, data)
        if ".buildkite/" in rel and "steps" in keys:
            return _buildkite(rel, text, data)
        if name.startswith(".travis") and keys & {"script", "install", "jobs", "matrix"}:
            return _travis(rel, text, data)
        if "phases" in keys and "version" in keys:
            return _codebuild(rel, text, data)
        if "Resources" in keys and isinstance(data.get("Resources"), dict):
            return _codepipeline(rel, text, data)
        if _is_cloudbuild(data):
            return _cloudbuild(rel, text, data)
        if _is_azure(data):
            if "parameters" in keys and not keys & {"trigger", "pr", "schedules"}:
                return []  # a template: its callers' jobs run it
            return self._azure(rel, text, data, None)
        return []

    # -- GitHub Actions
    def _github(
        self, rel: str, text: str, data: dict, seen: frozenset[str] = frozenset()
    ) -> list[Job]:
        on = data.get("on", data.get(True))
        triggers, filters, schedules = _github_triggers(on, text)
        jobs = []
        for job_name, job in (data.get("jobs") or {}).items():
            if not isinstance(job, dict):
                continue
            j = Job(str(job_name), rel, line_of(text, f"{job_name}:"), set(triggers))
            j.path_filters += filters
            j.schedules += schedules
            env = job.get("environment")
            if isinstance(env, dict):
                env = env.get("name")
            if isinstance(env, str):
                j.environments.append((env, line_of(text, "environment:")))
            workdir = (job.get("defaults") or {}).get("run", {}).get("working-directory")
            if isinstance(workdir, str):
                j.workdirs.append(workdir)
            uses = job.get("uses")
            if isinstance(uses, str):  # a reusable workflow of this repository
                j.uses.append((uses, line_of(text, uses)))
                target = uses.lstrip("./")
                if uses.startswith("./") and target not in seen and target in self.paths:
                    called = self.read(target)
                    docs = load_all(called or "")
                    if docs and isinstance(docs[0], dict):
                        for sub in self._github(target, called or "", docs[0], seen | {rel}):
                            sub.triggers = set(triggers)
                            sub.path_filters += filters
                            jobs.append(sub)
            for step in job.get("steps") or []:
                if not isinstance(step, dict):
                    continue
                if isinstance(step.get("uses"), str):
                    j.uses.append((step["uses"], line_of(text, step["uses"])))
                    if step["uses"].startswith("pre-commit/action"):
                        j.commands.append(
                            ("pre-commit run --all-files", rel, line_of(text, step["uses"]))
                        )
                if isinstance(step.get("working-directory"), str):
                    j.workdirs.append(step["working-directory"])
                run = step.get("run")
                if isinstance(run, str):
                    _add_script(j, run, rel, text)
            jobs.append(j)
        return jobs

    # -- GitLab CI
    def _gitlab(
        self, rel: str, text: str, data: dict, depth: int = 0, sources: set[str] | None = None
    ) -> list[Job]:
        jobs = []
        pipeline_sources = sources if sources is not None else _gitlab_sources(data)
        includes = data.get("include") or []
        for inc in includes if isinstance(includes, list) else [includes]:
            local = inc.get("local") if isinstance(inc, dict) else inc
            if isinstance(local, str) and depth < MAX_DEPTH:
                target = local.lstrip("/")
                called = self.read(target) if target in self.paths else None
                docs = load_all(called or "")
                if docs and isinstance(docs[0], dict):
                    jobs += self._gitlab(target, called or "", docs[0], depth + 1, pipeline_sources)
        for job_name, job in data.items():
            if not isinstance(job, dict) or ("script" not in job and "trigger" not in job):
                continue
            if str(job_name).startswith("."):
                continue
            triggers = _gitlab_job_triggers(job, pipeline_sources)
            j = Job(str(job_name), rel, line_of(text, f"{job_name}:"), triggers)
            rules = job.get("rules") if isinstance(job.get("rules"), list) else []
            manual = job.get("when") == "manual" or any(
                isinstance(r, dict) and r.get("when") == "manual" for r in rules
            )
            if manual:
                j.approvals.append((f"{job_name}: when manual", j.line))
            env = job.get("environment")
            if isinstance(env, dict):
                env = env.get("name")
            if isinstance(env, str):
                j.environments.append((env, line_of(text, "environment:")))
            for key in ("before_script", "script"):
                for cmd in _as_list(job.get(key)):
                    if isinstance(cmd, str):
                        _add_script(j, cmd, rel, text)
            jobs.append(j)
        return jobs

    # -- Azure Pipelines
    def _azure(
        self, rel: str, text: str, data: dict, triggers: set[str] | None, depth: int = 0
    ) -> list[Job]:
        own: set[str] = set()
        filters: list[str] = []
        schedules: list[tuple[str, int | None]] = []
        if triggers is None:  # a pipeline (a template inherits its caller's triggers)
            trigger = data.get("trigger", "default")
            if _azure_enabled(trigger):
                own.add("push")
                filters += _azure_paths(trigger)
            pr = data.get("pr")
            if pr is not None and _azure_enabled(pr):
                own.add("pull_request")
                filters += _azure_paths(pr)
            for sched in _as_list(data.get("schedules")):
                if isinstance(sched, dict) and sched.get("cron"):
                    own.add("schedule")
                    schedules.append((str(sched["cron"]), line_of(text, str(sched["cron"]))))
            resources = data.get("resources") or {}
            if isinstance(resources, dict) and resources.get("pipelines"):
                own.add("pipeline")
            if not own:
                own.add("manual")
            triggers = own
        job = Job(rel.rsplit("/", 1)[-1], rel, 1, set(triggers))
        job.path_filters += filters
        job.schedules += schedules
        jobs = [job]
        self._azure_walk(data, job, jobs, rel, text, depth)
        return jobs

    def _azure_walk(
        self, node: Any, job: Job, jobs: list[Job], rel: str, text: str, depth: int
    ) -> None:
        if isinstance(node, list):
            for item in node:
                self._azure_walk(item, job, jobs, rel, text, depth)
            return
        if not isinstance(node, dict):
            return
        for key in ("script", "bash", "pwsh", "powershell"):
            if isinstance(node.get(key), str):
                _add_script(job, node[key], rel, text)
        task = node.get("task")
        if isinstance(task, str):
            job.uses.append((task, line_of(text, task)))
            if task.startswith("ManualValidation"):
                job.approvals.append((task, line_of(text, task)))
            inputs = node.get("inputs") or {}
            if isinstance(inputs, dict):
                for k in ("inlineScript", "script", "scriptPath", "arguments"):
                    if isinstance(inputs.get(k), str):
                        value = inputs[k]
                        _add_script(job, value if k != "scriptPath" else f"bash {value}", rel, text)
        if isinstance(node.get("environment"), str):
            job.environments.append((node["environment"], line_of(text, "environment:")))
        for key in ("stage", "deployment"):
            if isinstance(node.get(key), str):
                job.environments.append((node[key], line_of(text, node[key])))
        template = node.get("template")
        if isinstance(template, str) and depth < MAX_DEPTH and "@" not in template:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), template))
            if target not in self.paths:
                target = template.lstrip("/")
            called = self.read(target) if target in self.paths else None
            docs = load_all(called or "")
            params = node.get("parameters")
            if isinstance(params, dict):  # a template called with the script it runs
                for value in params.values():
                    if isinstance(value, str) and value.endswith((".py", ".sh")):
                        runner = "python" if value.endswith(".py") else "bash"
                        job.commands.append((f"{runner} {value}", rel, line_of(text, value)))
            if docs and isinstance(docs[0], dict) and _is_azure(docs[0]):
                for sub in self._azure(target, called or "", docs[0], job.triggers, depth + 1):
                    if isinstance(params, dict):
                        for value in params.values():
                            if isinstance(value, str) and value.lower() in (
                                "staging",
                                "stg",
                                "prod",
                                "production",
                                "prd",
                                "dev",
                                "test",
                            ):
                                sub.environments.append((value, line_of(text, value)))
                    jobs.append(sub)
        for key, value in node.items():
            if key in ("template", "inputs"):
                continue
            if isinstance(value, (dict, list)):
                self._azure_walk(value, job, jobs, rel, text, depth)

    # -- following commands down to what really runs
    def facts(
        self, jobs: list[Job], extra_triggers: dict[str, set[str]] | None = None
    ) -> list[Fact]:
        out: list[Fact] = []
        for job in jobs:
            triggers = frozenset(job.triggers)
            shown = self.prefix + job.path

            def fact(
                kind: str,
                value: str,
                line: int | None,
                path: str = shown,
                triggers: frozenset[str] = triggers,
            ) -> None:
                out.append(Fact(kind, value, path, line, _quote(value), "ci", triggers))

            fact("ci.job", job.name, job.line)
            for trig in sorted(job.triggers):
                fact("ci.trigger", trig, job.line)
            for cron, line in job.schedules:
                out.append(
                    Fact("schedule", "ci", shown, line, _quote(f"cron: {cron}"), "ci", triggers)
                )
            for uses, line in job.uses:
                fact("ci.uses", uses, line)
            for env, line in job.environments:
                fact("ci.environment", env, line)
            for approval, line in job.approvals:
                fact("ci.approval", approval, line)
            workdir = job.workdirs[0] if job.workdirs else ""
            for cmd, path, line in job.commands:
                expanded = self.expand(cmd, path, line, workdir, 0, set())
                if _RUNS_SUITE.search(cmd) and not any(
                    pytest_targets(run) is not None for run, _, _ in expanded
                ):  # tox, nox, make test, unittest whose definition is not here: the whole suite
                    out.append(
                        Fact(
                            "ci.pytest",
                            workdir.strip("./"),
                            shown,
                            line,
                            _quote(cmd),
                            "ci",
                            triggers,
                        )
                    )
                for run, run_path, run_line in expanded:
                    out.append(
                        Fact(
                            "ci.run",
                            run,
                            self.prefix + run_path,
                            run_line,
                            _quote(run),
                            "ci",
                            triggers,
                        )
                    )
                    targets = pytest_targets(run)
                    if targets is not None:
                        here = posixpath.dirname(run_path) if run_path != path else workdir
                        where = [posixpath.normpath(posixpath.join(here, t)) for t in targets]
                        covered = [w.lstrip("./") if w != "." else "" for w in where]
                        value = ";".join(covered) if targets else here.strip("./")
                        out.append(
                            Fact(
                                "ci.pytest",
                                value,
                                self.prefix + run_path,
                                run_line,
                                _quote(run),
                                "ci",
                                triggers,
                            )
                        )
        return out

    def expand(
        self, cmd: str, path: str, line: int | None, workdir: str, depth: int, seen: set[str]
    ) -> list[tuple[str, str, int | None]]:
        """``cmd`` itself, then what it runs (make targets, scripts, tox, entry points)."""
        out = [(cmd, path, line)]
        if depth >= MAX_DEPTH:
            return out
        try:
            words = shlex.split(cmd, comments=True)
        except ValueError:
            words = cmd.split()
        # "cd dir && make test" / "uv run make test" / "poetry run pytest"
        segments: list[list[str]] = [[]]
        for word in words:
            if word in ("&&", "||", ";", "|"):
                segments.append([])
            else:
                segments[-1].append(word)
        here = workdir
        for seg in segments:
            while (
                seg
                and seg[0] in ("uv", "poetry", "pipenv", "pdm", "hatch", "conda")
                and len(seg) > 2
                and seg[1] == "run"
            ):
                seg = seg[2:]
            while seg and (
                seg[0] in ("sudo", "time", "exec", "env")
                or ("=" in seg[0] and not seg[0].startswith("-"))
            ):
                seg = seg[1:]
            if not seg:
                continue
            head = seg[0]
            if head == "cd" and len(seg) > 1:
                here = (
                    posixpath.normpath(posixpath.join(here, seg[1]))
                    if not seg[1].startswith("$")
                    else here
                )
                continue
            key = f"{head} {' '.join(seg[1:3])} @{here}"
            if key in seen:
                continue
            seen = seen | {key}
            if head in ("make", "gmake"):
                out += self._make(seg[1:], here, depth, seen)
            elif (
                head in ("bash", "sh", "zsh", "source", ".")
                and len(seg) > 1
                and not seg[1].startswith("-")
            ):
                out += self._script(seg[1], here, depth, seen)
            elif head.endswith(".sh") or head.startswith("./"):
                out += self._script(head, here, depth, seen)
            elif head == "tox":
                out += self._tox(seg[1:], here, depth, seen)
            elif head == "nox":
                out += self._nox(here, depth, seen)
            elif head in self.entry_points():
                module = self.entry_points()[head]
                out.append((f"python -m {module}", path, line))
        return out

    def _resolve(self, here: str, rel: str) -> str:
        return (
            posixpath.normpath(posixpath.join(here, rel)).lstrip("./")
            if here
            else posixpath.normpath(rel)
        )

    def _make(
        self, args: list[str], here: str, depth: int, seen: set[str]
    ) -> list[tuple[str, str, int | None]]:
        folder = here
        targets = []
        i = 0
        while i < len(args):
            a = args[i]
            if a == "-C" and i + 1 < len(args):
                folder = self._resolve(here, args[i + 1])
                i += 2
                continue
            if not a.startswith("-") and "=" not in a:
                targets.append(a)
            i += 1
        makefile = posixpath.join(folder, "Makefile") if folder and folder != "." else "Makefile"
        rules = self._makefile(makefile)
        if not rules:
            return []
        out: list[tuple[str, str, int | None]] = []
        todo = targets or [next(iter(rules))]
        done: set[str] = set()
        while todo:
            target = todo.pop(0)
            if target in done or target not in rules:
                continue
            done.add(target)
            prereqs, recipe = rules[target]
            todo += prereqs
            for text, line in recipe:
                out += self.expand(
                    text, makefile, line, folder if folder != "." else "", depth + 1, seen
                )
        return out

    def _makefile(self, path: str) -> dict[str, tuple[list[str], list[tuple[str, int]]]]:
        if path in self._makefiles:
            return self._makefiles[path]
        rules: dict[str, tuple[list[str], list[tuple[str, int]]]] = {}
        text = self.read(path) if path in self.paths else None
        current: list[str] = []
        for number, raw in enumerate((text or "").splitlines(), 1):
            if raw.startswith("\t"):
                body = raw.strip().lstrip("@-+").strip()
                if body and not body.startswith("#"):
                    for target in current:
                        rules[target][1].append((body, number))
                continue
            match = _MAKE_RULE.match(raw)
            if match:
                current = [t for t in match.group(1).split() if not t.startswith(".")]
                prereqs = [p for p in match.group(2).split("#")[0].split() if not p.startswith("$")]
                for target in current:
                    rules.setdefault(target, ([], []))[0].extend(prereqs)
                    inline = match.group(3)
                    if inline and inline.strip():
                        rules[target][1].append((inline.strip(), number))
            elif raw.strip() and not raw.startswith("#"):
                current = []
        self._makefiles[path] = rules
        return rules

    def _script(
        self, script: str, here: str, depth: int, seen: set[str]
    ) -> list[tuple[str, str, int | None]]:
        rel = self._resolve(here, script)
        text = self.read(rel) if rel in self.paths else None
        if text is None:
            return []
        out: list[tuple[str, str, int | None]] = []
        for number, raw in enumerate(_joined_lines(text), 1):
            line, start = raw
            body = line.strip()
            if body and not body.startswith("#"):
                out += self.expand(body, rel, start, posixpath.dirname(rel), depth + 1, seen)
            del number
        return out

    def _tox(
        self, args: list[str], here: str, depth: int, seen: set[str]
    ) -> list[tuple[str, str, int | None]]:
        rel = self._resolve(here, "tox.ini")
        text = self.read(rel) if rel in self.paths else None
        if not text:
            return []
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error:
            return []
        out: list[tuple[str, str, int | None]] = []
        for section in parser.sections():
            if section == "testenv" or section.startswith("testenv:"):
                for cmd in parser.get(section, "commands", fallback="").splitlines():
                    if cmd.strip():
                        out += self.expand(
                            cmd.strip(), rel, line_of(text, cmd.strip()), here, depth + 1, seen
                        )
        return out

    def _nox(self, here: str, depth: int, seen: set[str]) -> list[tuple[str, str, int | None]]:
        rel = self._resolve(here, "noxfile.py")
        text = self.read(rel) if rel in self.paths else None
        if not text:
            return []
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            return []
        out: list[tuple[str, str, int | None]] = []
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "run"
            ):
                words = [
                    a.value
                    for a in node.args
                    if isinstance(a, ast.Constant) and isinstance(a.value, str)
                ]
                if words:
                    out += self.expand(" ".join(words), rel, node.lineno, here, depth + 1, seen)
        return out

    def entry_points(self) -> dict[str, str]:
        """Console scripts of the repository's package (pyproject.toml or setup.py)."""
        if self._entry_points is not None:
            return self._entry_points
        found: dict[str, str] = {}
        pyproject = self.read("pyproject.toml") if "pyproject.toml" in self.paths else None
        if pyproject:
            try:
                import tomllib

                data = tomllib.loads(pyproject)
                for name, target in (data.get("project", {}).get("scripts") or {}).items():
                    found[name] = str(target).split(":")[0]
            except Exception:  # a malformed pyproject has no entry points
                pass
        setup = self.read("setup.py") if "setup.py" in self.paths else None
        for name, module in _SETUP_SCRIPT.findall(setup or ""):
            found[name] = module
        self._entry_points = found
        return found


_RUNS_SUITE = re.compile(r"(^|\s)(tox|nox)(\s|$)|\bmake (test|check)\b|-m unittest\b")
_PYTEST_VALUE_OPTIONS = {
    "-m", "-k", "-n", "-c", "-p", "-o", "--junitxml", "--cov", "--rootdir", "--maxfail",
    "--durations", "--timeout", "--cov-report", "--cov-config", "--ignore", "--deselect",
}  # fmt: skip


def pytest_targets(cmd: str) -> list[str] | None:
    """The paths a pytest command runs ([] = everything from where it runs), or None when the
    command does not run pytest."""
    try:
        words = shlex.split(cmd, comments=True)
    except ValueError:
        words = cmd.split()
    start = None
    for index, word in enumerate(words):
        if word in ("pytest", "py.test"):
            start = index + 1
            break
        if word == "-m" and words[index + 1 : index + 2] == ["pytest"]:
            start = index + 2
            break
    if start is None:
        return None
    targets: list[str] = []
    skip = False
    for word in words[start:]:
        if word in ("&&", "||", ";", "|"):
            break
        if skip:
            skip = False
        elif word in _PYTEST_VALUE_OPTIONS:
            skip = True
        elif word.startswith("-") or "$" in word or word.startswith(">"):
            continue
        else:
            targets.append(word.split("::", 1)[0])
    return targets


_MAKE_RULE = re.compile(r"^([A-Za-z0-9_.%/ -]+?)\s*:(?![=:])\s*([^;=]*?)(?:;(.*))?$")
_SETUP_SCRIPT = re.compile(r"[\"']\s*([\w-]+)\s*=\s*([\w.]+)\s*:\s*\w+\s*[\"']")


def _joined_lines(text: str) -> list[tuple[str, int]]:
    """Lines with backslash continuations joined, each with its first line number."""
    out: list[tuple[str, int]] = []
    buffer = ""
    start = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not buffer:
            start = number
        if line.rstrip().endswith("\\"):
            buffer += line.rstrip()[:-1] + " "
            continue
        out.append((buffer + line, start))
        buffer = ""
    if buffer:
        out.append((buffer, start))
    return out


def _add_script(job: Job, script: str, rel: str, text: str) -> None:
    base = line_of(text, script.strip().splitlines()[0]) if script.strip() else None
    for line, offset in _joined_lines(script):
        body = line.strip()
        if body and not body.startswith("#"):
            job.commands.append((body, rel, (base + offset - 1) if base else None))


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 3] + "..."


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _github_triggers(
    on: Any, text: str
) -> tuple[set[str], list[str], list[tuple[str, int | None]]]:
    names = {"pull_request": "pull_request", "pull_request_target": "pull_request",
             "merge_group": "pull_request", "push": "push", "schedule": "schedule",
             "workflow_dispatch": "manual", "repository_dispatch": "manual",
             "workflow_run": "pipeline", "workflow_call": "called", "release": "tag"}  # fmt: skip
    triggers: set[str] = set()
    filters: list[str] = []
    schedules: list[tuple[str, int | None]] = []
    events = on if isinstance(on, dict) else {e: None for e in _as_list(on)}
    for event, spec in events.items():
        kind = names.get(str(event))
        if kind is None:
            continue
        if (
            kind == "push"
            and isinstance(spec, dict)
            and spec.get("tags")
            and not spec.get("branches")
        ):
            kind = "tag"
        triggers.add(kind)
        if isinstance(spec, dict):
            filters += [str(p) for p in _as_list(spec.get("paths"))]
        if kind == "schedule":
            for item in _as_list(spec):
                if isinstance(item, dict) and item.get("cron"):
                    schedules.append((str(item["cron"]), line_of(text, str(item["cron"]))))
    return triggers, filters, schedules


def _gitlab_kinds(condition: str) -> set[str]:
    """The pipeline sources a GitLab rule's ``if:`` names."""
    text = condition.lower()
    kinds = set()
    if "merge_request" in text:
        kinds.add("pull_request")
    if "schedule" in text:
        kinds.add("schedule")
    if '"trigger"' in text or "'trigger'" in text or ("pipeline" in text and "source" not in text):
        kinds.add("pipeline")
    if '"web"' in text or "'web'" in text or '"api"' in text:
        kinds.add("manual")
    if "commit_branch" in text or '"push"' in text or "default_branch" in text:
        kinds.add("push")
    if "commit_tag" in text:
        kinds.add("tag")
    return kinds


def _gitlab_sources(data: dict) -> set[str]:
    """What starts the pipelines: ``workflow: rules`` when present, else pushes."""
    workflow = data.get("workflow")
    rules = workflow.get("rules") if isinstance(workflow, dict) else None
    if not isinstance(rules, list):
        return {"push"}
    found: set[str] = set()
    for rule in rules:
        if isinstance(rule, dict) and rule.get("when") != "never":
            found |= _gitlab_kinds(str(rule.get("if", ""))) or {"push"}
    return found or {"push"}


def _gitlab_job_triggers(job: dict, sources: set[str]) -> set[str]:
    rules = job.get("rules")
    only = repr(job.get("only", "")).lower()
    if isinstance(rules, list) and rules:
        allowed: set[str] = set()
        never: set[str] = set()
        catch_all = False
        for rule in rules:
            if not isinstance(rule, dict):
                continue
            kinds = _gitlab_kinds(str(rule.get("if", "")))
            if rule.get("when") == "never":
                never |= kinds
            elif kinds:
                allowed |= kinds
            else:
                catch_all = True
        triggers = set(sources) if catch_all else (allowed & sources or allowed)
        return (triggers - never) or {"push"}
    if "merge_request" in only:
        return {"pull_request"}
    if "schedule" in only:
        return {"schedule"}
    return set(sources)


def _azure_enabled(spec: Any) -> bool:
    if spec == "default":
        return True
    if spec in (None, "none", False) or spec == ["none"]:
        return False
    return not (isinstance(spec, dict) and spec.get("enabled") is False)


def _azure_paths(spec: Any) -> list[str]:
    if isinstance(spec, dict) and isinstance(spec.get("paths"), dict):
        return [str(p) for p in _as_list(spec["paths"].get("include"))]
    return []


def _is_azure(data: dict) -> bool:
    keys = set(map(str, data))
    if not keys & {"trigger", "pr", "stages", "jobs", "steps", "extends", "schedules"}:
        return False
    # a step list somewhere: script / bash / task / template items
    found = False

    def walk(node: Any, depth: int = 0) -> None:
        nonlocal found
        if found or depth > 8:
            return
        if isinstance(node, dict):
            if {"script", "bash", "pwsh", "task", "powershell"} & set(map(str, node)):
                found = True
                return
            if "template" in node and depth > 0:
                found = True
                return
            for v in node.values():
                walk(v, depth + 1)
        elif isinstance(node, list):
            for v in node:
                walk(v, depth + 1)

    walk(data)
    return found


def _jenkins(rel: str, text: str) -> list[Job]:
    job = Job("Jenkinsfile", rel, 1, {"push"})
    if re.search(r"\bcron\s*\(", text):
        job.triggers.add("schedule")
        job.schedules.append(("cron", line_of(text, "cron")))
    if "changeRequest" in text:
        job.triggers.add("pull_request")
    if re.search(r"\binput\s*(\(|message)", text):
        job.approvals.append(("input", line_of(text, "input")))
    for match in re.finditer(r"\b(?:sh|bat)\s*\(?\s*(\"\"\"|'''|\"|')(.*?)\1", text, re.S):
        start = text.count("\n", 0, match.start()) + 1
        for offset, line in enumerate(match.group(2).splitlines()):
            if line.strip():
                job.commands.append((line.strip(), rel, start + offset))
    for match in re.finditer(r"\bstage\s*\(\s*['\"]([^'\"]+)", text):
        job.environments.append((match.group(1), text.count("\n", 0, match.start()) + 1))
    return [job]


def _circleci(rel: str, text: str, data: dict) -> list[Job]:
    scheduled = "triggers" in repr(data.get("workflows", ""))
    jobs = []
    for name, job in (data.get("jobs") or {}).items():
        if not isinstance(job, dict):
            continue
        j = Job(str(name), rel, line_of(text, f"{name}:"), {"push", "pull_request"})
        if scheduled:
            j.triggers.add("schedule")
        for step in job.get("steps") or []:
            run = step.get("run") if isinstance(step, dict) else None
            if isinstance(run, dict):
                run = run.get("command")
            if isinstance(run, str):
                _add_script(j, run, rel, text)
        jobs.append(j)
    return jobs


def _bitbucket(rel: str, text: str, data: dict) -> list[Job]:
    jobs = []
    pipelines = data.get("pipelines") or {}
    kinds = {
        "default": "push",
        "branches": "push",
        "tags": "tag",
        "pull-requests": "pull_request",
        "custom": "manual",
    }
    for section, trigger in kinds.items():
        body = pipelines.get(section)
        if body is None:
            continue
        j = Job(f"bitbucket {section}", rel, line_of(text, f"{section}:"), {trigger})
        _collect_scripts(body, j, rel, text)
        jobs.append(j)
    return jobs


def _collect_scripts(node: Any, job: Job, rel: str, text: str) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("script", "commands", "command") and isinstance(value, (list, str)):
                for cmd in _as_list(value):
                    if isinstance(cmd, str):
                        _add_script(job, cmd, rel, text)
            elif key in ("deployment", "environment") and isinstance(value, str):
                job.environments.append((value, line_of(text, value)))
            elif key == "trigger" and value == "manual":
                job.approvals.append(("trigger: manual", line_of(text, "trigger: manual")))
            else:
                _collect_scripts(value, job, rel, text)
    elif isinstance(node, list):
        for item in node:
            _collect_scripts(item, job, rel, text)


def _travis(rel: str, text: str, data: dict) -> list[Job]:
    """Travis CI builds pushes and pull requests unless told otherwise."""
    job = Job("travis", rel, 1, {"push", "pull_request"})
    for key in ("before_install", "install", "before_script", "script", "after_success"):
        for cmd in _as_list(data.get(key)):
            if isinstance(cmd, str):
                _add_script(job, cmd, rel, text)
    _collect_scripts(data.get("jobs") or data.get("matrix"), job, rel, text)
    if "cron" in repr(data):
        job.triggers.add("schedule")
    return [job]


def _buildkite(rel: str, text: str, data: dict) -> list[Job]:
    j = Job("buildkite", rel, 1, {"push", "pull_request"})
    _collect_scripts(data.get("steps"), j, rel, text)
    if "block" in repr(data.get("steps")):
        j.approvals.append(("block step", line_of(text, "block")))
    return [j]


def _codebuild(rel: str, text: str, data: dict) -> list[Job]:
    j = Job(rel.rsplit("/", 1)[-1], rel, 1, {"pipeline"})
    _collect_scripts(data.get("phases"), j, rel, text)
    return [j]


def _is_cloudbuild(data: dict) -> bool:
    steps = data.get("steps")
    return (
        isinstance(steps, list)
        and bool(steps)
        and all(isinstance(s, dict) and "name" in s for s in steps)
        and any("args" in s or "entrypoint" in s or "script" in s for s in steps)
    )


def _cloudbuild(rel: str, text: str, data: dict) -> list[Job]:
    j = Job(rel.rsplit("/", 1)[-1], rel, 1, {"manual"})
    for step in data["steps"]:
        words = [str(step.get("entrypoint", "") or "")] + [
            str(a) for a in _as_list(step.get("args"))
        ]
        name = str(step.get("name", ""))
        image = name.rsplit("/", 1)[-1].split(":")[0]
        if not words[0]:
            words[0] = image if image in ("docker", "gcloud", "kubectl", "gsutil", "git") else ""
        if words[0] in ("bash", "sh") and len(words) > 2 and words[1] == "-c":
            _add_script(j, words[2], rel, text)
            continue
        cmd = " ".join(w for w in words if w)
        if cmd:
            j.commands.append(
                (
                    cmd,
                    rel,
                    line_of(
                        text, str(_as_list(step.get("args"))[:1][0]) if step.get("args") else name
                    ),
                )
            )
        if isinstance(step.get("script"), str):
            _add_script(j, step["script"], rel, text)
    return [j]


def _codepipeline(rel: str, text: str, data: dict) -> list[Job]:
    jobs = []
    for name, res in data["Resources"].items():
        if not isinstance(res, dict):
            continue
        kind = res.get("Type")
        props = res.get("Properties") or {}
        if kind == "AWS::CodePipeline::Pipeline" and isinstance(props, dict):
            j = Job(str(name), rel, line_of(text, f"{name}:"), {"push"})
            for stage in _as_list(props.get("Stages")):
                if not isinstance(stage, dict):
                    continue
                stage_name = str(stage.get("Name", ""))
                j.environments.append((stage_name, line_of(text, f"Name: {stage_name}")))
                for action in _as_list(stage.get("Actions")):
                    if not isinstance(action, dict):
                        continue
                    type_id = action.get("ActionTypeId") or {}
                    if isinstance(type_id, dict):
                        provider = f"{type_id.get('Category', '')}/{type_id.get('Provider', '')}"
                        j.uses.append((provider, line_of(text, str(type_id.get("Provider", "")))))
                        if type_id.get("Category") == "Approval":
                            j.approvals.append((stage_name, line_of(text, f"Name: {stage_name}")))
            jobs.append(j)
    return jobs
