// Command loket is the online customer-contact system for Dutch municipalities. Run "loket help".
package main

import (
	"os"

	"loket/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv))
}
