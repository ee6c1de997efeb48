// Command leaky puts goroutine leaks in place, waits until every leaked goroutine is
// blocked, then writes its goroutine profile (debug=2 and debug=1) into a directory,
// or serves net/http/pprof on 127.0.0.1 and prints the address.
package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"example.com/leaky/svc"
)

const (
	inferLeaks  = 3
	streamLeaks = 2
	workers     = 4
	lockers     = 2
)

func leak() {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	release := make(chan struct{})
	for i := 0; i < inferLeaks; i++ {
		_, _ = svc.Infer(ctx, func() []float32 {
			<-release
			return nil
		})
	}
	for i := 0; i < streamLeaks; i++ {
		toks := svc.Stream(ctx, func() (string, bool) { return "tok", true })
		<-toks // the consumer reads one token and goes away
	}
	svc.Workers(workers, make(chan int), make(chan int))
	var mu sync.Mutex
	mu.Lock()
	svc.Locked(&mu, lockers)
	close(release) // the Infer workers now block on their send
}

// settled reports whether every goroutine but this one is blocked.
func settled(want int) bool {
	if runtime.NumGoroutine() < want {
		return false
	}
	var buf bytes.Buffer
	_ = pprof.Lookup("goroutine").WriteTo(&buf, 2)
	dump := buf.String()
	return !strings.Contains(dump, "[runnable]") && strings.Count(dump, "[chan send") >= inferLeaks+streamLeaks && strings.Count(dump, "sync.(*Mutex).Lock") >= lockers
}

func main() {
	leak()
	want := 1 + inferLeaks + streamLeaks + workers + lockers
	deadline := time.Now().Add(20 * time.Second)
	for !settled(want) {
		if time.Now().After(deadline) {
			fmt.Fprintln(os.Stderr, "leaky: goroutines did not block in time")
			os.Exit(3)
		}
		runtime.Gosched()
	}
	if len(os.Args) > 2 && os.Args[1] == "-serve" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("listening on", ln.Addr().String())
		_ = http.Serve(ln, nil)
		return
	}
	dir := os.Args[len(os.Args)-1]
	for _, debug := range []int{2, 1} {
		f, err := os.Create(filepath.Join(dir, fmt.Sprintf("goroutine-debug%d.txt", debug)))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		_ = pprof.Lookup("goroutine").WriteTo(f, debug)
		f.Close()
	}
}
