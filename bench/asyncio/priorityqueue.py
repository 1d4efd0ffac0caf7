"""asyncio.PriorityQueue holding 200,000 ints: put them all, then get them all.

The keys are a fixed pseudo-random permutation (the same generator as the Go
side), made before timing starts. The queue is unbounded, so the heap grows to
200,000 entries. One op is one item (a put and a get); the get order is checked.
"""

import asyncio

from harness import run

N = 200_000


def keys(n):
    # Multiplying by a constant coprime to n permutes 0..n-1: a shuffle that
    # Go reproduces exactly without sharing a random number generator.
    return [(i * 7919) % n for i in range(n)]


KEYS = keys(N)


async def workload():
    q = asyncio.PriorityQueue()
    for k in KEYS:
        await q.put(k)
    prev = -1
    for _ in range(N):
        k = await q.get()
        if k < prev:
            raise AssertionError(f"got {k} after {prev}")
        prev = k
    return prev


if __name__ == "__main__":
    run("priorityqueue", N, workload, N - 1)
