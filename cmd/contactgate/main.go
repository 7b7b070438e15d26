// Command contactgate keeps duplicate contacts out of a CRM: a Kafka stream
// processor that resolves each contact event to the record it belongs to
// before writing anything, and a purge for the duplicates a CRM already
// holds. See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newApp().RunContext(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "contactgate:", err)
		os.Exit(1)
	}
}
