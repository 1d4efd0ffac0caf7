"""One producer and one consumer passing 200,000 ints through asyncio.Queue(maxsize=100).

One op is one item (a put and a get). The Go side uses aio.NewQueue[int](100).
(The file is not called queue.py so that it cannot shadow the standard library's queue.)
"""

import asyncio

from harness import run

N = 200_000
MAXSIZE = 100


async def workload():
    q = asyncio.Queue(maxsize=MAXSIZE)

    async def producer():
        for i in range(N):
            await q.put(i)

    async def consumer():
        total = 0
        for _ in range(N):
            total += await q.get()
        return total

    _, total = await asyncio.gather(producer(), consumer())
    return total


if __name__ == "__main__":
    run("queue", N, workload, N * (N - 1) // 2)
