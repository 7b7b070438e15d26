// Package schemas owns contactgate's record contracts: the Avro schemas of
// ContactEvent and Outcome (the .avsc files beside this file, embedded), their
// Go types, and their encodings — Avro binary in the Confluent wire format
// (magic byte 0, then the writer schema id as 4 big-endian bytes), plain Avro
// with the embedded schema, and JSON with the same field names (occurred_at in
// RFC 3339).
//
// Decoding is defensive: every failure is a *DecodeError that names the format,
// the schema id and the field at fault, and wraps one of the Err sentinels so
// callers classify it with errors.Is. A DecodeError is permanent (the same bytes
// never decode), unlike ErrRegistryUnavailable, which is transient.
//
// The decoder also reads CDC records around the contact data (Envelope):
// Debezium change events, whose after row becomes a ContactEvent through a
// column Mapping (deletes, truncates and tombstones are a *SkippedError; a
// delete's carries its before row, for an outcome ignored), and Kafka Connect
// JSON rows.
//
// Records written with another schema are decoded with the writer's schema,
// fetched by id from a SchemaSource (a Confluent-compatible registry through
// franz-go's pkg/sr, or the embedded schemas) and cached per id; fields are then
// mapped by name, because goavro does not resolve reader against writer
// schemas.
//
// The package also holds the wire names other tools rely on: default topic
// names, registry subjects and dead-letter header keys.
package schemas
