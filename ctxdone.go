//go:build go1.26

package aio

import "context"

// ctxDone reports whether ctx has already ended. From Go 1.26 on, cancelCtx.Err is one
// atomic load, cheaper than fetching Done and polling it (which the queue hot path paid
// on every call: a third of a 1-producer/1-consumer Queue's time under a cancelable ctx).
func ctxDone(ctx context.Context) bool { return ctx.Err() != nil }
