"""Safe YAML loading that keeps the line and column of every value, for file:line:col messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.pcache import Store, digest
from auditor.records import dataclass

if TYPE_CHECKING:
    import yaml

# A document's Y tree, by the digest of its text, kept across runs (auditor/pcache.py): the shipped rule packs
# are parsed once per installation, and an edited pack is a new text. Only trees that loaded cleanly are kept.
_STORE = Store("yamlnodes", limit=64)      # a tree is 5-20 KB: the file stays small to read


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


# What a rule file may hold: the plain YAML types. Aliases are expanded, but only up to MAX_VALUES values in
# all (a "billion laughs" file of a few hundred bytes would otherwise expand to gigabytes), and values nest
# at most MAX_DEPTH deep. Any other tag (!!python/name:…, !!binary, !custom) is refused, never constructed.
MAX_VALUES = 100_000
MAX_DEPTH = 100
_PLAIN_TAGS = frozenset("tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_AS_TEXT = frozenset(("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"))   # `<<` and `=` as plain text
_SEQ_TAG, _MAP_TAG = "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


def load_located(text: str) -> Y | None:
    """Parse one YAML document with the safe loader and keep positions; None for an empty document.

    Raises YamlError (with a 1-based position) for malformed YAML, an unsupported tag, an alias that
    refers to a value containing it, more than MAX_VALUES values after expanding aliases, or values
    nested more than MAX_DEPTH deep.
    """
    key = digest(text)
    stored = _STORE.get(key)
    if stored is not None:
        try:
            return _decoded(stored)
        except (TypeError, ValueError):     # not a tree this module wrote: parse again
            pass
    tree = _parse_located(text)
    if tree is not None:
        _STORE.put(key, _encoded(tree))
    return tree


def _encoded(y: Y) -> tuple[Any, int, int]:
    """A Y tree as plain tuples, lists and dicts (what marshal writes); YAML makes no tuples of its own."""
    v = y.value
    if isinstance(v, list):
        return ([_encoded(item) for item in v], y.line, y.column)
    if isinstance(v, dict):
        return ({k: (_encoded(key), _encoded(val)) for k, (key, val) in v.items()}, y.line, y.column)
    return (v, y.line, y.column)


def _decoded(t: tuple[Any, int, int]) -> Y:
    v, line, column = t
    if isinstance(v, list):
        return Y([_decoded(item) for item in v], line, column)
    if isinstance(v, dict):
        return Y({k: (_decoded(key), _decoded(val)) for k, (key, val) in v.items()}, line, column)
    if isinstance(v, tuple):
        raise TypeError("not an encoded tree")
    return Y(v, line, column)


def _parse_located(text: str) -> Y | None:
    import yaml  # here: a run whose rule packs are all in the cache does not import it (17 ms)

    # libyaml's safe loader when PyYAML was built with it (much faster), else the pure-Python one
    loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        node = yaml.compose(text, Loader=loader_class)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise YamlError(f"invalid YAML: {exc.problem or exc.context}", line, col) from None
    except yaml.YAMLError as exc:
        raise YamlError(f"invalid YAML: {exc}", 1, 1) from None
    except RecursionError:
        raise YamlError(f"invalid YAML: values nested more than {MAX_DEPTH} deep", 1, 1) from None
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return _Converter(loader, yaml).convert(node, 0)
    finally:
        loader.dispose()


class _Converter:
    """Nodes to Y values, counting every value made (aliases included) and the nodes being converted."""

    def __init__(self, loader: yaml.SafeLoader, module: Any) -> None:
        self.loader = loader
        self.yaml = module
        self.count = 0
        self.open: set[int] = set()     # ids of the collections being converted: an alias back to one is a cycle

    def convert(self, node: yaml.Node, depth: int) -> Y:
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        self.count += 1
        if self.count > MAX_VALUES:
            raise YamlError(f"more than {MAX_VALUES:,} values (after expanding aliases such as *name): "
                            "rule files are limited to that many; write the values out", line, col)
        if depth > MAX_DEPTH:
            raise YamlError(f"values nested more than {MAX_DEPTH} deep", line, col)
        yaml = self.yaml
        if isinstance(node, yaml.ScalarNode):
            return Y(self._scalar(node, line, col), line, col)
        expected = _MAP_TAG if isinstance(node, yaml.MappingNode) else _SEQ_TAG
        if node.tag != expected:
            raise YamlError(f"unsupported tag {_shown_tag(node.tag)}: rule files hold plain values only", line, col)
        if id(node) in self.open:
            raise YamlError("self-referencing alias: this value contains an alias (*name) to itself", line, col)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                out: dict[str, tuple[Y, Y]] = {}
                for key_node, value_node in node.value:
                    key = self.convert(key_node, depth + 1)
                    name = str(key.value)
                    if name in out:
                        raise YamlError(f"duplicate key {name!r}", key.line, key.column)
                    out[name] = (key, self.convert(value_node, depth + 1))
                return Y(out, line, col)
            return Y([self.convert(v, depth + 1) for v in node.value], line, col)
        finally:
            self.open.discard(id(node))

    def _scalar(self, node: yaml.ScalarNode, line: int, col: int) -> Any:
        if node.tag in _AS_TEXT:
            return node.value
        if node.tag not in _PLAIN_TAGS:
            raise YamlError(f"unsupported tag {_shown_tag(node.tag)}: rule files hold plain values only", line, col)
        try:
            return self.loader.construct_object(node)
        except (self.yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise YamlError(f"invalid {_shown_tag(node.tag)} value {node.value[:40]!r}: "
                            f"{str(exc).splitlines()[0][:80]}", line, col) from None


def _shown_tag(tag: str) -> str:
    """``!!python/name:os.system`` for tag:yaml.org,2002:python/name:os.system, as it is written."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag if tag.startswith("!") else f"!<{tag}>"
