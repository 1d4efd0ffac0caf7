package bench

import (
	_ "github.com/aio-go/aio"
	_ "github.com/alitto/pond/v2"
	_ "github.com/panjf2000/ants/v2"
	_ "github.com/sourcegraph/conc"
	_ "go.uber.org/goleak"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/sync/semaphore"
)
