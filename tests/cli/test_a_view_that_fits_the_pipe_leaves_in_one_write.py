"""README: "output small enough to fit the pipe leaves the run's own code". A 5.9 KB JSON plan went out
in five writes (each chunk as it was made; PYTHONUNBUFFERED=1 writes each straight to the pipe), and
`iotplan plan --format json | head -1` exited 141 on about half the runs: head had read the first and
gone. What fits a pipe's buffer (64 KiB on Linux) goes out in one write, taken whole before its reader
can read any."""

from __future__ import annotations

import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from iotplan.cli.stdout import write_chunks

CHUNKS = [b"{\n" + b"a" * 990, b",\n" + b"b" * 570, b",\n" + b"c" * 20_000, b"\n  ]", b"\n}\n"]


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_view_that_fits_the_pipe_reaches_a_reader_closing_after_its_first_read(
    monkeypatch: pytest.MonkeyPatch, unbuffered: bool
) -> None:
    read_end, write_end = os.pipe()
    reader_gone = threading.Event()

    class AfterTheReader(io.FileIO):
        """A pipe's writing end whose every write but the first waits until the reader, who read
        once, has closed: `head -1` at its fastest."""

        writes = 0

        def write(self, data: object) -> int:  # type: ignore[override]
            AfterTheReader.writes += 1
            if AfterTheReader.writes > 1:
                assert reader_gone.wait(timeout=30)
            return super().write(data)  # type: ignore[arg-type]

    raw = AfterTheReader(write_end, "wb")
    binary = raw if unbuffered else io.BufferedWriter(raw)
    stdout = io.TextIOWrapper(binary, encoding="utf-8", line_buffering=True, write_through=unbuffered)
    monkeypatch.setattr("sys.stdout", stdout)
    with ThreadPoolExecutor(1) as reader:
        shown = reader.submit(_read_once_then_close, read_end, reader_gone)
        try:
            write_chunks(iter(CHUNKS))
        finally:
            reader_gone.set()
            raw.close()
        assert shown.result(timeout=30) == b"".join(CHUNKS)


def _read_once_then_close(read_end: int, gone: threading.Event) -> bytes:
    got = os.read(read_end, 65536)
    os.close(read_end)
    gone.set()
    return got
