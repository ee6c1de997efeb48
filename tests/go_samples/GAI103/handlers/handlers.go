// Package handlers holds HTTP handlers whose streaming goroutines ignore r.Context().
package handlers

import (
	"fmt"
	h "net/http"
)

func tokens(prompt string) []string { return []string{prompt} }

func streamHandler(w h.ResponseWriter, r *h.Request) {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, t := range tokens(r.URL.Query().Get("q")) {
			out <- t // want "GAI103 .*r.Context\\(\\).*case <-r.Context\\(\\).Done\\(\\): return"
		}
	}()
	for t := range out {
		if _, err := fmt.Fprint(w, t); err != nil {
			return
		}
	}
}

type Server struct{ model string }

func (s *Server) ServeHTTP(w h.ResponseWriter, req *h.Request) {
	out := make(chan string)
	prompt := req.FormValue("prompt")
	go func() {
		defer close(out)
		for _, t := range tokens(prompt + s.model) {
			out <- t // want "GAI103 .*req.Context\\(\\)"
		}
	}()
	for t := range out {
		if _, err := fmt.Fprint(w, t); err != nil {
			break
		}
	}
}

func register(mux *h.ServeMux) {
	mux.HandleFunc("/stream", func(w h.ResponseWriter, r *h.Request) {
		ctx := r.Context()
		out := make(chan string)
		go func() {
			defer close(out)
			for _, t := range tokens("x") {
				if ctx.Err() != nil {
					return
				}
				out <- t // want "GAI103 .*`ctx`"
			}
		}()
		for t := range out {
			if _, err := fmt.Fprint(w, t); err != nil {
				return
			}
		}
	})
}

func guarded(w h.ResponseWriter, r *h.Request) {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, t := range tokens("x") {
			select {
			case out <- t: // ok: GAI103 watches the request context
			case <-r.Context().Done():
				return
			}
		}
	}()
	for t := range out {
		fmt.Fprint(w, t)
	}
}

func drained(w h.ResponseWriter, r *h.Request) {
	out := make(chan string)
	go func() {
		defer close(out)
		for _, t := range tokens("x") {
			out <- t // ok: GAI103 the handler drains out to its close
		}
	}()
	for t := range out {
		fmt.Fprint(w, t)
	}
}

// readBody reports the first read error once and stops: the send runs at most
// once and the capacity-1 channel holds it, so it never blocks.
func readBody(w h.ResponseWriter, r *h.Request) {
	result := make(chan error, 1)
	go func() {
		buf := make([]byte, 512)
		for {
			if _, err := r.Body.Read(buf); err != nil {
				result <- err // ok: GAI103 one send, followed by return, into a capacity-1 channel
				return
			}
		}
	}()
	select {
	case err := <-result:
		fmt.Fprint(w, err)
	case <-r.Context().Done():
	}
}

// readUntilError sends every chunk's error in the loop: the sends repeat.
func readUntilError(w h.ResponseWriter, r *h.Request) {
	errs := make(chan error, 1)
	go func() {
		buf := make([]byte, 512)
		for {
			_, err := r.Body.Read(buf)
			errs <- err // want "GAI103"
			if err != nil {
				return
			}
		}
	}()
	fmt.Fprint(w, <-errs)
}
