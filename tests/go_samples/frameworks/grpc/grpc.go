// Package grpcsvc holds gRPC server-streaming methods: the stream and its Context()
// belong to the call, which ends when the method returns.
package grpcsvc

import (
	"context"

	"example.com/llm/pb"
	"google.golang.org/grpc"
)

var (
	lastStream pb.Generator_StreamServer
	lastCtx    context.Context
	streams    = map[string]grpc.ServerStream{}
)

// Server implements the Generator service.
type Server struct {
	active grpc.ServerStream
	ctx    context.Context
}

func tokens(prompt string) []string { return nil }

// remember keeps a context in the server: whoever hands it the call's context leaks it.
func (s *Server) remember(ctx context.Context) { s.ctx = ctx }

func (s *Server) Remember(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	s.remember(stream.Context()) // want "GAI201 .*handed to `s.remember`"
	local := &Server{}
	local.remember(stream.Context()) // ok: GAI201 a value made for this call
	return nil
}

func (s *Server) Stream(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	lastStream = stream          // want "GAI201 .*package-level `lastStream`"
	lastCtx = stream.Context()   // want "GAI201 .*stream.Context\\(\\)"
	s.active = stream            // want "GAI201 .*s.active"
	s.ctx = context.Background() // ok: GAI201 not the call's
	go func() {
		for _, t := range tokens(req.Prompt) {
			_ = stream.Send(&pb.Token{Text: t}) // want "GAI201 .*fire-and-forget"
		}
	}()
	return nil
}

// The producer feeds the stream through a channel; a failed Send (client gone) ends
// the consumer early and strands the producer's bare send.
func (s *Server) Relay(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens(req.Prompt) {
			ch <- t // want "GAI103 .*stream.Context\\(\\)"
		}
	}()
	for t := range ch {
		if err := stream.Send(&pb.Token{Text: t}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) RelayGuarded(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	ctx := stream.Context()
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens(req.Prompt) {
			select {
			case ch <- t: // ok: GAI103 watches the call's context
			case <-ctx.Done():
				return
			}
		}
	}()
	for t := range ch {
		if err := stream.Send(&pb.Token{Text: t}); err != nil {
			return err
		}
	}
	return nil
}

func (s *Server) RelayDrained(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	ch := make(chan string)
	go func() {
		defer close(ch)
		for _, t := range tokens(req.Prompt) {
			ch <- t // ok: GAI103 drained until closed
		}
	}()
	var last error
	for t := range ch {
		last = stream.Send(&pb.Token{Text: t})
	}
	return last
}

func (s *Server) Awaited(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	done := make(chan error, 1)
	go func() {
		done <- stream.Send(&pb.Token{Text: req.Prompt}) // ok: GAI201 the method waits
	}()
	return <-done
}

func (s *Server) Watch(req *pb.GenerateRequest, stream pb.Generator_StreamServer) error {
	go func() {
		<-stream.Context().Done() // ok: GAI201 only watches the call's end
	}()
	return nil
}

// Generic stream types of newer grpc-go.
func (s *Server) Tokens(req *pb.GenerateRequest, stream grpc.ServerStreamingServer[pb.Token]) error {
	streams["k"] = stream // want "GAI201 .*streams"
	var cancel context.CancelFunc
	lastCtx, cancel = context.WithCancel(stream.Context()) // want "GAI201"
	defer cancel()
	return stream.Send(&pb.Token{Text: req.Prompt}) // ok: GAI201 a synchronous send
}

// A client stream is not a handler's.
func consume(stream pb.Generator_StreamClient) {
	lastCtx = stream.Context() // ok: GAI201 the client's own stream
}

// A plain function (not a method) taking a generated type is no server method.
func helper(stream pb.Generator_StreamServer) {
	lastStream = stream // ok: GAI201 only methods implement a service
}

func (s *Server) contextOf(stream pb.Generator_StreamServer) context.Context {
	return stream.Context() // ok: GAI201 returned, not kept
}
