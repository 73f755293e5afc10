"""How long the credential stop (manifest/template_credentials.py) reads a large --sites file: a `password`
column of as many distinct lengths as asked beside a free-text `notes` column, no value held elsewhere, so
every row is read to the end. `python -m benchmarks.held_credentials [--rows 2000] [--lengths 143]
[--notes 250]` prints the seconds `template_variables` took."""

from __future__ import annotations

import argparse
import random
import string
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from iotplan.manifest.template_data import template_variables


def sites_csv(rows: int, lengths: int, notes: int, seed: int = 7) -> str:
    """A --sites CSV whose row i holds a random password of 4 + i % `lengths` characters."""
    chosen = random.Random(seed)
    letters = string.ascii_letters + string.digits
    lines = ["site,password,notes"]
    for row in range(rows):
        password = "".join(chosen.choice(letters) for _ in range(4 + row % lengths))
        words = " ".join(
            "".join(chosen.choice(string.ascii_lowercase) for _ in range(9)) for _ in range(notes)
        )
        lines.append(f"s{row},{password},{words[:notes]}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.held_credentials")
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--lengths", type=int, default=143)
    parser.add_argument("--notes", type=int, default=250)
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        sites = Path(folder) / "sites.csv"
        sites.write_text(sites_csv(arguments.rows, arguments.lengths, arguments.notes))
        start = time.perf_counter()
        template_variables(None, str(sites))
        print(f"{arguments.rows} rows, {arguments.lengths} lengths: {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
