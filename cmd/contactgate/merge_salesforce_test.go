package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
	sfemulator "github.com/contactgate/contactgate/connectors/emulator/salesforce"
	"github.com/contactgate/contactgate/connectors/salesforce"
	"github.com/contactgate/contactgate/purge"
)

// sfExportColumns are a Salesforce Contact report's columns, as its CSV
// export names them, and the core property each holds.
var sfExportColumns = []struct{ column, property string }{
	{"Contact ID", ""}, {"First Name", connectors.PropFirstName}, {"Last Name", connectors.PropLastName},
	{"Email", connectors.PropEmail}, {"Phone", connectors.PropPhone}, {"Mobile", connectors.PropMobilePhone},
	{"Account Name", connectors.PropCompany}, {"Mailing Street", connectors.PropAddress}, {"Mailing City", connectors.PropCity},
	{"Mailing Zip/Postal Code", connectors.PropPostcode},
}

// sfPeople are the org's contacts by name: Margaret five times (a cluster
// of four members, two merge() calls), John three times (one call), Priya
// and Tom once. The most complete record of each person is the first.
var sfPeople = []struct {
	name   string
	values []string // by sfExportColumns, the id left out
}{
	{"margaret", []string{"Margaret", "Thompson", "m.thompson@acme.com", "+1 415 555 0101", "+1 415 555 0199", "Acme Corp", "1 Market St", "San Francisco", ""}},
	{"margaret2", []string{"Margaret", "Thompson", "m.thompson@acme.com", "", "", "", "", "", "94105"}},
	{"margaret3", []string{"Margaret", "Thompson", "m.thompson@acme.com", "+1 415 555 0101", "", "", "", "", ""}},
	{"margaret4", []string{"Margaret", "Thompson", "m.thompson@acme.com", "", "", "Acme Corp", "", "", ""}},
	{"margaret5", []string{"Margaret", "Thompson", "m.thompson@acme.com", "", "", "", "", "San Francisco", ""}},
	{"john", []string{"John", "Rivera", "j.rivera@globex.com", "+1 212 555 0142", "", "Globex", "", "New York", ""}},
	{"john2", []string{"John", "Rivera", "j.rivera@globex.com", "", "", "", "", "", "10001"}},
	{"john3", []string{"John", "Rivera", "j.rivera@globex.com", "", "", "", "22 W 34th St", "", ""}},
	{"priya", []string{"Priya", "Natarajan", "priya@initech.com", "+1 650 555 0123", "", "Initech", "", "Palo Alto", "94301"}},
	{"tom", []string{"Tom", "Becker", "tom.becker@hooli.com", "", "", "Hooli", "", "", ""}},
}

func TestScanAndMergeSalesforceExport(t *testing.T) {
	// Given an emulated Salesforce org on 127.0.0.1 holding the contacts,
	// with client credentials, and its report export
	org := sfemulator.New(sfemulator.Config{ClientID: "purge-app", ClientSecret: "purge-secret"})
	srv := httptest.NewServer(org.Handler())
	t.Cleanup(srv.Close)
	crm, err := salesforce.New(salesforce.Config{InstanceURL: srv.URL, ClientID: "purge-app", ClientSecret: "purge-secret",
		MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 2 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ids := map[string]string{}
	var rows [][]string
	for _, p := range sfPeople {
		props := map[string]string{}
		for i, v := range p.values {
			if v != "" {
				props[sfExportColumns[i+1].property] = v
			}
		}
		c, err := crm.Create(context.Background(), props)
		if err != nil {
			t.Fatal(err)
		}
		ids[p.name] = c.ID
		// A report shows the 15-character id; the API answers with 18.
		rows = append(rows, append([]string{c.ID[:15]}, p.values...))
	}
	export := filepath.Join(dir, "report.csv")
	writeSFExport(t, export, rows)
	secret := filepath.Join(dir, "secret")
	if err := os.WriteFile(secret, []byte("purge-secret\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	// When it is scanned into a plan
	plan := filepath.Join(dir, "plan.json")
	out, err := run(t, "scan", "--input", export, "--plan", plan)
	if err != nil {
		t.Fatalf("scan: %v\n%s", err, out)
	}

	// Then every Salesforce column was taken under its own name, and the
	// plan holds Margaret's and John's clusters, mastered by their most
	// complete records, gaining the postcode and the street they lack
	if strings.Contains(out, "its name is like") || strings.Contains(out, "left out") {
		t.Errorf("scan warned of Salesforce's column names:\n%s", out)
	}
	p, err := purge.ReadPlan(plan)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{ids["margaret"]: {ids["margaret2"], ids["margaret3"], ids["margaret4"], ids["margaret5"]},
		ids["john"]: {ids["john2"], ids["john3"]}}
	got := map[string][]string{} // by the 18-character ids
	for _, c := range p.Clusters {
		for _, m := range c.Members {
			got[salesforce.ID18(c.Master)] = append(got[salesforce.ID18(c.Master)], salesforce.ID18(m.ID))
		}
		slices.Sort(got[salesforce.ID18(c.Master)])
		if c.Band != purge.BandAuto {
			t.Errorf("cluster %s is %s", c.ID, c.Band)
		}
	}
	if len(got) != len(want) || !slices.Equal(got[ids["margaret"]], want[ids["margaret"]]) || !slices.Equal(got[ids["john"]], want[ids["john"]]) {
		t.Fatalf("plan clusters (master → members) %v, want %v (ids %v)", got, want, ids)
	}
	wantValues := map[string]map[string]string{ids["margaret"]: {connectors.PropPostcode: "94105"},
		ids["john"]: {connectors.PropPostcode: "10001", connectors.PropAddress: "22 W 34th St"}}
	for _, c := range p.Clusters {
		if !maps.Equal(c.Values, wantValues[salesforce.ID18(c.Master)]) {
			t.Errorf("cluster of %s plans %v, want %v", c.Master, c.Values, wantValues[salesforce.ID18(c.Master)])
		}
	}

	// When the plan is applied through the Salesforce client
	out, err = run(t, "merge", "--plan", plan, "--apply", "--json", "--crm", "salesforce", "--crm-url", srv.URL,
		"--crm-client-id", "purge-app", "--crm-secret-file", secret)
	if err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}

	// Then Margaret's four members took two merge() calls, John's two one
	var sum purge.MergeSummary
	if err := json.Unmarshal([]byte(lastLine(out)), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, out)
	}
	if sum.Merges != 6 || sum.MergeCalls != 3 || sum.Failed != 0 || sum.Skipped != 0 {
		t.Fatalf("summary %+v", sum)
	}
	if n := org.Stats().Routes["POST soap merge"]; n != 3 {
		t.Errorf("merge() calls %d, want 3", n)
	}
	// And exactly the planned clusters were merged: members read as their
	// masters, every other record as itself
	for master, members := range want {
		for _, m := range members {
			if c, err := crm.Get(t.Context(), m, nil); err != nil || c.ID != master {
				t.Errorf("member %s reads as %s, %v; want its master %s", m, c.ID, err, master)
			}
		}
	}
	for _, name := range []string{"margaret", "john", "priya", "tom"} {
		if c, err := crm.Get(t.Context(), ids[name], nil); err != nil || c.ID != ids[name] {
			t.Errorf("%s reads as %s, %v", name, c.ID, err)
		}
	}
	if n := org.Stats().Contacts; n != 4 {
		t.Errorf("%d contacts left, want 4", n)
	}
	// And the survivors hold the planned values beside their own
	for _, c := range p.Clusters {
		props := []string{connectors.PropFirstName, connectors.PropPhone, connectors.PropCompany}
		for k := range c.Values {
			props = append(props, k)
		}
		s, err := crm.Get(t.Context(), salesforce.ID18(c.Master), props)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range c.Values {
			if s.Properties[k] != v {
				t.Errorf("survivor %s: %s = %q, want the planned %q", c.Master, k, s.Properties[k], v)
			}
		}
		if s.Properties[connectors.PropFirstName] == "" || s.Properties[connectors.PropPhone] == "" || s.Properties[connectors.PropCompany] == "" {
			t.Errorf("survivor %s lost its own values: %v", c.Master, s.Properties)
		}
	}
}

// writeSFExport writes rows under sfExportColumns' header.
func writeSFExport(t *testing.T, path string, rows [][]string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	header := make([]string, len(sfExportColumns))
	for i, c := range sfExportColumns {
		header[i] = c.column
	}
	if err := w.WriteAll(append([][]string{header}, rows...)); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// lastLine is the last non-empty line of out.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}
