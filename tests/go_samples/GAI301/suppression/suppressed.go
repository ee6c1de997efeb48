// Package suppression exercises in-source suppressions of GAI301. Each
// function leaks on purpose (a process-lifetime registration); suppressed
// lines carry no want, lines whose suppression does not apply do.
package suppression

/*
#include <stdlib.h>

static int op_register(const char* name) { return 0; }
*/
import "C"

// registerAbove is silenced by an ignore comment on the line above.
func registerAbove() int {
	//golint-ai:ignore GAI301 the runtime keeps the name for the process lifetime
	name := C.CString("relu")
	return int(C.op_register(name))
}

// registerSameLine is silenced by an ignore comment on the same line.
func registerSameLine() int {
	name := C.CString("gelu") //golint-ai:ignore GAI301 kept for the process lifetime
	return int(C.op_register(name))
}

// registerList is silenced by a comma-separated list that includes GAI301.
func registerList() int {
	//golint-ai:ignore GAI101,GAI301 kept for the process lifetime
	name := C.CString("silu")
	return int(C.op_register(name))
}

// registerNolint is silenced by golangci-lint's nolint for golint-ai.
func registerNolint() int {
	name := C.CString("softmax") //nolint:golint-ai
	return int(C.op_register(name))
}

// registerNolintAbove is silenced by nolint:golint-ai on the line above.
func registerNolintAbove() int {
	//nolint:golint-ai // kept for the process lifetime
	name := C.CString("layernorm")
	return int(C.op_register(name))
}

// registerBareNolint is silenced by a bare nolint.
func registerBareNolint() int {
	name := C.CString("rmsnorm") //nolint
	return int(C.op_register(name))
}

// registerWrongCode ignores another code only: GAI301 is still reported.
func registerWrongCode() int {
	//golint-ai:ignore GAI101 wrong code, does not cover the leak
	name := C.CString("matmul") // want "GAI301"
	return int(C.op_register(name))
}

// registerOtherLinter silences another linter only: GAI301 is still reported.
func registerOtherLinter() int {
	//nolint:errcheck
	name := C.CString("conv2d") // want "GAI301"
	return int(C.op_register(name))
}

// registerTooFar has its ignore comment two lines above the acquisition.
func registerTooFar() int {
	//golint-ai:ignore GAI301 too far away to apply
	prefix := "attn."
	name := C.CString(prefix + "qkv") // want "GAI301"
	return int(C.op_register(name))
}

// registerWholeFunction is silenced by an ignore comment directly above the
// declaration: it covers the whole function (golangci-lint's range).
// golint-ai:ignore GAI301 every name is kept for the process lifetime
func registerWholeFunction() int {
	q := C.CString("q")
	k := C.CString("k")
	return int(C.op_register(q)) + int(C.op_register(k))
}

// registerWholeStatement is silenced by nolint directly above an if statement:
// it covers the statement's lines, not the rest of the function.
func registerWholeStatement(ok bool) int {
	//nolint:golint-ai // kept for the process lifetime
	if ok {
		name := C.CString("v")
		return int(C.op_register(name))
	}
	other := C.CString("o") // want "GAI301"
	return int(C.op_register(other))
}
