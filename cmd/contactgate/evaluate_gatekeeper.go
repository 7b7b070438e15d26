package main

import (
	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/demo"
)

// The gatekeeper resolver: the product itself. Every record becomes a
// ContactEvent that runs through the embedded broker, the real stages, a
// temporary index and the CRM emulator, in file order (demo.Resolver), so
// that the figure evaluate prints is the one `run` would reach.
func init() {
	resolvers["gatekeeper"] = func() dataset.Resolver { return demo.NewResolver(demo.Options{}) }
}
