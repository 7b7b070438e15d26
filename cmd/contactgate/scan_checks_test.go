package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeExport(t *testing.T, content string) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(in, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestScanRefusesDuplicateIDs(t *testing.T) {
	in := writeExport(t, "Record ID,First Name,Last Name,Email\n"+
		"101,Robert,Smith,bob@acme.com\n102,Bob,Smith,bob@acme.com\n101,John,Smith,john@initech.com\n")

	t.Run("should fail and name the id and its lines", func(t *testing.T) {
		out, err := run(t, "scan", "--input", in, "--json")
		if err == nil || !strings.Contains(err.Error(), `1 rows repeat an earlier row's id (the first: "101", lines 2 and 4)`) ||
			!strings.Contains(err.Error(), "--allow-duplicate-ids") {
			t.Errorf("err = %v; out %s", err, out)
		}
	})
	t.Run("should scan with --allow-duplicate-ids, with a warning", func(t *testing.T) {
		out, err := run(t, "scan", "--input", in, "--json", "--allow-duplicate-ids")
		if err != nil || !strings.Contains(out, "scan: warning: 1 rows repeat") || !strings.Contains(out, `"auto_clusters":1`) {
			t.Errorf("err = %v; out %s", err, out)
		}
	})
}

func TestScanWarnsOfLooseHeaders(t *testing.T) {
	in := writeExport(t, "id,FIRST-NAME,lastname,E-mail,Work Email,email\n1,Robert,Smith,bob@acme.com,,\n")
	out, err := run(t, "scan", "--input", in)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`scan: warning: column "FIRST-NAME" taken as first_name`,
		`scan: warning: column "lastname" taken as last_name`,
		`scan: warning: column "E-mail" taken as email`,
		`scan: warning: columns "E-mail", "Work Email" all taken as email: each row takes the first non-empty one`,
		`scan: warning: column "email" left out: "E-mail", a column of the same name, is taken as email`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}

func TestScanRefusesAColumnMappedTwice(t *testing.T) {
	in := writeExport(t, "id,Contact\n1,bob@acme.com\n")
	_, err := run(t, "scan", "--input", in, "--map", "email=Contact", "--map", "phone=Contact")
	if err == nil || !strings.Contains(err.Error(), `"Contact" is both email and phone`) {
		t.Errorf("err = %v", err)
	}
}

func TestScanWarnsOfSplitAndSkippedBlocks(t *testing.T) {
	// Given 12 records on one switchboard number, of six people in pairs,
	// and 5 copies of one record that no second key tells apart
	var b strings.Builder
	b.WriteString("id,First Name,Last Name,Phone Number\n")
	for i, name := range []string{"Ann Lee", "Bo Diaz", "Cy Hart", "Di Moss", "Ed Park", "Flo Ruiz"} {
		first, last, _ := strings.Cut(name, " ")
		for k := range 2 {
			b.WriteString(strings.Join([]string{string(rune('a'+i)) + string(rune('0'+k)), first, last, "+1 415 555 0100"}, ",") + "\n")
		}
	}
	for k := range 5 {
		b.WriteString("z" + string(rune('0'+k)) + ",Gus,Tate,+1 212 555 0199\n")
	}
	in := writeExport(t, b.String())

	// When it is scanned with blocks of at most 4 records (and no sorted
	// neighbourhood, whose runs of 8 would be split too)
	out, err := run(t, "scan", "--input", in, "--max-block", "4", "--name-window", "0", "--json")
	if err != nil {
		t.Fatal(err)
	}

	// Then the switchboard's block is split and its pairs found; the
	// copies are skipped, said with the records they touch and the key
	for _, want := range []string{
		"blocks larger than --max-block 4 were split by a second key, touching 17 records",
		"were skipped even after splitting, touching 5 records, 5 of them in no other block",
		"first and last name gus tate (5 records)",
		`"clusters":6`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in\n%s", want, out)
		}
	}
}
