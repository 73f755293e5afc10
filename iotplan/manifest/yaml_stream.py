"""The quickest load: Python data built straight from libyaml's events, no node tree in between.

Composing a 100,000-sensor manifest into PyYAML nodes first held 900,000 nodes and their marks
at once (185 MB of the load's peak) and walked them again afterwards. Read as events, only the
containers still open are held. This load takes the plain case: anything else (an anchor, a
tag, a merge key, a duplicate key, a key that is not text, more than one document, nesting past
MAX_DEPTH) raises NeedsPositions, and the positional walk (yaml_walk.py) reads the text again,
telling it as it always has. Aliases never reach here: source.py sends a text with `*` to the
node walks, which count what aliases repeat.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import events

from iotplan.manifest.nesting import MAX_DEPTH
from iotplan.manifest.yaml_numbers import text_as_written
from iotplan.manifest.yaml_walk import NeedsPositions, ScalarHook, construct_scalar

_STR_TAG = "tag:yaml.org,2002:str"


def load_streamed(loader: Any, hook: ScalarHook | None) -> Any:
    """The one document of `loader`'s text as Python data; NeedsPositions for what it leaves."""
    first, second = loader.get_event(), loader.get_event()
    if not isinstance(first, events.StreamStartEvent) or not isinstance(second, events.DocumentStartEvent):
        raise NeedsPositions  # an empty stream: the node walk says what that means
    data = _document(loader, hook)
    if not isinstance(loader.get_event(), events.StreamEndEvent):
        raise NeedsPositions  # a second document: refused, by the node walk's message
    return data


def _document(loader: Any, hook: ScalarHook | None) -> Any:
    """Containers still open are [container, key waiting for its value, keys read]."""
    open_containers: list[list[Any]] = []
    tags = _PlainTags(loader)
    while True:
        event = loader.get_event()
        kind = event.__class__
        if kind is events.ScalarEvent:
            value = _scalar(loader, event, hook, tags)
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            _refuse_decorated(event)
            if len(open_containers) >= MAX_DEPTH:
                raise NeedsPositions
            open_containers.append([{} if kind is events.MappingStartEvent else [], None, 0])
            continue
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            value, _, keys = open_containers.pop()
            if kind is events.MappingEndEvent and len(value) != keys:
                raise NeedsPositions  # a duplicate key: told with both positions
        elif kind is events.DocumentEndEvent:
            return None  # an empty document
        else:  # an alias
            raise NeedsPositions
        if not open_containers:
            if not isinstance(loader.get_event(), events.DocumentEndEvent):
                raise NeedsPositions
            return value
        _place(open_containers[-1], value)


def _place(container: list[Any], value: Any) -> None:
    held, key, _ = container
    if held.__class__ is list:
        held.append(value)
    elif key is None:
        if value.__class__ is not str:
            raise NeedsPositions  # a key that is not text, or a merge key (`<<`)
        container[1] = value
    else:
        held[key] = value
        container[1] = None
        container[2] += 1


def _scalar(loader: Any, event: Any, hook: ScalarHook | None, tags: _PlainTags) -> Any:
    _refuse_decorated(event)
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
    return construct_scalar(loader, node)


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
    """

    LIMIT = 20_000

    def __init__(self, loader: Any) -> None:
        super().__init__()
        self.loader = loader

    def of(self, event: Any) -> tuple[str, str]:
        """(tag, text): the text the first time it was read (a NumberLikeText where YAML 1.2 reads a
        number)."""
        known = self.get(event.value)
        if known is None:
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            known = (tag, text_as_written(event.value) if tag == _STR_TAG else event.value)
            if len(self) < self.LIMIT:
                self[event.value] = known
        return known


def _refuse_decorated(event: Any) -> None:
    if event.anchor is not None or event.tag is not None:
        raise NeedsPositions
