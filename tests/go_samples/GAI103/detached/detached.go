// Package detached: a producer whose only context is detached from cancellation.
package detached

import (
	"context"
	"fmt"
	"net/http"
)

func rows(n int) []string { return make([]string, n) }

// export streams rows from a goroutine that keeps a detached context: the usual
// `case <-ctx.Done()` would never fire, so the message asks for a done channel.
func export(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	events := make(chan string)
	go func() {
		defer close(events)
		for _, row := range rows(100) {
			events <- row // want "GAI103 .*detached.*case <-done: return"
		}
		_ = ctx
	}()
	for row := range events {
		if _, err := fmt.Fprintln(w, row); err != nil {
			return
		}
	}
}
