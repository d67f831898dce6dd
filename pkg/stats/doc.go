// Package stats holds the statistics behind the analysis commands: exact
// intervals of a rate or a share, the comparison of two rates, control charts
// of a monthly rate with their signal rules, and the chance that a year in
// progress meets its target.
//
// It is pure: counts come in as int64, results go out as float64, and nothing
// here knows of files, flags or output formats. Every interval and p-value
// reproduces the R function named in its documentation (R's stats package):
// the tests hold them to R 4.2.2's values within a relative 1e-10, and
// testdata/reference.R regenerates those values. The exact intervals and the
// rate comparison hold that for any int64 count (exact.go); for counts from
// 1e6 to 9.2e18 the tests hold them to mpmath's values at 60 digits, which
// testdata/reference_large.py regenerates.
//
// A confidence level is a fraction strictly between 0 and 1 (0.95, not 95).
// The caller validates it once with [CheckLevel], where it can name the flag
// or setting it came from; a function given an invalid level returns no
// result (ok = false) rather than an error or a panic. No function here
// returns NaN.
package stats
