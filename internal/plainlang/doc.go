// Package plainlang gives editors a quick indication of how easy a Dutch text is to read: the
// Flesch-Douma score, sentences that run long, and officialese (ambtelijke taal) with a plain
// alternative. It is an indicator for B1 writing, not a judgement: a formula cannot see whether
// the reader knows the subject.
package plainlang
