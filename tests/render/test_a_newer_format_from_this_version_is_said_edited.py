"""A plan or drift report whose `format_version` is newer than this iotplan reads, saying it was made by
this iotplan (`iotplan_version` the running one), was refused with "use the iotplan that made it
(its version)": the one running, which cannot have written that format. The file was edited, or made
by a newer build saying the same version; it says so, to make the file again or to upgrade."""

from __future__ import annotations

import pytest

from iotplan import __version__
from iotplan.plan.model import FORMAT_VERSION
from iotplan.render import plan_from_dict, plan_to_dict
from iotplan.render.drift_json import DRIFT_FORMAT_VERSION, drift_from_dict, drift_to_dict
from tests.render import drifts, plans


@pytest.mark.parametrize(
    ("saved", "read", "written", "document"),
    [
        (plan_to_dict(plans.SCENARIOS["creation"]()), plan_from_dict, FORMAT_VERSION, "plan"),
        (
            drift_to_dict(next(iter(drifts.SCENARIOS.values()))()),
            drift_from_dict,
            DRIFT_FORMAT_VERSION,
            "drift report",
        ),
    ],
    ids=["plan", "drift"],
)
def test_a_newer_format_saying_this_iotplan_made_it_is_refused_as_edited(
    saved: dict, read: object, written: str, document: str
) -> None:
    newer = f"{written.split('.')[0]}.99"
    with pytest.raises(ValueError) as refused:
        read(saved | {"format_version": newer, "iotplan_version": __version__})  # type: ignore[operator]
    said = str(refused.value)
    assert said.startswith(
        f"format_version {newer}, but iotplan {__version__}, which it says made it, writes {written}: "
        f"the {document} file was edited"
    ), said
    assert "use the iotplan that made it" not in said


@pytest.mark.parametrize(
    ("saved", "read", "written", "document"),
    [
        (plan_to_dict(plans.SCENARIOS["creation"]()), plan_from_dict, FORMAT_VERSION, "plan"),
        (
            drift_to_dict(next(iter(drifts.SCENARIOS.values()))()),
            drift_from_dict,
            DRIFT_FORMAT_VERSION,
            "drift report",
        ),
    ],
    ids=["plan", "drift"],
)
def test_a_newer_format_saying_this_version_made_it_may_be_of_a_newer_build_too(
    saved: dict, read: object, written: str, document: str
) -> None:
    """Builds of one version number may write two formats (a landing that moved the format without
    moving the version): rolled back to the older, the newer's file is no edit of it, and the reader
    is told to upgrade as well as to make the file again."""
    newer = f"{written.split('.')[0]}.99"
    with pytest.raises(ValueError) as refused:
        read(saved | {"format_version": newer, "iotplan_version": __version__})  # type: ignore[operator]
    assert str(refused.value) == (
        f"format_version {newer}, but iotplan {__version__}, which it says made it, writes {written}: "
        f"the {document} file was edited (make the {document} again), or made by a newer iotplan of "
        "this version number (upgrade to read it)"
    )
