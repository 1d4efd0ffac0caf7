package container

import (
	"testing"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPow2(t *testing.T) {
	for _, tc := range []struct{ in, want int }{{0, 8}, {1, 8}, {8, 8}, {9, 16}, {1000, 1024}, {1024, 1024}} {
		require.Equal(t, tc.want, pow2(tc.in), "pow2(%d)", tc.in)
	}
}

func TestEmptyPopPanics(t *testing.T) {
	require.PanicsWithValue(t, "aio/internal/container: Pop of an empty Ring", func() { new(Ring[int]).Pop() })
	require.PanicsWithValue(t, "aio/internal/container: Pop of an empty Stack", func() { new(Stack[int]).Pop() })
	require.PanicsWithValue(t, "aio/internal/container: Pop of an empty Heap", func() { NewHeap(func(a, b int) bool { return a < b }).Pop() })
	require.PanicsWithValue(t, "aio/internal/container: Peek of an empty Ring", func() { new(Ring[int]).Peek() })
	require.PanicsWithValue(t, "aio/internal/container: Peek of an empty Stack", func() { new(Stack[int]).Peek() })
	require.PanicsWithValue(t, "aio/internal/container: Peek of an empty Heap", func() { NewHeap(func(a, b int) bool { return a < b }).Peek() })
}
