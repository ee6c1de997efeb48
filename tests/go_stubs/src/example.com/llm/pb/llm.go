// Package pb mirrors what protoc-gen-go-grpc generates for a streaming LLM service.
package pb

import "google.golang.org/grpc"

// GenerateRequest asks for a completion.
type GenerateRequest struct {
	Prompt string
}

// Token is one generated token.
type Token struct {
	Text string
}

// Generator_StreamServer is the server side of Generator.Stream.
type Generator_StreamServer interface {
	Send(*Token) error
	grpc.ServerStream
}

// Generator_StreamClient is the client side of Generator.Stream.
type Generator_StreamClient interface {
	Recv() (*Token, error)
	grpc.ClientStream
}
