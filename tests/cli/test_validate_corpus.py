"""Bad manifests fail as they should: tests/cases/manifest/bad with exactly the problems in its
.expected files, tests/cases/manifest/hostile at the lines each case states.

To add a case: write `name.yaml`, run `iotplan validate tests/cases/manifest/bad/name.yaml
2> tests/cases/manifest/bad/name.expected`, and read the message as a user would before committing.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.manifest.files import NotText, decode
from tests.conftest import CASES, ROOT

try:
    import resource
except ImportError:  # Windows: memory is bounded by the same limits, but not measured here
    resource = None  # type: ignore[assignment]

BAD = sorted((CASES / "manifest" / "bad").glob("*.yaml"))


def test_the_corpus_is_large_enough() -> None:
    assert len(BAD) >= 25


@pytest.mark.parametrize("case", BAD, ids=lambda path: path.stem)
def test_bad_manifest_reports_its_exact_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    relative = str(case.relative_to(ROOT))
    result = CliRunner().invoke(cli, ["validate", relative])
    expected = case.with_suffix(".expected").read_text()
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == expected
    assert all(line.startswith(f"{relative}:") for line in expected.splitlines())


# Hostile input: every class of issue 14 §1 and issue 13 §5, in several variants. Each case
# states where it must be refused in its own comments (see tests/cases/manifest/hostile/README.md):
#   # expect: [FILE:]LINE[:COL]: FRAGMENT      FILE relative to the case's folder, default the case
#   # sites: data/x.csv  /  # vars: data/x.yaml
# Every case must fail with exit 1, one `file:line:col:` line per problem, no traceback and no
# character a terminal would act on, within CPU_SECONDS and MAX_RSS_KB.
HOSTILE = CASES / "manifest" / "hostile"
HOSTILE_CASES = sorted(p for p in HOSTILE.iterdir() if p.is_file() and p.name.endswith((".yaml", ".yaml.j2")))
CPU_SECONDS = 10.0
MAX_RSS_KB = 1_500_000
POSITION = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): ")
TERMINAL_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _header(case: Path) -> list[str]:
    """The case's comment lines, whatever its encoding (some cases are not UTF-8 on purpose)."""
    raw = case.read_bytes()
    try:
        text = decode(raw)
    except NotText:
        text = raw.decode("utf-16-le" if raw[1:2] == b"\x00" else "utf-16-be") if b"\x00" in raw[:4] else ""
        text = text or raw.decode("latin-1")
    return [line[2:] for line in text.splitlines() if line.startswith("# ")]


def _expectations(case: Path, header: list[str]) -> list[tuple[str, str]]:
    found = []
    for line in header:
        if line.startswith("expect: "):
            where, fragment = line.removeprefix("expect: ").split(": ", 1)
            if not where[0].isdigit():
                where = str((case.parent / where).relative_to(ROOT))
            else:
                where = f"{case.relative_to(ROOT)}:{where}"
            found.append((where + ":", fragment))
    return found


def _options(case: Path, header: list[str]) -> list[str]:
    options = []
    for line in header:
        name, _, value = line.partition(": ")
        if name in ("sites", "vars"):
            options += [f"--{name}", str((case.parent / value).relative_to(ROOT))]
    return options


def test_the_hostile_corpus_covers_many_cases() -> None:
    assert len(HOSTILE_CASES) >= 100
    assert all(_expectations(case, _header(case)) for case in HOSTILE_CASES)


@pytest.mark.parametrize("case", HOSTILE_CASES, ids=lambda path: path.name)
def test_hostile_input_is_refused_at_its_line_in_bounded_time_and_memory(
    case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    header = _header(case)
    started = time.process_time()
    result = CliRunner().invoke(cli, ["validate", str(case.relative_to(ROOT)), *_options(case, header)])
    spent = time.process_time() - started
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines and all(POSITION.match(line) for line in lines), result.stderr
    assert not TERMINAL_CONTROLS.search(result.stderr)
    for where, fragment in _expectations(case, header):
        assert any(line.startswith(where) and fragment in line for line in lines), (where, fragment, lines)
    assert spent < CPU_SECONDS
    if resource is not None:
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MAX_RSS_KB
