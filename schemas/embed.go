package schemas

import (
	_ "embed"
	"fmt"

	"github.com/linkedin/goavro/v2"
)

// ContactEventSchema is the Avro schema of contactgate.v1.ContactEvent.
//
//go:embed contact_event.avsc
var ContactEventSchema string

// OutcomeSchema is the Avro schema of contactgate.v1.Outcome.
//
//go:embed outcome.avsc
var OutcomeSchema string

// Codecs of the embedded schemas, built once. A goavro codec holds no mutable
// state and is safe for concurrent use.
var (
	contactEventCodec = mustCodec("contact_event.avsc", ContactEventSchema)
	outcomeCodec      = mustCodec("outcome.avsc", OutcomeSchema)
)

// maxAvroBlockCount bounds the entries goavro pre-allocates for one map or
// array block. goavro sizes the allocation from the count in the input before
// reading any entry, so without a bound a ten-byte record can ask for a map of
// two billion entries. No valid contact comes near this many properties or
// identifiers. goavro only offers a package-wide knob; setting it here applies
// to every goavro user in the process, which is what a server wants anyway.
const maxAvroBlockCount = 1 << 14

func init() { goavro.MaxBlockCount = maxAvroBlockCount }

func mustCodec(name, schema string) *goavro.Codec {
	c, err := goavro.NewCodec(schema)
	if err != nil {
		panic(fmt.Sprintf("schemas: embedded %s does not compile: %v", name, err))
	}
	return c
}
