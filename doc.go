// Package aio gives Go programs the concurrency patterns of Python's asyncio as generic,
// context-aware helpers over goroutines and channels.
//
// # From asyncio to aio
//
//	asyncio.create_task(coro)        aio.Go(ctx, fn) → *Task[T]
//	asyncio.gather(*aws)             aio.Gather(ctx, fns...)
//	gather(return_exceptions=True)   aio.GatherAll(ctx, fns...) → []Result[T]
//	bounded fan-out (Semaphore)      aio.Map(ctx, in, fn, limit)
//	asyncio.wait(tasks, when)        aio.Wait(ctx, tasks, AllCompleted|FirstCompleted|FirstException)
//	asyncio.as_completed(tasks)      for t := range aio.AsCompleted(ctx, tasks...)
//	asyncio.TaskGroup()              aio.NewTaskGroup(ctx), Go, Spawn, Wait, Cancel
//	asyncio.wait_for / timeout       aio.WaitFor(ctx, d, fn)
//	asyncio.shield                   aio.Shield(ctx, fn).Wait(ctx)
//	asyncio.sleep                    aio.Sleep(ctx, d)
//	asyncio.Lock / Semaphore         aio.Lock, aio.NewSemaphore(n)
//	asyncio.Event / Condition        aio.Event, aio.NewCondition(l)
//	asyncio.Barrier                  aio.NewBarrier(n)
//	asyncio.Queue / LifoQueue        aio.NewQueue[T](max), aio.NewLifoQueue[T](max)
//	asyncio.PriorityQueue            aio.NewPriorityQueue(max, less), aio.NewPriorityQueueOrdered[T](max)
//	retry / timing decorators        aio.Retry, aio.WithRetry, aio.Timed
//	asyncio.run + signal handlers    aio.Run(main)
//
// # Guarantees
//
// Every call that can block takes a [context.Context] first and returns promptly with the
// context's error when it ends (but Lock.Lock, the sync.Locker method, and TaskGroup.Wait,
// which waits for tasks governed by the group's own context). A canceled call loses nothing: a canceled Acquire holds no
// permit, a canceled Get swallows no item, a canceled Condition waiter passes on a
// notification it could not use. Waiters are served first come, first served. The helpers
// that run functions (Gather, Map, Wait, AsCompleted, TaskGroup, WaitFor, Retry) leave no
// goroutine behind when they return. A panic in a task is recovered with its stack and
// raised again in the goroutine that waits for the task, as a [*PanicError].
//
// Everything works inside a testing/synctest bubble: blocked waiters wait on channels, and
// no primitive shares state with another. As with a channel, a primitive belongs to the
// bubble in which something first waited on it: use each one inside one bubble or
// outside all of them.
//
// Start with [Gather] and [TaskGroup] for running work, [Semaphore] and [Queue] for
// coordinating it, and [Retry] and [WaitFor] for making it robust. The repository's
// examples/ directory holds a runnable program per pattern; go run ./examples/tour walks
// through every pattern in a second.
package aio
