"""Two applies of one manifest at once, where the platform refuses a create whose refId exists with a
400, not the 409 iotplan assumes (`duplicate-refid-400`, A1+++). The loser can no longer tell another
writer from any refusal: nothing more is written and no copy is made. A read back finding the whole
refused call made reports it found made by another writer (the platform refused it, so it did not make
it all), and apply exits 1 while its verifying plan, and the rerun's, shows no changes."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import Result

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_concurrent_apply import ANOTHER_WRITER, NEW_DEVICE, NOTHING_TO_RUN_AGAIN, raced
from tests.e2e.test_variants import listed

LONE_DEVICE = "          - key: logger-3\n            name: Spillway datalogger\n          - key: weather\n"
LOGGER_3 = ["dam-a/logger-3", "dam-a/logger-3/t1", "dam-a/logger-3/t2"]
REFUSED = "answered 400: InvalidProcessIntegrationRequest: A device with refId `quickstart:dam-a/logger-3`"
VERIFIED = "Verified: a fresh read shows no changes."
REFUSED_ADVICE = "apply did not finish: deal with the errors above, then run it again"


@pytest.fixture(autouse=True)
def duplicates_refused_400(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "duplicate-refid-400")


def apply_behind_another_writer(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, devices: str, *options: str
) -> Result:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "          - key: weather\n", devices)
    raced(monkeypatch)
    return workspace.run("apply", QUICKSTART, "--auto-approve", *options)


def assert_one_of_each_and_converged(workspace: Workspace, created: int) -> None:
    """Each refId once on the platform, and the rerun plans no changes."""
    ref_ids = Counter(
        entity["props"]["SERIAL_NO"]
        for kind in ("nodes", "devices", "sensors")
        for entity in listed(workspace, kind)
    )
    mine = {ref_id: count for ref_id, count in ref_ids.items() if ref_id.startswith("quickstart:")}
    assert len(mine) == 8 + created and set(mine.values()) == {1}, mine
    rerun = workspace.run("plan", QUICKSTART, "--detailed-exitcode")
    assert rerun.exit_code == 0 and "No changes." in rerun.stdout, rerun.output


def test_the_loser_of_a_device_race_reports_what_it_reads_back_as_found_made_and_writes_no_copy(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = apply_behind_another_writer(workspace, monkeypatch, NEW_DEVICE)
    assert lost.exit_code == 1, lost.output
    assert REFUSED in lost.stdout and ANOTHER_WRITER not in lost.stdout
    # Before, "(the platform kept all of the call)" and each listed applied: another writer's work claimed.
    assert (
        "Read back, the connection shows 3 of the call's 3 changes made (found made, not counted as applied "
        "by this run): the platform refused the call, so another writer made what it refused since the "
        "plan's read (a concurrent apply?), and each other change is another writer's, or this call's own "
        "kept by a platform that keeps part of a refused call." in lost.stdout
    )
    assert f"    found made by another writer: {', '.join(LOGGER_3)}" in lost.stdout
    assert "    applied:" not in lost.stdout and "kept all" not in lost.stdout
    assert (
        "Apply incomplete: 0 changes applied, 3 found made by another writer; 1 write request sent."
        in lost.stdout
        and VERIFIED in lost.stdout
    )
    assert (
        NOTHING_TO_RUN_AGAIN in lost.stderr and REFUSED_ADVICE not in lost.stderr
    )  # the fresh read settles it
    assert_one_of_each_and_converged(workspace, created=3)


def test_the_loser_of_a_device_race_reports_it_found_made_in_json(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = apply_behind_another_writer(workspace, monkeypatch, NEW_DEVICE, "--format", "json")
    assert lost.exit_code == 1, lost.output
    report = json.loads(lost.stdout)
    [outcome] = report["outcomes"]
    assert report["converged"] is True and outcome["status"] == "failed"
    assert outcome["applied"] == [] and outcome["found_made"] == LOGGER_3
    assert outcome["not_applied"] == [] and outcome["outcome_unknown"] == []
    assert_one_of_each_and_converged(workspace, created=3)


def test_a_lone_create_refused_is_not_read_back_and_reported_not_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = apply_behind_another_writer(workspace, monkeypatch, LONE_DEVICE)
    assert lost.exit_code == 1, lost.output
    assert REFUSED in lost.stdout and "Read back" not in lost.stdout
    assert "    not applied: dam-a/logger-3" in lost.stdout and "    applied:" not in lost.stdout
    assert (
        "Apply incomplete: 0 changes applied; 1 write request sent." in lost.stdout
        and VERIFIED in lost.stdout
    )
    assert (
        NOTHING_TO_RUN_AGAIN in lost.stderr and REFUSED_ADVICE not in lost.stderr
    )  # the fresh read settles it
    assert_one_of_each_and_converged(workspace, created=1)


def test_the_loser_of_a_connection_race_cannot_read_it_back_and_ends_with_nothing_to_run_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    raced(monkeypatch)
    lost = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert lost.exit_code == 1, lost.output
    assert (
        "answered 400: InvalidProcessIntegrationRequest: A node with refId `quickstart:dam-a`" in lost.stdout
    )
    assert "was creating the connection, whose id its refusal does not name" in lost.stdout
    assert ANOTHER_WRITER not in lost.stdout and "    applied:" not in lost.stdout
    assert "may or may not be applied: dam-a, dam-a/logger-1" in lost.stdout
    assert (
        "Verified: a fresh read shows no changes (so each change whose outcome was unknown is in place)."
        in (lost.stdout)
    )
    assert NOTHING_TO_RUN_AGAIN in lost.stderr
    assert_one_of_each_and_converged(workspace, created=0)
