// Package guards holds test timeout guards: a goroutine left behind only when the
// test has already failed is not reported; one left behind on a passing path is.
package guards

import (
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
