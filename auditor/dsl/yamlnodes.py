"""Safe YAML loading that keeps the line and column of every value, for file:line:col messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

# libyaml's safe loader when PyYAML was built with it (much faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Y:
    """A YAML value with its 1-based position; mappings hold (key position, value) pairs."""

    value: Any           # str | int | float | bool | None | list[Y] | dict[str, tuple[Y, Y]]
    line: int
    column: int

    def plain(self) -> Any:
        """The value without positions."""
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        if isinstance(self.value, dict):
            return {k: v.plain() for k, (_key, v) in self.value.items()}
        return self.value


class YamlError(ValueError):
    """Malformed YAML; carries the 1-based position."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def load_located(text: str) -> Y | None:
    """Parse one YAML document with the safe loader and keep positions; None for an empty document."""
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(f"invalid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", 1, 1) from None
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return _convert(node, loader)
    finally:
        loader.dispose()


def _convert(node: yaml.Node, loader: yaml.SafeLoader) -> Y:
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, tuple[Y, Y]] = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader)
            name = str(key.value)
            if name in out:
                raise YamlError(f"duplicate key {name!r}", key.line, key.column)
            out[name] = (key, _convert(value_node, loader))
        return Y(out, line, col)
    if isinstance(node, yaml.SequenceNode):
        return Y([_convert(v, loader) for v in node.value], line, col)
    return Y(loader.construct_object(node), line, col)
