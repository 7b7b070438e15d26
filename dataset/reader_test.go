package dataset

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
)

// readAll reads every row of input, collecting rows and bad-row errors.
func readAll(t *testing.T, input string, opts ...Option) ([]Row, []*RowError) {
	t.Helper()
	rd, err := NewReader(strings.NewReader(input), opts...)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var rows []Row
	var bad []*RowError
	for row, err := range rd.Rows() {
		var re *RowError
		switch {
		case errors.As(err, &re):
			bad = append(bad, re)
		case err != nil:
			t.Fatalf("final error: %v", err)
		default:
			rows = append(rows, row)
		}
	}
	return rows, bad
}

func TestReader(t *testing.T) {
	t.Run("should read quoted fields spanning lines and number rows by their first line", func(t *testing.T) {
		in := "Id,Site name,Email\n" +
			"1,\"Chicago Commons\nAssociation, \"\"St Lucy\"\"\",a@x.com\n" +
			"2,Plain,b@x.com\n"
		rows, bad := readAll(t, in)
		if len(bad) != 0 || len(rows) != 2 {
			t.Fatalf("rows %v, bad %v", rows, bad)
		}
		if rows[0].Line != 2 || rows[1].Line != 4 {
			t.Errorf("lines %d, %d; want 2, 4", rows[0].Line, rows[1].Line)
		}
		rd, _ := NewReader(strings.NewReader(in), WithMapping(Mapping{match.KindCompany: {"Site name"}}))
		row, err := rd.Next()
		if want := "Chicago Commons\nAssociation, \"St Lucy\""; err != nil || row.Fields[match.KindCompany] != want {
			t.Errorf("company %q, %v; want %q", row.Fields[match.KindCompany], err, want)
		}
	})

	t.Run("should keep the columns no kind takes with WithOtherColumns, and only then", func(t *testing.T) {
		in := "Record ID,Email,Lead Source,Lifecycle Stage,truth\n7,a@x.com, webinar ,,p1\n"
		rows, _ := readAll(t, in, WithOtherColumns(), WithTruth(ColumnTruth("truth")))
		if len(rows) != 1 || len(rows[0].Other) != 1 || rows[0].Other["Lead Source"] != "webinar" {
			t.Errorf("other columns %+v, want only Lead Source (trimmed; not the id, the e-mail, an empty value or the truth)", rows)
		}
		if rows, _ := readAll(t, in); len(rows) != 1 || rows[0].Other != nil {
			t.Errorf("without the option: %+v", rows)
		}
	})

	t.Run("should skip a UTF-8 byte-order mark before the header", func(t *testing.T) {
		rows, _ := readAll(t, "\xEF\xBB\xBFRecord ID,Email\n7,a@x.com\n")
		if len(rows) != 1 || rows[0].ID != "7" || rows[0].Fields[match.KindEmail] != "a@x.com" {
			t.Errorf("rows %+v", rows)
		}
	})

	t.Run("should report a row of the wrong width with its line and go on", func(t *testing.T) {
		in := "id,email\n1,a@x.com\n2,b@x.com,extra\n\"3\",c@x.com\n"
		rows, bad := readAll(t, in)
		if len(rows) != 2 || rows[1].ID != "3" {
			t.Errorf("rows %+v", rows)
		}
		if len(bad) != 1 || bad[0].Line != 3 || !errors.Is(bad[0], csv.ErrFieldCount) {
			t.Fatalf("bad %v", bad)
		}
		if msg := bad[0].Error(); !strings.Contains(msg, "line 3") || !strings.Contains(msg, "3, the header has 2") {
			t.Errorf("message %q", msg)
		}
	})

	t.Run("should report a bare quote and go on", func(t *testing.T) {
		rows, bad := readAll(t, "id,name\n1,Bob \"the\" Builder\n2,Ann\n", WithName("in.csv"))
		if len(rows) != 1 || len(bad) != 1 || !strings.HasPrefix(bad[0].Error(), "in.csv line 2: ") {
			t.Errorf("rows %+v, bad %v", rows, bad)
		}
	})

	t.Run("should trim febrl's spaces after commas in header and fields", func(t *testing.T) {
		in := "rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode, state, date_of_birth, soc_sec_id\n" +
			"rec-1-org, lachlan, berry, 69, giblin street, killarney, bittern, 4814, qld, 19990219, 7364009\n"
		rows, bad := readAll(t, in, WithTruth(FebrlTruth("rec_id")))
		if len(bad) != 0 || len(rows) != 1 {
			t.Fatalf("rows %+v, bad %v", rows, bad)
		}
		r := rows[0]
		want := map[match.Kind]string{match.KindFirstName: "lachlan", match.KindLastName: "berry",
			match.KindAddress: "69 giblin street killarney", match.KindCity: "bittern", match.KindPostcode: "4814",
			match.KindState: "qld", match.KindDOB: "19990219", match.KindNationalID: "7364009"}
		for k, v := range want {
			if r.Fields[k] != v {
				t.Errorf("%s = %q, want %q", k, r.Fields[k], v)
			}
		}
		if r.ID != "rec-1-org" || r.Truth != "1" {
			t.Errorf("id %q truth %q", r.ID, r.Truth)
		}
	})

	t.Run("should number rows when no column is the id, bad rows included", func(t *testing.T) {
		rows, _ := readAll(t, "email\na@x.com\n\"b@x.com\n", WithRowIDPrefix("f:"))
		if len(rows) != 1 || rows[0].ID != "f:1" {
			t.Errorf("rows %+v", rows)
		}
		rows, _ = readAll(t, "email,x\na,1,2\nb,1\n")
		if len(rows) != 1 || rows[0].ID != "2" {
			t.Errorf("rows %+v", rows)
		}
	})

	t.Run("should omit empty fields", func(t *testing.T) {
		rows, _ := readAll(t, "id,email,phone\n1, ,555\n")
		if _, ok := rows[0].Fields[match.KindEmail]; ok || len(rows[0].Fields) != 1 {
			t.Errorf("fields %v", rows[0].Fields)
		}
	})

	t.Run("should refuse a mapping to a column the header lacks, naming it", func(t *testing.T) {
		_, err := NewReader(strings.NewReader("id,email\n"), WithName("x.csv"), WithMapping(Mapping{match.KindPhone: {"Phone"}}))
		if err == nil || !strings.Contains(err.Error(), `x.csv: mapping phone: column "Phone" is not in the header`) {
			t.Errorf("err = %v", err)
		}
	})

	t.Run("should refuse an empty input and a missing truth column", func(t *testing.T) {
		if _, err := NewReader(strings.NewReader("")); err == nil || !strings.Contains(err.Error(), "empty") {
			t.Errorf("empty: %v", err)
		}
		_, err := NewReader(strings.NewReader("id,email\n"), WithTruth(ColumnTruth("cluster")))
		if err == nil || !strings.Contains(err.Error(), `truth: column "cluster"`) {
			t.Errorf("truth: %v", err)
		}
	})

	t.Run("should never detect the truth column as evidence", func(t *testing.T) {
		rd, err := NewReader(strings.NewReader("id,email,ssn\n"), WithTruth(ColumnTruth("ssn")))
		if err != nil {
			t.Fatal(err)
		}
		if got := rd.Mapping()[match.KindNationalID]; got != nil {
			t.Errorf("national_id mapped to %q", got)
		}
	})

	t.Run("should report a row without truth and a row with an empty id", func(t *testing.T) {
		_, bad := readAll(t, "id,cluster\n1,\n,2\n3,3\n", WithTruth(ColumnTruth("cluster")))
		if len(bad) != 2 || !errors.Is(bad[0], ErrNoTruth) || !strings.Contains(bad[1].Error(), "empty id") {
			t.Errorf("bad %v", bad)
		}
	})

	t.Run("should end with io.EOF", func(t *testing.T) {
		rd, _ := NewReader(strings.NewReader("id\n1\n"))
		if _, err := rd.Next(); err != nil {
			t.Fatal(err)
		}
		if _, err := rd.Next(); err != io.EOF {
			t.Errorf("err = %v", err)
		}
	})
}
