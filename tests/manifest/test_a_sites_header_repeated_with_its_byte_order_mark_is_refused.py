"""Two CSV exports joined end to end: the second keeps its UTF-8 byte-order mark, now at the start of
a line mid-file. Read as a row, its header would be a site (or fail at a template line far from the
cause); it is refused as the repeated header it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables

BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize("newline", [b"\n", b"\r\n"])
def test_a_header_repeated_with_its_byte_order_mark_is_refused_at_its_line(
    tmp_path: Path, newline: bytes
) -> None:
    path = tmp_path / "sites.csv"
    export = BOM + newline.join([b"site,name", b"s1,A"]) + newline
    path.write_bytes(export + export.replace(b"s1", b"s2"))
    with pytest.raises(TemplateError, match=r"^\S+sites\.csv:3:1: --sites: this row repeats the header"):
        template_variables(None, str(path))
