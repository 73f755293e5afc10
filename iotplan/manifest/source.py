"""YAML text → plain data, and where every key and value was written.

PyYAML's loaders forget positions and silently keep the last of two equal mapping keys; the
positional walker keeps both facts so every error can point at `file:line:col`. Positions are
only needed when something is wrong, so a manifest is first walked without them (four times
faster at 100,000 sensors) and walked again with them when an error asks where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

import yaml

from iotplan.manifest.nesting import MAX_DEPTH, TOO_DEEP, alias_problem, deepest
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
    hook: ScalarHook | None = None

    def locate(self, path: Path, *, at_key: bool = False) -> Position:
        """The position of `path`, or of its nearest written ancestor when it was never written."""
        if self.text is not None:
            _, found, _ = _load(self.text, self.file, _FAST_LOADER, self.hook)
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


class ScalarHook(Protocol):
    """Rewrites a text scalar holding `marker` (a rendered template's placeholders for values)."""

    marker: str

    def __call__(self, node: yaml.Node) -> str: ...


class _NeedsPositions(Exception):
    """The fast walk met what only the positional walk tells well: a duplicate or a merge key."""


class _NodeVisits:
    """What both walkers share: the loader, and the count of nodes an alias repeats."""

    def __init__(self, loader: Any, hook: ScalarHook | None = None) -> None:
        self.loader = loader
        self.hook = hook
        self.marker = hook.marker if hook is not None else ""
        self.seen: set[int] = set()
        self.repeats = 0
        self.root: yaml.Node | None = None

    def _text(self, node: yaml.Node) -> str:
        value = str(node.value)
        return self.hook(node) if self.hook is not None and self.hook.marker in value else value

    def _visit(self, node: yaml.Node) -> None:
        if id(node) in self.seen:  # an alias: its anchor's nodes once more
            if not self.repeats and self.root is not None:
                _refuse_alias_problems(self.root, node)
            self.repeats += 1
        else:
            self.seen.add(id(node))

    def start(self, root: yaml.Node) -> yaml.Node:
        self.root = root
        return root


def _refuse_alias_problems(root: yaml.Node, alias: yaml.Node) -> None:
    found = alias_problem(root, MAX_ALIAS_EXPANSION)
    if found is not None:
        where = alias if found[1] == ALIAS_BOMB else found[0]
        raise YamlSyntaxError(_position(where.start_mark), found[1])


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


class _FastHookWalker(_FastWalker):
    """The fast walk of a rendered template, whose text scalars may hold placeholders."""

    def _key(self, node: yaml.Node) -> str:
        if node.tag != _STR_TAG or type(node) is not yaml.ScalarNode:
            raise _NeedsPositions
        value = node.value
        return self.hook(node) if self.marker in value else value  # type: ignore[misc]

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            value = node.value
            return self.hook(node) if self.marker in value else value  # type: ignore[misc]
        return self.loader.construct_object(node, deep=True)


class _Walker(_NodeVisits):
    """Turns a composed YAML node tree into Python data, filling a SourceMap on the way."""

    def __init__(self, loader: Any, source: SourceMap, hook: ScalarHook | None) -> None:
        super().__init__(loader, hook)
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
        return self._text(node) if node.tag == _STR_TAG else self.loader.construct_object(node, deep=True)

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
        return self._text(node)

    def _reject_duplicate_keys(self, node: yaml.MappingNode, path: Path) -> None:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != _STR_TAG:
                continue
            key = self._text(key_node)
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


Loaded = tuple[Any, SourceMap, list[tuple[Path, str]]]


def load_yaml(text: str, file: str, hook: ScalarHook | None = None) -> Loaded:
    """Parse one YAML document into data, positions and the duplicate keys found.

    PyYAML would keep the last of two equal keys; they are reported as (path, message) instead.
    A `hook` rewrites the text scalars that hold its marker (a rendered template's values).
    """
    try:
        return _load_any(text, file, hook)
    except RecursionError:  # PyYAML's own composer recurses; libyaml stops at 1,000 levels
        raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None


def _load_any(text: str, file: str, hook: ScalarHook | None) -> Loaded:
    try:
        try:
            return _load_fast(text, file, hook)
        except _NeedsPositions:
            return _load(text, file, _FAST_LOADER, hook)
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error):  # libyaml's limit: PyYAML's parser would recurse
            raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None
        # otherwise told again by the pure-Python parser, whose messages read better
    try:
        return _load(text, file, yaml.SafeLoader, hook)
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


def _load_fast(text: str, file: str, hook: ScalarHook | None) -> Loaded:
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        walker = _FastWalker(loader) if hook is None else _FastHookWalker(loader, hook)
        data = None if node is None else walker.walk(walker.start(node))
        return data, SourceMap(file, text=text, hook=hook), []
    finally:
        loader.dispose()


def _load(text: str, file: str, loader_class: Any, hook: ScalarHook | None = None) -> Loaded:
    source = SourceMap(file)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, source, []
        walker = _Walker(loader, source, hook)
        return walker.walk(walker.start(node), ()), source, walker.duplicates
    finally:
        loader.dispose()


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    message = f"invalid YAML: {error.problem or error.context}"
    if error.problem and error.context and error.context_mark:
        message += f" ({error.context} started at line {error.context_mark.line + 1})"
    return message
