package reliability

import (
	"flag"
	"os"
	"testing"

	"go.uber.org/goleak"
)

// visualizeDir, when set, makes every failing linearizability check write porcupine's HTML
// visualisation of the history there: go test ./reliability -aio.visualize=/tmp/vis
var visualizeDir = flag.String("aio.visualize", "", "write porcupine's HTML visualisation of failing histories to this directory")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// long reports whether the full-size run was asked for with AIO_STRESS=long.
func long() bool { return os.Getenv("AIO_STRESS") == "long" }

// size returns short in the default (CI) run and full under AIO_STRESS=long.
func size(short, full int) int {
	if long() {
		return full
	}
	return short
}
