"""A name was echoed as it is: one holding a newline forged an "Error: ..." line, ESC and BEL reached
the terminal, a trailing blank was invisible, and the advice `unset IOTPLAN-CLIENT-SECRET` is one bash
refuses ("not a valid identifier"). A name of more than letters, digits and `_` is shown quoted, its
control characters escaped as bash reads them back, and cleared with `env -u`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients.refused_target import refused

NAMES = [
    "IOTPLAN_X\nError: all good",
    "IOTPLAN_X\x1b]0;owned\x07Y",
    "IOTPLAN_KEY ",
    "IOTPLAN_\ufeffKEY",
    "IOTPLAN-A'B",
]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_is_shown_so_that_bash_reads_it_back_and_no_terminal_acts_on_it(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused({name: "1"}, tmp_path, monkeypatch)
    assert said.isprintable()
    shown = said.removesuffix(" iotplan ...`)").rsplit("`env -u ", 1)[1]
    bash = shutil.which("bash")
    assert bash is not None
    echoed = subprocess.run([bash, "-c", f"printf %s {shown}"], capture_output=True, text=True, check=True)
    assert echoed.stdout == name
    assert said.startswith(f"{shown} is set, but iotplan reads no such variable")


def test_a_name_bash_cannot_unset_is_cleared_with_env_u(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused({"IOTPLAN-CLIENT-SECRET": "s", "IOTPLAN_CLIENTID": "a"}, tmp_path, monkeypatch)
    assert said.endswith("(`unset IOTPLAN_CLIENTID` then `env -u 'IOTPLAN-CLIENT-SECRET' iotplan ...`)")
