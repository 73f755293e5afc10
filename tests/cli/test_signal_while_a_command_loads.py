"""A signal while a command is still being loaded (its modules imported, pydantic building their
schemas) ends the run as the signal ends it, "Interrupted." and 143, whatever the step it cut made
of the KeyboardInterrupt: pydantic wraps it in a SchemaError, and an import it cuts short can leave
a module that later fails to import (iotplan.secrets, which the error line's masking loads)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# `validate` loaded slowly: the signal comes while it loads, and the KeyboardInterrupt its handler
# raises reaches the CLI as pydantic-core's schema building makes it, a SchemaError caused by it.
SLOW_LOAD = """
import sys, time
from pydantic_core import SchemaError
from iotplan.cli import main as cli

loaded = cli.IotplanGroup.get_command

def slowly(self, ctx, name):
    try:  # the signal comes once this is said: within the try
        print("loading", file=sys.stderr, flush=True)
        time.sleep(60)
    except KeyboardInterrupt as cut:
        raise SchemaError('Error building "literal" validator: KeyboardInterrupt:') from cut
    return loaded(self, ctx, name)

cli.IotplanGroup.get_command = slowly
{before}
cli.main()
"""
# iotplan.secrets, its import cut short by the signal, then fails wherever it is imported again.
SECRETS_CUT_SHORT = "sys.modules['iotplan.secrets'] = None"


@pytest.mark.usefixtures("default_sigterm_handler")
@pytest.mark.parametrize("before", ["", SECRETS_CUT_SHORT], ids=["schema-error", "secrets-cut-short"])
def test_sigterm_while_a_command_loads_ends_interrupted_with_143(tmp_path: Path, before: str) -> None:
    manifest = tmp_path / "site.yaml"
    command = [sys.executable, "-c", SLOW_LOAD.format(before=before), "validate", str(manifest)]
    process = subprocess.Popen(
        command, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "loading\n"
    process.send_signal(signal.SIGTERM)
    stderr = process.communicate(timeout=60)[1]
    assert process.returncode == 143, stderr
    assert stderr.strip() == "Interrupted.", stderr
