"""Where the REST lists show a JSON-RPC write only once another follows it (`lists-lag-rpc-writes`),
the THREAD example's first apply makes tilt4, its create answered, and the verifying plan creates it
again, nothing else. The warning says so (bbb6ab6f), yet the error under it opened "the platform
still differs from the manifest after apply, as far as the verifying plan can tell", as if something
were missing, before listing tilt4 as made. It now opens with what happened: this apply made it, and
the lists do not show it yet."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import SITE


def test_a_first_apply_whose_creates_the_lists_do_not_show_yet_opens_with_what_it_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "lists-lag-rpc-writes")

    applied = workspace.run("apply", SITE, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    _, _, error = applied.stderr.partition("Error: ")
    assert error.startswith(
        "this apply made what the verifying plan creates again, and the REST lists do not show it yet "
        "(Plan: 1 to add, 0 to change, 0 to destroy.):\n"
        "  tunnel-thread/ipi-chain/tilt4: made by this apply (its create answered), not listed yet\n"
        "Plan again later (`iotplan plan`)"
    ), applied.stderr
    assert "still differs" not in applied.stderr, applied.stderr
