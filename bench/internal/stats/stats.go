// Package stats holds the statistics the bench tools share.
package stats

import (
	"cmp"
	"slices"
)

// Median returns the median of xs: the middle value, or the mean of the two middle values
// for an even count; the zero value for none. It does not reorder xs.
func Median[T ~int64 | ~float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.SortFunc(s, cmp.Compare[T])
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
