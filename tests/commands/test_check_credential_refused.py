"""check_platform when the platform starts refusing the credential mid-run (a token that expired):
no assumption reads as failing, and a scratch connection whose removal cannot be confirmed is
named as left behind, never reported removed."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from iotplan.clients.auth import BearerToken
from iotplan.clients.platform import PlatformClient
from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands import CheckRequest, check_platform, probes
from iotplan.errors import TransportError
from iotplan.render.check_report import CheckReport, Verdict, render_check_text
from tests.commands.test_check import SECOND, WRITE_PROBES, scratch_nodes

EXPIRED = {"projects": [SECOND], "expires_in": -1}
OUT_OF_REACH = {"projects": ["a project that is not the probed one"], "expires_in": 3600}  # 403s


def run_check_expiring(
    folder: Path, at: str, *, removal_lost: bool = False, token: dict[str, Any] = EXPIRED
) -> CheckReport:
    """check_platform whose credential is a bearer token minted with `token` (by default an expired
    one) from `at` on: the step starting so, or FIRST_READ; `removal_lost`: the connection's removal
    gets no answer."""

    async def opened() -> CheckReport:
        async with open_target(TargetOptions(sim_db=folder / "sim.db"), {}) as target:
            http = target.client.http
            minted = await http.post("/_sim/tokens", json=token)
            expired = BearerToken(minted.json()["access_token"], "IOTPLAN_TOKEN")
            if removal_lost:
                losing_connection_removals(target.client)
            if at == FIRST_READ:
                expiring_after_the_first_read(target.client, expired)

            def step(said: str) -> None:
                if said.startswith(at):
                    http.auth = expired

            return await check_platform(target, CheckRequest(SECOND), step)

    return asyncio.run(opened())


FIRST_READ = "the scratch connection's first read"


def expiring_after_the_first_read(client: PlatformClient, expired: BearerToken) -> None:
    get_integration = client.get_integration

    async def then_expired(project_id: str, node_id: str) -> dict[str, Any]:
        answer = await get_integration(project_id, node_id)
        client.http.auth = expired
        return answer

    client.get_integration = then_expired  # type: ignore[method-assign]


def losing_connection_removals(client: PlatformClient) -> None:
    integrate = client.integrate

    async def lost(project_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if body["integration"].get("changeState") == "remove" and "devices" not in body["integration"]:
            raise TransportError("POST /api/integrations/integrate got no answer (ReadTimeout: timed out)")
        return await integrate(project_id, body)

    client.integrate = lost  # type: ignore[method-assign]


def test_probes_after_the_credential_expired_could_not_run_and_none_fails(tmp_path: Path) -> None:
    """Before, five write probes read FAILS with the consequences of a platform that breaks them,
    and the refused removal was reported "removed" while the connection stayed."""
    report = run_check_expiring(tmp_path, FIRST_READ)
    lines = {line.key: line for line in report.lines}
    assert all(line.verdict is not Verdict.FAILS for line in report.lines), report.lines
    assert lines["ref-id"].verdict is Verdict.HOLDS  # the first read's own lines still report
    for key in {*WRITE_PROBES, "observation-counts", "paging"}:
        assert lines[key].verdict is Verdict.UNTESTED, lines[key]
        assert lines[key].saw == "could not run: credentials refused (see below)", lines[key].saw
    assert report.stopped.startswith("The platform refused the credential (401: ") and not report.ok
    left = scratch_nodes(tmp_path)
    assert len(left) == 1 and report.scratch.node_id == left[0] and not report.scratch.removed
    assert f"The scratch connection {left[0]} " in report.scratch.message
    assert "could NOT be removed" in report.scratch.message
    assert "FAILS" not in render_check_text(report, color=False)


def test_a_removal_whose_read_back_is_refused_is_not_reported_removed(tmp_path: Path) -> None:
    """The removal got no answer and the lists and the read by id answered 401: before, the 401 of
    the read was taken for "no such connection", and the connection, still there, "removed"."""
    report = run_check_expiring(tmp_path, "Removing", removal_lost=True)
    left = scratch_nodes(tmp_path)
    assert len(left) == 1 and report.scratch.node_id == left[0], left
    assert not report.scratch.removed and not report.ok
    message = report.scratch.message
    assert f"The scratch connection {left[0]} " in message and "could NOT be removed" in message
    assert "whether it went could not be read back: 401: " in message, message
    assert probes.SCRATCH_NAME in message and "Remove it yourself" in message
    removal = next(line for line in report.lines if line.key == "connection-removal")
    assert removal.verdict is Verdict.UNTESTED and removal.saw.startswith("could not tell: "), removal


def test_a_403_mid_run_stops_the_probes_as_a_refused_credential_does(tmp_path: Path) -> None:
    """check-platform stops on a 403 where apply refuses only the one request: its probes all go to
    one project with one credential, so each after it would be refused alike and read as failing."""
    report = run_check_expiring(tmp_path, FIRST_READ, token=OUT_OF_REACH)
    assert all(line.verdict is not Verdict.FAILS for line in report.lines), report.lines
    untested = {
        line.key for line in report.lines if line.saw.startswith("could not run: credentials refused")
    }
    assert untested >= WRITE_PROBES, report.lines
    assert report.stopped.startswith("The platform refused the credential (403: ") and not report.ok


def test_a_create_refused_for_its_credential_leaves_no_connection_to_look_for(tmp_path: Path) -> None:
    """A 401 (or a token endpoint refusing before the create left) is answered before anything is made:
    before, the report told the user to look for a scratch connection "if it is there", which it never is."""
    report = run_check_expiring(tmp_path, "Creating")
    assert scratch_nodes(tmp_path) == []
    assert report.scratch.removed and report.scratch.node_id is None
    assert report.scratch.message == "No scratch connection was created, so none was left behind."
    assert report.stopped.startswith("The scratch connection could not be created: 401: ") and not report.ok
