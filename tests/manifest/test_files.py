"""Bytes → text: what is read, and where the first byte that is not text is."""

from __future__ import annotations

import io
import sys
import tracemalloc
from pathlib import Path

import pytest

from iotplan.manifest import files
from iotplan.manifest.files import NotText, decode, read_text


def test_stdin_is_read_as_bytes_so_a_latin1_byte_is_told_at_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "a: 1\nb: caf\u00e9\n".encode("latin-1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    with pytest.raises(NotText) as caught:
        read_text("-")
    assert (caught.value.line, caught.value.column) == (2, 7)
    assert "byte 0xE9" in str(caught.value)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_text_with_a_byte_order_mark_is_read(encoding: str) -> None:
    assert decode("a: \u00e9\n".encode(encoding)) == "a: \u00e9\n"


def test_a_column_counts_characters_not_bytes() -> None:
    with pytest.raises(NotText) as caught:
        decode("\u00e9\u00e9: ".encode() + b"\xff")
    assert (caught.value.line, caught.value.column) == (1, 5)


def test_a_file_larger_than_the_limit_is_not_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 10)
    (tmp_path / "big.yaml").write_text("a: 1\n" * 10)
    with pytest.raises(NotText, match="larger than"):
        read_text(str(tmp_path / "big.yaml"))


def test_a_file_at_the_limit_is_read_across_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 50)
    monkeypatch.setattr(files, "_CHUNK", 7)
    (tmp_path / "edge.yaml").write_text("a: 1\n" * 10)
    assert read_text(str(tmp_path / "edge.yaml")) == "a: 1\n" * 10


def test_reading_a_file_holds_about_its_size_not_the_limit(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("a: 1\n" * 200_000)  # 1 MB; the limit is 128 MiB
    tracemalloc.start()
    try:
        read_text(str(tmp_path / "site.yaml"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20
