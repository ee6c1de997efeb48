// Package servers holds a serve goroutine whose only error send is filtered on the
// error the shutdown causes.
package servers

import (
	"context"
	"net"
	"net/http"
)

func serve(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			errs <- err // ok: GAI102 after ctx.Done, Shutdown makes Serve return ErrServerClosed
		}
	}()
	select {
	case <-ctx.Done():
	case err := <-errs:
		return err
	}
	return srv.Shutdown(context.Background())
}

func serveNoShutdown(ctx context.Context, srv *http.Server, ln net.Listener) error {
	errs := make(chan error)
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			errs <- err // want "GAI102"
		}
	}()
	select {
	case <-ctx.Done():
		return ctx.Err() // the server keeps running; its error has nowhere to go
	case err := <-errs:
		return err
	}
}
