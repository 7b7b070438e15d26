// Package demo runs the whole contactgate pipeline on one machine with
// nothing installed: an embedded Kafka broker (kfake), the CRM emulator and
// a temporary index; and it generates realistic contact events with known
// truth.
//
// # Events with known truth
//
// Generate makes a stream of ContactEvents about a known set of people, the
// way real producers send them: the same person with a nickname, a typo, a
// gmail alias, another spelling of the company's legal form, a phone number
// in another format, or without half the fields; several times within
// milliseconds (the race a gatekeeper must survive); from billing with an
// external id. It also builds in the hard negatives a careless matcher
// merges: colleagues behind one switchboard number, relatives at one
// company, namesakes at others. Rates holds a knob for each variation.
// Generated.Person says who each event is really about, and Score measures
// where a run put the events against that truth: duplicate records left,
// people wrongly merged, and pairwise precision and recall.
//
// The same GenConfig always generates the same events, byte for byte, on
// every platform and Go version: the generator carries its own pseudo-random
// source, and the world (companies, persons) is drawn from a stream of its
// own, so changing an event rate does not change who exists.
//
// Names, companies and places come from lists written for contactgate
// (names.go, names_companies.go, names_places.go). Phone numbers are in the
// ranges kept for fiction: the 555 exchange in the US, Ofcom's drama ranges
// in the UK; e-mail domains are made up from the invented company names,
// except the five personal providers.
package demo
