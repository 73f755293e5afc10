"""The digest `apply` prints of a saved plan, for the tests that check another command names the
same one."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace

APPLYING = re.compile(r"Applying the saved plan (sha256:[0-9a-f]{64}): compare it")


def digest_apply_prints(workspace: Workspace, saved: str) -> str:
    """`apply saved` run, and succeeding: the digest it printed to be compared with the review."""
    applied = workspace.run("apply", saved)
    assert applied.exit_code == 0, applied.output
    printed = APPLYING.search(applied.stderr)
    assert printed, applied.stderr
    return printed[1]
