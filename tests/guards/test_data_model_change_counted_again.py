"""A data-model change of a sensor shown without history (no --allow-data-model-change needed) is
counted again once confirmed and just before its unit's writes, as a removal is: history that
arrived meanwhile would be read under other units, unreviewed and without the flag
(apply/recount.py, commands/apply.py `refuse_taking_more_now`, `_JustBefore`)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.clients.target import Target
from iotplan.commands.apply import ApplyRequest, ApplyResult, prepare_apply, run_apply
from iotplan.errors import ApplyError, StalePlanError
from iotplan.plan.model import Action
from tests.guards.fleet import manifest
from tests.guards.test_apply_command import Platform, desired, rollout_with_data_arriving
from tests.guards.test_removal_counted_before_each_call import BeforeIntegrateCall


def connection(key: str, unit: str, name: str = "Dam") -> str:
    return f"""      - key: {key}
        name: {name}
        devices:
          - key: logger-1
            name: Logger
            sensors:
              - key: pz
                name: Piezometer
                metrics:
                  - {{custom_metric: pore_pressure, custom_unit: {unit}}}
"""


KPA = manifest(connection("dam-a", "kPa_gauge"), connection("dam-b", "kPa_gauge"))
DAM_B_IN_PSI = manifest(connection("dam-a", "kPa_gauge", "Dam A"), connection("dam-b", "psi_gauge"))
SAID = "update dam-b/logger-1/pz: it would change how 5,000 observations read, none when reviewed"


def test_history_arriving_while_the_prompt_waits_refuses_the_data_model_change(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(KPA)
    only_b = manifest(connection("dam-a", "kPa_gauge"), connection("dam-b", "psi_gauge"))
    [shown] = platform.prepare(only_b).plan.writes
    assert (shown.action, shown.touches_data_model, shown.observations) == (Action.UPDATE, True, 0)

    def history_arrives() -> None:  # the person reads the plan; the sensor starts reporting
        arriving = threading.Thread(
            target=platform.record_observations, args=("site:dam-b/logger-1/pz", 5000)
        )
        arriving.start()
        arriving.join()

    async def work(target: Target) -> ApplyResult:
        prepared = await prepare_apply(target, desired(only_b), ApplyRequest(), {})
        return await run_apply(target, prepared, {}, confirm=history_arrives)

    with pytest.raises(StalePlanError) as raised:
        platform.run(work)
    assert str(raised.value) == (
        f"the platform changed since the plan was made: {SAID}. Nothing was written: run "
        "iotplan apply again to review the plan as it is now"
    )
    [still] = platform.prepare(only_b).plan.writes  # not written: the history reads as it did
    assert (still.address, still.observations, still.rereads_data) == ("dam-b/logger-1/pz", 5000, True)


def test_history_arriving_before_the_units_writes_holds_its_data_model_change(tmp_path: Path) -> None:
    platform = Platform(tmp_path)
    platform.apply(KPA)
    arrive = lambda: platform.record_observations("site:dam-b/logger-1/pz", 5000)  # noqa: E731
    result, client = rollout_with_data_arriving(platform, DAM_B_IN_PSI, arrive)
    assert [(o.connection, o.status, o.unreviewed, o.message) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED, False, ""),
        ("dam-b", Status.NOT_STARTED, True, f"not started: {SAID}"),
    ]
    assert client.calls.count("integrate") == 1
    with pytest.raises(ApplyError, match="rollout stopped: the platform changed during the rollout"):
        result.raise_if_incomplete()


def test_history_arriving_before_a_later_call_holds_the_data_model_change_it_carries(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(KPA)
    new = "".join(f"          - key: new-{n}\n            name: New {n}\n" for n in range(3))
    three_new = connection("dam-b", "psi_gauge").replace("        devices:\n", "        devices:\n" + new)
    text = manifest(connection("dam-a", "kPa_gauge"), three_new)
    assert [(c.address, c.action) for c in platform.prepare(text).plan.writes][-1] == (
        "dam-b/logger-1/pz",
        Action.UPDATE,
    )
    clients: list[BeforeIntegrateCall] = []

    def watched(client: Any) -> BeforeIntegrateCall:
        arrive = lambda: platform.record_observations("site:dam-b/logger-1/pz", 5000)  # noqa: E731
        clients.append(BeforeIntegrateCall(client, 1, arrive))  # once the unit's first call is sent
        return clients[-1]

    result, _ = platform.apply(text, ApplyRequest(entities_per_call=2), client=watched)
    [outcome] = result.outcomes
    assert (outcome.status, outcome.unreviewed, outcome.pending) == (
        Status.FAILED,
        True,
        ["dam-b/logger-1/pz"],
    )
    assert outcome.applied == ["dam-b/new-0", "dam-b/new-1", "dam-b/new-2"]
    assert outcome.message == (
        f"stopped before call 3 of 3: it was not sent, counted again just before: {SAID}"
    )
    assert clients[0].integrated == 2  # the update was never sent
    with pytest.raises(ApplyError, match="rollout stopped: the platform changed during the rollout"):
        result.raise_if_incomplete()
