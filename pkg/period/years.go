package period

import "iter"

// Years splits items sorted by month into runs of one year each, in order:
// the one grouping loop behind every full-year figure.
func Years[T any](items []T, month func(T) Month) iter.Seq2[int, []T] {
	return func(yield func(int, []T) bool) {
		for start := 0; start < len(items); {
			year := month(items[start]).Year()
			end := start + 1
			for end < len(items) && month(items[end]).Year() == year {
				end++
			}
			if !yield(year, items[start:end]) {
				return
			}
			start = end
		}
	}
}
