//go:build !go1.26

package aio

import "context"

// ctxDone reports whether ctx has already ended, without the lock cancelCtx.Err takes
// before Go 1.26.
func ctxDone(ctx context.Context) bool {
	if d := ctx.Done(); d != nil {
		select {
		case <-d:
			return true
		default:
		}
	}
	return false
}
