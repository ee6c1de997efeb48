package main

import (
	"context"
	"errors"
)

type pool struct{ jobs chan item }

func (it item) validate() error { return nil }

func switchReturn(items []item, mode int) error {
	jobs := make(chan item)
	go func() { // want "GAI104 .*`switchReturn` returns"
		for it := range jobs {
			handle(it)
		}
	}()
	switch mode {
	case 0:
		return errors.New("mode")
	default:
		for _, it := range items {
			jobs <- it
		}
	}
	close(jobs)
	return nil
}

func nestedReturn(items []item, a, b bool) {
	jobs := make(chan item)
	go func() { // want "GAI104"
		for it := range jobs {
			handle(it)
		}
	}()
	if a {
		if b {
			return
		}
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
}

func feederStopsOnContext(ctx context.Context, items []item) error {
	jobs := make(chan item)
	go func() { // want "GAI104 .*`feederStopsOnContext` returns"
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		select {
		case jobs <- it:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	close(jobs)
	return nil
}

func parameterChannel(items []item) error {
	jobs := make(chan item)
	go func(in <-chan item) { // want "GAI104"
		for it := range in {
			handle(it)
		}
	}(jobs)
	for _, it := range items {
		if err := it.validate(); err != nil {
			return err
		}
		jobs <- it
	}
	close(jobs)
	return nil
}

func manyWorkers(items []item, n int) error {
	jobs := make(chan item)
	for i := 0; i < n; i++ {
		go func() { // want "GAI104"
			for it := range jobs {
				handle(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
		if err := it.validate(); err != nil {
			return err
		}
	}
	close(jobs)
	return nil
}

func closedOnlyWhenNonEmpty(items []item) {
	jobs := make(chan item, 1)
	go func() { // want "GAI104 .*only on other paths"
		for it := range jobs {
			handle(it)
		}
	}()
	if len(items) > 0 {
		jobs <- items[0]
		close(jobs)
	}
}

func labelledBreak(items []item) {
	jobs := make(chan item)
	go func() { // want "GAI104"
		for it := range jobs {
			handle(it)
		}
	}()
loop:
	for _, it := range items {
		if !it.ok {
			break loop
		}
		jobs <- it
	}
}

func deferredFuncClose(items []item) error {
	jobs := make(chan item)
	defer func() { close(jobs) }()
	go func() { // ok: GAI104 closed by a deferred func on every path
		for it := range jobs {
			handle(it)
		}
	}()
	for _, it := range items {
		if err := it.validate(); err != nil {
			return err
		}
		jobs <- it
	}
	return nil
}

func parameterDeferClose(items []item) {
	jobs := make(chan item)
	defer close(jobs)
	go func(in <-chan item) { // ok: GAI104 defer close
		for it := range in {
			handle(it)
		}
	}(jobs)
	for _, it := range items {
		jobs <- it
	}
}

func storedInPool(p *pool) {
	jobs := make(chan item)
	p.jobs = jobs
	go func() { // ok: GAI104 the pool owns the channel and may close it
		for it := range jobs {
			handle(it)
		}
	}()
}

func receivedHereToo(items []item) item {
	jobs := make(chan item)
	go func() { // ok: GAI104 F receives from the channel too: another shape
		for it := range jobs {
			handle(it)
		}
	}()
	return <-jobs
}
