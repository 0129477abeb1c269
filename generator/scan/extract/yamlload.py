"""Safe YAML loading for scanned files: any tag (CloudFormation's ``!Sub``, ``!Ref``...) reads
as its plain value, nothing is ever constructed from a tag, and bad YAML is simply no data."""

from __future__ import annotations

from typing import Any

import yaml

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    pass


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_Loader.add_multi_constructor("!", _any_tag)
_Loader.add_multi_constructor("tag:", _any_tag)


def load_all(text: str) -> list[Any]:
    """The documents of a YAML text, or [] when it is not valid YAML."""
    try:
        return [d for d in yaml.load_all(text, Loader=_Loader) if d is not None]
    except Exception:  # any malformed scanned file is just not data
        return []


def line_of(text: str, needle: str, start: int = 0) -> int | None:
    """1-based line of the first occurrence of ``needle`` in ``text`` (from ``start``)."""
    at = text.find(needle, start)
    if at == -1:
        return None
    return text.count("\n", 0, at) + 1
