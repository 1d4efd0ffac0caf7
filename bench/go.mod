module github.com/aio-go/aio/bench

go 1.25.0

replace github.com/aio-go/aio => ../

require (
	github.com/aio-go/aio v0.0.0-00010101000000-000000000000
	github.com/alitto/pond/v2 v2.7.1
	github.com/panjf2000/ants/v2 v2.12.1
	github.com/sourcegraph/conc v0.3.0
	go.uber.org/goleak v1.3.0
	golang.org/x/sync v0.22.0
)
