"""Exit codes are an interface: 0 success (or no changes), 2 changes or drift (only with
`--detailed-exitcode`, for `drift` and for `merge`), 1 anything else, usage errors included, so that 2 never
means "you typed it wrong"; 128 + a signal's number when the run ended as that signal ends a program."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1
    CHANGES = 2  # plan --detailed-exitcode: there are changes; drift: drift found
    HUNG_UP = 129  # SIGHUP (128 + 1): the terminal or the ssh session gone
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells report it
    PIPE_CLOSED = 141  # SIGPIPE (128 + 13): stdout's reader went away (`| head`), as shells report git's
    TERMINATED = 143  # SIGTERM (128 + 15): a CI cancel, `systemctl stop`, Kubernetes
