package stats

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMedian(t *testing.T) {
	in := []float64{5, 1, 3}
	require.Equal(t, 3.0, Median(in))
	require.Equal(t, []float64{5, 1, 3}, in, "Median must not reorder its input")
	require.Equal(t, 2.5, Median([]float64{4, 1, 2, 3}))
	require.Equal(t, 0.0, Median[float64](nil))
	require.Equal(t, time.Duration(7), Median([]time.Duration{7}))
	require.Equal(t, time.Duration(3), Median([]time.Duration{4, 1, 10, 2}))
}
