"""YAML text → plain data, and where every key and value was written.

PyYAML's loaders forget positions and silently keep the last of two equal mapping keys; the
positional walker keeps both facts so every error can point at `file:line:col`. Positions are
only needed when something is wrong, so a manifest is first walked without them (four times
faster at 100,000 sensors) and walked again with them when an error asks where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml

from iotplan.manifest.nesting import MAX_DEPTH, TOO_DEEP, deepest
from iotplan.manifest.text import quoted

Path = tuple[str | int, ...]
# libyaml's parser, when PyYAML was built with it, reads a large manifest about four times faster;
# both give the same nodes and marks.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Anchors reused through aliases may expand a small file exponentially (a "billion laughs"):
# far beyond what any manifest reuses, stop.
MAX_ALIAS_EXPANSION = 1_000_000
ALIAS_BOMB = f"invalid YAML: aliases expand to more than {MAX_ALIAS_EXPANSION:,} values"
_TAG_NAMES = {
    "tag:yaml.org,2002:int": "an integer",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:binary": "binary data",
}


class Position(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class SourceMap:
    """Where each path of the loaded data was written: the key's position and the value's.

    Given the `text` instead, the positions are found when first asked for.
    """

    file: str
    keys: dict[Path, Position] = field(default_factory=dict)
    values: dict[Path, Position] = field(default_factory=dict)
    text: str | None = None

    def locate(self, path: Path, *, at_key: bool = False) -> Position:
        """The position of `path`, or of its nearest written ancestor when it was never written."""
        if self.text is not None:
            _, found, _ = _load(self.text, self.file, _FAST_LOADER)
            self.keys, self.values, self.text = found.keys, found.values, None
        table = self.keys if at_key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


class _NeedsPositions(Exception):
    """The fast walk met what only the positional walk tells well: a duplicate or a merge key."""


class _NodeVisits:
    """What both walkers share: the loader, and the count of nodes an alias repeats."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()
        self.repeats = 0

    def _visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:  # an alias: its anchor's nodes once more
            self.repeats += 1
            if self.repeats > MAX_ALIAS_EXPANSION:
                raise YamlSyntaxError(_position(node.start_mark), ALIAS_BOMB)
        else:
            self.seen.add(id(node))


def _too_deep(node: yaml.Node) -> YamlSyntaxError:
    return YamlSyntaxError(_position(node.start_mark), TOO_DEEP)


class _FastWalker(_NodeVisits):
    """Turns a composed YAML node tree into Python data, and nothing else."""

    def walk(self, node: yaml.Node, depth: int = 1) -> Any:
        self._visit(node)
        kind = type(node)
        if kind is yaml.MappingNode:
            if depth > MAX_DEPTH:
                raise _too_deep(node)
            pairs = node.value
            mapping = {self._key(key): self.walk(value, depth + 1) for key, value in pairs}
            if len(mapping) != len(pairs):
                raise _NeedsPositions
            return mapping
        if kind is yaml.SequenceNode:
            if depth > MAX_DEPTH:
                raise _too_deep(node)
            return [self.walk(item, depth + 1) for item in node.value]
        return self._scalar(node)

    def _key(self, node: yaml.Node) -> str:
        if node.tag != _STR_TAG or type(node) is not yaml.ScalarNode:  # a merge, or not a field name
            raise _NeedsPositions
        return str(node.value)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return node.value
        return self.loader.construct_object(node, deep=True)


class _Walker(_NodeVisits):
    """Turns a composed YAML node tree into Python data, filling a SourceMap on the way."""

    def __init__(self, loader: Any, source: SourceMap) -> None:
        super().__init__(loader)
        self.source = source
        self.duplicates: list[tuple[Path, str]] = []

    def walk(self, node: yaml.Node, path: Path) -> Any:
        self._visit(node)
        self.source.values[path] = _position(node.start_mark)
        if isinstance(node, yaml.CollectionNode) and len(path) >= MAX_DEPTH:
            raise _too_deep(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        # Most values are plain strings: skip the constructor's dispatch for them (a large
        # manifest holds hundreds of thousands).
        return node.value if node.tag == _STR_TAG else self.loader.construct_object(node, deep=True)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        self._reject_duplicate_keys(node, path)
        # Merge keys (<<: *anchor) are flattened first; the mapping's own keys come last and win.
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        keys = self.source.keys
        for key_node, value_node in node.value:
            key = self._key(key_node)
            keys[(*path, key)] = _position(key_node.start_mark)
            result[key] = self.walk(value_node, (*path, key))
        return result

    def _key(self, node: yaml.Node) -> str:
        """Every key of a manifest is a field name or an entity's key: text."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
            raise YamlSyntaxError(_position(node.start_mark), f"{kind} cannot be a key: keys are field names")
        if node.tag != _STR_TAG:
            kind = _TAG_NAMES.get(node.tag, f"tagged {node.tag}")
            message = (
                f"the key {quoted(node.value)} is read as {kind}: keys are field names (quote it if text)"
            )
            raise YamlSyntaxError(_position(node.start_mark), message)
        return str(node.value)

    def _reject_duplicate_keys(self, node: yaml.MappingNode, path: Path) -> None:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                continue
            key = key_node.value
            if key in seen:
                first = _position(seen[key].start_mark)
                self.source.keys[(*path, key, "#duplicate")] = _position(key_node.start_mark)
                message = f"duplicate key {key!r} (first written at line {first.line})"
                self.duplicates.append(((*path, key, "#duplicate"), message))
            else:
                seen[key] = key_node


def dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class YamlSyntaxError(Exception):
    def __init__(self, position: Position, message: str) -> None:
        super().__init__(message)
        self.position = position


def load_yaml(text: str, file: str) -> tuple[Any, SourceMap, list[tuple[Path, str]]]:
    """Parse one YAML document into data, positions and the duplicate keys found.

    PyYAML would keep the last of two equal keys; they are reported as (path, message) instead.
    """
    try:
        return _load_any(text, file)
    except RecursionError:  # PyYAML's own composer recurses; libyaml stops at 1,000 levels
        raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None


def _load_any(text: str, file: str) -> tuple[Any, SourceMap, list[tuple[Path, str]]]:
    try:
        try:
            return _load_fast(text, file)
        except _NeedsPositions:
            return _load(text, file, _FAST_LOADER)
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error):  # libyaml's limit: PyYAML's parser would recurse
            raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None
        # otherwise told again by the pure-Python parser, whose messages read better
    try:
        return _load(text, file, yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = _position(mark) if mark else Position(1, 1)
        raise YamlSyntaxError(where, _syntax_message(error)) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as DEL
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"invalid YAML: {error.reason} (U+{code:04X})"
        raise YamlSyntaxError(Position(line, column), message) from None


def _load_fast(text: str, file: str) -> tuple[Any, SourceMap, list[tuple[Path, str]]]:
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _FastWalker(loader).walk(node)
        return data, SourceMap(file, text=text), []
    finally:
        loader.dispose()


def _load(text: str, file: str, loader_class: Any) -> tuple[Any, SourceMap, list[tuple[Path, str]]]:
    source = SourceMap(file)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, source, []
        walker = _Walker(loader, source)
        return walker.walk(node, ()), source, walker.duplicates
    finally:
        loader.dispose()


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    message = f"invalid YAML: {error.problem or error.context}"
    if error.problem and error.context and error.context_mark:
        message += f" ({error.context} started at line {error.context_mark.line + 1})"
    return message
