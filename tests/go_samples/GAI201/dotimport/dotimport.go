// Package dotimport imports net/http into its own scope: `*Request` is its handler type.
package dotimport

import (
	. "net/http"
)

var kept interface{}

func handle(w ResponseWriter, r *Request) {
	kept = r // want "GAI201"
	w.WriteHeader(StatusOK)
}
