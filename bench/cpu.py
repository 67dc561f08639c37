"""CPU seconds from Linux's /proc, for bench/workers.py: where the CPU goes per update.

Whether 2 workers can reach 1.5× one on a 2-core machine depends on what an update costs in
CPU on every side (the workers, PostgreSQL, the fake Bot API, the load): the cores divided by
that cost bound the updates per second of any number of workers, and if one worker's round
already keeps most of the cores busy, more workers cannot go much faster. What else the cores
were busy with (another benchmark on the same machine) is read too. Reading /proc needs no
dependency; elsewhere than Linux every figure is 0.
"""

from __future__ import annotations

import collections
import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


@dataclass(frozen=True)
class Stat:
    """What /proc/<pid>/stat says of a process, times in clock ticks."""

    comm: str
    parent: int
    ticks: int  # its own user + system time
    children: int  # user + system time of its children that have exited and been waited for


def parse_stat(text: str) -> Stat:
    """/proc/<pid>/stat's line: `pid (comm) state …`; comm may hold spaces and ')'."""
    head, rest = text.rsplit(")", 1)
    fields = rest.split()  # fields[0] is the state, the 3rd field of the line
    return Stat(head.split("(", 1)[1], int(fields[1]), int(fields[11]) + int(fields[12]),
                int(fields[13]) + int(fields[14]))


def processes() -> dict[int, Stat]:
    """Every process on the machine now, by pid."""
    found = {}
    for proc in PROC.iterdir():
        if proc.name.isdigit() and (stat := _stat(proc.name)) is not None:
            found[int(proc.name)] = stat
    return found


def _stat(pid: int | str) -> Stat | None:
    try:
        return parse_stat((PROC / str(pid) / "stat").read_text())
    except (OSError, IndexError, ValueError):
        return None  # gone, or not Linux


def in_seconds(ticks: int) -> float:
    return ticks / os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> float:
    """User and system time of a process so far."""
    stat = _stat(pid)
    return in_seconds(stat.ticks) if stat else 0.0


def family_seconds(stats: dict[int, Stat], root: int) -> float:
    """User and system time so far of `root` and its children (a PostgreSQL server: the
    postmaster and its backends and writers), with that of their children that have exited: a
    backend that exits between two readings is then counted in full (its time moves to the
    postmaster's children), so the difference of two readings is exact."""
    return in_seconds(sum(s.ticks + s.children for pid, s in stats.items()
                          if root in (pid, s.parent)))


def other_seconds(before: dict[int, Stat], after: dict[int, Stat], ours: set[int]
                  ) -> dict[str, float]:
    """CPU seconds between two readings by the processes neither in `ours` nor their children,
    by command (a kernel thread's without its '/…'): what else kept the cores busy, another
    benchmark's for instance. A process that exited meanwhile counts in the children of its
    closest ancestor still there, less what it had used by the first reading."""
    ticks: dict[str, int] = collections.defaultdict(int)

    def count(pid: int, stat: Stat, used: int) -> None:
        if pid not in ours and stat.parent not in ours:
            ticks[stat.comm.split("/")[0]] += used

    for pid, stat in after.items():
        was = before.get(pid, Stat(stat.comm, 0, 0, 0))
        count(pid, stat, stat.ticks + stat.children - was.ticks - was.children)
    for pid, stat in before.items():
        if pid not in after:
            parent = stat.parent
            while parent not in after and parent in before:
                parent = before[parent].parent
            if parent in after:
                count(parent, after[parent], -stat.ticks - stat.children)
    return {comm: in_seconds(used) for comm, used in ticks.items()}


def parse_machine(text: str) -> tuple[int, int]:
    """/proc/stat's `cpu` line: (busy, all) clock ticks of every core together; idle and
    iowait are not busy (guest time is already within user)."""
    ticks = [int(value) for value in text.split("\n", 1)[0].split()[1:9]]
    return sum(ticks) - ticks[3] - ticks[4], sum(ticks)


def machine_seconds() -> tuple[float, float]:
    """(busy, all) CPU seconds of the whole machine so far, every core together."""
    try:
        busy, total = parse_machine((PROC / "stat").read_text())
    except (OSError, IndexError, ValueError):
        return 0.0, 0.0
    return in_seconds(busy), in_seconds(total)
