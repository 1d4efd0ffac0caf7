"""asyncio.gather of 100,000 trivial tasks; one op is one task."""

import asyncio

from harness import run

N = 100_000


async def trivial(i):
    return i


async def workload():
    results = await asyncio.gather(*[trivial(i) for i in range(N)])
    return sum(results)


if __name__ == "__main__":
    run("gather", N, workload, N * (N - 1) // 2)
