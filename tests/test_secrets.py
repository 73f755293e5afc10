"""Every secret value the run holds is masked wherever it appears, however many there are."""

from __future__ import annotations

import base64
import json
import re

import pytest

from iotplan.secrets import (
    SECRET_PARAMETER,
    SECRET_PROP_NAME,
    URL_ONLY_WORDS,
    holds_url_userinfo,
    lookup_secret,
    mask_known,
    remember,
    secret_parameters,
    without_url_credentials,
)


@pytest.mark.parametrize("tokens", [3, 5_000])  # a few, each looked for; a fleet's, found by their start
def test_each_resolved_token_is_masked_as_written_and_as_json_spells_it(tokens: int) -> None:
    values = [f"{index * 7919 % 10_007:05d}-tök,en {index}" for index in range(tokens)]
    for value in values:
        lookup_secret("${env:T}", {"T": value})
    shown = mask_known(f"The token {values[1]} is not valid; body {json.dumps({'AUTH_TOKEN': values[-1]})}")
    assert values[1] not in shown and json.dumps(values[-1]) not in shown
    assert shown == 'The token (sensitive) is not valid; body {"AUTH_TOKEN": "(sensitive)"}'


def test_a_secret_inside_a_longer_one_leaves_no_part_of_the_longer_in_clear() -> None:
    for value in ("abcd1234", "abcd1234-and-more"):
        lookup_secret("${env:T}", {"T": value})
    assert mask_known("key abcd1234-and-more!") == "key (sensitive)!"


@pytest.mark.parametrize(
    "name",
    ["pass", "passphrase", "session", "sessionid", "cookie", "bearer", "private", "cert", "pw", "pin"],
)
def test_a_url_parameter_named_like_a_credential_prop_is_masked_and_named(name: str) -> None:
    """A prop so named was hidden while a URL parameter so named was shown, logged and imported."""
    url = f"https://feed.example/x?site=3&{name}=hunter2secretvalue#view=map"
    assert without_url_credentials(url) == f"https://feed.example/x?site=3&{name}=(sensitive)#view=map"
    assert secret_parameters(url) == [name]


def test_a_url_parameter_carrying_a_jwt_a_shared_access_signature_or_a_one_time_password_is_masked() -> None:
    url = "https://h.example/x?jwt=eyJhbGciOi.e30.c2ln&id_jwt=1&sas=sv2&user-otp=4&otpCode=5&kansas=6&footprint=7"
    assert secret_parameters(url) == ["jwt", "id_jwt", "sas", "user-otp", "otpCode"]
    assert without_url_credentials(url).startswith("https://h.example/x?jwt=(sensitive)&id_jwt=(sensitive)")


def test_pw_and_pin_count_only_as_a_word_of_a_parameters_name() -> None:
    url = "https://h.example/x?user_pin=1&x-pw=2&userPin=3&spin=4&pinned=5&PWM=6&opinion=7&Pin=8"
    assert secret_parameters(url) == ["user_pin", "x-pw", "userPin", "Pin"]


def test_a_props_name_parts_its_words_as_a_parameters_name_does() -> None:
    """`DEVICE-PIN` and `devicePin` are as much a PIN as `DEVICE_PIN`: shown and fingerprinted, they
    were a secret the same value under a URL parameter's name hid."""
    hidden = [
        name
        for name in ("DEVICE_PIN", "DEVICE-PIN", "devicePin", "PIN", "SPIN", "PINNED", "PWM")
        if SECRET_PROP_NAME.search(name)
    ]
    assert hidden == ["DEVICE_PIN", "DEVICE-PIN", "devicePin", "PIN"]


def words_of(rule: re.Pattern[str]) -> set[str]:
    """The words a rule's pattern spells, without its character classes and group flags."""
    literal = re.sub(r"\[[^\]]*\]|\(\?[a-z-]*:", "", rule.pattern)
    return {word.lower() for word in re.findall(r"[A-Za-z]+", literal)}


def test_the_url_rule_names_every_word_of_the_prop_rule_and_only_its_own_besides() -> None:
    """One list of words for both: a word added to one rule only is a secret the other shows."""
    prop_words = words_of(SECRET_PROP_NAME)
    assert words_of(SECRET_PARAMETER) == prop_words | set(URL_ONLY_WORDS) | {"sig"}
    assert secret_parameters("https://h.example/x?access_code=1&accessCode=2") == [
        "access_code",
        "accessCode",
    ]
    for word in prop_words - {"access"}:  # of `access_code`
        assert secret_parameters(f"https://h.example/x?{word}=1&site_{word}=2") == [word, f"site_{word}"]


@pytest.mark.parametrize("password", ["pa/ss-canary", "pa?ss-canary", "pa#ss-canary"])
def test_a_urls_password_holding_a_slash_question_mark_or_hash_is_masked_up_to_its_last_at(
    password: str,
) -> None:
    """urllib ends the user info at the first `/`, `?` or `#`: such a URL was taken for one without."""
    url = f"https://feeduser:{password}@feed.example.com/data"
    assert holds_url_userinfo(url)
    text = f'urls ["https://a.example/x?mail=me","{url}"] for ops@example.com'
    assert without_url_credentials(text) == (
        'urls ["https://a.example/x?mail=me","https://(sensitive)@feed.example.com/data"] for ops@example.com'
    )


def test_an_at_in_a_urls_query_hides_what_comes_before_it() -> None:
    """It cannot be told from a password holding `?`: more is hidden, never less."""
    url = "https://feed.example.com/data?contact=ops@example.com&site=3"
    assert holds_url_userinfo(url)
    assert without_url_credentials(url) == "https://(sensitive)@example.com&site=3"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("C2 https://u:it'sCANQUOTE1@q.example", "C2 https://(sensitive)@q.example"),
        ("postgres://u:p'CANPROPQ11@h.example/db", "postgres://(sensitive)@h.example/db"),
        ("link_https://v:CANUNDERSCORE2@u.example", "link_https://(sensitive)@u.example"),
        ("\ufb01https://w:CANUNI3@x.example", "\ufb01https://(sensitive)@x.example"),
        ("1https://z:CANDIGIT4@d.example", "1https://(sensitive)@d.example"),
        ("v1-https://z:CANDASH5@d.example", "v1-https://(sensitive)@d.example"),
        (
            "x_https://u:CANPROPU12@h.example and ops@example.com",
            "x_https://(sensitive)@h.example and ops@example.com",
        ),
    ],
)
def test_a_urls_password_is_masked_whatever_precedes_its_scheme_and_with_a_quote_in_it(
    text: str, shown: str
) -> None:
    """A `'` is legal in a URL's user info, and a word character before the scheme (`\\b` wanted
    none) does not make it any less a URL that the platform, or a browser, opens."""
    assert without_url_credentials(text) == shown
    assert holds_url_userinfo(text)


KEY = "CANARY>>>key???01xq7Zr4mW9pLk2Tj"  # base64 spells `>>>` and `???` with `+` and `/`


def spelled_encoded(raw: bytes) -> list[str]:
    encodings = [base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()]
    return [*encodings, *(text.rstrip("=") for text in encodings), raw.hex(), raw.hex().upper()]


def recoverable(shown: str, secret: str) -> bool:
    """Whether 8 characters of `secret` can be read from `shown`, as written or decoded from any
    run of base64 in it at any of its alignments."""
    texts = [shown.encode()]
    for run in re.findall(r"[A-Za-z0-9+/_-]{4,}", shown):
        for offset in range(4):
            usable = run[offset:][: (len(run) - offset) // 4 * 4]
            texts += [base64.b64decode(usable, altchars=b"-_" if "-" in usable or "_" in usable else None)]
    windows = [secret[i : i + 8].encode() for i in range(len(secret) - 7)]
    return any(window in text for text in texts for window in windows)


@pytest.mark.parametrize("tokens", [1, 5_000])
@pytest.mark.parametrize("cut", [8, 20])
def test_a_long_secret_echoed_cut_short_is_masked_from_its_eighth_character(tokens: int, cut: int) -> None:
    for index in range(tokens - 1):
        remember(f"other-token-{index:06d}-abcdef")
    remember(KEY)
    assert mask_known(f"unknown key (key id {KEY[:cut]}...)") == "unknown key (key id (sensitive)...)"


@pytest.mark.parametrize("index", range(6))
def test_a_secret_echoed_as_base64_or_hex_is_masked(index: int) -> None:
    remember(KEY)
    echoed = spelled_encoded(KEY.encode())[index]
    assert mask_known(f"invalid credential {echoed}.") == "invalid credential (sensitive)."


@pytest.mark.parametrize("before", ["user:", "client_id=cc&client_secret=", "secret="])
def test_a_secret_inside_a_longer_text_echoed_as_base64_cannot_be_read_back(before: str) -> None:
    """`Authorization: Basic <user:secret>`, a form body echoed encoded: each alignment of the secret."""
    remember(KEY)
    for encoded in spelled_encoded(f"{before}{KEY}&grant_type=client_credentials".encode())[:4]:
        assert recoverable(encoded, KEY)
        assert not recoverable(mask_known(f"bad request: {encoded}"), KEY)


@pytest.mark.parametrize(
    ("text", "shown", "named"),
    [
        (
            "https://feed.example/data;password=pw-7f47/x",
            "https://feed.example/data;password=(sensitive)/x",
            ["password"],
        ),
        (
            "https://feed.example/x;jsessionid=ab12cd?site=3",
            "https://feed.example/x;jsessionid=(sensitive)?site=3",
            ["jsessionid"],
        ),
        (
            "https://feed.example/x?site=3;token=tk-9",
            "https://feed.example/x?site=3;token=(sensitive)",
            ["token"],
        ),
        (
            "https://feed.example/x?password=ab;cd",
            "https://feed.example/x?password=(sensitive)",
            ["password"],
        ),
        ("https://feed.example/x;v=2/y", "https://feed.example/x;v=2/y", []),
    ],
)
def test_a_path_parameter_named_like_a_credential_is_masked_and_named(
    text: str, shown: str, named: list[str]
) -> None:
    """RFC 3986 path parameters (`;jsessionid=`), and `;` between query parameters, as `?` and `&`."""
    assert without_url_credentials(text) == shown
    assert secret_parameters(text) == named
