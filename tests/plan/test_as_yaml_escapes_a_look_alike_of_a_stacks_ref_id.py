"""A refusal's `adopt it with `ref_id: ...`` printed `quickstart:dam‐a/logger‑1` (U+2010, U+2011) raw,
which reads as the stack's own refId: typed back as seen, it adopts nothing. Written escaped, it reads
back as the platform has it and shows it is not the stack's."""

from __future__ import annotations

import yaml

from iotplan.plan.copies import as_yaml


def test_a_look_alike_of_a_stacks_ref_id_is_written_escaped_and_reads_back() -> None:
    ref_id = "quickstart:dam\u2010a/logger\u20111"
    written = as_yaml(ref_id)
    assert written == '"quickstart:dam\\u2010a/logger\\u20111"', written
    assert yaml.safe_load(f"ref_id: {written}") == {"ref_id": ref_id}


def test_a_name_in_another_script_stays_readable() -> None:
    assert as_yaml("Caf\u00e9 station") == "Caf\u00e9 station"
