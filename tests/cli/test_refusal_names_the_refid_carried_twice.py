"""A write under a device whose refId a sibling carries in another case is refused (integrate
cannot tell them apart), naming that refId and where the other is: the sensors written to carry
refIds of their own that nothing duplicates, so a refusal naming only "a refId that two live
entities carry" sent the user looking for copies of those."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace


def web_app_device(ref_id: str, sensor_ref_id: str) -> dict[str, object]:
    sensor = {"changeState": "new", "refId": sensor_ref_id, "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger"}
    return {"changeState": "new", "refId": ref_id, "props": props, "sensors": [sensor]}


def test_a_write_under_a_case_twin_device_names_its_refid_and_the_twin(workspace: Workspace) -> None:
    devices = [web_app_device("WA-LOG-01", "S5"), web_app_device("wa-log-01", "S6")]
    workspace.integrate(
        {"integration": {"changeState": "new", "props": {"NAME": "Feed"}, "devices": devices}}
    )
    twin = workspace.live_entity("wa-log-01")["id"].split("/")[-2]
    node_id = workspace.live_entity("WA-LOG-01")["id"].split("/dynamic/")[0]
    (workspace.path / "site.yaml").write_text(
        f"apiVersion: iotplan/v1\nstack: brown\nprojects:\n  - id: {PROJECT}\n    nodes:\n"
        f"      - key: feed\n        kind: api\n        id: {node_id}\n        devices:\n"
        "          - key: logger\n            ref_id: WA-LOG-01\n            sensors:\n"
        "              - {key: s5, ref_id: S5, template: TEMPERATURE_SDE, notes: edited}\n"
    )
    planned = workspace.run("plan", "site.yaml")
    assert planned.exit_code == 1
    assert (
        "feed/logger/s5: would update by device feed/logger's refId 'WA-LOG-01', which "
        f"feed/logger#{twin} ('wa-log-01') also carries; integrate cannot tell them apart"
    ) in " ".join(planned.stderr.split())
