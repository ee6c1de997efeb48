// Package grpc mirrors the parts of google.golang.org/grpc the samples use.
package grpc

import "context"

// ServerStream is the server side of a stream.
type ServerStream interface {
	Context() context.Context
	SendMsg(m any) error
	RecvMsg(m any) error
}

// ServerStreamingServer is the server side of a server-streaming method.
type ServerStreamingServer[Res any] interface {
	Send(*Res) error
	ServerStream
}

// ClientStream is the client side of a stream.
type ClientStream interface {
	Context() context.Context
	CloseSend() error
}
