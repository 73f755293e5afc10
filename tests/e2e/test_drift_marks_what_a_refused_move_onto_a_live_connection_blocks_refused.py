"""A `moved` rename whose old and new connections both stand (fz108 F1): `plan` refuses it, and
`drift` listed the writes beneath the new one unrefused (`refused: false`), and the old one as
ORPHANED with "an apply, once `plan` is no longer refused ..., removes it, destroying 300
observations", though no way forward removes it. Each is now refused, pointing at the entry's
refusal, and the old one's line tells no removal."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import PROJECT, Workspace


def connection(key: str, name: str, observations: int) -> dict[str, Any]:
    return {
        "ref_id": f"mon:{key}",
        "props": {"NAME": f"{name} feed"},
        "devices": [
            {
                "ref_id": f"mon:{key}/lg",
                "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": f"{name} logger"},
                "sensors": [
                    {
                        "ref_id": f"mon:{key}/lg/pz",
                        "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "pz"},
                        "observations": observations,
                    }
                ],
            }
        ],
    }


SEED = {
    "api_keys": [{"key": "demo-key", "projects": "*"}],
    "networks": [
        {"project": PROJECT, "connections": [connection("a", "Dam A", 300), connection("b", "Stray", 40)]}
    ],
}

MANIFEST = f"""\
apiVersion: iotplan/v1
stack: mon
moved: [{{from: a, to: b}}]
projects:
  - id: {PROJECT}
    nodes:
      - key: b
        name: Dam A feed
        devices:
          - key: lg
            name: Dam A logger
            sensors:
              - {{key: pz, name: pz, template: TEMPERATURE_SDE}}
          - key: weather
            name: Weather
            sensors:
              - {{key: air, name: Air, template: TEMPERATURE_SDE}}
"""


def test_drift_marks_what_a_refused_move_onto_a_live_connection_blocks_refused(workspace: Workspace) -> None:
    assert workspace.run("plan", "--help").exit_code == 0  # any run makes the embedded platform
    workspace.api("POST", "/_sim/seed", json=SEED)
    (workspace.path / "moved.yaml").write_text(MANIFEST)
    assert "moved: both a and b exist" in workspace.run("plan", "moved.yaml").stderr

    drift = workspace.run("drift", "moved.yaml", "--format", "json")
    entries = {entry["address"]: entry for entry in json.loads(drift.stdout)["entries"]}

    for address in ("b", "b/lg", "b/weather", "a"):
        assert entries[address]["refused"], entries[address]
    for address in ("b/lg", "b/weather", "a"):
        assert entries[address]["reason"].endswith("`plan` and `apply` refuse it: see b")
    old = entries["a"]
    assert old["status"] == "ORPHANED"
    assert "removes it" not in old["reason"] and "destroying" not in old["reason"]
    assert "its `moved` entry renames it to b, which stands too" in old["reason"]
    assert old["observations"] == 0
