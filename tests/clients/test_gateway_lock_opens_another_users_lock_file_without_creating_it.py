"""Where fs.protected_regular is set (systemd's default), opening with O_CREAT a file another user
owns in the sticky /tmp is refused, even to root: the gateway's lock file made by a person's run must
still be taken by root's timer, so an existing one is opened without O_CREAT."""

import os
from pathlib import Path

import pytest

from iotplan.clients import gateway_lock


def test_gateway_lock_opens_another_users_lock_file_without_creating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gateway_lock, "LOCK_DIRECTORY", tmp_path)
    made_by_another_user = gateway_lock.lock_file("http://127.0.0.1:8402", None)
    made_by_another_user.touch()
    real_open = os.open

    def protected_regular(path: str, flags: int, *args: int) -> int:
        if flags & os.O_CREAT and Path(path) == made_by_another_user:
            raise PermissionError(13, "Permission denied")  # as the kernel answers root
        return real_open(path, flags, *args)

    monkeypatch.setattr(gateway_lock.os, "open", protected_regular)

    with gateway_lock.holding_the_gateway("http://127.0.0.1:8402", None):
        pass  # taken, not refused as "cannot open the gateway's lock file"
