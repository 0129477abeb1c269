"""YAML reading that remembers where each key is, so errors can name the line.

PyYAML's safe loader gives plain data; composing the same text gives nodes with marks. We keep
both and look a key path up in the node tree only when an error needs its line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import BankError, InputError, Problem

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """A parsed YAML file: its data, its text, and a way to find the line of a key path."""

    display_name: str
    text: str
    data: Any
    _root: yaml.Node | None = field(default=None, repr=False)

    def line_of(self, path: tuple[Any, ...]) -> int | None:
        """1-based line of the node at ``path`` (keys and list indexes), else of its nearest
        parent."""
        node = self._root
        line = node.start_mark.line + 1 if node is not None else None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                match = next(
                    ((k, v) for k, v in node.value if str(getattr(k, "value", None)) == str(part)),
                    None,
                )
                if match is None:
                    return line
                key_node, node = match
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line

    def duplicate_keys(self, path: tuple[str, ...] = ()) -> dict[str, list[int]]:
        """Keys written more than once in the mapping at ``path`` (mapping keys only), with
        their 1-based lines. Loaders silently keep the last value; callers report these."""
        node = self._root
        for part in path:
            if not isinstance(node, yaml.MappingNode):
                return {}
            node = next((v for k, v in node.value if str(k.value) == str(part)), None)
        if not isinstance(node, yaml.MappingNode):
            return {}
        lines: dict[str, list[int]] = {}
        for key_node, _ in node.value:
            lines.setdefault(str(key_node.value), []).append(key_node.start_mark.line + 1)
        return {key: found for key, found in lines.items() if len(found) > 1}


def load_yaml_document(
    path: Path, *, display_name: str | None = None, error: type[InputError] = BankError
) -> YamlDocument:
    """Read and parse ``path``; a missing file or malformed YAML raises ``error`` with the line."""
    name = display_name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(
            f"The file '{name}' does not exist.",
            problems=[Problem("file not found", file=name)],
            hint="Check the path, or create the file.",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(
            f"The file '{name}' cannot be read: {exc}.",
            problems=[Problem(f"cannot be read: {exc}", file=name)],
        ) from None
    return parse_yaml_text(text, name, error=error)


def parse_yaml_text(text: str, name: str, *, error: type[InputError] = BankError) -> YamlDocument:
    """Parse YAML ``text`` (named ``name`` in messages) into a :class:`YamlDocument`."""
    # One pass: compose the node tree (kept for line numbers), then build the data from it.
    # libyaml's loader, when PyYAML has it, is ~10x faster: the bank is read on every command.
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        detail = getattr(exc, "problem", None) or str(exc)
        raise error(
            f"The file '{name}' is not valid YAML.",
            problems=[Problem(f"malformed YAML: {detail}", file=name, line=line)],
            hint=(
                "Fix the syntax at the line shown (indentation and ':' after keys are common "
                "causes)."
            ),
        ) from None
    except ValueError as exc:
        # PyYAML resolves `2026-13-01` as a timestamp, then fails to build the date with a
        # plain ValueError that carries no line: compose (which builds no values) to find it.
        raise error(
            f"The file '{name}' is not valid YAML.",
            problems=[Problem(f"invalid value: {exc}", file=name, line=_bad_timestamp_line(text))],
            hint="Write dates as YYYY-MM-DD, or quote the value to keep it as text.",
        ) from None
    finally:
        loader.dispose()
    return YamlDocument(display_name=name, text=text, data=data, _root=root)


def _bad_timestamp_line(text: str) -> int | None:
    """1-based line of the first timestamp scalar that PyYAML cannot turn into a date."""
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                try:
                    yaml.SafeLoader("").construct_yaml_timestamp(node)
                except ValueError:
                    return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([v for pair in node.value for v in pair]))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None
