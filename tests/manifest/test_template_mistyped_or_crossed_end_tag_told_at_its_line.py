"""An end tag typed wrong, or blocks crossed, is told at that end tag in Jinja2's own words, with the
line the block it should close was opened at: the block is not "never closed"."""

from __future__ import annotations

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\nprojects:\n{% for x in [1] %}\n  - id: x\n{% endfro %}\n",
            r"^t\.j2:5:1: template syntax error: Encountered unknown tag 'endfro'\. .*"
            r"The innermost block that needs to be closed is 'for', opened at line 3\.$",
        ),
        (
            "a: 1\n{% for x in [1] %}\n{% if x %}\nfoo: 1\n{% endfor %}\n{% endif %}\n",
            r"^t\.j2:5:1: template syntax error: Encountered unknown tag 'endfor'\. "
            r"You probably made a nesting mistake\. .*closed is 'if', opened at line 3\.$",
        ),
        (
            "{% for x in [1] %}\n{% if x %}{% if x %}{% endif %}\n{% endfor %}\n{% endif %}\n",
            r"^t\.j2:3:1: .*'endfor'\. .*closed is 'if', opened at line 2\.$",
        ),
        (
            "{% for x in [1] %}\n{% bogus %}\n",
            r"^t\.j2:2:1: .*unknown tag 'bogus'\. .*closed is 'for', opened at line 1\.$",
        ),
    ],
    ids=["mistyped", "crossed", "crossed-beside-a-closed-one", "unknown-tag-in-an-unclosed-block"],
)
def test_a_wrong_end_tag_is_told_at_its_own_line(text: str, expected: str) -> None:
    with pytest.raises(TemplateError, match=expected):
        render_template(text, "t.j2", {})
