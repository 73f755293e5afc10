"""Fixtures shared by every stage's tests."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from iotplan import secrets
from iotplan.clients.variables import as_iotplan, platform_credentials_elsewhere

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASES = Path(__file__).resolve().parent / "cases"
# The suite's own switches, read here before every IOTPLAN_* variable is dropped from the environment
# (`no_iotplan_variable_from_the_shell`): iotplan does not read them, so a command a test ran beside
# one would refuse it.
UPDATE_GOLDEN = os.environ.get("IOTPLAN_UPDATE_GOLDEN") == "1"  # the golden tests write what they render
UPDATE_SCREENSHOTS = bool(os.environ.get("IOTPLAN_UPDATE_SCREENSHOTS"))  # docs/ gets the drift screenshots


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def python_sigint_handler() -> Iterator[None]:
    """Ctrl-C as a terminal delivers it, whatever this test process inherited.

    A suite started in the background (`pytest &`) ignores SIGINT, and so would every command it
    spawns; asyncio.run also swaps in its own handler only over Python's default one.
    """
    before = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, before)


@pytest.fixture(scope="session", autouse=True)
def no_iotplan_variable_from_the_shell() -> Iterator[None]:
    """Every IOTPLAN_* variable a test's commands see is one the test set: a stray IOTPLAN_ENDPONT in
    a developer's shell failed every CLI test, and a real IOTPLAN_API_KEY there sent them to a real
    platform. Session-wide, so they are gone before any fixture of any scope runs: dropped for each
    test only, they still reached a module's fixture (tests/e2e/test_fleet_review.py's review runs
    its commands before the first test), and the tests set theirs with monkeypatch, undone after
    each one. So is a platform credential under another name (ITWIN_API_KEY, as
    `platform_credentials_elsewhere` reads names), which refuses every command given no target the
    embedded demo the tests mean (clients/target.py)."""
    elsewhere = set(platform_credentials_elsewhere(os.environ))
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):  # deleting as it goes
            if as_iotplan(name) is not None or name in elsewhere:
                patch.delenv(name)
        yield


@pytest.fixture(autouse=True)
def nothing_written_in_the_checkout() -> Iterator[None]:
    """A command run without `--sim-db` nor an endpoint writes the embedded platform into its working
    folder: a test that left its workspace (an undone `chdir`) wrote there into the checkout, and
    what it asserted ran against a fresh platform, not its own."""
    embedded = ROOT / ".iotplan"
    before = _stamps(embedded)
    yield
    assert _stamps(embedded) == before, f"this test wrote into {embedded}: run it in a folder of its own"


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """The folder's time and each file's time and size: SQLite makes its journal files beside the
    database and removes them again, even for a read, which only the folder's time keeps."""
    if not folder.is_dir():
        return {}
    paths = [folder, *folder.iterdir()]
    return {path.name: (path.stat().st_mtime_ns, path.stat().st_size) for path in paths}


@pytest.fixture(autouse=True)
def no_secret_from_another_test() -> Iterator[None]:
    """Secret values are remembered for the process (iotplan/secrets.py): each test starts without
    another's, so a short test key ("demo-key") masks no text of the next test."""
    secrets.forget_all()
    yield
    secrets.forget_all()


@pytest.fixture
def default_sigterm_handler() -> Iterator[None]:
    """SIGTERM as a fresh process meets it: iotplan handles it only over the default action."""
    before = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    yield
    signal.signal(signal.SIGTERM, before)
