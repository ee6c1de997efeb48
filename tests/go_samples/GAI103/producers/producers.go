// Package producers holds streaming goroutines whose sends ignore the context in scope.
package producers

import (
	"context"
	cx "context"
	"strings"
)

type source interface {
	Next() (string, bool)
	Context() context.Context
}

func stream(ctx context.Context, src source) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			tok, ok := src.Next()
			if !ok {
				return
			}
			out <- tok // want "GAI103 .*`ctx`.*select \\{ case out <- tok: case <-ctx.Done\\(\\): return \\}"
		}
	}()
	return out
}

func literalParam(ctx context.Context, words []string) <-chan string {
	out := make(chan string)
	go func(ctx context.Context) {
		defer close(out)
		for _, w := range words {
			out <- strings.ToUpper(w) // want "GAI103 .*`ctx`"
		}
	}(ctx)
	return out
}

func pipelineStage(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for v := range in {
			out <- v * 2 // want "GAI103"
		}
	}()
	return out
}

func sendInCaseBody(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			select {
			case <-ctx.Done():
				return
			case v, ok := <-in:
				if !ok {
					return
				}
				out <- v // want "GAI103"
			}
		}
	}()
	return out
}

func derived(parent context.Context, n int) (<-chan int, context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	out := make(chan int)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			if ctx.Err() != nil {
				return
			}
			out <- i // want "GAI103 .*`ctx`"
		}
	}()
	return out, cancel
}

func aliasImport(c cx.Context, rows [][]string) <-chan []string {
	out := make(chan []string)
	go func() {
		defer close(out)
		for _, row := range rows {
			out <- row // want "GAI103 .*`c`"
		}
	}()
	return out
}

func earlyReturnConsumer(ctx context.Context, src source) int {
	ch := make(chan string)
	go func() {
		for {
			tok, ok := src.Next()
			if !ok {
				close(ch)
				return
			}
			ch <- tok // want "GAI103"
		}
	}()
	n := 0
	for tok := range ch {
		if tok == "<eos>" {
			return n
		}
		n++
	}
	return n
}

func methodContext(src source) <-chan string {
	ctx := src.Context()
	out := make(chan string)
	go func() {
		defer close(out)
		for {
			tok, ok := src.Next()
			if !ok || ctx.Err() != nil {
				return
			}
			out <- tok // want "GAI103"
		}
	}()
	return out
}

func nestedLoops(ctx context.Context, batches [][]string) <-chan string {
	out := make(chan string)
	go func() {
		defer close(out)
	outer:
		for _, b := range batches {
			for _, v := range b {
				if v == "" {
					continue outer
				}
				out <- v // want "GAI103"
			}
		}
	}()
	return out
}

func smallBuffer(ctx context.Context) <-chan int {
	out := make(chan int, 2)
	go func() {
		defer close(out)
		for i := 0; i < 10; i++ {
			out <- i // want "GAI103"
		}
	}()
	return out
}

func timeoutContext(parent context.Context, words []string) <-chan string {
	ctx, cancel := context.WithTimeout(parent, 0)
	out := make(chan string)
	go func() {
		defer cancel()
		defer close(out)
		for _, w := range words {
			_ = ctx
			out <- w // want "GAI103"
		}
	}()
	return out
}

type streamer struct {
	out chan string
}

func (s *streamer) start(ctx context.Context, words []string) {
	go func() {
		for _, w := range words {
			s.out <- w // want "GAI103"
		}
	}()
}
