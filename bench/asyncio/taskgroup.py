"""asyncio.TaskGroup running 100,000 trivial tasks; one op is one task."""

import asyncio

from harness import run

N = 100_000


async def trivial():
    return None


async def workload():
    async with asyncio.TaskGroup() as tg:
        for _ in range(N):
            tg.create_task(trivial())
    return N


if __name__ == "__main__":
    run("taskgroup", N, workload, N)
