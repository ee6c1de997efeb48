// Package alias analyses a file with generic type aliases (Go 1.24).
package alias

import "context"

type Set[T comparable] = map[T]struct{}

type Vec[T any] = []T

func stream(ctx context.Context, v Vec[float32]) <-chan float32 {
	out := make(chan float32)
	go func() {
		defer close(out)
		for _, x := range v {
			out <- x // want "GAI103"
		}
	}()
	return out
}

func keys(s Set[string]) int { return len(s) }
