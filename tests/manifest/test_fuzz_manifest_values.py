"""Whatever value stands wherever in a valid manifest, loading it gives the desired state or a refusal
that names the file and a line: never another exception, never Python's description of a value.

Property-based (hypothesis, a fixed derandomized set of examples): the class of bug two fuzzing
reviews found (a list as an id crashed the duplicate checks; a null `port` under a THREAD passed).
"""

from __future__ import annotations

import datetime
import gc
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iotplan.commands.inputs import ManifestInput, load_desired
from iotplan.errors import IotplanError
from tests.conftest import EXAMPLES

SEEDS = [EXAMPLES / "quickstart" / "site.yaml", EXAMPLES / "thread" / "site.yaml"]
# What a message must never show: Python's description of an object or PyYAML's internal tag names.
PYTHON_REPR = re.compile(r"object at 0x|datetime\.|AmbiguousNumber\(|tag:yaml\.org|<class |Traceback")

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["yes", "NO", "0777", "1:20", "=", "<<", "~", "", "a/b", "x" * 300])
    | st.dates(min_value=datetime.date(1900, 1, 1))
)
VALUES = st.recursive(
    SCALARS,
    lambda held: st.lists(held, max_size=3) | st.dictionaries(st.text(max_size=6), held, max_size=3),
    max_leaves=6,
)


def places(document: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value the document holds, containers included."""
    found = [at] if at else []
    if isinstance(document, dict):
        for key, held in document.items():
            found += places(held, (*at, key))
    elif isinstance(document, list):
        for index, held in enumerate(document):
            found += places(held, (*at, index))
    return found


def replaced(document: Any, at: tuple[Any, ...], value: Any) -> Any:
    if not at:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)
    copy[at[0]] = replaced(document[at[0]], at[1:], value)
    return copy


SEED_DATA = {seed: yaml.safe_load(seed.read_text()) for seed in SEEDS}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzzed")


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_value_anywhere_is_loaded_or_refused_at_its_line(folder: Path, data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(SEEDS))
    document = SEED_DATA[seed]
    at = data.draw(st.sampled_from(places(document)))
    path = folder / "site.yaml"
    path.write_text(yaml.safe_dump(replaced(document, at, data.draw(VALUES)), allow_unicode=True))
    try:
        load_desired(ManifestInput(str(path)))
    except IotplanError as refused:
        message = str(refused)
        assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", message), message
        assert not PYTHON_REPR.search(message), message
    finally:
        gc.unfreeze()  # the load freezes what it built (iotplan/collector.py): let each example's go
