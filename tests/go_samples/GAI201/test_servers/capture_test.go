// Package capture holds test servers whose handler hands the request to the test.
package capture

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestClient(t *testing.T) {
	reqCh := make(chan *http.Request, 1)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reqCh <- r // ok: GAI201 a test server hands the request to the test on purpose
	}))
	defer ts.Close()
	_, _ = http.Get(ts.URL + "/x")
	if r := <-reqCh; r.URL.Path != "/x" {
		t.Fatal(r.URL.Path)
	}
}

func TestBodies(t *testing.T) {
	bodies := make(chan *http.Request, 4)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		bodies <- r.Clone(r.Context()) // ok: GAI201 test servers report requests to the test
	}))
	defer ts.Close()
	_, _ = http.Get(ts.URL)
	<-bodies
}

var seen *http.Request

func TestStoresGlobally(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r // want "GAI201 .*package-level `seen`"
	}))
	defer ts.Close()
}
