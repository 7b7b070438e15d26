package dataset

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// ErrNoTruth is the error of a row whose true cluster is unknown: an empty
// truth column, or an id missing from a key file.
var ErrNoTruth = errors.New("no true cluster")

// Truth gives the true cluster of a row, for evaluation. Records with the
// same cluster label are one person or organisation.
type Truth interface {
	// Columns names the columns Cluster reads; a Reader checks that the
	// header holds them, and never maps them as evidence by detection.
	Columns() []string
	// Cluster returns the true cluster of the row with the given id whose
	// Columns hold values, in order. An unknown cluster is ErrNoTruth.
	Cluster(id string, values []string) (string, error)
}

// ColumnTruth reads the cluster label as written in the named column:
// splink's "cluster", dedupe's "True Id".
type ColumnTruth string

var _ Truth = ColumnTruth("")

// Columns is the one column.
func (c ColumnTruth) Columns() []string { return []string{string(c)} }

// Cluster is the column's trimmed value.
func (c ColumnTruth) Cluster(_ string, values []string) (string, error) {
	v := strings.TrimSpace(values[0])
	if v == "" {
		return "", fmt.Errorf("column %q is empty: %w", string(c), ErrNoTruth)
	}
	return v, nil
}

// FebrlTruth reads the cluster from a Febrl record id in the named column
// ("rec_id"): "rec-12-org" and "rec-12-dup-0" are both person 12.
type FebrlTruth string

var _ Truth = FebrlTruth("")

// Columns is the one column.
func (f FebrlTruth) Columns() []string { return []string{string(f)} }

// Cluster parses the record id with ParseFebrlID.
func (f FebrlTruth) Cluster(_ string, values []string) (string, error) {
	return ParseFebrlID(values[0])
}

// ParseFebrlID returns the person number N of a Febrl record id,
// "rec-N-org" or "rec-N-dup-K".
func ParseFebrlID(s string) (string, error) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, "-")
	ok := len(parts) >= 3 && parts[0] == "rec" && isDigits(parts[1]) &&
		(len(parts) == 3 && parts[2] == "org" || len(parts) == 4 && parts[2] == "dup" && isDigits(parts[3]))
	if !ok {
		if s == "" {
			return "", fmt.Errorf("empty febrl record id: %w", ErrNoTruth)
		}
		return "", fmt.Errorf("febrl record id %q: want rec-N-org or rec-N-dup-K", s)
	}
	return parts[1], nil
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// KeyTruth is a key file: the cluster of each record id, kept apart from
// the records (Senzing's truth sets). Cluster looks up the row's id.
type KeyTruth map[string]string

var _ Truth = KeyTruth(nil)

// Columns is none: the truth is found by the row's id.
func (KeyTruth) Columns() []string { return nil }

// Cluster returns the cluster of id, or ErrNoTruth.
func (k KeyTruth) Cluster(id string, _ []string) (string, error) {
	if c, ok := k[id]; ok {
		return c, nil
	}
	return "", fmt.Errorf("id %q is not in the key file: %w", id, ErrNoTruth)
}

// SenzingKeyColumns are the columns of a Senzing truth-set key file that
// ReadSenzingKey uses: the record key, as DetectMapping maps it for
// Senzing records ("DATA_SOURCE RECORD_ID"), and its cluster.
var SenzingKeyColumns = struct{ DataSource, RecordID, Cluster string }{"DATA_SOURCE", "RECORD_ID", "CLUSTER_ID"}

// ReadSenzingKey reads a Senzing truth-set key file (TEST_GROUP,
// CLUSTER_ID, DATA_SOURCE, RECORD_ID) into the cluster of every
// "DATA_SOURCE RECORD_ID". A record listed twice with different clusters
// is an error; so is any bad row.
func ReadSenzingKey(r io.Reader, name string) (KeyTruth, error) {
	c := SenzingKeyColumns
	rd, err := NewReader(r,
		WithName(name),
		WithMapping(Mapping{match.KindID: {c.DataSource, c.RecordID}}),
		WithTruth(ColumnTruth(c.Cluster)))
	if err != nil {
		return nil, fmt.Errorf("senzing key: %w", err)
	}
	key := KeyTruth{}
	for row, err := range rd.Rows() {
		if err != nil {
			return nil, fmt.Errorf("senzing key: %w", err)
		}
		if prev, dup := key[row.ID]; dup && prev != row.Truth {
			return nil, fmt.Errorf("senzing key: %s line %d: %q is in clusters %s and %s", rd.name, row.Line, row.ID, prev, row.Truth)
		}
		key[row.ID] = row.Truth
	}
	return key, nil
}

// ReadSenzingKeyFile reads a Senzing truth-set key file by path.
func ReadSenzingKeyFile(path string) (KeyTruth, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("senzing key: %w", err)
	}
	defer f.Close()
	return ReadSenzingKey(f, path)
}

// Truth formats, as the --truth-format flag names them.
const (
	TruthFormatColumn = "column"
	TruthFormatFebrl  = "febrl"
)

// ParseTruth returns the truth that reads column in the given format:
// TruthFormatColumn (the label as written) or TruthFormatFebrl (rec_id).
func ParseTruth(format, column string) (Truth, error) {
	if strings.TrimSpace(column) == "" {
		return nil, errors.New("truth: no column named")
	}
	switch format {
	case TruthFormatColumn, "":
		return ColumnTruth(column), nil
	case TruthFormatFebrl:
		return FebrlTruth(column), nil
	default:
		return nil, fmt.Errorf("truth format %q: want %s or %s", format, TruthFormatColumn, TruthFormatFebrl)
	}
}
