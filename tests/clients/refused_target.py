"""The target chosen from the environment alone, and the refusal it meets, for the tests of what it says."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.errors import IotplanError


def refused(environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What choosing the target from `environ`, in `tmp_path`, is refused with."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    return str(raised.value)


def refused_unshown(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What a platform credential set under `name` is refused with, checked to show not its value and to
    leave no embedded demo behind."""
    said = refused({name: "key-of-the-real-tenant"}, tmp_path, monkeypatch)
    assert "key-of-the-real-tenant" not in said
    assert not (tmp_path / ".iotplan").exists()
    return said


def demo_chosen(environ: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Whether the target chosen from `environ`, in `tmp_path`, is the implicit embedded demo."""
    monkeypatch.chdir(tmp_path)
    choice = choose_target(TargetOptions(), environ)
    return choice.url is None and choice.sim_db == Path(".iotplan/sim.db")
