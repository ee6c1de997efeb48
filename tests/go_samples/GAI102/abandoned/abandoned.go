// Package abandoned holds goroutines whose unbuffered send is abandoned by a select.
package abandoned

import (
	cx "context"
	"errors"
	"time"
)

func compute() int { return 42 }

func withContext(ctx cx.Context) (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*`out`.*make\\(chan int, 1\\)"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func withTimeout() (int, error) {
	out := make(chan int)
	go func() {
		out <- compute() // want "GAI102 .*time.After"
	}()
	select {
	case v := <-out:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

func withDefault() int {
	res := make(chan int)
	go func() {
		res <- compute() // want "GAI102 .*default"
	}()
	select {
	case v := <-res:
		return v
	default:
		return -1
	}
}

func zeroCapacity(ctx cx.Context) int {
	out := make(chan int, 0)
	go func() {
		out <- compute() // want "GAI102"
	}()
	select {
	case v := <-out:
		return v
	case <-ctx.Done():
		return 0
	}
}

func varDecl(stop <-chan struct{}) int {
	var out = make(chan int)
	go func() {
		out <- compute() // want "GAI102"
	}()
	select {
	case v := <-out:
		return v
	case <-stop:
		return 0
	}
}

func literalParam(ctx cx.Context) int {
	ch := make(chan int)
	go func(c chan<- int) {
		c <- compute() // want "GAI102"
	}(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func labelledLoop(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		for i := 0; i < 3; i++ {
			ch <- i // want "GAI102"
		}
	}()
	total := 0
loop:
	for {
		select {
		case v := <-ch:
			total += v
		case <-ctx.Done():
			break loop
		}
	}
	return total
}

func loopReturn(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		if v := compute(); v > 0 {
			ch <- v // want "GAI102"
		}
	}()
	for {
		select {
		case v := <-ch:
			return v
		case <-ctx.Done():
			return 0
		}
	}
}

func gotoOut(ctx cx.Context) (n int) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102"
	}()
	for {
		select {
		case v := <-ch:
			n = v
		case <-ctx.Done():
			goto done
		}
	}
done:
	return n
}

func panics(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102"
	}()
	for {
		select {
		case v := <-ch:
			return v
		case <-ctx.Done():
			panic("cancelled")
		}
	}
}

func ticker() int {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102 .*t.C"
	}()
	select {
	case v := <-ch:
		return v
	case <-t.C:
		return 0
	}
}

func twoWorkers(ctx cx.Context) int {
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102"
	}()
	go func() {
		ch <- compute() + 1 // want "GAI102"
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func fallsThrough(ctx cx.Context) (int, error) {
	var err error
	v := 0
	ch := make(chan int)
	go func() {
		ch <- compute() // want "GAI102"
	}()
	select {
	case v = <-ch:
	case <-ctx.Done():
		err = ctx.Err()
	}
	return v, err
}
