package graph

// gorgonia relies on go4.org/unsafe/assume-no-moving-gc, whose older versions
// refuse to start on recent Go releases; importing it here keeps this
// module's newer version a requirement of every program that uses graphs.
import _ "go4.org/unsafe/assume-no-moving-gc"
