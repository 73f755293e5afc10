"""A URL parameter named with a word that hides a prop (`pass`, `session`, `cookie`, `pin`...) is
never shown either: not in an imported manifest, a plan, a saved plan, drift, nor an error the
platform words. One list of words makes both rules (iotplan/secrets.py)."""

from __future__ import annotations

import httpx
import pytest

from iotplan.errors import PlatformError
from tests.clients.test_platform_client import run
from tests.e2e.conftest import PROJECT, Workspace

SECRETS = {
    "pass": "Pass-hunter2-value",
    "passphrase": "Phrase-correct-horse",
    "sessionid": "Session-9f8e7d6c",
    "cookie": "Cookie-a1b2c3d4",
    "bearer": "Bearer-e5f6a7b8",
    "private": "Private-c9d0e1f2",
    "cert": "Cert-MIIBszCCAVm",
    "device-pin": "Pin-4711-0815",
    "pw": "Pw-hunter3-value",
}
URL = "https://feed.example.com/data?site=3&" + "&".join(f"{name}={value}" for name, value in SECRETS.items())


def test_a_live_urls_session_pass_or_pin_is_never_imported_planned_saved_or_drifted(
    workspace: Workspace,
) -> None:
    node = {
        "changeState": "new",
        "refId": "LEGACY",
        "props": {"NAME": "Legacy feed", "URL": URL, "MIRROR": URL},
    }
    node_id = workspace.integrate({"integration": node})["integration"]["node"]["id"]
    imported = workspace.run(
        "import", "--project", PROJECT, "--node", node_id, "--stack", "legacy", "--out", "imported.yaml"
    )
    assert imported.exit_code == 0, imported.output  # the url is left out: iotplan does not manage it
    text = (workspace.path / "imported.yaml").read_text()
    masked = "&".join(f"{name}=(sensitive)" for name in SECRETS)
    assert "        # url not imported:" in text and "url: https" not in text
    by_hand = "        # url not imported:"  # the user sets it from the real value, without the credentials
    fixed = text.replace(by_hand, "        url: https://feed.example.com/data?site=4\n" + by_hand, 1)
    (workspace.path / "fixed.yaml").write_text(fixed)
    planned = workspace.run("plan", "fixed.yaml", "--out", "plan.json", "--out", "markdown=plan.md")
    assert planned.exit_code == 0 and f"site=3&{masked}" in planned.stdout, planned.output
    drift = workspace.run("drift", "fixed.yaml", "--format", "json")
    assert drift.exit_code == 2 and '"url"' in drift.stdout, drift.output  # drifted: its url differs
    shown = [imported.output, text, planned.output, drift.output]
    shown += [(workspace.path / name).read_text() for name in ("plan.json", "plan.md")]
    assert not [(value, each) for value in SECRETS.values() for each in shown if value in each]


def test_a_url_the_platform_names_in_an_error_shows_no_session_nor_pin() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json={"error": {"code": "Invalid", "message": f"{URL} is unreachable"}})

    with pytest.raises(PlatformError) as caught:
        run(refuse, lambda client: client.list_nodes("p"))
    assert "site=3&pass=(sensitive)&passphrase=(sensitive)" in str(caught.value)
    assert not [value for value in SECRETS.values() if value in str(caught.value)]
