// Package client holds functions taking an *http.Request that this program sends:
// outbound requests are not handlers, so nothing about them escapes a request.
package client

import (
	"context"
	"net/http"
)

var lastSent *http.Request

func logLater(req *http.Request) {
	go func() { _ = req.URL.Path }() // ok: GAI201 our own outbound request
}

func remember(req *http.Request) {
	lastSent = req // ok: GAI201 callers pass requests built with http.NewRequest
}

// Do builds the requests the helpers above see.
func Do(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	logLater(req)
	remember(req)
	return nil
}

type api struct{ c *http.Client }

func (a *api) send(req *http.Request) error {
	go func() { _ = req.Header.Get("X") }() // ok: GAI201 the request goes to Client.Do
	resp, err := a.c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// trace is called from a server handler: its request is an incoming one.
func trace(r *http.Request) {
	go func() { _ = r.Context().Value("k") }() // want "GAI201 .*`r`"
}

func handle(w http.ResponseWriter, r *http.Request) {
	trace(r)
	lastSent = r // want "GAI201 .*package-level `lastSent`"
}
