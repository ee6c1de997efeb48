package native

import "context"

type key struct{}

var lastContext context.Context

// WithRequestID derives a context from its parameter.
func WithRequestID(ctx context.Context, id string) context.Context { // summary: derives-context(ctx) !escapes(ctx)
	return context.WithValue(ctx, key{}, id)
}

// Timeout derives through a local.
func Timeout(ctx context.Context) (context.Context, context.CancelFunc) { // summary: derives-context(ctx)
	child, cancel := context.WithCancel(ctx)
	return child, cancel
}

// Detach returns a detached context.
func Detach(ctx context.Context) context.Context { // summary: derives-context(ctx)
	return context.WithoutCancel(ctx)
}

// Chain derives through another deriving function.
func Chain(ctx context.Context) context.Context { // summary: derives-context(ctx)
	return WithRequestID(Detach(ctx), "x")
}

// Fresh returns a context of its own.
func Fresh(ctx context.Context) context.Context { // summary: !derives-context(ctx) borrows(ctx)
	return context.Background()
}

// Value reads a value out of the context.
func Value(ctx context.Context) any { // summary: !derives-context(ctx) !escapes(ctx)
	return ctx.Value(key{})
}

// Remember keeps the context in a package-level variable.
func Remember(ctx context.Context) { // summary: escapes(ctx)
	lastContext = ctx
}

// Server keeps a context in a field.
type Server struct {
	ctx  context.Context
	jobs chan context.Context
}

// Keep stores it in a field of the receiver.
func (s *Server) Keep(ctx context.Context) { // summary: escapes(ctx)
	s.ctx = ctx
}

// Queue sends it on a channel.
func (s *Server) Queue(ctx context.Context) { // summary: escapes(ctx)
	s.jobs <- ctx
}

// Background reads it in a goroutine nothing waits for.
func (s *Server) Background(ctx context.Context) { // summary: escapes(ctx)
	go func() { <-ctx.Done() }()
}

// Forward hands it to a function that keeps it.
func Forward(ctx context.Context) { // summary: escapes(ctx)
	Remember(ctx)
}

// Check only looks at it.
func (s *Server) Check(ctx context.Context) error { // summary: !escapes(ctx) borrows(ctx)
	return ctx.Err()
}

// Local keeps it in a local struct only.
func Local(ctx context.Context) bool { // summary: !escapes(ctx)
	holder := struct{ c context.Context }{ctx}
	return holder.c != nil
}
