"""The quickest load: Python data built straight from libyaml's events, no node tree in between.

Composing a 100,000-sensor manifest into PyYAML nodes first held 900,000 nodes and their marks
at once (185 MB of the load's peak) and walked them again afterwards. Read as events, only the
containers still open are held. This load takes the plain case: anything else (an anchor, a
tag, a merge key, a duplicate key, a key that is not text, more than one document, nesting past
MAX_DEPTH, a scalar no tag builds) raises NeedsPositions, and the positional walk (yaml_walk.py)
reads the text again, telling it as it always has. Aliases never reach here: source.py sends a
text with `*` to the node walks, which count what aliases repeat.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import events

from iotplan.manifest.nesting import MAX_DEPTH
from iotplan.manifest.positions import YamlSyntaxError
from iotplan.manifest.yaml_numbers import text_as_written
from iotplan.manifest.yaml_walk import NeedsPositions, ScalarHook, construct_scalar

_STR_TAG = "tag:yaml.org,2002:str"


def load_streamed(loader: Any, hook: ScalarHook | None) -> tuple[Any, bool]:
    """The one document of `loader`'s text as Python data, and whether a mapping of it holds a key
    twice (the last value kept, as the positional walk keeps it); NeedsPositions for what it leaves."""
    first, second = loader.get_event(), loader.get_event()
    if not isinstance(first, events.StreamStartEvent) or not isinstance(second, events.DocumentStartEvent):
        raise NeedsPositions  # an empty stream: the node walk says what that means
    data, duplicated = _document(loader, hook)
    if not isinstance(loader.get_event(), events.StreamEndEvent):
        raise NeedsPositions  # a second document: refused, by the node walk's message
    return data, duplicated


def _document(loader: Any, hook: ScalarHook | None) -> tuple[Any, bool]:
    """One loop over every event, its steps written inline: a call per scalar to place it, one to
    refuse a decorated one and one to read its tag cost a fleet's 455,000 scalars 0.1 s. The
    container being filled is held in locals (`held`, `key`, `keys`: the key waiting for its value,
    the keys read); each container still open above it is saved in `above` as the same three."""
    above: list[tuple[Any, Any, int]] = []
    held: Any = None  # no container open: the next value is the document's
    key: Any = None
    keys = 0
    tags = _PlainTags(loader, hook)
    texts = tags.texts
    marker = tags.marker
    get_event = loader.get_event
    duplicated = False
    while True:
        event = get_event()
        kind = event.__class__
        if kind is _SCALAR:
            if event.anchor is not None or event.tag is not None:
                raise NeedsPositions
            if event.implicit[0]:
                value = texts.get(event.value)
                if value is None:
                    value = _scalar(loader, event, hook, tags)
            elif marker is None or marker not in event.value:
                value = event.value  # quoted, untagged: text, as _scalar reads it
            else:
                value = _scalar(loader, event, hook, tags)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            if event.anchor is not None or event.tag is not None:
                raise NeedsPositions
            if len(above) >= MAX_DEPTH:
                raise NeedsPositions
            above.append((held, key, keys))
            held, key, keys = ({} if kind is _MAPPING_START else []), None, 0
            continue
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            if kind is _MAPPING_END and len(held) != keys:
                duplicated = True  # a duplicate key: found again with its positions (duplicate_keys)
            value = held
            held, key, keys = above.pop()
        elif kind is events.DocumentEndEvent:
            return None, False  # an empty document
        else:  # an alias
            raise NeedsPositions
        if held is None:
            if not isinstance(get_event(), events.DocumentEndEvent):
                raise NeedsPositions
            return value, duplicated
        if held.__class__ is list:
            held.append(value)
        elif key is None:
            if value.__class__ is not str:
                raise NeedsPositions  # a key that is not text, or a merge key (`<<`)
            key = value
        else:
            held[key] = value
            key = None
            keys += 1


_SCALAR = events.ScalarEvent
_MAPPING_START, _MAPPING_END = events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent


def _scalar(loader: Any, event: Any, hook: ScalarHook | None, tags: _PlainTags) -> Any:
    plain = event.implicit[0]
    if plain:
        tag, value = tags.of(event)
    else:
        tag, value = loader.resolve(yaml.ScalarNode, event.value, event.implicit), event.value
    if tag == _STR_TAG:
        if hook is None or hook.marker not in value:
            return value
        return hook(yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style))
    if tag == "tag:yaml.org,2002:merge":
        raise NeedsPositions
    decimal = _DECIMALS.get(tag)
    if decimal is not None and decimal[0].fullmatch(event.value):
        return decimal[1](event.value)
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    try:
        return construct_scalar(loader, node)
    except (YamlSyntaxError, yaml.YAMLError):
        # A scalar no tag builds (2026-13-01; `=`, which PyYAML's constructor reads as text only as
        # a key) is the node walk's to tell: it reads the whole text before it builds a value, so a
        # syntax error further down is told first, as for the same text holding a `*`.
        raise NeedsPositions from None


# Plain decimals, which YAML 1.1 reads as Python does (no `_`, sexagesimal `:`, octal `0`, base
# prefix, inf or nan): made straight away, where PyYAML's constructor costs microseconds each and
# a fleet's coordinates are hundreds of thousands of them.
_DECIMALS: dict[str, tuple[re.Pattern[str], type]] = {
    "tag:yaml.org,2002:int": (re.compile(r"[-+]?(?:0|[1-9][0-9]*)"), int),
    "tag:yaml.org,2002:float": (re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)"), float),
}


class _PlainTags(dict[str, tuple[str, str]]):
    """The tag of each plain scalar, resolved once per text: a fleet repeats `key`, `name`, `s0`
    hundreds of thousands of times, and each resolution tries the YAML 1.1 patterns in Python.
    SafeLoader's resolution of a plain scalar depends on its text alone (it has no path resolvers).
    The text is kept too, and handed out for each repeat: one `name` string for every mapping, not
    one each. Bounded: the texts that repeat come early, and unique ones (coordinates) would only
    fill it.

    `texts` holds those of them that are read as text, and that the hook leaves as they are (no
    marker): each is its own value, found in one look-up (`_document`).
    """

    LIMIT = 20_000

    def __init__(self, loader: Any, hook: ScalarHook | None) -> None:
        super().__init__()
        self.loader = loader
        self.marker = hook.marker if hook is not None else None
        self.texts: dict[str, str] = {}

    def of(self, event: Any) -> tuple[str, str]:
        """(tag, text): the text the first time it was read (a NumberLikeText where YAML 1.2 reads a
        number)."""
        known = self.get(event.value)
        if known is None:
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            known = (tag, text_as_written(event.value) if tag == _STR_TAG else event.value)
            if len(self) < self.LIMIT:
                self[event.value] = known
                if tag == _STR_TAG and (self.marker is None or self.marker not in event.value):
                    self.texts[event.value] = known[1]
        return known
