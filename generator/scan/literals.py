"""Cheap pre-checks for regular expressions: literals that every match must contain.

Python's ``re`` scans case-insensitive alternations at a few MB/s; ``str.__contains__`` scans
at GB/s. For each detector regex we work out a set of plain strings such that any match contains
at least one of them (``import pandera|from pandera`` -> {"import pandera", "from pandera"}),
and only run the regex on a file whose casefolded text contains one of them. This is the trick
grep-like tools use; it can only skip files the regex would not match anyway.

The set is derived from the regex's parse tree (``re._parser``, CPython's own parser). When the
tree cannot be read (another Python, an unusual construct) there is no pre-check and the regex
simply runs on every candidate file: slower, never wrong.
"""

from __future__ import annotations

from typing import Any

try:  # CPython >= 3.11 keeps the parser here (it was sre_parse before)
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # pragma: no cover - other interpreters
    _c = _p = None  # type: ignore[assignment]

Literals = frozenset[str]


def required_literals(pattern: str) -> Literals | None:
    """Casefolded strings of which every match of ``pattern`` contains at least one, or None."""
    if _p is None:
        return None
    try:
        tree = _p.parse(pattern)
        found = _sequence(list(tree))
    except Exception:  # any surprise in a private API means: no pre-check
        return None
    if not found or any(not lit for lit in found):
        return None
    return frozenset(lit.casefold() for lit in found)


def _sequence(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The best literal set among the items of a sequence (all of which must match)."""
    candidates: list[set[str]] = []
    run: list[str] = []
    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            candidates.append({"".join(run)})
            run = []
        sub = _node(op, arg)
        if sub:
            candidates.append(sub)
    if run:
        candidates.append({"".join(run)})
    if not candidates:
        return None
    # The set whose shortest literal is longest filters best.
    return max(candidates, key=lambda s: (min(len(x) for x in s), -len(s)))


def _node(op: Any, arg: Any) -> set[str] | None:
    if op is _c.SUBPATTERN:
        return _sequence(list(arg[3]))
    if op is _c.ATOMIC_GROUP:
        return _sequence(list(arg))
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in arg[1]:
            sub = _sequence(list(branch))
            if not sub:
                return None  # a branch without a literal can match anything
            union |= sub
        return union
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = arg
        return _sequence(list(sub)) if low >= 1 else None
    return None
