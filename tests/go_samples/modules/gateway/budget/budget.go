// Package budget derives contexts.
package budget

import (
	"context"
	"time"
)

// With derives a context with a deadline from ctx.
func With(ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	_ = cancel
	return ctx
}

// Fresh returns a context of its own.
func Fresh(ctx context.Context) context.Context {
	return context.Background()
}
