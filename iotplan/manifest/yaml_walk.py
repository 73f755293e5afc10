"""The two walks from a composed YAML node tree to Python data (source.py decides which runs).

The fast walk builds data and nothing else, and gives up on what only the positional walk tells
well (a duplicate or a merge key); the positional walk also records where every key and value
was written. Both count the nodes aliases repeat, so an alias bomb stops early.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

import yaml

from iotplan.manifest.nesting import MAX_DEPTH, TOO_DEEP, alias_problem
from iotplan.manifest.positions import Path, Position, YamlSyntaxError, position_of
from iotplan.manifest.yaml_numbers import AmbiguousNumber, number_as_written, text_as_written
from iotplan.wording import quoted

_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_KEY_TAGS = (_STR_TAG, _MERGE_TAG)  # a key told twice: a field name, or a merge key (`<<`)
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
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


# PyYAML's scalar constructors raise these, not a YAMLError, for a text its tag cannot make into a
# value: a date that does not exist (2026-13-01) or an explicit tag the text does not fit (!!int "abc").
_UNBUILDABLE = (ValueError, KeyError, AttributeError, IndexError)
# datetime's own reasons, which read well (month must be in 1..12); its others print Python reprs.
_DATE_REASON = re.compile(r"(year|month|day|hour|minute|second)\b[a-z0-9 .]*")


def construct_scalar(loader: Any, node: yaml.Node) -> Any:
    """The value of a scalar that is not plain text; refused at its position when its tag cannot make one.
    A number YAML 1.2 would read otherwise is kept as written, for validation to refuse (yaml_numbers.py)."""
    try:
        value = loader.construct_object(node, deep=True)
    except _UNBUILDABLE as error:
        raise YamlSyntaxError(position_of(node.start_mark), _unbuildable(node, error)) from None
    value = number_as_written(node.tag, node.value, value)
    if type(value) is AmbiguousNumber:
        loader.iotplan_made_ambiguous_number = True
    elif node.tag == _BOOL_TAG and node.value.lower() in YAML11_BOOLEAN_WORDS:
        loader.iotplan_made_yaml11_boolean = True
    return value


def written_text(node: Any) -> str:
    """A text scalar's value: a NumberLikeText when written bare and YAML 1.2 reads a number there
    (`1e3`), so that a field an entity is found by can refuse it (yaml_numbers.py)."""
    return node.value if node.style else text_as_written(node.value)  # a plain style: None, or libyaml's ""


_BOOL_TAG = "tag:yaml.org,2002:bool"
YAML11_BOOLEAN_WORDS = ("yes", "no", "on", "off")  # booleans to YAML 1.1, text to YAML 1.2


def made_ambiguous_number(loader: Any) -> bool:
    """Whether this loader kept a number as written (construct_scalar), so that a caller which
    refuses them walks the data for it only then: they are rare, and a walk of a large file is not free."""
    return getattr(loader, "iotplan_made_ambiguous_number", False)


def made_yaml11_boolean(loader: Any) -> bool:
    """Whether this loader made a boolean of a yes, no, on or off (text to YAML 1.2): only then does a
    caller that tells them apart find where the file's booleans stand, which costs a second parse."""
    return getattr(loader, "iotplan_made_yaml11_boolean", False)


def _unbuildable(node: yaml.Node, error: Exception) -> str:
    text = quoted(node.value)
    if node.tag == _TIMESTAMP_TAG and isinstance(error, ValueError):
        reason = str(error)
        why = f" ({reason})" if _DATE_REASON.fullmatch(reason) else ""
        return (
            f"{text} is read as a date, and there is no such date{why}: correct it, and quote it "
            "(a manifest writes dates as text, e.g. '2026-03-01T00:00:00Z')"
        )
    kind = _TAG_NAMES.get(node.tag, f"tagged {node.tag}")
    tag = node.tag.replace(_YAML_TAG_PREFIX, "!!")
    return f"{text} cannot be read as {kind}, as its tag {tag} asks: correct the value, or remove the tag"


class ScalarHook(Protocol):
    """Rewrites a text scalar holding `marker` (a rendered template's placeholders for values)."""

    marker: str

    def __call__(self, node: yaml.Node) -> str: ...


class NeedsPositions(Exception):
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
        raise YamlSyntaxError(position_of(where.start_mark), found[1])


def too_deep(node: yaml.Node) -> YamlSyntaxError:
    return YamlSyntaxError(position_of(node.start_mark), TOO_DEEP)


class FastWalker(_NodeVisits):
    """Turns a composed YAML node tree into Python data, and nothing else."""

    def walk(self, node: yaml.Node, depth: int = 1) -> Any:
        self._visit(node)
        kind = type(node)
        if kind is yaml.MappingNode:
            if depth > MAX_DEPTH:
                raise too_deep(node)
            pairs = node.value
            mapping = {self._key(key): self.walk(value, depth + 1) for key, value in pairs}
            if len(mapping) != len(pairs):
                raise NeedsPositions
            return mapping
        if kind is yaml.SequenceNode:
            if depth > MAX_DEPTH:
                raise too_deep(node)
            return [self.walk(item, depth + 1) for item in node.value]
        return self._scalar(node)

    def _key(self, node: yaml.Node) -> str:
        if node.tag != _STR_TAG or type(node) is not yaml.ScalarNode:  # a merge, or not a field name
            raise NeedsPositions
        return str(node.value)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return written_text(node)
        return construct_scalar(self.loader, node)


class FastHookWalker(FastWalker):
    """The fast walk of a rendered template, whose text scalars may hold placeholders."""

    def _key(self, node: yaml.Node) -> str:
        if node.tag != _STR_TAG or type(node) is not yaml.ScalarNode:
            raise NeedsPositions
        value = node.value
        return self.hook(node) if self.marker in value else value  # type: ignore[misc]

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == _STR_TAG:
            return self.hook(node) if self.marker in node.value else written_text(node)  # type: ignore[misc]
        return construct_scalar(self.loader, node)


class Walker(_NodeVisits):
    """Turns a composed YAML node tree into Python data, filling a SourceMap on the way."""

    def __init__(self, loader: Any, hook: ScalarHook | None) -> None:
        super().__init__(loader, hook)
        self.keys: dict[Path, Position] = {}
        self.values: dict[Path, Position] = {}
        self.duplicates: list[tuple[Path, str]] = []
        # Where an alias (`*loc`, `<<: *base`) reuses the value at a path: its positions are the
        # anchor's, shared by every use. Not for a rendered template: its lines are not the template's.
        self.aliases: dict[Path, Position] = {}
        self._noting_aliases = hook is None
        self._in_alias = False
        # Each mapping holding a merge key, its pairs as written, by its node's id: PyYAML's
        # flatten_mapping rewrites it in place, a merged key beside the mapping's own that overrides
        # it, and an alias walks it again (`location: *l` of `&l {<<: *base, elevation: 30}`).
        self._written: dict[int, list[tuple[yaml.Node, yaml.Node]]] = {}

    def walk(self, node: yaml.Node, path: Path) -> Any:
        if id(node) in self.seen and self._noting_aliases and not self._in_alias:
            return self._aliased(node, path)
        self._visit(node)
        self.values[path] = position_of(node.start_mark)
        if isinstance(node, yaml.CollectionNode) and len(path) >= MAX_DEPTH:
            raise too_deep(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _aliased(self, node: yaml.Node, path: Path) -> Any:
        """A value an alias repeats: a mapping's value stands where its key is (`location: *loc`);
        an alias in a list, at no position the composed nodes keep."""
        where = self.keys.get(path)
        if where is not None:
            self.aliases.setdefault(path, where)
        self._in_alias = True
        try:
            return self.walk(node, path)
        finally:
            self._in_alias = False

    def _scalar(self, node: yaml.Node) -> Any:
        # Most values are plain strings: skip the constructor's dispatch for them (a large
        # manifest holds hundreds of thousands).
        if node.tag != _STR_TAG:
            return construct_scalar(self.loader, node)
        if self.hook is None or self.marker not in node.value:
            return written_text(node)
        return self._text(node)

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        self._keep_written(node)
        self._reject_duplicate_keys(self._written.get(id(node), node.value), path)
        _refuse_merges_that_disagree(node)
        merged = _merged_from_elsewhere(node) if self._noting_aliases else {}
        # Merge keys (<<: *anchor) are flattened first; the mapping's own keys come last and win.
        self.loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        keys = self.keys
        for key_node, value_node in node.value:
            key = self._key(key_node)
            keys[(*path, key)] = position_of(key_node.start_mark)
            if merged:
                self._note_merged((*path, key), merged.get(id(key_node)))
            result[key] = self.walk(value_node, (*path, key))
        return result

    def _note_merged(self, path: Path, merge_key: Position | None) -> None:
        if merge_key is not None:
            self.aliases[path] = merge_key
        else:  # the mapping's own key, after a merged one: its own value wins, written here
            self.aliases.pop(path, None)

    def _key(self, node: yaml.Node) -> str:
        """Every key of a manifest is a field name or an entity's key: text."""
        if not isinstance(node, yaml.ScalarNode):
            kind = "a mapping" if isinstance(node, yaml.MappingNode) else "a list"
            raise YamlSyntaxError(
                position_of(node.start_mark), f"{kind} cannot be a key: keys are field names"
            )
        if node.tag != _STR_TAG:
            kind = _TAG_NAMES.get(node.tag, f"tagged {node.tag}")
            message = (
                f"the key {quoted(node.value)} is read as {kind}: keys are field names (quote it if text)"
            )
            raise YamlSyntaxError(position_of(node.start_mark), message)
        return self._text(node)

    def _keep_written(self, node: yaml.MappingNode) -> None:
        """Keeps the pairs of `node`, and of each mapping it merges, as written, before flattening
        rewrites them: once flattened, a key the mapping sets over a merged one is in it twice."""
        if id(node) in self._written:
            return
        merges = [value for key, value in node.value if key.tag == _MERGE_TAG]
        if not merges:
            return
        self._written[id(node)] = list(node.value)
        for value in merges:
            for merged in _merged_mappings(value):
                self._keep_written(merged)

    def _reject_duplicate_keys(self, pairs: list[tuple[yaml.Node, yaml.Node]] | None, path: Path) -> None:
        """Each key written twice in one mapping, `pairs` as written (merge keys not flattened)."""
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in pairs or ():
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _KEY_TAGS:
                continue
            key = self._text(key_node)
            # A second merge key: PyYAML merges both, the later winning; ruamel refuses it. Told
            # apart from a quoted '<<', a field name.
            told = key if key_node.tag == _STR_TAG else (_MERGE_TAG, key)
            if told in seen:
                first = position_of(seen[told].start_mark)
                self.keys[(*path, key, "#duplicate")] = position_of(key_node.start_mark)
                message = f"duplicate key {key!r} (first written at line {first.line})"
                self.duplicates.append(((*path, key, "#duplicate"), message))
            else:
                seen[told] = key_node


def _merged_from_elsewhere(node: yaml.MappingNode) -> dict[int, Position]:
    """Each key a merge key of `node` takes from a mapping written elsewhere (an alias, not a mapping
    written inline), by its node's id: the merge key's position, where the alias stands."""
    found: dict[int, Position] = {}
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            continue
        merge_key = position_of(key_node.start_mark)
        for merged in _merged_mappings(value_node):
            if not _written_inside(merged, node):
                found.update(dict.fromkeys(_merged_key_ids(merged), merge_key))
    return found


def _merged_mappings(value: yaml.Node) -> list[yaml.MappingNode]:
    """The mappings a merge key's value names: it, or each one a list of them holds."""
    listed = value.value if isinstance(value, yaml.SequenceNode) else [value]
    return [each for each in listed if isinstance(each, yaml.MappingNode)]


def _written_inside(inner: yaml.Node, outer: yaml.Node) -> bool:
    return outer.start_mark.index <= inner.start_mark.index < outer.end_mark.index


def _merged_key_ids(node: yaml.MappingNode) -> list[int]:
    """The ids of the key nodes flattening `node` gives, its own merges' keys too."""
    ids: list[int] = []
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG:
            ids.append(id(key_node))
            continue
        for merged in _merged_mappings(value_node):
            ids.extend(_merged_key_ids(merged))
    return ids


def _refuse_merges_that_disagree(node: yaml.MappingNode) -> None:
    """`<<: [*a, *b]` where both set a key the mapping does not: the YAML 1.1 merge spec lets the
    earlier win, PyYAML the later for keys of two characters or more (yaml/pyyaml#953)."""
    for key_node, value_node in node.value:
        if key_node.tag != _MERGE_TAG or not isinstance(value_node, yaml.SequenceNode):
            continue
        own, seen = _key_texts(node, merged=False), set[str]()
        for merged in value_node.value:
            keys = _key_texts(merged) - own if isinstance(merged, yaml.MappingNode) else set()
            shared = sorted(seen & keys)
            if shared:
                raise YamlSyntaxError(position_of(key_node.start_mark), _disagreeing_merge(shared[0]))
            seen |= keys


def _key_texts(node: yaml.MappingNode, merged: bool = True) -> set[str]:
    """The text keys `node` sets, with those it merges (`<<`) when `merged`."""
    keys: set[str] = set()
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            if merged:
                keys.update(*(_key_texts(item) for item in _merged_mappings(value_node)))
        elif isinstance(key_node, yaml.ScalarNode):
            keys.add(str(key_node.value))
    return keys


def _disagreeing_merge(key: str) -> str:
    return (
        f"two mappings this merge key lists set {quoted(key)}, and which one wins differs between "
        f"YAML tools: merge one mapping, or set {quoted(key)} here explicitly"
    )
