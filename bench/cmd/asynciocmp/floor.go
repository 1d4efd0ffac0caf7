package main

import (
	"container/heap"
	"context"
	"fmt"
	"sync"

	"github.com/aio-go/aio/bench/internal/floor"
)

// goImpl runs the workloads the way Go code does without aio, as the floor aio is measured
// against: goroutines and a sync.WaitGroup for gather and the task group, a buffered channel
// as the semaphore and as the queue, container/heap for the priority queue. Like the aio
// side, each checks its results, but none can be canceled or reports an error.
var goImpl = impl{goGather, goTaskGroup, goSemaphore, goQueue, goPriorityQueue}

// goGather starts n goroutines, goroutine i storing i in its slot, and sums the slots once
// a WaitGroup says they are done.
func goGather(_ context.Context, n int) (int, error) {
	out := make([]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func() {
			defer wg.Done()
			out[i] = i
		}()
	}
	wg.Wait()
	sum := 0
	for _, v := range out {
		sum += v
	}
	return sum, nil
}

// goTaskGroup starts n goroutines that do nothing and waits for them with a WaitGroup.
func goTaskGroup(_ context.Context, n int) (int, error) {
	var wg sync.WaitGroup
	wg.Add(n)
	for range n {
		go wg.Done()
	}
	wg.Wait()
	return n, nil
}

// goSemaphore has n goroutines acquire a buffered channel of semLimit slots semRounds times
// each, counting while they hold it.
func goSemaphore(_ context.Context, n int) (int, error) {
	sem := make(chan struct{}, semLimit)
	counts := make([]int, n)
	var wg sync.WaitGroup
	wg.Add(n)
	for i := range n {
		go func() {
			defer wg.Done()
			for range semRounds {
				sem <- struct{}{}
				counts[i]++
				<-sem
			}
		}()
	}
	wg.Wait()
	sum := 0
	for _, c := range counts {
		sum += c
	}
	return sum, nil
}

// goQueue passes 0..n-1 from a producer goroutine to a consumer through a channel buffered
// for queueMaxsize items, checking FIFO order; the sum the consumer got.
func goQueue(_ context.Context, n int) (int, error) {
	q := make(chan int, queueMaxsize)
	go func() {
		for i := range n {
			q <- i
		}
	}()
	sum := 0
	for i := range n {
		v := <-q
		if v != i {
			// Drain, so that the producer does not block forever.
			for range n - i - 1 {
				<-q
			}
			return 0, fmt.Errorf("queue: got %d, want %d", v, i)
		}
		sum += v
	}
	return sum, nil
}

// goPriorityQueue pushes every key onto a container/heap, then pops them all, checking that
// they come out in order; the last key.
func goPriorityQueue(_ context.Context, keys []int) (int, error) {
	h := new(floor.IntHeap)
	for _, k := range keys {
		heap.Push(h, k)
	}
	prev := -1
	for range keys {
		k := heap.Pop(h).(int)
		if k < prev {
			return 0, fmt.Errorf("priorityqueue: got %d after %d", k, prev)
		}
		prev = k
	}
	return prev, nil
}
