"""One `apply --on-device` at a time on a gateway.

A timer can start a run while the last one still runs (a `*/15` cron line and a slow THREAD), and
two runs of different manifest revisions (a `git reset` between them) each wrote, the one finishing
last then finding the other's write in its verifying plan. So an apply holds an exclusive `flock`
on the gateway's lock file for its whole run, and a second one is refused before any request.

The file is in /tmp (LOCK_DIRECTORY) whatever the environment says: every run on the box must take
the same lock, and a folder an environment variable names is not the same for each. $TMPDIR is
/tmp/user/<uid> in a login shell where pam_tmpdir sets it (root's too), not in cron's, so a person's
run took another lock than the timer's, and both wrote; $XDG_RUNTIME_DIR is each login's own.
/run/lock is writable by root alone on some systems, where a person's run would need another folder
than root's timer. (A systemd unit with PrivateTmp= sees a /tmp of its own: docs/edge.md says so.)
The file is never removed: a run removing it as another opens it would leave two runs holding two
files. The lock ends with the run's process, however it ends.

A plan (the dry run, a monitoring check) takes none: it writes nothing, and a check refused (or kept
waiting) while the timer's apply runs would report an error where drift, true at that moment, is meant.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from iotplan.clients.endpoint import checked_url
from iotplan.errors import IotplanError
from iotplan.manifest.gateway_host import gateway_address

LOCK_DIRECTORY = Path("/tmp")  # tests/e2e/conftest.py puts a test's locks in its own folder


def lock_file(url: str, sim_db: Path | None) -> Path:
    """The lock file of the THREAD at `url` (`--gateway-url` as given), or of the one the embedded
    platform in `sim_db` simulates there: named after the gateway it reaches, and a digest that tells
    apart the THREADs of two databases."""
    gateway = _one_gateway(checked_url(url, "--gateway-url"))
    keyed = gateway if sim_db is None else f"{gateway} in {sim_db.resolve()}"
    digest = hashlib.sha256(keyed.encode()).hexdigest()[:12]
    return LOCK_DIRECTORY / f"iotplan-gateway-{re.sub(r'[^a-z0-9.-]+', '-', gateway)}-{digest}.lock"


def _one_gateway(checked: str) -> str:
    """The box, port and path a checked URL reaches, written alike however the URL writes them, as
    validate compares `edge.host`s (gateway_address): a timer on the default `http://localhost` and a
    person's `--gateway-url http://127.0.0.1` at one port reach one THREAD (a tunnel listens on each
    loopback name), and keyed by the URL as typed each took its own lock, and both wrote. The scheme is
    left out (one port is one listener); a path is kept, as a proxy may serve one THREAD under each."""
    parts = urlsplit(checked)
    gateway = gateway_address(f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}")
    return f"{gateway.box}:{gateway.port}{parts.path}"


@contextmanager
def holding_the_gateway(url: str, sim_db: Path | None) -> Iterator[None]:
    """The gateway's lock held for the block; refused at once, before any request, where another run
    holds it, or its path cannot be opened or holds no regular file."""
    path = lock_file(url, sim_db)
    try:
        handle = _opened(path)
    except OSError as error:
        raise IotplanError(
            f"cannot open the gateway's lock file {path} ({error.strerror}), which keeps two runs on one "
            "THREAD from writing at once: nothing was read or written"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise IotplanError(
                f"cannot use the gateway's lock file {path}: it is not a regular file (another user may "
                "have put it there); remove it and run again. Nothing was read or written"
            )
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IotplanError(
                f"another iotplan run holds the THREAD at {checked_url(url, '--gateway-url')} (lock file "
                f"{path}): it is still applying, so this one stops before any request. Nothing was read "
                "or written; the next run plans from what that one leaves"
            ) from None
        yield
    finally:
        os.close(handle)


def _opened(path: Path) -> int:
    """The lock file opened read-only, never following a link (a file in a shared temp folder may be
    another user's), and made if missing. One that exists is opened without O_CREAT: where
    fs.protected_regular is set (systemd's default), O_CREAT on another user's file in the sticky
    /tmp is refused even to root, so root's timer would stop at a person's run's lock file.
    O_NONBLOCK: any local user can `mkfifo` the path, and a FIFO's open waits for a writer forever;
    so the open returns, and the caller refuses what is no regular file."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        return os.open(path, flags)
    except FileNotFoundError:
        return os.open(path, flags | os.O_CREAT, 0o644)
