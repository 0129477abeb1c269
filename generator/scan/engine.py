"""The evidence scan: run the bank's detectors over a repository and derive answers.

Facts, then rules. Extractors (:mod:`generator.scan.extract`) turn the repository's files into
typed facts (:mod:`generator.scan.facts`: imports and resolved calls through ``ast``, notebook
code cells, CI jobs with their triggers and the commands they really run, Dockerfiles,
Kubernetes, Terraform, CloudFormation, DVC, Databricks bundles); the detectors' rules
(``detectors.yaml``) map facts, paths and, where no extractor applies, text patterns to
answers. The scan never imports, executes or evaluates anything from the scanned repository.
Each file is read at most once, and only when
some detector needs its text; every glob and regular expression is compiled once per scan, and
a regular expression only runs on a file that contains one of the literals it requires
(:mod:`generator.scan.literals`). A matcher stops looking after a few hits.

Phases: list the files (git or a walk), match their paths against the globs (path evidence,
and which files need reading), search the texts, ask git for history facts, then apply each
detector's rules in order to derive an answer and its evidence.
"""

from __future__ import annotations

import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.bank import Bank
from generator.errors import InputError
from generator.result import Evidence
from generator.scan import shape as shapes
from generator.scan.extract import (
    Extraction,
    mark_tests_run_by_ci,
    rendered_name,
    root_ci_jobs,
)
from generator.scan.facts import FactStore
from generator.scan.globs import GlobIndex
from generator.scan.listing import list_files, run_git
from generator.scan.literals import required_clauses, required_literals
from generator.scan.reading import read_text
from generator.scan.shape import SKIP_REASONS, ScanScope
from generator.scan.spec import Detector, Matcher, load_detectors, scoped

MAX_HITS_PER_MATCHER = 3  # enough to show a reader where to look, and to stop searching early
QUOTE_CHARS = 120
MAX_SKIPPED_EXAMPLES = 20
Status = Literal["found", "contradicted", "not_found"]
_DEADLINE_CHECK_EVERY = 256


@dataclass(frozen=True)
class Hit:
    """Where a matcher matched: a path, and for text matches the line and its text."""

    path: str | None
    line: int | None = None
    quote: str | None = None


@dataclass
class ScanResult:
    """What a scan derived.

    ``answers``: practice id -> option id, for every practice the evidence answers (a
    ``when_absent`` answer included: not found still counts as unmet). ``evidence``: practice
    id -> the items that back a found or contradicted answer (detector = the rule's id, path,
    line, quote); a practice not found has none. ``confidence``: practice id -> 0..1.
    ``status``: for every practice that has a detector, ``found`` (evidence of the practice),
    ``contradicted`` (evidence of its opposite, e.g. training only in notebooks) or
    ``not_found`` (nothing seen: confirm with the team). ``searched``: for each not_found
    practice, a sentence saying what was looked for. ``scope``: what the scan covered
    (:class:`~generator.scan.shape.ScanScope`: root, sub-folder, files listed/read/skipped with
    reasons and examples, projects, template kind, extractors that found something, time).
    ``files_scanned``, ``files_read``, ``skipped``, ``listing``, ``elapsed_s`` repeat the main
    figures; ``truncated``: the time budget ran out, so absence proves nothing.
    """

    root: str
    answers: dict[str, str]
    evidence: dict[str, list[Evidence]]
    confidence: dict[str, float]
    files_scanned: int  # files listed (after .gitignore) and matched against the detectors
    files_read: int  # files whose text was searched
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> files not read
    truncated: bool = False  # the time budget ran out: absence proves nothing
    listing: str = "git"  # "git" (git ls-files) or "walk" (no git work tree)
    elapsed_s: float = 0.0
    status: dict[str, Status] = field(default_factory=dict)
    searched: dict[str, str] = field(default_factory=dict)
    scope: ScanScope | None = None


def scan_repository(
    path: Path,
    bank: Bank,
    *,
    time_budget_s: float = 10.0,
    detectors: list[Detector] | None = None,
) -> ScanResult:
    """Scan the repository at ``path`` with the bank's detectors (``detectors.yaml``).

    Returns the answers the evidence supports and the evidence itself. When the time budget
    runs out, the scan stops reading, reports ``truncated`` and derives no answer from absence.
    Raises :class:`InputError` when ``path`` is not a folder, and :class:`BankError` when the
    detectors file is invalid.
    """
    started = time.monotonic()
    deadline = started + time_budget_s
    root = Path(path)
    if not root.is_dir():
        raise InputError(
            f"The repository to scan '{path}' is not a folder"
            f"{'' if root.exists() else ' (it does not exist)'}.",
            hint="Give the path of the repository's root folder, e.g. --scan .",
        )
    if detectors is None:
        detectors = load_detectors(bank)
    plan = _Plan(detectors)
    shape = shapes.detect(root, timeout=max(deadline - time.monotonic(), 0.1))
    scan_root = shape.scan_root
    listing = list_files(scan_root, deadline)
    cache: dict[str, str | None] = {}

    def read(rel: str) -> str | None:
        if rel not in cache:
            cache[rel] = read_text(str(scan_root / rel))[0]
        return cache[rel]

    extraction = Extraction(
        listing.paths, read, plan.python_literals(), template=shape.template is not None
    )
    to_read, paths_done = _match_paths(scan_root, listing.paths, plan, deadline, extraction)
    files_read, skipped, examples, texts_done = _search_texts(
        scan_root, to_read, plan, deadline, extraction
    )
    extraction.finish()
    if shape.subfolder and shape.template is None and shape.repo_root is not None:
        _add_root_ci(shape, extraction.store, deadline)
    mark_tests_run_by_ci(extraction.store)
    plan.match_facts(extraction.store, extraction.ci_texts)
    git_done = listing.method != "git" or _ask_git(scan_root, plan, deadline)
    truncated = listing.truncated or not (paths_done and texts_done and git_done)

    answers, evidence, confidence, status, searched = _derive(detectors, plan, truncated)
    if shape.template is not None:
        if scan_root != root:  # the template repository's own files: left out, and said so
            project = scan_root.relative_to(root).as_posix() + "/"
            outside = [p for p in list_files(root, deadline).paths if not p.startswith(project)]
            if outside:
                skipped = {**skipped, "template_self_test": len(outside)}
                examples += [(p, "template_self_test") for p in outside[:5]]
        rendered = [p for p in listing.paths if rendered_name(p) != p]
        examples += [(p, "template") for p in rendered]
    elapsed = round(time.monotonic() - started, 3)
    scope = ScanScope(
        root=str(root),
        subfolder=shape.subfolder,
        project_root=str(scan_root) if scan_root != root else None,
        files_listed=len(listing.paths),
        files_read=files_read,
        skipped=skipped,
        skipped_examples=[
            {"path": _shown(p), "reason": SKIP_REASONS.get(r, r)}
            for p, r in examples[:MAX_SKIPPED_EXAMPLES]
        ],
        projects=shapes.projects(listing.paths),
        template=shape.template,
        extractors=sorted(extraction.store.extractors),
        elapsed_s=elapsed,
    )
    return ScanResult(
        root=str(root),
        answers=answers,
        evidence=evidence,
        confidence=confidence,
        files_scanned=len(listing.paths),
        files_read=files_read,
        skipped=skipped,
        truncated=truncated,
        listing=listing.method,
        elapsed_s=elapsed,
        status=status,
        searched=searched,
        scope=scope,
    )


def _add_root_ci(shape: shapes.Shape, store: FactStore, deadline: float) -> None:
    """The repository root's CI jobs that point into the scanned sub-folder."""
    assert shape.repo_root is not None and shape.subfolder is not None
    top = shape.repo_root
    out = run_git(
        top, "ls-files", "--cached", "--exclude-standard", "-z",
        timeout=max(deadline - time.monotonic(), 0.1),
    )  # fmt: skip
    if out is None:
        return
    paths = [p for p in out.split("\0") if p]

    def read(rel: str) -> str | None:
        return read_text(str(top / rel))[0]

    for fact in root_ci_jobs(read, paths, shape.subfolder):
        store.add(fact, "ci")


def _match_paths(
    root: Path, paths: list[str], plan: _Plan, deadline: float, extraction: Extraction
) -> tuple[list[tuple[str, list[int]]], bool]:
    """Record path evidence; return the files whose text some matcher needs, and whether
    every path was matched before the deadline."""
    to_read: list[tuple[str, list[int]]] = []
    for count, rel in enumerate(paths):
        if count % _DEADLINE_CHECK_EVERY == 0 and time.monotonic() > deadline:
            return to_read, False
        content: set[int] = set()
        for gid in plan.globs.match(rendered_name(rel)):
            for m in plan.path_matchers_of_glob[gid]:
                if plan.wants(m) and (root / rel).exists():
                    plan.hits[m].append(Hit(_shown(rel)))
            content.update(plan.content_matchers_of_glob[gid])
        if content or extraction.wants(rel):
            to_read.append((rel, sorted(content)))
    return to_read, True


def _search_texts(
    root: Path,
    to_read: list[tuple[str, list[int]]],
    plan: _Plan,
    deadline: float,
    extraction: Extraction,
) -> tuple[int, dict[str, int], list[tuple[str, str]], bool]:
    """Give each file's text to the extractors and search it with the matchers still looking;
    return the number of files read, the files skipped by reason (and some examples), and
    whether every file was searched in time."""
    files_read = 0
    skipped: Counter[str] = Counter()
    examples: list[tuple[str, str]] = []
    done = True
    hits, base = plan.hits, str(root) + "/"
    for count, (rel, matcher_ids) in enumerate(to_read):
        if count % 64 == 0 and time.monotonic() > deadline:
            done = False
            break
        active = [m for m in matcher_ids if len(hits[m]) < MAX_HITS_PER_MATCHER]  # plan.wants
        extract = extraction.wants(rel)
        if not active and not extract:
            continue
        text, reason = read_text(base + rel)
        if text is None:
            skipped[reason or "unreadable"] += 1
            if len(examples) < MAX_SKIPPED_EXAMPLES:
                examples.append((rel, reason or "unreadable"))
            continue
        files_read += 1
        if extract:
            extraction.take(rel, text)
        if not active:
            continue
        for m in plan.matchers_to_run(active, text):
            found = plan.regex[m].search(text)
            if found is not None:
                plan.hits[m].append(_text_hit(rel, text, found))
    return files_read, dict(sorted(skipped.items())), examples, done


def _ask_git(root: Path, plan: _Plan, deadline: float) -> bool:
    """Evaluate the git-history matchers; False when the deadline cut them short."""
    for m in plan.git_matchers:
        if time.monotonic() > deadline:
            return False
        hit = _git_fact(root, plan.matchers[m], deadline)
        if hit is not None:
            plan.hits[m].append(hit)
    return True


class _Plan:
    """Every distinct matcher of every detector, numbered, with its globs, regexes and literal
    pre-checks compiled once. Matchers repeated through YAML anchors share one number."""

    def __init__(self, detectors: list[Detector]) -> None:
        self.matchers: list[Matcher] = []
        self.ids: dict[int, int] = {}  # id(matcher object) -> matcher number
        numbers: dict[tuple[object, ...], int] = {}
        for detector in detectors:
            for rule in detector.rules:
                for matcher in rule.matchers():
                    key = _key(matcher)
                    if key not in numbers:
                        numbers[key] = len(self.matchers)
                        self.matchers.append(matcher)
                    self.ids[id(matcher)] = numbers[key]
        globs = [g for m in self.matchers for g in (*(m.paths or ()), *m.content_globs)]
        self.globs = GlobIndex(globs)
        self.path_matchers_of_glob: dict[int, list[int]] = defaultdict(list)
        self.content_matchers_of_glob: dict[int, list[int]] = defaultdict(list)
        self.regex: dict[int, re.Pattern[str]] = {}
        self.ci_matchers: dict[int, re.Pattern[str]] = {}
        self.fact_matchers: dict[int, re.Pattern[str]] = {}
        self.git_matchers: list[int] = []
        for number, matcher in enumerate(self.matchers):
            for glob in matcher.paths or ():
                self.path_matchers_of_glob[self.globs.id_of(glob)].append(number)
            for glob in matcher.content_globs:
                self.content_matchers_of_glob[self.globs.id_of(glob)].append(number)
            if matcher.regex is not None:
                self.regex[number] = re.compile(scoped(matcher.regex), re.MULTILINE)
            if matcher.ci is not None:
                self.ci_matchers[number] = re.compile(scoped(matcher.ci), re.MULTILINE)
            if matcher.fact is not None:
                self.fact_matchers[number] = re.compile(scoped(matcher.value or ""))
            if matcher.git is not None:
                self.git_matchers.append(number)
        self.literals = {n: required_literals(self.matchers[n].pattern or "") for n in self.regex}
        self.clauses = {n: required_clauses(self.matchers[n].pattern or "") for n in self.regex}
        self._all_word_keys = frozenset(
            key
            for needed in self.literals.values()
            for key in map(_key_of, needed or ())
            if _WORD.fullmatch(key)
        )
        self._seen_words: set[str] = set()
        self._words_holding: dict[str, list[str]] = {}  # word -> the keys inside it
        self._short_keys = tuple(k for k in self._all_word_keys if len(k) < 3)
        self._keys_by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self._all_word_keys):
            if len(key) >= 3:
                self._keys_by_prefix[key[:3]].append(key)
        self.hits: dict[int, list[Hit]] = defaultdict(list)
        self._checks: dict[tuple[int, ...], _Checks] = {}

    def number(self, matcher: Matcher) -> int:
        return self.ids[id(matcher)]

    def python_literals(self) -> frozenset[str] | None:
        """Strings one of which a module must contain for a ``py.*`` fact rule to match it
        (None: every module must be parsed)."""
        out: set[str] = set(_COMPARE_WORDS)
        for number in self.fact_matchers:
            matcher = self.matchers[number]
            if not (matcher.fact or "").startswith("py.") or matcher.fact == "py.compare":
                continue
            if matcher.in_ and "code" not in matcher.in_:
                continue
            literals = required_literals(scoped(matcher.value or ""))
            if literals is None:
                return None
            # "mlflow.register_model" is written "register_model(" after a from-import
            out.update(lit.rsplit(".", 1)[-1] or lit for lit in literals)
        return frozenset(o for o in out if o)

    def match_facts(self, store: FactStore, ci_texts: dict[str, str]) -> None:
        """Record the hits of fact matchers and of ``ci:`` text matchers."""
        for number, regex in self.fact_matchers.items():
            matcher = self.matchers[number]
            contexts = set(matcher.in_ or ())
            triggers = set(matcher.triggers or ())
            for fact in store.of(matcher.fact or ""):
                if not self.wants(number):
                    break
                if contexts and fact.context not in contexts:
                    continue
                if triggers and not (fact.triggers & triggers):
                    continue
                if regex.search(fact.value):
                    self.hits[number].append(Hit(_shown(fact.path), fact.line, fact.quote))
        runs = store.of("ci.run") + store.of("ci.uses") + store.of("ci.trigger")
        for number, regex in self.ci_matchers.items():
            for rel, text in sorted(ci_texts.items()):
                if not self.wants(number):
                    break
                found = regex.search(text)
                if found is not None:
                    self.hits[number].append(_text_hit(rel, text, found))
            for fact in runs:
                if not self.wants(number):
                    break
                if fact.path.startswith("..") and regex.search(fact.value):
                    self.hits[number].append(Hit(_shown(fact.path), fact.line, fact.quote))

    def wants(self, number: int) -> bool:
        """True while the matcher still looks for evidence."""
        return len(self.hits[number]) < MAX_HITS_PER_MATCHER

    def matchers_to_run(self, active: list[int], text: str) -> list[int]:
        """The matchers whose regex may match ``text``: those without a literal pre-check, and
        those with one of their literals in the text (and one of each further set of literals
        every match contains, e.g. a word of ``(drop|decay)`` after one of ``(metric|score)``)."""
        key = tuple(active)
        checks = self._checks.get(key)
        if checks is None:
            checks = self._checks[key] = _Checks.build(active, self.literals)
        if not checks.keyed:
            return active
        folded = text.casefold()
        possible = checks.possible(folded, self._keys_in_words)
        return [
            m
            for m in active
            if m in possible and all(any(lit in folded for lit in s) for s in self.clauses[m])
        ]

    def _keys_in_words(self, words: set[str]) -> set[str]:
        """The pre-check key words contained in some of ``words`` (distinct words of a text).
        Each distinct word of the repository is examined once, by the keys' first three
        letters at each of its positions (a repository's vocabulary is far smaller than its
        text); later texts only intersect their words with the words that hold a key."""
        seen, holding = self._seen_words, self._words_holding
        by_prefix, short = self._keys_by_prefix, self._short_keys
        for word in words - seen:
            found = [k for k in short if k in word]
            for i in range(len(word) - 2):
                for key in by_prefix.get(word[i : i + 3], ()):
                    if word.startswith(key, i):
                        found.append(key)
            if found:
                holding[word] = found
        seen.update(words)
        present: set[str] = set()
        for word in words & holding.keys():
            present.update(holding[word])
        return present


_WORD = re.compile(r"[a-z0-9_]+")
_COMPARE_WORDS = ("prod", "champion", "current", "deployed", "registered", "blessed", "previous")
_COMMON_WORDS = frozenset({"def", "from", "import", "class", "return", "self", "data", "if"})


def _key_of(literal: str) -> str:
    """The key word of a literal: its longest word that is not a common one."""
    words = [w for w in _WORD.findall(literal) if w not in _COMMON_WORDS]
    return max(words, key=len) if words else literal


@dataclass(frozen=True)
class _Checks:
    """The literal pre-checks of one set of matchers. Literals are grouped under a key word
    they all contain ("mlflow" for "import mlflow" and "from mlflow"), so a file without the
    key word costs nothing for the whole group."""

    always: frozenset[int]  # matchers without a pre-check
    keyed: dict[str, list[tuple[str, tuple[int, ...]]]]  # key -> (literal, matchers)
    other_keys: tuple[str, ...] = ()  # keys not made of word characters only

    @classmethod
    def build(cls, active: list[int], literals: dict[int, frozenset[str] | None]) -> _Checks:
        needing: dict[str, list[int]] = defaultdict(list)
        always: set[int] = set()
        for m in active:
            needed = literals.get(m)
            if needed is None:
                always.add(m)
            for literal in sorted(needed or ()):
                needing[literal].append(m)
        groups: dict[str, list[tuple[str, tuple[int, ...]]]] = defaultdict(list)
        for literal, matchers in needing.items():
            groups[_key_of(literal)].append((literal, tuple(matchers)))
        other = tuple(k for k in groups if not _WORD.fullmatch(k))
        return cls(frozenset(always), dict(groups), other)

    def possible(self, folded: str, keys_in_words: Callable[[set[str]], set[str]]) -> set[int]:
        """The matchers that may match a text (casefolded).

        A key made of word characters can only occur inside one word of the text, so the
        keys present are those contained in the text's distinct words (``keys_in_words``)."""
        found = set(self.always)
        present = keys_in_words(set(_WORD.findall(folded)))
        present.update(k for k in self.other_keys if k in folded)
        for key in present:
            for literal, matchers in self.keyed.get(key, ()):
                if literal == key or literal in folded:
                    found.update(matchers)
        return found


def _key(matcher: Matcher) -> tuple[object, ...]:
    return (
        tuple(matcher.paths or ()),
        tuple(matcher.files or ()),
        matcher.regex,
        matcher.ci,
        matcher.git,
        matcher.path,
        matcher.min,
        matcher.fact,
        matcher.value,
        tuple(matcher.in_ or ()),
        tuple(matcher.triggers or ()),
    )


def _shown(rel: str) -> str:
    """A path fit for reports: file names that are not valid UTF-8 (kept as surrogate escapes
    to open them) get replacement characters, and control characters become spaces."""
    text = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _text_hit(rel: str, text: str, found: re.Match[str]) -> Hit:
    start = found.start()
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_text = text[line_start : line_end if line_end != -1 else len(text)]
    quote = "".join(ch if ch.isprintable() else " " for ch in line_text.strip())
    if len(quote) > QUOTE_CHARS:
        quote = quote[: QUOTE_CHARS - 3] + "..."
    return Hit(_shown(rel), text.count("\n", 0, start) + 1, quote)


def _git_fact(root: Path, matcher: Matcher, deadline: float) -> Hit | None:
    """A git history fact (tags, commit count), bounded in time; None when absent or unknown."""
    timeout = min(2.0, max(deadline - time.monotonic(), 0.1))
    if matcher.git == "tags":
        out = run_git(root, "tag", "--list", timeout=timeout)
        tags = [t for t in (out or "").splitlines() if t.strip()]
        if len(tags) >= matcher.min:
            return Hit(None, None, f"{len(tags)} git tag(s), e.g. {_shown(tags[-1][:60])}")
        return None
    args = ["rev-list", "--count", "HEAD"]
    if matcher.path:
        args += ["--", matcher.path]
    out = run_git(root, *args, timeout=timeout)
    try:
        commits = int((out or "").strip())
    except ValueError:
        return None
    if commits >= matcher.min:
        where = f" touching {matcher.path}" if matcher.path else ""
        return Hit(matcher.path, None, f"{commits} commit(s){where}")
    return None


def _derive(
    detectors: list[Detector], plan: _Plan, truncated: bool
) -> tuple[
    dict[str, str], dict[str, list[Evidence]], dict[str, float], dict[str, Status], dict[str, str]
]:
    """Apply each detector's rules in order: the first rule that fires gives the answer and
    the status (found, or contradicted); when none fires the practice is not found, and the
    ``when_absent`` answer (if any) still counts it as unmet."""
    answers: dict[str, str] = {}
    evidence: dict[str, list[Evidence]] = {}
    confidence: dict[str, float] = {}
    status: dict[str, Status] = {}
    searched: dict[str, str] = {}

    def fired(matcher: Matcher) -> bool:
        return bool(plan.hits[plan.number(matcher)])

    for detector in detectors:
        for rule in detector.rules:
            if rule.any and not any(fired(m) for m in rule.any):
                continue
            if not all(fired(m) for m in rule.all) or any(fired(m) for m in rule.unless):
                continue
            found = [
                Evidence(
                    detector=rule.id,
                    path=hit.path,
                    line=hit.line,
                    quote=hit.quote,
                    confidence=rule.confidence,
                )
                for m in [*rule.any, *rule.all]
                if fired(m)
                for hit in plan.hits[plan.number(m)]
            ]
            found += [
                Evidence(
                    detector=rule.id,
                    quote=f"no match for {m.describe()}",
                    confidence=rule.confidence,
                )
                for m in rule.unless
            ]
            answers[detector.practice] = rule.when_found
            evidence[detector.practice] = _dedupe(found)
            confidence[detector.practice] = rule.confidence
            status[detector.practice] = rule.status
            break
        else:
            status[detector.practice] = "not_found"
            sentence = f"Looked for {detector.looked_for()}"
            if truncated:
                sentence += "; the time budget ran out before every file was read"
            searched[detector.practice] = sentence + "."
            if detector.when_absent is not None and not truncated:
                answers[detector.practice] = detector.when_absent
                confidence[detector.practice] = detector.absent_confidence
    return answers, evidence, confidence, status, searched


def _dedupe(items: list[Evidence]) -> list[Evidence]:
    seen: set[tuple[str | None, int | None, str | None]] = set()
    out = []
    for item in items:
        key = (item.path, item.line, item.quote)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
