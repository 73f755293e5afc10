"""Whether this run's apply may have sent a write: what the CLI may say of an interrupt that ends
the command outside the apply's own report (cli/plan_commands.py). Set before the first unit starts,
whatever it writes to (the platform's integrate, JSON-RPC, a gateway), so that "nothing was written"
is said only of a run that provably sent nothing; the apply command clears it as it starts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Writes:
    may_have_begun: bool = False


writes = Writes()
