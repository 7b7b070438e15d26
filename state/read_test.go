package state

import (
	"reflect"
	"testing"
)

func TestLookupPrefix(t *testing.T) {
	// Given John Smith at three companies, Jane Smith and Johnny Smithers
	ix := openMem(t)
	for id, name := range map[string]string{
		"1": "john|smith|acme", "2": "john|smith|initech", "3": "john|smith|globex",
		"4": "jane|smith|acme", "5": "john|smithers|acme",
	} {
		mustApply(t, ix, Write{Record: person(id, nil, nil, name)})
	}

	for _, tc := range []struct {
		name          string
		prefixes      []string
		limit         int
		want          []string
		wantTruncated bool
	}{
		{"should find a name at every company", []string{"john|smith|"}, 10, []string{"1", "3", "2"}, false},
		{"should find each record once across prefixes", []string{"john|smith|", "john|smith|acme", "jane|smith|"}, 10, []string{"1", "3", "2", "4"}, false},
		{"should stop at the limit and say so", []string{"john|smith|"}, 2, []string{"1", "3"}, true},
		{"should not report a limit that was just reached", []string{"jane|smith|"}, 1, []string{"4"}, false},
		{"should match nothing for an empty prefix", []string{""}, 10, nil, false},
		{"should match nothing for an unknown name", []string{"mary|jones|"}, 10, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// When the name-and-company keys are looked up by prefix
			ids, truncated, err := ix.LookupPrefix(KeyNameCompany, tc.prefixes, tc.limit)
			// Then the records under them are returned in key order
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ids, tc.want) || truncated != tc.wantTruncated {
				t.Fatalf("LookupPrefix = %v, truncated %v; want %v, %v", ids, truncated, tc.want, tc.wantTruncated)
			}
		})
	}
}
