"""An IOTPLAN_* variable iotplan does not read may be a misspelling (IOTPLAN_APIKEY, IOTPLAN_ENDPONT):
read past, it left no endpoint nor credential, so the run went to the embedded demo platform and an
apply exited 0 having written nowhere real, or, beside a credential, to https://iiot.bentley.com in
place of the endpoint meant. It is refused before anything is opened, whatever the target, naming
the name meant when one is close, and never the value (it may be a key)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.clients.target import TargetOptions, choose_target
from iotplan.clients.variables import KNOWN_VARIABLES
from iotplan.errors import IotplanError
from tests.conftest import EXAMPLES, ROOT

NAME = re.compile(r"IOTPLAN_[A-Z0-9_]+")
# A GitHub repository variable (`${{ vars.IOTPLAN_RATE_LIMIT }}`) reaches a job only where the workflow
# puts it in a variable of its own (RATE_LIMIT), never in the environment by its name.
SET = re.compile(r"(?<!vars\.)IOTPLAN_[A-Z0-9_]+")
# Misspellings the package names on purpose, in the docstrings of the refusals that catch them.
MISSPELLINGS_NAMED = {
    "IOTPLAN_APIKEY",
    "IOTPLAN_CLIENTID",
    "IOTPLAN_CLIENT_SECRT",
    "IOTPLAN_ENDPONT",
    "IOTPLAN_GATEWAY_ULR",
}
# Other tools' names (a Kubernetes service link's, names of another's making), named where they are
# recognised or refused.
OTHERS_NAMED = {"IOTPLAN_SERVICE_HOST", "IOTPLAN_API_URL", "IOTPLAN_SERVER_NAME", "IOTPLAN_DEVICE_URL"}


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def refused(environ: dict[str, str]) -> str:
    with pytest.raises(IotplanError) as raised:
        choose_target(TargetOptions(), environ)
    return str(raised.value)


def test_a_misspelt_endpoint_and_key_are_refused_not_read_as_the_embedded_platform(workdir: Path) -> None:
    said = refused({"IOTPLAN_ENDPONT": "https://iiot.example.invalid", "IOTPLAN_APIKEY": "real-key-123"})
    assert said == (
        "IOTPLAN_APIKEY (did you mean IOTPLAN_API_KEY?) and IOTPLAN_ENDPONT (did you mean "
        "IOTPLAN_ENDPOINT?) are set, but iotplan reads no such variables, so with no endpoint nor "
        "credential given the run would go to the embedded demo platform: rename them, or unset those not "
        "meant for iotplan, or name them without the IOTPLAN_ prefix (`unset IOTPLAN_APIKEY IOTPLAN_ENDPONT`)"
    )
    assert not (workdir / ".iotplan").exists()


def test_an_unknown_name_like_none_is_named_alone(workdir: Path) -> None:
    said = refused({"IOTPLAN_WIDGETS": "3", "IOTPLAN_API_KEY": "real-key-123"})
    assert said.startswith("IOTPLAN_WIDGETS is set, but iotplan reads no such variable, so ")
    assert said.endswith("(`unset IOTPLAN_WIDGETS`)")


@pytest.mark.parametrize(
    ("environ", "said"),
    [
        (
            {"IOTPLAN_ENDPONT": "https://staging.example.invalid", "IOTPLAN_API_KEY": "real-key-123"},
            "no such variable, so with no endpoint given the run would go to the default platform, "
            "https://iiot.bentley.com: rename it, or unset it",
        ),
        (
            {
                "IOTPLAN_ENDPOINT": "https://staging.example.invalid",
                "IOTPLAN_API_KEY": "real-key-123",
                "IOTPLAN_RPC_ENDPONT": "wss://rpc.example.invalid",
            },
            "so the run would go to https://staging.example.invalid: rename it, or unset it",
        ),
    ],
)
def test_a_misspelt_variable_beside_a_credential_is_refused_not_read_past_to_a_real_platform(
    workdir: Path, environ: dict[str, str], said: str
) -> None:
    refusal = refused(environ)
    misspelt = next(name for name in environ if name not in KNOWN_VARIABLES)
    assert refusal.startswith(f"{misspelt} (did you mean {misspelt.replace('ENDPONT', 'ENDPOINT')}?) is set")
    assert said in refusal and refusal.endswith(f"(`unset {misspelt}`)")
    assert "real-key-123" not in refusal and "rpc.example.invalid" not in refusal


def test_a_misspelt_endpoint_beside_the_endpoint_flag_is_refused(workdir: Path) -> None:
    options = TargetOptions(endpoint="https://staging.example.invalid")
    with pytest.raises(IotplanError, match=r"^IOTPLAN_TOKN \(did you mean IOTPLAN_TOKEN\?\) is set"):
        choose_target(options, {"IOTPLAN_TOKN": "t-1", "IOTPLAN_API_KEY": "real-key-123"})


def test_known_variables_keep_the_embedded_platform(workdir: Path) -> None:
    environ = {
        "IOTPLAN_LOG": "debug",
        "IOTPLAN_SIM_VARIANTS": "",
        "IOTPLAN_PACKAGE": "iotplan",
        "OTHER_X": "1",
    }
    assert choose_target(TargetOptions(), environ).url is None


def test_sim_db_chooses_the_embedded_platform_whatever_the_variables(workdir: Path) -> None:
    choice = choose_target(TargetOptions(sim_db=Path("my.db")), {"IOTPLAN_APIKEY": "real-key-123"})
    assert choice.url is None and choice.sim_db == Path("my.db")


def test_every_variable_the_package_names_is_one_it_reads() -> None:
    named = {match for file in (ROOT / "iotplan").rglob("*.py") for match in NAME.findall(file.read_text())}
    assert named - MISSPELLINGS_NAMED - OTHERS_NAMED <= set(KNOWN_VARIABLES)
    assert not MISSPELLINGS_NAMED & set(KNOWN_VARIABLES)


def test_every_variable_the_examples_set_is_known() -> None:
    named = {match for file in EXAMPLES.rglob("*") if file.is_file() for match in SET.findall(_text(file))}
    assert named <= set(KNOWN_VARIABLES)


def _text(file: Path) -> str:
    return file.read_bytes().decode("utf-8", errors="replace")
