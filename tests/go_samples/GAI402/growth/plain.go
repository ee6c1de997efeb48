package growth

import "sync"

var plainPool = sync.Pool{New: func() any { return make([]byte, 0, 64) }}
