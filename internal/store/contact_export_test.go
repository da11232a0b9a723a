package store

// SetSparseMatches lowers the number of text matches fetched as a list, so a test reaches the dense path
// with a few conversations; the returned function restores it.
func SetSparseMatches(n int) func() {
	old := sparseMatches
	sparseMatches = n
	return func() { sparseMatches = old }
}
