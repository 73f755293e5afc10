"""A JSON-RPC debug line ends the params it shows with `…` only where it cut them: it compared the
length of the masked excerpt with the unmasked text's, so a secret masked to `(sensitive)` (shorter, or
longer, than the value) read as a cut that was not made."""

from __future__ import annotations

import pytest

from iotplan.clients.observe import BODY_SHOWN
from iotplan.secrets import remember
from tests.cli.test_the_debug_log_escapes_what_a_terminal_acts_on import debug_on
from tests.clients.test_jsonrpc import FakePlatform, run

__all__ = ["debug_on"]  # the fixture: the debug log turned on for the test


def _params_shown(props: dict[str, str], capsys: pytest.CaptureFixture[str]) -> str:
    params = {"id": "n", "props": props}
    run(FakePlatform(updateNode=lambda request: True), lambda client: client.call("updateNode", params))
    return capsys.readouterr().err.splitlines()[-1]


@pytest.mark.parametrize(
    "props",
    [
        pytest.param({"PASSWORD": "Zq8-gw-pässwörd-Ō東京"}, id="a-held-secret"),
        pytest.param({"X": "Server=x;Password=hunter2;"}, id="a-named-password"),
    ],
)
def test_params_masked_and_shown_whole_say_no_cut(
    debug_on: object, capsys: pytest.CaptureFixture[str], props: dict[str, str]
) -> None:
    remember("Zq8-gw-pässwörd-Ō東京")
    line = _params_shown(props, capsys)
    assert "(sensitive)" in line and line.endswith("}}"), line


def test_params_cut_say_so(debug_on: object, capsys: pytest.CaptureFixture[str]) -> None:
    line = _params_shown({"NAME": "n" * (BODY_SHOWN * 2)}, capsys)
    assert line.endswith("…") and "n" * 100 in line, line
