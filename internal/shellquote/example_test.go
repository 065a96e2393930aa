package shellquote_test

import (
	"fmt"

	"github.com/rbmgo/rbm/internal/shellquote"
)

func ExampleQuote() {
	fmt.Println("rbm train --resume", shellquote.Quote("runs/my run"))
	// Output: rbm train --resume 'runs/my run'
}
