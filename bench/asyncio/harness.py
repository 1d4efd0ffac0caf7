"""Timing harness shared by the asyncio workloads in this directory.

Each workload is an ``async def`` that does the whole job once and returns a
value the harness checks, so the work cannot be skipped. The harness runs it
``RUNS`` times inside one event loop (interpreter start-up, imports and loop
creation are not timed), collects garbage between runs so one run's garbage is
not charged to the next, and prints the median run as one machine-readable
line, the same format as bench/cmd/asynciocmp prints for aio:

    workload=<name> ops=<n> seconds=<s> ns_per_op=<x>

``seconds`` is the median wall time of one run; ``ns_per_op`` is that divided
by ``ops``. The number of runs can be set with the ASYNCIO_BENCH_RUNS
environment variable (default 5).
"""

import asyncio
import gc
import os
import statistics
import sys
import time

RUNS = int(os.environ.get("ASYNCIO_BENCH_RUNS", "5"))


def run(name, ops, workload, expect):
    """Time ``await workload()`` RUNS times and print the median as a result line."""

    async def main():
        times = []
        for _ in range(RUNS):
            gc.collect()
            start = time.perf_counter()
            got = await workload()
            elapsed = time.perf_counter() - start
            if got != expect:
                sys.exit(f"{name}: got {got!r}, want {expect!r}")
            times.append(elapsed)
        return statistics.median(times)

    seconds = asyncio.run(main())
    print(
        f"workload={name} ops={ops} seconds={seconds:.6f} "
        f"ns_per_op={seconds / ops * 1e9:.1f}",
        flush=True,
    )
