"""YAML text → plain data, and where every key and value was written.

PyYAML's loaders forget positions and silently keep the last of two equal mapping keys; the
positional walker keeps both facts so every error can point at `file:line:col`. Positions are
only needed when something is wrong, so a manifest is first walked without them (four times
faster at 100,000 sensors) and walked again with them when an error asks where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from iotplan.manifest.nesting import TOO_DEEP, deepest
from iotplan.manifest.positions import Path, Position, YamlSyntaxError, position_at
from iotplan.manifest.surrogate_pairs import joined_path, may_hold_halves, pairs_joined
from iotplan.manifest.yaml_duplicates import Duplicate, duplicate_keys
from iotplan.manifest.yaml_errors import WHOLE_BELOW_LINES, near_mark, syntax_error
from iotplan.manifest.yaml_stream import load_streamed
from iotplan.manifest.yaml_walk import (
    FastHookWalker,
    FastWalker,
    NeedsPositions,
    ScalarHook,
    Walker,
    made_ambiguous_number,
    made_yaml11_boolean,
)

# libyaml's parser, when PyYAML was built with it, reads a large manifest about four times faster;
# both give the same nodes and marks.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class SourceMap:
    """Where each path of the loaded data was written: the key's position and the value's.

    Given the `text` instead, the positions are found when first asked for. `ambiguous_numbers`
    says whether the data holds an AmbiguousNumber (yaml_numbers.py), so that only then is it searched;
    `yaml11_booleans`, whether a boolean was written yes, no, on or off (template_data.py).
    """

    file: str
    keys: dict[Path, Position] = field(default_factory=dict)
    values: dict[Path, Position] = field(default_factory=dict)
    text: str | None = None
    hook: ScalarHook | None = None
    ambiguous_numbers: bool = False
    yaml11_booleans: bool = False
    duplicated_keys: dict[Path, Position] = field(default_factory=dict)  # found with the data
    aliases: dict[Path, Position] = field(default_factory=dict)  # where an alias reuses a path's value

    def locate(self, path: Path, *, at_key: bool = False) -> Position:
        """The position of `path`, or of its nearest written ancestor when it was never written."""
        if at_key and path in self.duplicated_keys:  # no walk of the whole text for these
            return self.duplicated_keys[path]
        if self.text is not None:
            _, found, _ = _load(self.text, self.file, _FAST_LOADER, self.hook)
            self.keys, self.values, self.aliases, self.text = found.keys, found.values, found.aliases, None
        table = self.keys if at_key else self.values
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in table:
                return table[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def alias_note(self, path: Path) -> str:
        """` (via the alias at line N)` when `path`'s value is one an alias repeats: located at the
        anchor, where it is written, the problem would not lead to the place that reuses it."""
        where = self.alias_at(path)
        return "" if where is None else via_alias(where.line)

    def alias_at(self, path: Path) -> Position | None:
        """Where the alias repeating `path`'s value (or a value holding it) is written; None for
        a value written where it is. Asked after `locate`, which finds them."""
        aliases = self.aliases
        if aliases:
            for end in range(len(path), 0, -1):
                where = aliases.get(path[:end])
                if where is not None:
                    return where
        return None


def via_alias(line: int) -> str:
    """What a problem's place, at an anchor, says of the alias at `line` that repeats its value."""
    return f" (via the alias at line {line})"


Loaded = tuple[Any, SourceMap, list[tuple[Path, str]]]


def load_yaml(text: str, file: str, hook: ScalarHook | None = None) -> Loaded:
    """Parse one YAML document into data, positions and the duplicate keys found.

    PyYAML would keep the last of two equal keys; they are reported as (path, message) instead.
    A `hook` rewrites the text scalars that hold its marker (a rendered template's values).
    """
    try:
        loaded = _load_any(text, file, hook)
    except RecursionError:  # PyYAML's own composer recurses; libyaml stops at 1,000 levels
        raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None
    return _with_pairs_joined(loaded) if may_hold_halves(text) else loaded


def _with_pairs_joined(loaded: Loaded) -> Loaded:
    """A JSON manifest's `"\\ud83c\\udf0a"` read as JSON readers read it (surrogate_pairs.py)."""
    data, source, duplicates = loaded
    data = pairs_joined(data, lambda path, at_key: source.locate(path, at_key=at_key))
    return data, source, [(joined_path(path), message) for path, message in duplicates]


def _load_any(text: str, file: str, hook: ScalarHook | None) -> Loaded:
    try:
        try:
            return _load_fast(text, file, hook)
        except NeedsPositions:
            return _load(text, file, _FAST_LOADER, hook)
    except yaml.YAMLError as error:
        if "maximum nesting depth" in str(error):  # libyaml's limit: PyYAML's parser would recurse
            raise YamlSyntaxError(Position(*deepest(text, _FAST_LOADER)), TOO_DEEP) from None
        if (
            isinstance(error, yaml.MarkedYAMLError)
            and error.problem_mark
            and text.count("\n") >= WHOLE_BELOW_LINES
        ):
            found = near_mark(text, error, lambda part: _load(part, file, yaml.SafeLoader, hook))
            raise syntax_error(found) from None  # a long text is told again near libyaml's mark only
    # told again by the pure-Python parser, whose messages read better
    try:
        return _load(text, file, yaml.SafeLoader, hook)
    except yaml.MarkedYAMLError as error:
        raise syntax_error(error) from None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow, such as DEL
        code = error.character if isinstance(error.character, int) else ord(error.character)
        message = f"invalid YAML: {error.reason} (U+{code:04X})"
        raise YamlSyntaxError(position_at(text, error.position), message) from None


def _load_fast(text: str, file: str, hook: ScalarHook | None) -> Loaded:
    if "*" not in text:  # no alias: nothing to count, so the events are read as they come
        try:
            return _load_streamed(text, file, hook)
        except NeedsPositions:
            pass  # the node walk tells what the stream left
    loader = _FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        walker = FastWalker(loader) if hook is None else FastHookWalker(loader, hook)
        data = None if node is None else walker.walk(walker.start(node))
        return data, _lazy_source(loader, file, text, hook), []
    finally:
        loader.dispose()


def _load_streamed(text: str, file: str, hook: ScalarHook | None) -> Loaded:
    loader = _FAST_LOADER(text)
    try:
        data, duplicated = load_streamed(loader, hook)
        source = _lazy_source(loader, file, text, hook)
    finally:
        loader.dispose()
    if not duplicated:
        return data, source, []
    if may_hold_halves(text):  # its keys' paths are joined (surrogate_pairs.py): the node walk tells it
        raise NeedsPositions
    found = _duplicate_keys(text, hook)
    source.duplicated_keys = {path: position for path, _, position in found}
    return data, source, [(path, message) for path, message, _ in found]


def _duplicate_keys(text: str, hook: ScalarHook | None) -> list[Duplicate]:
    loader = _FAST_LOADER(text)
    try:
        return duplicate_keys(loader, hook)
    finally:
        loader.dispose()


def _load(text: str, file: str, loader_class: Any, hook: ScalarHook | None = None) -> Loaded:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, SourceMap(file), []
        walker = Walker(loader, hook)
        data = walker.walk(walker.start(node), ())
        joined = may_hold_halves(text)  # the paths load_yaml's data will have: its pairs joined
        source = SourceMap(
            file,
            _joined_paths(walker.keys) if joined else walker.keys,
            _joined_paths(walker.values) if joined else walker.values,
            ambiguous_numbers=made_ambiguous_number(loader),
            yaml11_booleans=made_yaml11_boolean(loader),
            aliases=_joined_paths(walker.aliases) if joined else walker.aliases,
        )
        return data, source, walker.duplicates
    finally:
        loader.dispose()


def _joined_paths(table: dict[Path, Position]) -> dict[Path, Position]:
    return {joined_path(path): position for path, position in table.items()}


def _lazy_source(loader: Any, file: str, text: str, hook: ScalarHook | None) -> SourceMap:
    ambiguous = made_ambiguous_number(loader)
    return SourceMap(
        file, text=text, hook=hook, ambiguous_numbers=ambiguous, yaml11_booleans=made_yaml11_boolean(loader)
    )
