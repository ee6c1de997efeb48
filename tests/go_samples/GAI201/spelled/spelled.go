// Package spelled declares its handlers' request types with comments between the
// tokens: still handlers, and the only place the file spells the pointer type.
package spelled

import (
	"net/http"
)

var lastPath string

var last interface{}

func keep(w http.ResponseWriter, r * /* the request */ http.Request) {
	last = r // want "GAI201"
	w.WriteHeader(http.StatusOK)
}

func keepCtx(w http.ResponseWriter, r *http. // the package, then the type
						Request) {
	last = r.Context() // want "GAI201"
}

// Near miss: the handler copies out what it needs.
func copyOut(w http.ResponseWriter, r * /*req*/ http.Request) {
	lastPath = r.URL.Path
}

// Near miss: building an outbound request spells no pointer type.
func send(url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req)
}
