"""A fleet of 42 THREADs, one connection each, whose gateways differ from the manifest on the same 23
settings (three ports' mode, power, link and framing, and the interface priority): fuzzer fz76's
`edge.yaml.j2` and `sites.csv`, the scale at which a pull-request comment overflows."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import PROJECT, Workspace

GATEWAYS = 42
MANIFEST = "fleet/edge.yaml.j2"
SITES = "fleet/sites.csv"
_TEMPLATE = """\
apiVersion: iotplan/v1
stack: fleetedge
projects:
  - id: {project}
    nodes:
{{% for s in sites %}}
      - key: {{{{ s.site }}}}
        kind: thread
        id: /fn/{{{{ s.serial }}}}/node
        edge:
          host: {{{{ s.host }}}}
{{% for p in [1,2,3] %}}
          port{{{{ p }}}}:
            mode: RS485
            power: 12V
            connected: true
            comm_type: RS485
            baud_rate: 38400
            data_bits: 7
            parity: EVEN
            delimiters: ["0D0A"]
{{% endfor %}}
          battery_saver: {{enabled: true, low: 20, high: 90}}
          interface_priority: cellular
{{% endfor %}}
"""


def serial(site: int) -> str:
    return f"A{site:05X}"


def host(site: int) -> str:
    return f"thread-{site:02}.site.test:8080"


def thread_fleet(workspace: Workspace, gateways: int = GATEWAYS) -> tuple[str, ...]:
    """The manifest and `gateways` sites written, their gateways seeded: the arguments `plan` takes."""
    folder = workspace.path / "fleet"
    folder.mkdir()
    Path(folder / "edge.yaml.j2").write_text(_TEMPLATE.format(project=PROJECT))
    rows = [f"s{site:02},{serial(site)},{host(site)}" for site in range(1, gateways + 1)]
    Path(folder / "sites.csv").write_text("\n".join(["site,serial,host", *rows]) + "\n")
    seeded = [
        {"serial": serial(site), "host": host(site), "project": PROJECT, "ports": 3, "x3": True,
         "app_version": "7.17.0", "status": "ok"}
        for site in range(1, gateways + 1)
    ]  # fmt: skip
    seed = {
        "projects": [{"id": PROJECT, "name": "Fleet"}],
        "api_keys": [{"key": "demo-key", "projects": "*"}],
    }
    workspace.api("POST", "/_sim/reset", json={**seed, "gateways": seeded})
    return (MANIFEST, "--sites", SITES)


def swap_gateways(workspace: Workspace, first: int, second: int) -> None:
    """The boxes of sites `first` and `second` swapped: each site's host now answers the other's serial."""
    workspace.api("POST", f"/_sim/gateways/{serial(first)}", json={"host": "tmp:1"})
    workspace.api("POST", f"/_sim/gateways/{serial(second)}", json={"host": host(first)})
    workspace.api("POST", f"/_sim/gateways/{serial(first)}", json={"host": host(second)})
