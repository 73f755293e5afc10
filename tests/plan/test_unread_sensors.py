"""A device whose SIZE counts more sensors than were read under it (a list that left one out, a
SIZE the platform lowers late): nothing is created under it or renamed onto it, and its removal
destroys an unknown number of observations, never none."""

from __future__ import annotations

import pytest

from iotplan.errors import IotplanError, PlanError
from iotplan.plan.guards import Permissions, refuse_data_loss
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import MANIFEST, find_change, load, plan_for

DEVICE = "site:dam-a/logger-1"


def with_a_sensor_unread(live, size: object = 2):
    """The live state as a read that missed pz-1 leaves it, the device still saying SIZE `size`."""
    logger = find(live, DEVICE)
    connection = first_connection(live)
    connection.sensors[logger.id] = [s for s in connection.sensors[logger.id] if s.ref_id.endswith("/air")]
    logger.props["SIZE"] = size
    return live


def test_a_sensor_is_not_created_under_a_device_whose_size_counts_one_unread() -> None:
    live = with_a_sensor_unread(applied(load()))
    with pytest.raises(PlanError) as refused:
        plan_for(load(), live)
    message = str(refused.value)
    logger = find(live, DEVICE)
    assert (
        f"dam-a/logger-1/pz-1: would create sensor 'site:dam-a/logger-1/pz-1' under device {logger.id}, "
        "whose SIZE is 2 but 1 sensor was read under it"
    ) in message
    assert "could copy one that was not read" in message


def test_a_sensor_is_not_renamed_onto_a_device_whose_size_counts_one_unread() -> None:
    renamed = MANIFEST.replace("key: air", "key: air-2") + (
        "moved:\n  - {from: dam-a/logger-1/air, to: dam-a/logger-1/air-2}\n"
    )
    live = with_a_sensor_unread(applied(load()), size=3)
    connection = first_connection(live)
    connection.sensors[find(live, DEVICE).id].append(find(applied(load()), "site:dam-a/logger-1/pz-1"))
    with pytest.raises(PlanError) as refused:
        plan_for(load(renamed), live)
    message = str(refused.value)
    assert (
        "dam-a/logger-1/air-2: would rename sensor 'site:dam-a/logger-1/air' to 'site:dam-a/logger-1/air-2'"
    ) in message
    # Left out of the manifest, the renamed sensor would be planned for removal: the advice keeps it.
    assert "keep dam-a/logger-1/air-2's old key and drop its `moved` entry" in message


@pytest.mark.parametrize(("size", "shown"), [("2", "'2'"), (2.0, "2.0"), ("two", "'two'"), (-1, "-1")])
def test_a_size_as_text_a_float_or_no_number_is_no_size_taken_for_none(size: object, shown: str) -> None:
    """fz49 #2: a SIZE of "2" or 2.0 turned the check off; one that is no whole number may count any."""
    live = with_a_sensor_unread(applied(load()), size=size)
    with pytest.raises(PlanError, match=f"whose SIZE is {shown} but 1 sensor was read under it"):
        plan_for(load(), live)


@pytest.mark.parametrize("size", [2, "2", 2.0, "two"])
def test_removing_a_device_with_sensors_unread_destroys_an_unknown_count_that_needs_allow_destroy(
    size: object,
) -> None:
    without_logger = MANIFEST.split("        devices:\n")[0]
    live = with_a_sensor_unread(applied(load(), observations=0), size=size)
    plan = plan_for(load(without_logger), live)
    removal = find_change(plan, "dam-a/logger-1")
    assert removal.action is Action.REMOVE and removal.observations_unknown
    with pytest.raises(IotplanError, match="--allow-destroy"):
        refuse_data_loss(plan, Permissions())


def test_removing_the_connection_of_a_device_with_sensors_unread_needs_allow_destroy_too() -> None:
    """Dropping the whole site is the larger removal: it never counts the unread sensors as none."""
    no_sites = MANIFEST.split("      - key: dam-a")[0].rstrip() + " []\n"
    live = with_a_sensor_unread(applied(load(), observations=0))
    plan = plan_for(load(no_sites), live)
    removal = find_change(plan, "dam-a")
    assert removal.action is Action.REMOVE and removal.observations_unknown
    with pytest.raises(IotplanError, match="--allow-destroy"):
        refuse_data_loss(plan, Permissions())
