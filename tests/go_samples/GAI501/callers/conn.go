// Package callers: a connection whose finalizer closes its database handle. Raw reads
// of the handle are safe when the connection stays reachable: a caller still using it
// after the call, or a package-level table holding it.
package callers

/*
typedef struct db db;
static db* db_open(int n) { return 0; }
static void db_close(db* d) {}
static int db_exec(db* d, int q) { return 0; }
static int db_hook(db* d, void* user) { return 0; }
*/
import "C"

import (
	"runtime"
	"sync"
	"unsafe"
)

// Conn owns a database handle.
type Conn struct{ db *C.db }

// Open opens a connection; its finalizer closes it.
func Open(n int) *Conn {
	c := &Conn{db: C.db_open(C.int(n))}
	runtime.SetFinalizer(c, (*Conn).Close)
	return c
}

// Close closes the handle.
func (c *Conn) Close() error {
	C.db_close(c.db)
	return nil
}

// Exec is exported: its callers are unknown, and nothing keeps c alive after the read.
func (c *Conn) Exec(q int) int {
	return int(C.db_exec(c.db, C.int(q))) // want "GAI501 .*finalizer of `Conn`"
}

// exec is unexported, and every caller uses the connection after it returns.
func (c *Conn) exec(q int) int {
	return int(C.db_exec(c.db, C.int(q))) // ok: GAI501 every caller keeps c alive after the call
}

// Batch runs two statements and then touches the connection again.
func (c *Conn) Batch() int {
	n := c.exec(1)
	n += c.exec(2)
	runtime.KeepAlive(c)
	return n
}

// last is unexported, but its only caller returns right after it.
func (c *Conn) last() int {
	return int(C.db_exec(c.db, 0)) // want "GAI501"
}

// Last calls last as its final use of c.
func (c *Conn) Last() int {
	return c.last()
}

type entry struct {
	conn *Conn
	val  int
}

var (
	mu      sync.Mutex
	entries = map[unsafe.Pointer]entry{}
)

// remember records the connection in a package-level table until it is closed.
func remember(c *Conn, v int) unsafe.Pointer {
	p := unsafe.Pointer(&v)
	mu.Lock()
	defer mu.Unlock()
	e := entry{conn: c, val: v}
	entries[p] = e
	return p
}

// Hook hands the database a user pointer that also keeps c in the table.
func (c *Conn) Hook(v int) int {
	return int(C.db_hook(c.db, remember(c, v))) // ok: GAI501 remember stores c in a package-level table
}
