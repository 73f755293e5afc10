"""A `password` column of --sites, or a `--var`/`--vars` variable named like a credential, used by a
template in any way (`notes: "{{ site.password | upper }}"`, `{{ device_pin }}` a YAML number) would be
shown by plan, saved in its JSON, shown by drift and written to the platform for every project user to
read; an error about it (`| int`) would print it too. Nothing in a plain value (`Sup3rS3cret!0`) says so
but its name: the template is never given it, and any use is refused at its line, naming the input."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.loader import load_manifest
from iotplan.secrets import ORDINARY_WORDS, credential_named, credential_named_withheld

SECRET = "Sup3rS3cret!0"
HEAD = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)
LOOP = '{%- for site in sites %}\n      - key: {{ site.site }}\n        notes: "{{ NOTES }}"\n{%- endfor %}\n'
NAMED_AS = "is named as a credential by its word"
WAY_OUT = (
    "so the template is not given its value: plans, saved plans and drift "
    "reports would print it and the platform would show it to every user of the project. Keep credentials "
    "out of the manifest (iotplan's own are read from the environment: README, Targets and credentials), "
    "or name it otherwise if it holds none"
)


def loaded(
    tmp_path: Path, notes: str, cell: str = SECRET, column: str = "db_password", **given: object
) -> str:
    (tmp_path / "sites.csv").write_text(f"site,{column}\ns1,{cell}\n")
    (tmp_path / "t.yaml.j2").write_text(HEAD + LOOP.replace("{{ NOTES }}", notes))
    manifest = load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"), **given)  # type: ignore[arg-type]
    return str(manifest.manifest.projects[0].nodes[0].notes)


def refusal(tmp_path: Path, notes: str, **given: object) -> str:
    with pytest.raises(TemplateError) as refused:
        loaded(tmp_path, notes, **given)
    assert SECRET not in str(refused.value) and "UP3RS3" not in str(refused.value).upper()
    assert "84736251" not in str(refused.value)
    return str(refused.value)


def test_a_credential_named_column_used_is_refused_at_its_line(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{{ site.db_password }}")
    sites = tmp_path / "sites.csv"
    where = f"{tmp_path / 't.yaml.j2'}:8:17"
    column = f"column 'db_password' of --sites {sites}"
    assert message == f"{where}: {column} {NAMED_AS} `password`, {WAY_OUT} (site s1, {sites}:2)"


@pytest.mark.parametrize(
    "notes",
    [
        "{{ site.db_password | upper }}",
        "{{ site.db_password | replace('!', '') }}",
        "{{ site.db_password | urlencode }}",
        "{{ site.db_password | reverse | join }}",
        "{{ site.db_password[:6] }}-{{ site.db_password[6:] }}",
        "{{ 'x' ~ site.db_password }}",
        "{{ '%s' | format(site.db_password) }}",
        "{{ site.db_password | int }}",
        "{{ site[site.db_password] }}",
        "{% if site.db_password == 'x' %}y{% endif %}",
        "{% if site.db_password %}y{% endif %}",
        "{{ site.db_password is defined }}",
        "{{ site.db_password | default('none') }}",
        "{% for name, value in site.items() %}{{ value }}{% endfor %}",
        "{{ site.values() | join(',') }}",
        "{{ site | tojson }}",
        "{{ sites[0].db_password | length }}",
    ],
)
def test_a_credential_named_column_is_refused_however_the_template_uses_it(
    tmp_path: Path, notes: str
) -> None:
    assert "column 'db_password' of --sites" in refusal(tmp_path, notes)


def test_a_credential_named_column_set_to_a_variable_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(f"site,db_password\ns1,{SECRET}\n")
    (tmp_path / "t.yaml.j2").write_text(
        HEAD + "{% set x = sites[0].db_password | upper %}" + LOOP.replace("{{ NOTES }}", "{{ x }}")
    )
    with pytest.raises(TemplateError, match="column 'db_password' of --sites") as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    assert SECRET.upper() not in str(refused.value)


def test_a_credential_named_var_is_refused(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{{ api_key | upper }}", variables=(("api_key", SECRET),))
    assert message.startswith(
        f"{tmp_path / 't.yaml.j2'}:8:17: --var api_key {NAMED_AS} `key`, {WAY_OUT} (site s1, "
    )


@pytest.mark.parametrize(
    ("vars_yaml", "notes", "named", "word"),
    [
        (f"feed:\n  token: '{SECRET}'\n", "{{ feed.token }}", "feed.token", "token"),
        (f"feed:\n  tokens: ['{SECRET}']\n", "{{ feed.tokens[0] }}", "feed.tokens", "tokens"),
        (
            f"feed:\n  token: '{SECRET}'\n",
            "{% for k, v in feed.items() %}{{ v }}{% endfor %}",
            "feed.token",
            "token",
        ),
        (f"feed:\n  token: '{SECRET}'\n", "{{ feed | tojson }}", "feed.token", "token"),
        ("device_pin: 84736251\n", "{{ device_pin }}", "device_pin", "pin"),
        ("device_pin: 84736251\n", "{{ device_pin | string }}", "device_pin", "pin"),
        ("wifi_psk: 1234.5678\n", "{{ wifi_psk }}", "wifi_psk", "psk"),
    ],
)
def test_a_credential_named_variable_of_vars_of_any_type_is_refused(
    tmp_path: Path, vars_yaml: str, notes: str, named: str, word: str
) -> None:
    (tmp_path / "vars.yaml").write_text(vars_yaml)
    message = refusal(tmp_path, notes, vars_file=str(tmp_path / "vars.yaml"))
    assert f": {named} of --vars {tmp_path / 'vars.yaml'} {NAMED_AS} `{word}`, {WAY_OUT}" in message


def test_a_pin_column_another_column_holds_stops_the_render(tmp_path: Path) -> None:
    # nothing but its name tells a PIN from a part of a coordinate: the plan would show it (lat -41.2706)
    (tmp_path / "sites.csv").write_text("site,lat,door_pin\ns1,-41.2706,2706\n")
    (tmp_path / "t.yaml.j2").write_text(HEAD + LOOP.replace("{{ NOTES }}", "lat {{ site.lat }}"))
    with pytest.raises(TemplateError) as refused:
        load_manifest(str(tmp_path / "t.yaml.j2"), sites_file=str(tmp_path / "sites.csv"))
    said = str(refused.value)
    assert "column 'lat' of --sites" in said and "column 'door_pin' of --sites" in said and "2706" not in said
    assert "by its word `pin`" in said and "or name it otherwise if it holds none" in said


@pytest.mark.parametrize("cell", ["", "true", "no", "none", "n/a", "${env:SITE_PASSWORD}"])
def test_a_credential_named_column_holding_no_secret_is_given(tmp_path: Path, cell: str) -> None:
    assert loaded(tmp_path, "{{ site.db_password }}", cell=cell) == cell


# One rule with drift's `Next:` line (credential_named): a name it reads as a credential is withheld, each
# with the word that reads so, unless every such word is an ordinary one or an identifier's `key`.
WITHHELD = {
    **{"password": "password", "db_password": "password", "db_pass": "pass", "dbpassword": "dbpassword"},
    **{"passwd": "passwd", "api_key": "key", "apiKey": "Key", "access_key": "key", "private_key": "key"},
    **{"token": "token", "tokens": "tokens", "auth_token": "auth", "authtoken": "authtoken"},
    **{"feed_secret": "secret", "mysecret": "mysecret", "credentials": "credentials", "creds": "creds"},
    **{"door_pin": "pin", "DEVICE_PIN": "PIN", "wifi_psk": "psk", "hmac_key": "hmac", "salt": "salt"},
    **{"access_code": "access_code", "session": "session", "session_token": "session", "cookie": "cookie"},
    **{"cert": "cert", "otp": "otp", "token_count": "token", "pass_no": "pass", "auth_level": "auth"},
    **{"secret_santa": "secret", "author_token": "token", "monkey_key": "key", "sitekey": "sitekey"},
    # Words holding a credential's word, which the masking rule hides: all withheld.
    **{"dbpass": "dbpass", "adminpass": "adminpass", "rootpass": "rootpass", "wifipass": "wifipass"},
    **{"secretkey": "secretkey", "accesskey": "accesskey", "privatekey": "privatekey", "sshkey": "sshkey"},
    **{"authkey": "authkey", "sessionid": "sessionid", "passw0rd": "passw0rd"},
    # A short credential word before a digit is one too, as `password2` is.
    **{"door_pin2": "pin2", "pin1": "pin1"},
}
GIVEN = [
    *("lat", "key", "node_key", "site_key", "sensor_keys", "author", "authority", "compass", "keypad"),
    *("keyword", "passage", "passenger_lift", "monkey_bars", "bypass_valve", "sessions", "certified_by"),
    *("private_road", "pinned", "keeper", "spin_rate", "opinion", "secretary", "authored_by"),
    *("Keywords", "bypass"),
]


@pytest.mark.parametrize(("name", "word"), WITHHELD.items())
def test_a_name_the_masking_rule_reads_as_a_credential_is_withheld_naming_its_word(
    tmp_path: Path, name: str, word: str
) -> None:
    assert credential_named(name) and credential_named_withheld(name)
    assert (
        f"column '{name}' of --sites {tmp_path / 'sites.csv'} is named as a credential by its word `{word}`, "
        in (refusal(tmp_path, f"{{{{ site.{name} }}}}", column=name))
    )


@pytest.mark.parametrize("name", GIVEN)
def test_a_name_of_ordinary_words_or_an_identifiers_key_is_given(tmp_path: Path, name: str) -> None:
    assert not credential_named_withheld(name)
    assert loaded(tmp_path, f"{{{{ site.{name} }}}}", column=name) == SECRET


@pytest.mark.parametrize("word", sorted(ORDINARY_WORDS))
def test_each_ordinary_word_is_one_the_masking_rule_would_read_as_a_credential(word: str) -> None:
    assert credential_named(word) and not credential_named_withheld(word)
    assert credential_named_withheld(f"{word}_token")


def test_a_credential_named_var_holding_a_secret_reference_is_printed(tmp_path: Path) -> None:
    (tmp_path / "t.yaml.j2").write_text(HEAD + "      - key: s1\n        auth_token: {{ token }}\n")
    loaded = load_manifest(str(tmp_path / "t.yaml.j2"), variables=(("token", "${env:SITE_TOKEN}"),))
    assert loaded.manifest.projects[0].nodes[0].auth_token == "${env:SITE_TOKEN}"
