"""A refusal names the `moved` entry it is about as `shown_entry` shows it: that entry is found, and
no other (an index the list does not hold, or one whose `from` and `to` differ from the text)."""

from __future__ import annotations

from iotplan.manifest.moves import entry_named, shown_entry

ENTRIES = [("dam-a/logger-1", "dam-a/logger-2"), ("dam-b", "dam-c")]


def test_a_moved_entry_named_in_a_message_is_found_only_as_written() -> None:
    named = f"dam-c: both dam-b and dam-c exist, so {shown_entry(1, 'dam-b', 'dam-c')} cannot be made"

    assert entry_named(named, ENTRIES) == 1
    assert entry_named("moved[5] {from: dam-b, to: dam-c}", ENTRIES) is None
    assert entry_named("moved[0] {from: dam-b, to: dam-c}", ENTRIES) is None
    assert entry_named("dam-c: not found by its refId", ENTRIES) is None
