"""Runs one command and reports its own wall time, CPU time and peak RSS: `python launcher.py OUT -- CMD...`

Why not `os.wait4` in the harness: Linux carries a process's peak RSS across fork and exec, so a
child of a large harness (the floor decodes 65 MB of pages, the refresh keeps state) reports the
harness's size, not its own. This launcher is small when it forks, so the command's figure is the
command's. It writes {"wall_s", "cpu_s", "peak_rss_kib", "status"} to OUT and exits with the
command's exit code. Standard library only, so it starts in milliseconds.
"""

import json
import os
import sys
import time


def main() -> None:
    out, separator, *command = sys.argv[1:]
    assert separator == "--", "usage: launcher.py OUT -- COMMAND..."
    started = time.perf_counter()
    pid = os.posix_spawn(command[0], command, os.environ)
    _, status, usage = os.wait4(pid, 0)
    figures = {
        "wall_s": time.perf_counter() - started,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_kib": usage.ru_maxrss,  # kilobytes on Linux
        "status": status,
    }
    with open(out, "w") as file:
        json.dump(figures, file)
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
