"""Cheap pre-checks for regular expressions: literals that every match must contain.

Python's ``re`` scans case-insensitive alternations at a few MB/s; ``str.__contains__`` scans
at GB/s. For each detector regex we work out a set of plain strings such that any match contains
at least one of them (``(from|import) (airflow|prefect)`` -> {"from airflow", "from prefect",
"import airflow", "import prefect"}), and only run the regex on a file whose casefolded text
contains one of them. This is the trick grep-like tools use; it can only skip files the regex
would not match anyway.

The set is derived from the regex's parse tree (``re._parser``, CPython's own parser). When the
tree cannot be read (another Python, an unusual construct) there is no pre-check and the regex
simply runs on every candidate file: slower, never wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

try:  # CPython >= 3.11 keeps the parser here (it was sre_parse before)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other interpreters
    _c = _p = None  # type: ignore[assignment]

Literals = frozenset[str]

MAX_EXACT = 64  # expanding (a|b)(c|d)... beyond this many strings stops paying off
MAX_CLASS = 4  # a character class of up to this many characters expands to its members


@dataclass(frozen=True)
class _Info:
    """What a piece of a regex can match: ``exact`` = every string it matches (when finite
    and small), ``required`` = literals one of which every match contains (None if unknown)."""

    exact: frozenset[str] | None
    required: frozenset[str] | None


_EMPTY = _Info(frozenset({""}), None)
_UNKNOWN = _Info(None, None)


def required_literals(pattern: str) -> Literals | None:
    """Casefolded strings of which every match of ``pattern`` contains at least one, or None."""
    if _p is None:
        return None
    try:
        info = _sequence(_p.parse(pattern))
    except Exception:  # any surprise in a private API means: no pre-check
        return None
    best = _best([s for s in (info.exact, info.required) if s is not None])
    if best is None:
        return None
    return frozenset(s.casefold() for s in best)


# Words in nearly every source file filter nothing: a set made of them ranks as if 1 long.
_COMMON = frozenset(
    {"def", "from", "import", "class", "return", "self", "data", "model", "test", "name", "if"}
)


def _weight(literal: str) -> int:
    return 1 if literal.strip(" _.():").casefold() in _COMMON else len(literal)


RARE_ENOUGH = 4  # literals this long (and not common words) rarely occur by chance


def _quality(strings: frozenset[str]) -> tuple[int, int]:
    """Prefer sets whose shortest literal is long enough to be rare, then fewer literals
    (each literal costs one substring search per file)."""
    return (min(min(_weight(s) for s in strings), RARE_ENOUGH), -len(strings))


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    usable = [c for c in candidates if c and all(c)]
    return max(usable, key=_quality) if usable else None


def _sequence(items: list[tuple[Any, Any]]) -> _Info:
    """Concatenation: every piece must match, so each piece's exact or required set is a
    candidate, and so is each run of exact pieces multiplied out; keep the best one."""
    memo = _MEMO.get(id(items))
    if memo is not None and memo[0] is items:
        return memo[1]
    info = _sequence_of(list(items))
    if _MEMO_ON:
        _MEMO[id(items)] = (items, info)
    return info


_MEMO: dict[int, tuple[Any, _Info]] = {}  # parse-tree node -> its info, during one call
_MEMO_ON = False


def _sequence_of(items: list[tuple[Any, Any]]) -> _Info:
    candidates: list[frozenset[str]] = []
    product: frozenset[str] | None = frozenset({""})
    whole_exact = True
    for op, arg in items:
        info = _node(op, arg)
        candidates += [s for s in (info.exact, info.required) if s is not None]
        if info.exact is not None and product is not None:
            combined = frozenset(a + b for a in product for b in info.exact)
            if len(combined) <= MAX_EXACT:
                product = combined
                continue
        # The run of exact pieces ends here: keep it as a candidate, start a new one.
        whole_exact = False
        if product is not None:
            candidates.append(product)
        product = info.exact if info.exact is not None else frozenset({""})
    if product is not None:
        candidates.append(product)
    return _Info(product if whole_exact else None, _best(candidates))


def _node(op: Any, arg: Any) -> _Info:
    if op is _c.LITERAL:
        return _Info(frozenset({chr(arg)}), None)
    if op is _c.AT:  # anchors and \b match the empty string
        return _EMPTY
    if op is _c.IN:
        members = [chr(value) for kind, value in arg if kind is _c.LITERAL]
        if len(members) == len(arg) and len(members) <= MAX_CLASS:
            return _Info(frozenset(members), None)
        return _UNKNOWN
    if op is _c.SUBPATTERN:
        return _sequence(arg[3])
    if op is _c.ATOMIC_GROUP:
        return _sequence(arg)
    if op is _c.BRANCH:
        infos = [_sequence(branch) for branch in arg[1]]
        exact: frozenset[str] | None = None
        if all(i.exact is not None for i in infos):
            exact = frozenset().union(*(i.exact for i in infos))  # type: ignore[misc]
        required: frozenset[str] | None = None
        picks = [_best([s for s in (i.exact, i.required) if s is not None]) for i in infos]
        if all(p is not None for p in picks):
            required = frozenset().union(*picks)  # type: ignore[misc]
        return _Info(exact, required)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, high, sub = arg
        info = _sequence(sub)
        if low == 0 and high == 1 and info.exact is not None:
            return _Info(info.exact | {""}, None)
        if low == 1 and high == 1:
            return info
        if low >= 1:
            return _Info(None, _best([s for s in (info.exact, info.required) if s is not None]))
        return _UNKNOWN
    return _UNKNOWN


MAX_CLAUSES = 4  # further pre-checks per regex; each costs a few substring searches
_MAX_COMBINATIONS = 64


def required_clauses(pattern: str) -> tuple[Literals, ...]:
    """Sets of casefolded strings such that every match of ``pattern`` contains one string of
    EACH set (a conjunction; () when unknown).

    ``(metric|score)[^\\n]*(drop|decay)`` gives ``{metric, score}`` and ``{drop, decay}``: a
    file with "dropna" but no metric word is skipped. Alternatives are distributed
    (``A B | C D`` -> ``A|C``, ``A|D``, ``B|C``, ``B|D``). Used after
    :func:`required_literals`, whose single set usually holds only one of the pieces.
    """
    if _p is None:
        return ()
    global _MEMO_ON
    _MEMO_ON = True
    try:
        clauses = _clauses_of(_p.parse(pattern))
    except Exception:  # any surprise in a private API means: no further pre-check
        return ()
    finally:
        _MEMO_ON = False
        _MEMO.clear()
    out: list[Literals] = []
    for clause in clauses:
        folded = frozenset(s.casefold() for s in clause)
        if folded and min(map(len, folded)) >= 2 and folded not in out:
            out.append(folded)
    out.sort(key=lambda c: (-min(_weight(s) for s in c), len(c)))
    return tuple(out[:MAX_CLAUSES])


def _clauses_of(items: list[tuple[Any, Any]]) -> list[Literals]:
    """A concatenation's clauses: its own best literal set and every piece's clauses."""
    info = _sequence(items)
    best = _best([s for s in (info.exact, info.required) if s is not None])
    clauses = [best] if best is not None else []
    for op, arg in list(items):
        clauses += _node_clauses(op, arg)
    return clauses


def _node_clauses(op: Any, arg: Any) -> list[Literals]:
    if op is _c.SUBPATTERN:
        return _clauses_of(arg[3])
    if op is _c.ATOMIC_GROUP:
        return _clauses_of(arg)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = arg
        return _clauses_of(sub) if low >= 1 else []
    if op is _c.BRANCH:
        per_branch = [_clauses_of(branch) for branch in arg[1]]
        if not all(per_branch):
            return []
        combined: list[frozenset[str]] = [frozenset()]
        for options in per_branch:
            combined = [done | option for done in combined for option in options]
            if len(combined) > _MAX_COMBINATIONS:
                return []
        return combined
    return []
