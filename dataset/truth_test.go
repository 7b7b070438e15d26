package dataset

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFebrlID(t *testing.T) {
	for in, want := range map[string]string{"rec-12-org": "12", "rec-12-dup-0": "12", " rec-0-dup-13 ": "0"} {
		if got, err := ParseFebrlID(in); err != nil || got != want {
			t.Errorf("ParseFebrlID(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"rec-12", "rec-x-org", "rec-12-dup", "rec-12-dup-", "rec-1-copy-2", "12"} {
		if _, err := ParseFebrlID(in); err == nil || !strings.Contains(err.Error(), "rec-N-org") {
			t.Errorf("ParseFebrlID(%q): err = %v", in, err)
		}
	}
	if _, err := ParseFebrlID(" "); !errors.Is(err, ErrNoTruth) {
		t.Errorf("empty: %v", err)
	}
}

func TestReadSenzingKey(t *testing.T) {
	t.Run("should key clusters by data source and record id, as DetectMapping maps Senzing ids", func(t *testing.T) {
		key, err := ReadSenzingKey(strings.NewReader("TEST_GROUP,CLUSTER_ID,DATA_SOURCE,RECORD_ID\n"+
			"100,1001,CUSTOMERS,1001\n100,1001,WATCHLIST,1006\n200,2001,CUSTOMERS,1006\n"), "key.csv")
		if err != nil {
			t.Fatal(err)
		}
		rows, bad := readAll(t, "DATA_SOURCE,RECORD_ID,PRIMARY_NAME_FIRST\nWATCHLIST,1006,Robert\nCUSTOMERS,1006,Bob\nCUSTOMERS,9,X\n", WithTruth(key))
		if len(rows) != 2 || rows[0].Truth != "1001" || rows[1].Truth != "2001" {
			t.Errorf("rows %+v", rows)
		}
		if len(bad) != 1 || bad[0].Line != 4 || !errors.Is(bad[0], ErrNoTruth) {
			t.Errorf("bad %v", bad)
		}
	})
	t.Run("should refuse a record in two clusters", func(t *testing.T) {
		_, err := ReadSenzingKey(strings.NewReader("CLUSTER_ID,DATA_SOURCE,RECORD_ID\n1,A,1\n2,A,1\n"), "key.csv")
		if err == nil || !strings.Contains(err.Error(), `key.csv line 3: "A 1" is in clusters 1 and 2`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestParseTruth(t *testing.T) {
	if tr, err := ParseTruth("febrl", "rec_id"); err != nil || tr != FebrlTruth("rec_id") {
		t.Errorf("febrl: %v, %v", tr, err)
	}
	if tr, err := ParseTruth("", "cluster"); err != nil || tr != ColumnTruth("cluster") {
		t.Errorf("default: %v, %v", tr, err)
	}
	if _, err := ParseTruth("xml", "c"); err == nil {
		t.Error("xml accepted")
	}
	if _, err := ParseTruth("column", ""); err == nil {
		t.Error("no column accepted")
	}
}
