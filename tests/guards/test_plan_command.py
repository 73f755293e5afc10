"""commands/plan.py: what `iotplan plan` checks against the platform before it shows a plan.

A manifest naming what the platform's catalog lacks, or a write needing a secret that is not set,
makes no plan; a token is compared with the one set now; a THREAD is read where its manifest says,
and a plan records which platform it was made against.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import iotplan
from iotplan.clients.target import Target, TargetOptions, open_target
from iotplan.commands.apply import ApplyRequest, prepare_apply, run_apply
from iotplan.commands.plan import PlanRequest, plan_command, target_identity
from iotplan.errors import CatalogError, IotplanError, PlanError
from iotplan.plan.desired import desired_state, walk
from iotplan.plan.model import Action, FieldChange, Plan
from tests.conftest import ROOT
from tests.guards.fleet import FLEET, PROJECT, load

T = TypeVar("T")
TOKEN = FLEET.replace("name: Dam A", "name: Dam A\n        auth_token: ${env:DAM_A_TOKEN}", 1)
EDGE = (ROOT / "examples" / "edge" / "site.yaml").read_text("utf-8")


def run(db: Path, work: Callable[[Target], Awaitable[T]]) -> T:
    async def opened() -> T:
        async with open_target(TargetOptions(sim_db=db), {}) as target:
            return await work(target)

    return asyncio.run(opened())


def plan_of(db: Path, text: str, environ: dict[str, str] | None = None) -> Plan:
    request = PlanRequest(desired_state(load(text)))
    return run(db, lambda target: plan_command(target, request, environ or {}))


def applied(db: Path, text: str, environ: dict[str, str]) -> None:
    async def work(target: Target) -> None:
        prepared = await prepare_apply(target, desired_state(load(text)), ApplyRequest(), environ)
        assert (await run_apply(target, prepared, environ, confirm=lambda: None)).succeeded

    run(db, work)


def test_a_template_the_platforms_catalog_lacks_makes_no_plan(tmp_path: Path) -> None:
    text = FLEET.replace("template: TEMPERATURE_SDE", "template: TEMPERATURE_SDX", 1)
    with pytest.raises(CatalogError, match=r"dam-a/logger-1/air: unknown sensor template 'TEMPERATURE_SDX'"):
        plan_of(tmp_path / "sim.db", text)


def test_a_write_needing_a_secret_that_is_not_set_makes_no_plan(tmp_path: Path) -> None:
    with pytest.raises(IotplanError, match=r"dam-a: auth_token \$\{env:DAM_A_TOKEN\} is not set"):
        plan_of(tmp_path / "sim.db", TOKEN)


def test_a_token_other_than_the_one_set_now_is_planned_as_a_write_that_shows_neither(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    applied(db, TOKEN, {"DAM_A_TOKEN": "old-s3cret"})
    assert not plan_of(db, TOKEN, {"DAM_A_TOKEN": "old-s3cret"}).summary.has_changes
    [change] = plan_of(db, TOKEN, {"DAM_A_TOKEN": "new-s3cret"}).writes
    assert (change.address, change.action) == ("dam-a", Action.UPDATE)
    assert change.fields == (FieldChange("auth_token", "(sensitive)", "${env:DAM_A_TOKEN}", sensitive=True),)


def test_a_thread_answering_with_another_serial_is_left_alone_naming_where_it_answered(
    tmp_path: Path,
) -> None:
    # Each other's gateway: one gateway written for both nodes is refused by validate, before any plan.
    swapped = EDGE.replace("host: 127.0.0.1:8401", "host: SOUTH", 1)
    swapped = swapped.replace("host: 127.0.0.1:8402", "host: 127.0.0.1:8401", 1).replace(
        "SOUTH", "127.0.0.1:8402"
    )
    plan = plan_of(tmp_path / "sim.db", swapped)
    [refused] = [c for c in plan.changes if c.address.startswith("thread-north/")]
    assert (refused.address, refused.action) == ("thread-north/edge", Action.REFUSED)
    assert refused.reason == (
        "identity mismatch: the gateway at 127.0.0.1:8402 reports serial 5D6E7F, not 4A1B2C: "
        "nothing was read or written"
    )


def test_a_plan_records_the_identity_of_the_platform_it_was_made_against(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    identity = run(db, lambda target: asyncio.sleep(0, target_identity(target)))
    assert identity == f"embedded:{db.resolve()}"
    assert plan_of(db, FLEET).target_identity == identity


def test_a_plan_records_the_iotplan_version_that_made_it(tmp_path: Path) -> None:
    assert plan_of(tmp_path / "sim.db", FLEET).made_by == iotplan.__version__ != ""


def test_a_live_ref_id_equal_to_the_manifests_is_read_as_the_manifests_own_text(tmp_path: Path) -> None:
    """One copy of each refId, not two, in a plan's memory (benchmarks/README.md, eighth round)."""
    db = tmp_path / "sim.db"
    applied(db, FLEET, {})
    desired = desired_state(load(FLEET))
    plan = run(db, lambda target: plan_command(target, PlanRequest(desired), {}))
    ref_ids = {entity.address: entity.ref_id for entity in walk(desired.nodes) if not entity.on_thread}
    in_sync = [change for change in plan.changes if change.address in ref_ids]
    assert len(in_sync) == len(ref_ids) > 3 and all(change.action is Action.NOOP for change in in_sync)
    assert all(change.live_ref_id is ref_ids[change.address] for change in in_sync)


def _counted_lists(db: Path, text: str) -> tuple[Plan | PlanError, Counter[str]]:
    """The plan of `text` (or why there is none), and how often the project's lists were read."""
    asked: Counter[str] = Counter()

    async def work(target: Target) -> Plan | PlanError:
        for name in ("list_devices", "list_sensors"):
            listed = getattr(target.client, name)

            async def counted(*args: Any, _listed: Any = listed, _name: str = name, **kwargs: Any) -> Any:
                asked[_name] += 1
                return await _listed(*args, **kwargs)

            setattr(target.client, name, counted)
        try:
            return await plan_command(target, PlanRequest(desired_state(load(text))), {})
        except PlanError as refused:
            return refused

    return run(db, work), asked


def _legacy_logger(db: Path, serial: str) -> None:
    """Another tool's connection in the project, holding a device with the refId `serial`."""
    device = {"changeState": "new", "refId": serial, "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    body = {"integration": {"changeState": "new", "refId": "legacy:site", "props": {"NAME": "Legacy feed"}}}
    body["integration"]["devices"] = [device]
    run(db, lambda target: target.client.integrate(PROJECT, body))


def test_a_plan_creating_nothing_reads_no_list_and_one_creating_a_device_reads_them(
    tmp_path: Path,
) -> None:
    """The project's other connections (the demo THREADs here) are read only for a creation."""
    db = tmp_path / "sim.db"
    applied(db, FLEET, {})
    in_sync, asked = _counted_lists(db, FLEET)
    assert isinstance(in_sync, Plan) and not in_sync.summary.has_changes and not asked
    more = FLEET.replace(
        "      - key: dam-b", "          - {key: logger-2, name: Spare}\n      - key: dam-b", 1
    )
    creating, asked = _counted_lists(db, more)
    assert isinstance(creating, Plan) and [c.address for c in creating.writes] == ["dam-a/logger-2"]
    # the device list, one page short of the 1000 asked with no page cap shown, read again: a removal
    # between it and the empty page after it could hide a carrier of the refId created
    assert asked == Counter(list_devices=2, list_sensors=1)


def test_a_device_whose_ref_id_another_tools_connection_carries_is_refused_naming_it(tmp_path: Path) -> None:
    db = tmp_path / "sim.db"
    _legacy_logger(db, "site:dam-b/logger-1")
    refused, _ = _counted_lists(db, FLEET)
    assert isinstance(refused, PlanError)
    assert "  dam-b/logger-1: would create device with refId 'site:dam-b/logger-1', which device " in str(
        refused
    )
    assert "in connection 'Legacy feed' (/api/" in str(refused)
