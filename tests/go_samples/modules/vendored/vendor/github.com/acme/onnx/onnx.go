// Package onnx is a vendored binding: sessions own a native handle.
package onnx

/*
typedef struct session session;
static session* session_create(int n) { return 0; }
static void session_release(session* s) {}
static int session_run(session* s) { return 0; }
*/
import "C"

import "errors"

// Session owns a native session.
type Session struct{ s *C.session }

// NewSession creates one; Destroy releases it.
func NewSession(n int) (*Session, error) { // summary: acquires(0)
	s := C.session_create(C.int(n))
	if s == nil {
		return nil, errors.New("session_create failed")
	}
	return &Session{s: s}, nil
}

// Destroy releases the session.
func (s *Session) Destroy() { // summary: releases(s)
	C.session_release(s.s)
}

// Run runs it.
func (s *Session) Run() int { // summary: borrows(s)
	return int(C.session_run(s.s))
}
