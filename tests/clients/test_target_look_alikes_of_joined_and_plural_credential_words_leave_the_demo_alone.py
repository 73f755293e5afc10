"""A credential word counts joined to another word only where no ordinary word holds it (TOKEN, SECRET,
PASSWORD, CREDENTIAL), and the short ones (KEY, PASS, PAT, AUTH) only as a whole word or plural: found
inside a word, a keyboard's hot keys, a compatibility switch, a bypass or a book's authors would refuse
the quickstart."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target


def test_look_alikes_of_joined_and_plural_credential_words_leave_the_demo_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    environ = {
        "ITWIN_KEYBOARD_LAYOUT": "en-US",
        "ITWIN_HOTKEYS": "ctrl+k",
        "ITWIN_COMPAT_MODE": "1",
        "ITWIN_BYPASS_CACHE": "1",
        "BENTLEY_AUTHORS": "J. Doe",
        "ITWIN_AUTHORING": "on",
        "ITWIN_CREDENTIALS_FILE": "/run/secrets/itwin.json",
        "ITWIN_AUTH_URL": "https://ims.bentley.com",
    }
    choice = choose_target(TargetOptions(), environ)
    assert choice.url is None and choice.sim_db == Path(".iotplan/sim.db")
