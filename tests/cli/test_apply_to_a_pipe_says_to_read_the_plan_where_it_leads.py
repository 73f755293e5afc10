"""`iotplan apply site.yaml | tee apply.log` at a terminal: tee showed the plan above the question, yet the
question said "The plan was written to stdout, which is not this terminal: read it there first." A pipe
may show it (tee) or not (`| grep`, `| gzip > plan.gz`): the question says which to look for."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from tests.cli.asked import ask, before_the_question


def test_a_plan_into_a_pipe_is_said_to_show_above_or_where_the_pipe_leads(tmp_path: Path) -> None:
    reader, writer = os.pipe()
    with os.fdopen(reader, "rb") as tee_reads:
        tee = threading.Thread(target=tee_reads.read)  # `tee`, reading to the end
        tee.start()
        said, _ = ask(writer, tmp_path)
        os.close(writer)
        tee.join()
    said_last = before_the_question(said)[-1]
    assert "not this terminal" not in said_last, said_last
    assert "a pipe: if it does not show above, read it where the pipe leads" in said_last, said_last
