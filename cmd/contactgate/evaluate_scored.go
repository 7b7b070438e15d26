package main

import (
	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/linkage"
)

// The scored resolvers: linkage's streaming Fellegi-Sunter resolution, the
// default model, term frequencies counted as the rows stream by. "scored"
// merges two clusters that a record links (unless their members
// conflict); "scored-nomerge" never does, as the gatekeeper never merges
// CRM records: a record joins the one cluster it matches best.
func init() {
	scored := func(merge bool) func() dataset.Resolver {
		return func() dataset.Resolver {
			r, err := linkage.New(linkage.Options{Merge: merge})
			if err != nil {
				panic(err) // the default model is valid: a test pins it
			}
			return r
		}
	}
	resolvers["scored"] = scored(true)
	resolvers["scored-nomerge"] = scored(false)
}
