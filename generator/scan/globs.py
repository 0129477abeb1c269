"""Path globs of the detectors, compiled once and matched against many paths quickly.

Glob syntax (matched against the whole path relative to the scanned root, ``/``-separated):
``*`` any characters inside one path segment, ``?`` one character, ``[abc]`` a character class,
``**`` as a whole segment any number of directories (zero included). ``Dockerfile`` therefore
means the root's Dockerfile only; ``**/Dockerfile`` means one anywhere. Globs ignore case:
``**/train.py`` also matches ``src/Train.py``.

A scan matches thousands of paths against about a hundred globs, so :class:`GlobIndex` buckets
the globs by what their last segment allows (an exact file name, or a literal extension such as
``*.py`` or ``test_*.py``) and runs the full regular expression only on the candidates a path's
name selects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

_WILDCARDS = set("*?[")


def glob_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not a usable glob, or None when it is."""
    if not pattern or pattern != pattern.strip():
        return "a glob must be a non-empty path without surrounding spaces"
    if pattern.startswith("/") or re.match(r"^[A-Za-z]:", pattern):
        return "a glob is relative to the scanned repository; remove the leading '/'"
    if "\\" in pattern:
        return "write globs with '/' separators"
    segments = pattern.split("/")
    if any(s in ("", ".", "..") for s in segments):
        return "a glob must not contain empty, '.' or '..' segments"
    if any("**" in s and s != "**" for s in segments):
        return "'**' must be a whole path segment, as in '**/*.py'"
    try:
        re.compile(glob_to_regex(pattern))
    except re.error as exc:
        return f"invalid character class: {exc}"
    return None


def glob_to_regex(pattern: str) -> str:
    """The regular expression (anchored, whole path) of a glob; see the module docstring."""
    parts: list[str] = []
    segments = pattern.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "**":
            parts.append(".*" if last else "(?:[^/]+/)*")
            continue
        parts.append(_segment_regex(segment) + ("" if last else "/"))
    return "".join(parts) + r"\Z"


def _segment_regex(segment: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(segment):
        char = segment[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = segment.find("]", i + 2)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = segment[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = end
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


class GlobIndex:
    """A set of globs, each with an integer id; :meth:`match` gives the ids matching a path."""

    def __init__(self, patterns: Iterable[str]) -> None:
        self.patterns: list[str] = list(dict.fromkeys(patterns))
        self._ids = {p: i for i, p in enumerate(self.patterns)}
        self._by_name: dict[str, list[_Entry]] = defaultdict(list)
        self._by_ext: dict[str, list[_Entry]] = defaultdict(list)
        self._other: list[_Entry] = []
        for gid, pattern in enumerate(self.patterns):
            entry = (gid, re.compile(glob_to_regex(pattern), re.IGNORECASE), _literal_of(pattern))
            name = pattern.rsplit("/", 1)[-1].casefold()
            ext = name.rsplit(".", 1)[1] if "." in name else None
            if not _WILDCARDS & set(name):
                self._by_name[name].append(entry)
            elif ext and not _WILDCARDS & set(ext):
                # "*.py", "test_*.py", "*eda*.ipynb": only paths ending in ".ext" can match.
                self._by_ext[ext].append(entry)
            else:
                self._other.append(entry)

    def id_of(self, pattern: str) -> int:
        """The id given to ``pattern``."""
        return self._ids[pattern]

    def match(self, path: str) -> list[int]:
        """Ids of every glob matching ``path`` (relative, ``/``-separated), in id order."""
        name = path.rsplit("/", 1)[-1].casefold()
        candidates = list(self._by_name.get(name, ()))
        dot = name.rfind(".")
        if dot != -1:
            candidates += self._by_ext.get(name[dot + 1 :], ())
        candidates += self._other
        folded = path.casefold()
        return sorted(gid for gid, regex, lit in candidates if lit in folded and regex.match(path))


_Entry = tuple[int, re.Pattern[str], str]
_CLASS = re.compile(r"\[[^\]]*\]")


def _literal_of(pattern: str) -> str:
    """The longest run of plain characters of a glob (casefolded; ASCII only, so that it is
    found in every casefolded path the case-insensitive glob matches; "" when none): a cheap
    substring test before the regular expression ("train" for ``**/train*.py``)."""
    runs = re.split(r"[*?/]", _CLASS.sub("*", pattern))
    best = max(runs, key=len)
    return best.casefold() if best.isascii() else ""
