"""The plan comment of a manifest of several projects names each connection's and removal's project:
a reviewer approving it must see which site loses history, and one key may name a connection in each
project. (A plan of one project names none: its goldens hold it.)"""

from __future__ import annotations

from dataclasses import replace

from iotplan.plan.model import Action, Change
from iotplan.render import render_markdown
from tests.render.plans import PROJECT, change, plan

TUNNEL = "7b2c4f1e-0000-4000-8000-000000000002"


def _removal(connection: str, held: int, project_id: str = PROJECT) -> Change:
    return replace(
        change(connection, Action.REMOVE, "not in the manifest", observations=held), project_id=project_id
    )


def test_each_removal_and_connection_row_names_its_project() -> None:
    markdown = render_markdown(plan(_removal("dam", 500), _removal("tun", 300, TUNNEL)))
    assert "| connection | project | add | change | destroy | observations lost |" in markdown
    assert f"| `dam` | `{PROJECT}` | 0 | 0 | 1 | 500 |" in markdown
    assert f"| `tun` | `{TUNNEL}` | 0 | 0 | 1 | 300 |" in markdown
    assert f"- remove node `tun` in project `{TUNNEL}`: **300 observations**" in markdown
    assert f"<summary><code>tun</code> in project <code>{TUNNEL}</code>: 1 to destroy</summary>" in markdown
