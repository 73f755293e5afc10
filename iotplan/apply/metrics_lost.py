"""The generic sensors whose metric and unit maps an update lost (docs/api-assumptions.md A2, A8).

Apply sends a sensor's maps with every update of it, as the manifest declares them, so the verifying
read's note on props dropped (commands/apply.py `_say_props_lost`), which asks only after props an
update did not send, never sees them go. A platform that replaces props on update and leaves the maps
out of the replacement (it ignores them in an update) empties them at every update of the sensor, a
rename included: what its history is read by is gone, and writing them back does not take. Each such
sensor is named, by address, once the verifying read shows it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from iotplan.plan.model import Action, Change, Kind
from iotplan.plan.props import METRIC_MAPS

# What to do, said on stderr for each sensor and once in apply's closing error.
METRICS_LOST_ADVICE = (
    "A platform that replaces props on update and ignores metric maps in one loses them at every "
    "update of a generic sensor, a rename or a `moved` rename included, "
    "and writing them back does not take: run `iotplan check-platform` (its A2 and A8 lines); while they "
    "fail, set the metrics again in the platform's web app and do not update generic sensors with iotplan"
)


def metrics_lost(
    changes: Sequence[Change], before: Mapping[str, Mapping[str, Any]], now: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    """The addresses of the sensors updated whose maps the read before the apply (`before`, by live
    id) showed and the verifying read (`now`) does not, the manifest still declaring metrics: not a
    clearing the update meant."""
    return [str(change.address) for change in changes if _lost(change, before, now)]


def _lost(
    change: Change, before: Mapping[str, Mapping[str, Any]], now: Mapping[str, Mapping[str, Any]]
) -> bool:
    if change.kind is not Kind.SENSOR or change.action is not Action.UPDATE:
        return False
    if not (change.after or {}).get("metrics"):  # the update cleared them, or sent none to keep
        return False
    held, kept = before.get(change.live_id or ""), now.get(change.live_id or "")
    return held is not None and kept is not None and _holds_maps(held) and not _holds_maps(kept)


def _holds_maps(props: Mapping[str, Any]) -> bool:
    return any(props.get(name) for name in METRIC_MAPS)
