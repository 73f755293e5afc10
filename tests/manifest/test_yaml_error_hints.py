"""Tabs and tags, the two YAML mistakes a newcomer makes most, are said plainly after PyYAML's words."""

from __future__ import annotations

import pytest
import yaml

from iotplan.manifest.source import YamlSyntaxError, load_yaml
from iotplan.manifest.yaml_errors import syntax_error


def _message(text: str) -> str:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "m.yaml")
    return str(caught.value)


def test_a_tab_indent_is_told_yaml_indents_with_spaces() -> None:
    message = _message("nodes:\n  - key: a\n\tkind: api\n")
    assert message == (
        "invalid YAML: found character '\\t' that cannot start any token; YAML indents with spaces, not tabs"
    )


def test_a_tab_worded_by_libyaml_is_told_so_too() -> None:
    """libyaml's words stand in a long manifest whose lines around the mark cannot tell PyYAML's."""
    with pytest.raises(yaml.MarkedYAMLError) as caught:
        yaml.load("nodes:\n  - key: last\n\tkind: api\n", Loader=yaml.CSafeLoader)
    message = str(syntax_error(caught.value))
    assert message.startswith("invalid YAML: found a tab character that violates indentation")
    assert message.endswith("; YAML indents with spaces, not tabs")


@pytest.mark.parametrize("tag", ["!include other.yaml", "!env PASSWORD", "!!python/name:os.system"])
def test_a_tag_is_told_tags_and_includes_are_not_supported(tag: str) -> None:
    message = _message(f"nodes:\n  - key: {tag}\n")
    assert message.startswith("invalid YAML: could not determine a constructor for the tag")
    assert "; tags and includes are not supported" in message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("nodes:\n  - key: a\n  kind: api\n", "expected <block end>, but found '?'"),
        ("nodes:\n  - key: a\n     kind: api\n", "mapping values are not allowed here"),
    ],
)
def test_a_line_indented_wrong_is_told_to_check_it_against_the_lines_above(text: str, problem: str) -> None:
    message = _message(text)
    assert message.startswith(f"invalid YAML: {problem}")
    assert "; check this line's indentation against the lines above it" in message


def test_a_value_holding_a_colon_is_told_it_may_need_quotes() -> None:
    message = _message("nodes:\n  - key: a\n    name: Lake: dam\n")
    assert message.startswith("invalid YAML: mapping values are not allowed here")
    assert "or quote a value that holds ': '" in message


def test_another_syntax_error_gets_no_indentation_hint() -> None:
    assert "indentation" not in _message("nodes: [a, b\n")
