// Package dataset reads contact tables from CSV files and measures how well
// a resolver finds the records that belong to one person or organisation.
//
// Reading is shared by `contactgate evaluate` and the batch scan
// (`contactgate scan`, DESIGN.md section 4): a Reader streams the rows of an
// RFC 4180 file with a header (quoted multi-line fields, a UTF-8 byte-order
// mark ignored, every record as wide as the header) and turns each into a
// Row whose fields are keyed by match.Kind through a Mapping. A Mapping is
// given as `kind=column` pairs or detected from the header: HubSpot's export
// column names, common snake_case names and Senzing's attribute names are
// recognised. A bad row (wrong field count, a broken quote, an unreadable
// truth label) is reported as a *RowError and reading goes on with the next.
//
// Evaluation streams rows, in file order, through a Resolver, then compares
// the clusters it formed with the true ones (Truth: a column, febrl's rec_id,
// or a key file such as Senzing's truth set) by pairwise precision, recall
// and F1 and by B-cubed precision, recall and F1, all computed from a
// contingency table so that no pair of records is ever listed.
//
// ExactKeys is the baseline resolver: records that share a normalized
// e-mail, phone number or national id are one cluster, transitively.
//
// The labelled datasets of ../shared/datasets are described by Presets.
package dataset
