"""The command line: the only code that knows click, and the one place errors become exit codes."""

import sys

# httpx imports its own command-line client whenever click, rich and pygments are installed, as
# they are with iotplan: 45 ms of every start, for a program iotplan never runs. Marked absent
# before httpx is first imported, it is not loaded, and `httpx.main` is httpx's own stand-in (its
# __init__ catches the ImportError). Only iotplan's command line does this, not `import iotplan`.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]  # None: "cannot be imported"
