"""What the THREAD box-note tests share: stack site-b declaring THREAD t-b (/fn/5D6E7F/node) with one
VW logger `vw` on port 1, written as b.yaml; the same logger (its box) made under another THREAD by
another writer."""

from __future__ import annotations

from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc


def site(serial: str) -> str:
    return f"""\
apiVersion: iotplan/v1
stack: site-b
projects:
  - id: {PROJECT}
    nodes:
      - key: t-b
        kind: thread
        id: /fn/5D6E7F/node
        devices:
          - {{key: vw, type: VW_LOGGER, serial: "{serial}", port: 1}}
"""


def write_site(workspace: Workspace, serial: str) -> None:
    (workspace.path / "b.yaml").write_text(site(serial))


def box_held_under(workspace: Workspace, node: str, serial: str) -> None:
    """VW logger `serial` made on port 1 of THREAD /fn/<node>/node, as another stack would."""
    props = {"NAME": "VW", "EXTERNAL_PORT": 1, "NODE_ID": f"/fn/{node}/node", "SERIAL_NO": serial}
    device = f"/fn/{node}/node/vwlogger/{serial}/device"
    rpc(workspace, "createDevice", {"device": device, "type": "VW_LOGGER", "props": props})
