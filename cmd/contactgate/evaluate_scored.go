package main

import (
	"github.com/contactgate/contactgate/dataset"
	"github.com/contactgate/contactgate/linkage"
)

// The scored resolver: linkage's streaming Fellegi-Sunter resolution, the
// default model, term frequencies counted as the rows stream by.
func init() {
	resolvers["scored"] = func() dataset.Resolver {
		r, err := linkage.New(linkage.Options{})
		if err != nil {
			panic(err) // the default model is valid: a test pins it
		}
		return r
	}
}
