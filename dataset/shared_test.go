package dataset

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/contactgate/contactgate/match"
)

// datasets returns the folder of the labelled datasets, or skips.
func datasets(t *testing.T) string {
	t.Helper()
	dir, ok := FindDatasets()
	if !ok {
		t.Skipf("labelled datasets not found at %s: set %s to the folder of ../shared/datasets", dir, DatasetsEnv)
	}
	return dir
}

func headerOf(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, err := NewReader(f, WithName(path))
	if err != nil {
		t.Fatal(err)
	}
	return rd.Header()
}

func TestDetectMappingOnSharedDatasets(t *testing.T) {
	dir := datasets(t)
	febrl := Mapping{
		match.KindID: {"rec_id"}, match.KindFirstName: {"given_name"}, match.KindLastName: {"surname"},
		match.KindAddress: {"street_number", "address_1", "address_2"}, match.KindCity: {"suburb"},
		match.KindPostcode: {"postcode"}, match.KindState: {"state"}, match.KindDOB: {"date_of_birth"},
		match.KindNationalID: {"soc_sec_id"},
	}
	senzingPerson := Mapping{
		match.KindID: {"DATA_SOURCE", "RECORD_ID"}, match.KindFirstName: {"PRIMARY_NAME_FIRST"},
		match.KindLastName: {"PRIMARY_NAME_LAST"}, match.KindFullName: {"PRIMARY_NAME_FULL"},
		match.KindEmail: {"EMAIL_ADDRESS"}, match.KindPhone: {"PHONE_NUMBER"}, match.KindCity: {"ADDR_CITY"},
		match.KindPostcode: {"ADDR_POSTAL_CODE"}, match.KindState: {"ADDR_STATE"}, match.KindCountry: {"ADDR_COUNTRY"},
		match.KindDOB: {"DATE_OF_BIRTH"},
	}
	with := func(m Mapping, extra Mapping) Mapping {
		out := Mapping{}
		for k, v := range m {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	cases := map[string]Mapping{
		"febrl1.csv": febrl,
		"febrl2.csv": febrl,
		"splink_fake_1000.csv": {
			match.KindID: {"unique_id"}, match.KindFirstName: {"first_name"}, match.KindLastName: {"surname"},
			match.KindDOB: {"dob"}, match.KindCity: {"city"}, match.KindEmail: {"email"},
		},
		"dedupe_chicago_sites.csv": {
			match.KindID: {"Id"}, match.KindAddress: {"Address"}, match.KindPostcode: {"Zip"},
			match.KindPhone: {"Phone"}, match.KindEmail: {"Email Address"},
		},
		"dedupe_patstat_orgs.csv": {match.KindID: {"person_id"}, match.KindFullName: {"Name"}},
		"senzing_customers.csv": with(senzingPerson, Mapping{
			match.KindCompany: {"PRIMARY_NAME_ORG"}, match.KindAddress: {"ADDR_FULL", "ADDR_LINE1"},
			match.KindNationalID: {"NATIONAL_ID_NUMBER", "SSN_NUMBER", "PASSPORT_NUMBER"},
		}),
		"senzing_reference.csv": with(senzingPerson, Mapping{
			match.KindCompany: {"PRIMARY_NAME_ORG", "EMPLOYER"}, match.KindAddress: {"ADDR_FULL", "ADDR_LINE1"},
			match.KindNationalID: {"NATIONAL_ID_NUMBER"},
		}),
		"senzing_watchlist.csv": with(senzingPerson, Mapping{
			match.KindCompany: {"EMPLOYER"}, match.KindAddress: {"ADDR_LINE1"}, match.KindNationalID: {"SSN_NUMBER"},
		}),
	}
	for file, want := range cases {
		t.Run(file, func(t *testing.T) {
			got := DetectMapping(headerOf(t, filepath.Join(dir, file)))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got  %v\nwant %v", got, want)
			}
		})
	}
}

// TestExactKeysOnSharedDatasets runs the exact-keys baseline over every
// preset and logs its quality. It asserts only what exact keys guarantee
// on these files: every row reads, and merges are rarely wrong, except in
// Senzing's truth set, whose different people share e-mails ("info@" of
// an agency), phones and mistyped SSNs on purpose.
func TestExactKeysOnSharedDatasets(t *testing.T) {
	dir := datasets(t)
	minPrecision := map[string]float64{"febrl1": 0.99, "febrl2": 0.99, "splink": 0.99, "chicago": 0.99}
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			opts, err := p.Options(dir)
			if err != nil {
				t.Fatal(err)
			}
			rows := Files{Paths: p.Paths(dir), Options: opts}.Rows()
			q, rep, err := Evaluate(context.Background(), rows, NewExactKeys("US"))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d records, %d/%d true/predicted clusters, pairs P %.3f R %.3f F1 %.3f, B-cubed P %.3f R %.3f F1 %.3f",
				p.Name, q.Records, q.TrueClusters, q.PredictedClusters, q.PairPrecision, q.PairRecall, q.PairF1,
				q.BCubedPrecision, q.BCubedRecall, q.BCubedF1)
			if rep.BadRows != 0 {
				t.Errorf("%d bad rows: %q", rep.BadRows, rep.Errors)
			}
			if q.TruePairs == 0 || q.Records != rep.Rows {
				t.Errorf("quality %+v, report %+v", q, rep)
			}
			if min := minPrecision[p.Name]; q.PairPrecision < min {
				t.Errorf("pair precision %.3f < %.2f: exact keys should rarely merge strangers", q.PairPrecision, min)
			}
		})
	}
}
