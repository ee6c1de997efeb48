// Package jobs queues work; Submit keeps what it is given, two calls deep.
package jobs

import "context"

// Job is queued work.
type Job struct {
	Ctx    context.Context
	Prompt string
}

var inflight = map[string]Job{}

// Submit hands the job to record, which keeps it in a package-level table.
func Submit(ctx context.Context, prompt string) {
	record(Job{Ctx: ctx, Prompt: prompt})
}

func record(j Job) {
	inflight[j.Prompt] = j
}

// Run uses the context only while it runs: nothing is kept.
func Run(ctx context.Context, prompt string) error {
	<-ctx.Done()
	return ctx.Err()
}

// Queue is a long-lived queue; Push keeps the context in its field.
type Queue struct {
	last context.Context
}

// Push keeps ctx in the queue.
func (q *Queue) Push(ctx context.Context) { q.last = ctx }

// Default is the process's queue.
var Default = &Queue{}
