"""What the tests of a drift report's Next line share: a template of one node a row of --sites, named
after its site and a --var, and the `plan` command that line offers, split as a shell would."""

from __future__ import annotations

import re
import shlex

from tests.e2e.conftest import PROJECT


def regions_template(var: str) -> str:
    """A template whose node per site is named `<site> {{ var }}`."""
    return f"""\
apiVersion: iotplan/v1
stack: regions
projects:
  - id: {PROJECT}
    nodes:
{{%- for site in sites %}}
      - key: {{{{ site.site }}}}
        name: "{{{{ site.site }}}} {{{{ {var} }}}}"
        devices:
          - key: logger
{{%- endfor %}}
"""


def next_command(output: str) -> list[str]:
    """The `iotplan plan ...` a report's Next line offers."""
    (step,) = [line for line in output.splitlines() if line.startswith("Next:")]
    found = re.search(r"`(iotplan plan [^`]*)`", step)
    assert found, step
    return shlex.split(found.group(1))
