"""asyncio.Semaphore(4) shared by 10,000 tasks that each acquire it 10 times.

While it holds a permit a task yields once (``await asyncio.sleep(0)``, the
cheapest await that gives the loop away), standing in for the awaited I/O of a
rate-limited fetch; without it an asyncio semaphore is never contended. The Go
side yields with runtime.Gosched(). One op is one acquire/release pair
(100,000 in all); spawning and gathering the tasks is included, as on the
Go side, which gathers its workers with aio.Gather.
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
                await asyncio.sleep(0)
            done += 1
        return done

    return sum(await asyncio.gather(*[worker() for _ in range(TASKS)]))


if __name__ == "__main__":
    run("semaphore", TASKS * ROUNDS, workload, TASKS * ROUNDS)
