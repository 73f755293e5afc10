"""Updates grouped by what they change, as a reviewer reads them: a unit changed on 10,000 sensors is
one change made 10,000 times. The plan-wide lists (the text view's distinct updates, the Markdown
data-model warning) group them here, so those agree; a connection's block folds its own updates by
lines.py's key (`_group`), which also keeps apart those it warns of differently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from iotplan.plan.model import Change
from iotplan.render.lines import field_text

Alike = list[tuple[str, list[Change]]]


def alike_data_model_changes(rereads: Sequence[Change]) -> Alike:
    """The changes grouped by what they do to the data model, as a reviewer reads it, most sensors
    first (ties in the plan's order)."""
    return _alike(rereads, data_model_change)


def alike_updates(updates: Sequence[Change]) -> Alike:
    """Updates grouped by all the fields they change, as the text view shows them, most entities
    first (ties in the plan's order)."""
    return _alike(updates, _all_fields)


def _alike(changes: Sequence[Change], what: Callable[[Change], str]) -> Alike:
    alike: dict[tuple[str, str], list[Change]] = {}
    for change in changes:
        alike.setdefault((change.kind, what(change)), []).append(change)
    return sorted(((said, grouped) for (_, said), grouped in alike.items()), key=lambda item: -len(item[1]))


def data_model_change(change: Change) -> str:
    """`metrics[0].unit: "Pa" → "kPa"`: the data-model fields of `change`, shown as the text view
    shows them (secrets hidden); all its fields when none is one the differ names."""
    # Only these group the changes: a moved or renamed sensor's other fields make none of their own.
    fields = [field for field in change.fields if field.rereads_history] or change.fields
    return "; ".join(field_text(field) for field in fields)


def _all_fields(change: Change) -> str:
    return "; ".join(field_text(field) for field in change.fields)


def connections_of(changes: Sequence[Change]) -> list[str]:
    """The connections `changes` are in, each once, in the plan's order. One key may name a connection
    in each project: counted apart (the list's length), named as often."""
    return [connection for _, connection in dict.fromkeys((c.project_id, c.connection) for c in changes)]
