"""`--on-device --sim-db FILE` with a --gateway-url (or the default http://localhost) no THREAD of the
embedded platform answers at: the platform's own API answered, and the error read "http://localhost
answered, but not with a THREAD's serial ... to reach another, give --gateway-url", though the URL was
the one given. It says so now, listing the seeded THREADs, before any request."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace

EDGE = "examples/edge/site.yaml"
SEEDED = (
    "its seeded THREADs are at http://127.0.0.1:8401 (THREAD 4A1B2C), "
    "http://127.0.0.1:8402 (THREAD 5D6E7F), http://127.0.0.1:8403 (THREAD 8A9B0C), "
    "http://127.0.0.1:8404 (THREAD 6C7D8E); give --gateway-url one of them"
)


@pytest.mark.parametrize(
    ("given", "url"),
    [([], "http://localhost"), (["--gateway-url", "http://10.0.0.5:80/"], "http://10.0.0.5")],
)
def test_a_gateway_url_no_simulated_thread_answers_at_lists_those_that_do(
    workspace: Workspace, given: list[str], url: str
) -> None:
    result = workspace.run("plan", EDGE, "--on-device", "--sim-db", "bench.db", *given)
    assert result.exit_code == 1, result.output
    assert (
        f"Error: --sim-db bench.db: no THREAD of the embedded platform answers at {url} "
        f"(--gateway-url, or its default): {SEEDED}. Nothing was read or written"
    ) in result.stderr
    assert "answered, but not with a THREAD's serial" not in result.stderr


def test_a_simulated_thread_is_planned(workspace: Workspace) -> None:
    result = workspace.run(
        "plan", EDGE, "--on-device", "--sim-db", "bench.db", "--gateway-url", "http://127.0.0.1:8401"
    )
    assert result.exit_code == 0, result.output
