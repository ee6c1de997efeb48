// Package statusargs: C APIs that report failure through a status argument or a
// status object, and names that only look like acquisitions.
package statusargs

/*
#include <stdlib.h>

typedef struct TF_Status { int code; } TF_Status;
typedef struct TF_Session { int x; } TF_Session;
typedef struct OrtStatus { int code; } OrtStatus;
typedef struct OrtSessionOptions { int n; } OrtSessionOptions;

static TF_Session* TF_NewSession(TF_Status* st) { return st->code ? NULL : (TF_Session*)calloc(1, sizeof(TF_Session)); }
static void TF_DeleteSession(TF_Session* s, TF_Status* st) { free(s); }
static int TF_GetCode(TF_Status* st) { return st->code; }
static int TF_SessionWarmup(TF_Session* s) { return 0; }

static OrtStatus* AppendExecutionProviderOpenVINOV2(OrtSessionOptions* o) { return NULL; }
static const char* GetErrorMessage(OrtStatus* s) { return "err"; }
static void ReleaseOrtStatus(OrtStatus* s) { free(s); }
*/
import "C"

import (
	"errors"
	"fmt"
	"runtime"
)

type status struct{ c *C.TF_Status }

func (s *status) Err() error {
	if C.TF_GetCode(s.c) != 0 {
		return errors.New("tf: failed")
	}
	return nil
}

type Session struct {
	c  *C.TF_Session
	st *status
}

// NewSession tests the status object it handed to the call right away: on that
// branch no session exists.
func NewSession(st *status) (*Session, error) {
	cSess := C.TF_NewSession(st.c) // ok: GAI301 failure reported through the status argument, then owned by a finalizer
	if err := st.Err(); err != nil {
		return nil, err
	}
	s := &Session{c: cSess, st: st}
	runtime.SetFinalizer(s, func(s *Session) { C.TF_DeleteSession(s.c, s.st.c) })
	return s, nil
}

// warmSession checks the status, then leaks the session when the warm-up fails.
func warmSession(st *status) error {
	cSess := C.TF_NewSession(st.c) // want "GAI301 .*TF_DeleteSession"
	if err := st.Err(); err != nil {
		return err
	}
	if C.TF_SessionWarmup(cSess) != 0 {
		return errors.New("tf: warm-up failed")
	}
	C.TF_DeleteSession(cSess, st.c)
	return nil
}

type SessionOptions struct{ o *C.OrtSessionOptions }

func statusToError(status *C.OrtStatus) error {
	if status == nil {
		return nil
	}
	msg := C.GoString(C.GetErrorMessage(status))
	C.ReleaseOrtStatus(status)
	return fmt.Errorf("ort: %s", msg)
}

// AppendOpenVINO: OpenVINO is a product name, not the verb "open"; the status is
// released by statusToError.
func (o *SessionOptions) AppendOpenVINO() error {
	status := C.AppendExecutionProviderOpenVINOV2(o.o) // ok: GAI301 "OpenVINO" is not an open verb
	if status != nil {
		return statusToError(status)
	}
	return nil
}
