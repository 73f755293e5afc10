"""What the tests of a refusal about an entity an alias repeats share: dam-a's devices anchored
(`devices: &devs`) and repeated under dam-b by an alias (`devices: *devs`), dam-b's device `weather`
then found live only as `Weather`, a key differing in case, which refuses the plan. Its place is
where the anchor writes it, inside dam-a's block: without the alias's line the user edits dam-a."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace

CONNECTIONS = f"""apiVersion: iotplan/v1
stack: al
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-a
        kind: api
      - key: dam-b
        kind: api
"""
ALIASED = f"""apiVersion: iotplan/v1
stack: al
projects:
  - id: {PROJECT}
    nodes:
      - key: dam-a
        kind: api
        devices: &devs
          - key: weather
            template: DEMO_DEVICE_SDE
            sensors:
              - {{key: air-temp, template: TEMPERATURE_SDE}}
      - key: dam-b
        kind: api
        devices: *devs
"""
MANIFEST = "site.yaml"
ANCHORED = ALIASED.splitlines().index("          - key: weather") + 1  # where the anchor writes it
ALIAS = ALIASED.splitlines().index("        devices: *devs") + 1
STRAY = {"changeState": "new", "refId": "al:dam-b/Weather", "props": {"NAME": "stray"}}


def weather_live_in_another_case(workspace: Workspace) -> None:
    """The scenario above, `site.yaml` left declaring the aliased devices."""
    (workspace.path / MANIFEST).write_text(CONNECTIONS)
    assert workspace.run("apply", MANIFEST, "--auto-approve").exit_code == 0
    workspace.integrate_under(
        "al:dam-b", [{**STRAY, "props": {**STRAY["props"], "INTEGRATION_ID": "DEMO_DEVICE_SDE"}}]
    )
    (workspace.path / MANIFEST).write_text(ALIASED)
