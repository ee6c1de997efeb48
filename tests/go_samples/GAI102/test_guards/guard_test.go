// Package guards holds test timeout guards: a goroutine left behind only when the
// test has already failed is not reported; one left behind on a passing path is.
package guards

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func work() int { return 1 }

func TestFatal(t *testing.T) {
	done := make(chan struct{})
	go func() {
		time.Sleep(time.Millisecond)
		done <- struct{}{} // ok: GAI102 only a failed test abandons it
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timed out")
	}
}

func TestFatalfInLoop(t *testing.T) {
	for i := 0; i < 3; i++ {
		res := make(chan int)
		go func() {
			res <- work() // ok: GAI102 the timeout case fails the test
		}()
		select {
		case v := <-res:
			_ = v
		case <-time.After(time.Second):
			t.Fatalf("attempt %d timed out", i)
		}
	}
}

func TestErrorThenReturn(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- work() // ok: GAI102 t.Error followed by return is the test's last action
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Error("timed out")
		return
	}
	t.Log("done")
}

func TestErrorLast(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- work() // ok: GAI102 every branch of the timeout case marks the test failed, and nothing but logging follows
	}()
	timer := time.NewTimer(time.Second)
	select {
	case <-done:
	case <-timer.C:
		if testing.Short() {
			t.Errorf("timed out in short mode")
		} else {
			t.Errorf("timed out")
		}
	}
	t.Logf("finished")
}

func TestRequire(t *testing.T) {
	done := make(chan bool)
	go func() {
		done <- true // ok: GAI102 require.Fail stops the test
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		require.Fail(t, "timed out")
	}
}

func BenchmarkFailNow(b *testing.B) {
	done := make(chan int)
	go func() {
		done <- work() // ok: GAI102 b.FailNow stops the benchmark
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		b.Error("timed out")
		b.FailNow()
	}
}

func TestSubtest(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		done := make(chan int)
		go func() {
			done <- work() // ok: GAI102 the subtest's last action is t.Error
		}()
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Error("timed out")
		}
	})
}

func TestLogOnly(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- work() // want "GAI102 .*time.After"
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Log("slow, moving on") // the test passes and the goroutine stays blocked
		return
	}
}

func TestErrorThenMoreWork(t *testing.T) {
	done := make(chan int)
	go func() {
		done <- work() // want "GAI102"
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Error("timed out")
	}
	for i := 0; i < 3; i++ {
		_ = work() // more test work runs after t.Error: not the last action
	}
}

func TestOneCaseFails(t *testing.T) {
	done := make(chan int)
	stop := make(chan struct{})
	go func() {
		done <- work() // want "GAI102 .*<-stop"
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("timed out")
	case <-stop:
		return // a passing path that leaves the sender behind
	}
}

// A helper whose abandoning case returns an error that every caller turns into a
// test failure (or skip): only an aborted test leaves the goroutine behind.
func pullIfMissing(name string) error {
	done := make(chan int)
	go func() {
		done <- work() // ok: GAI102 every caller fails the test on the stall error
	}()
	select {
	case <-time.After(time.Second):
		return errors.New("download stalled")
	case <-done:
		return nil
	}
}

func TestPull(t *testing.T) {
	if err := pullIfMissing("a"); err != nil {
		t.Fatal(err)
	}
	err := pullIfMissing("b")
	if err != nil {
		t.Skipf("cannot pull: %v", err)
	}
	require.NoError(t, pullIfMissing("c"))
}

// A helper one caller only logs: the goroutine stays behind in a passing test.
func fetchOnce() error {
	done := make(chan int)
	go func() {
		done <- work() // want "GAI102"
	}()
	select {
	case <-time.After(time.Second):
		return errors.New("stalled")
	case <-done:
		return nil
	}
}

func TestFetch(t *testing.T) {
	if err := fetchOnce(); err != nil {
		t.Log("slow fetch, ignoring", err)
	}
}

// The loop returns only once both counters saw every receive.
func TestSteps(t *testing.T) {
	aCh, bCh := make(chan error), make(chan error)
	go func() {
		aCh <- nil // ok: GAI102 the loop returns only after both receives from aCh
		aCh <- nil // ok: GAI102 the loop returns only after both receives from aCh
	}()
	go func() {
		bCh <- nil // ok: GAI102 the loop returns only after both receives from bCh
		bCh <- nil // ok: GAI102 the loop returns only after both receives from bCh
	}()
	var a, b int
	for {
		select {
		case err := <-aCh:
			if err != nil {
				t.Fatal(err)
			}
			a++
			if a == 2 && b == 2 {
				return
			}
		case err := <-bCh:
			if err != nil {
				t.Fatal(err)
			}
			b++
			if a == 2 && b == 2 {
				return
			}
		}
	}
}
