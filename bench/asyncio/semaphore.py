"""asyncio.Semaphore(4) shared by 10,000 gathered tasks that each acquire it 10 times.

While it holds a permit a task only counts the acquisition. One op is one
acquire/release pair (100,000 in all); spawning and gathering the tasks is
included, as on the Go side, which gathers its workers with aio.Gather.

Nothing awaits inside the critical section, so on one event loop the permits
are never actually contended (acquire takes its fast path every time), while
the Go side runs on every core and does contend. This form gives raw Go
(a channel semaphore) the 12x over asyncio that issue 6 quoted (22.5x in
bench/results/asyncio.md); with an
``await asyncio.sleep(0)`` / runtime.Gosched() inside, raw Go was only 4-7x
faster here, the cost being the yield rather than the semaphore.
"""

import asyncio

from harness import run

TASKS = 10_000
ROUNDS = 10
LIMIT = 4


async def workload():
    sem = asyncio.Semaphore(LIMIT)

    async def worker():
        done = 0
        for _ in range(ROUNDS):
            async with sem:
                done += 1
        return done

    return sum(await asyncio.gather(*[worker() for _ in range(TASKS)]))


if __name__ == "__main__":
    run("semaphore", TASKS * ROUNDS, workload, TASKS * ROUNDS)
