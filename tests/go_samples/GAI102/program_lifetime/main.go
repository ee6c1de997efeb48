// Command lifetime leaves goroutines behind only as it exits: main returns, the
// process ends, and nothing is left to leak.
package main

import (
	"context"
	"os"
	"os/signal"
)

func watch() error { return nil }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	errs := make(chan error)
	go func() {
		errs <- watch() // ok: GAI102 main returns and the process exits
	}()
	select {
	case <-ctx.Done():
	case err := <-errs:
		if err != nil {
			os.Exit(1)
		}
	}
	if err := run(ctx); err != nil {
		os.Exit(1)
	}
}

// run is called only by main: its goroutines live as long as the program.
func run(ctx context.Context) error {
	errs := make(chan error)
	go func() {
		errs <- watch() // ok: GAI102 run returns to main, which exits
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-errs:
		return err
	}
}

// handle serves requests while the program runs: a goroutine it strands is a leak.
func handle(ctx context.Context) error {
	errs := make(chan error)
	go func() {
		errs <- watch() // want "GAI102"
	}()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case err := <-errs:
		return err
	}
}

var _ = handle
