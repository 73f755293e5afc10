"""A fleet of one template, one stack a region (`fleet-north`, `fleet-south`), each site a THREAD
with a logger `vw` declared by its key alone (no `serial:`, no `id:`). README: "A key alone names no
box … one logger a site", and `validate` compares loggers only where one side writes a serial or an
id. The key is still the id's serial part (`.../vwlogger/vw/device`), so the plan took every site's
`vw` for one box: the second region's plan was refused, exit 1, nothing written. Its loggers are
created, said of nothing, though the first region's hold history."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import devices_of

TEMPLATE = f"""\
apiVersion: iotplan/v1
stack: fleet-{{{{ region }}}}
projects:
  - id: {PROJECT}
    nodes:
{{% for site in sites %}}
      - key: {{{{ site.key }}}}
        kind: thread
        id: /fn/{{{{ site.serial }}}}/node
        name: {{{{ site.key }}}} gateway
        devices:
          - key: vw
            type: VW_LOGGER
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
{{% endfor %}}
"""


def test_key_only_loggers_of_two_regions_sites_are_two_loggers_planned_without_a_note(
    workspace: Workspace,
) -> None:
    (workspace.path / "site.yaml.j2").write_text(TEMPLATE)
    (workspace.path / "north.csv").write_text("key,serial\nsite-01,4A1B2C\n")
    (workspace.path / "south.csv").write_text("key,serial\nsite-02,5D6E7F\n")
    north = ("site.yaml.j2", "--sites", "north.csv", "--var", "region=north")
    assert workspace.run("apply", *north, "--auto-approve").exit_code == 0
    pz = "/fn/4A1B2C/node/vwlogger/vw/device/pz-1/sensor"
    workspace.api("POST", "/_sim/observations", json={"sensor_id": pz, "count": 500})

    south = ("site.yaml.j2", "--sites", "south.csv", "--var", "region=south")
    plan = workspace.run("plan", *south)
    assert plan.exit_code == 0, plan.output
    assert "+ device site-02/vw (VW_LOGGER): not on the platform\n" in plan.stdout, plan.stdout
    assert "4A1B2C" not in plan.output, plan.output
    assert workspace.run("apply", *south, "--auto-approve").exit_code == 0
    assert devices_of(workspace, "5D6E7F") == ["/fn/5D6E7F/node/vwlogger/vw/device"]
