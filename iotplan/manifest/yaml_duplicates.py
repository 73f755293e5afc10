"""Where each key written twice in one mapping stands, read from libyaml's events.

The streamed load (yaml_stream.py) reads a manifest holding a duplicate key whole, with no position
kept; telling the duplicate needs its position and the line of the first. The positional walk found
them by composing the whole node tree again (a 7 MB manifest: 3 s more and 550 MB); this reads the
events once more and keeps only each open mapping's keys. Told in the positional walk's order and
words (yaml_walk.py `_reject_duplicate_keys`): each mapping's duplicates before those of the
mappings inside it, in the order written. Only for a text the streamed load read whole: no alias,
tag, merge key, nor a key that is not text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml import events

from iotplan.manifest.positions import Path, Position, position_of
from iotplan.manifest.yaml_walk import ScalarHook

_STR_TAG = "tag:yaml.org,2002:str"
Duplicate = tuple[Path, str, Position]  # where the position walk's duplicates list it, its message, its key


@dataclass
class _Open:
    """A container still open: its path, and for a mapping the keys read (each key's first mark)."""

    path: Path
    order: int  # its place among mappings as the positional walk visits them: before those inside
    seen: dict[str, Any] | None = None
    key: str | None = None
    index: int = 0
    found: list[Duplicate] = field(default_factory=list)

    def child(self) -> Path:
        if self.seen is None:
            return (*self.path, self.index)
        return (*self.path, self.key) if self.key is not None else self.path

    def took_value(self) -> None:
        if self.seen is None:
            self.index += 1
        else:
            self.key = None


def duplicate_keys(loader: Any, hook: ScalarHook | None) -> list[Duplicate]:
    """Each key written twice in one mapping of `loader`'s one document. Events told apart by their
    class, as yaml_stream.py does: a fleet's manifest is 700,000 of them."""
    opened: list[_Open] = []
    told: list[tuple[int, list[Duplicate]]] = []
    mappings = 0
    get_event = loader.get_event
    while True:
        event = get_event()
        kind = event.__class__
        if kind is _SCALAR:
            if opened:
                _scalar(opened[-1], event, hook)
        elif kind is _MAPPING_START or kind is _SEQUENCE_START:
            path = opened[-1].child() if opened else ()
            mapping = kind is _MAPPING_START
            opened.append(_Open(path, mappings, {} if mapping else None))
            mappings += mapping
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            done = opened.pop()
            if done.found:
                told.append((done.order, done.found))
            if opened:
                opened[-1].took_value()
        elif kind is events.StreamEndEvent:
            return [duplicate for _, found in sorted(told, key=lambda each: each[0]) for duplicate in found]


_SCALAR = events.ScalarEvent
_MAPPING_START, _MAPPING_END = events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent


def _scalar(container: _Open, event: Any, hook: ScalarHook | None) -> None:
    if container.seen is None or container.key is not None:
        container.took_value()
        return
    key = _key_text(event, hook)
    first = container.seen.get(key)
    if first is None:
        container.seen[key] = event.start_mark
    else:
        message = f"duplicate key {key!r} (first written at line {position_of(first).line})"
        container.found.append(((*container.path, key, "#duplicate"), message, position_of(event.start_mark)))
    container.key = key


def _key_text(event: Any, hook: ScalarHook | None) -> str:
    """The key as the positional walk reads it: its text, a rendered template's values put back."""
    value = str(event.value)
    if hook is None or hook.marker not in value:
        return value
    return hook(yaml.ScalarNode(_STR_TAG, value, event.start_mark, event.end_mark, event.style))
