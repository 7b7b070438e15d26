package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/purge"
)

func TestScanCommand(t *testing.T) {
	// Given a HubSpot-style export with Bob and Robert Smith at Acme, and
	// John Smith at Initech
	dir := t.TempDir()
	in := filepath.Join(dir, "export.csv")
	export := "Record ID,First Name,Last Name,Email,Phone Number,Company Name\n" +
		"101,Robert,Smith,bob.smith@acme.com,+1 415 200 0101,Acme Corp\n" +
		"102,Bob,Smith,BOB.SMITH@acme.com,,\"ACME Corporation\"\n" +
		"103,John,Smith,john@initech.com,,Initech\n" +
		"104,\"Multi\nLine\",Jones,,,\n"
	if err := os.WriteFile(in, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	clusters, pairs, plan := filepath.Join(dir, "c.csv"), filepath.Join(dir, "p.csv"), filepath.Join(dir, "plan.json")

	// When it is scanned
	out, err := run(t, "scan", "--input", in, "--clusters", clusters, "--pairs", pairs, "--plan", plan, "--json")
	if err != nil {
		t.Fatal(err)
	}

	// Then Bob and Robert are one cluster, mastered by the more complete
	// record; John and the multi-line row stand alone
	var summary struct {
		Rows         int `json:"rows"`
		AutoClusters int `json:"auto_clusters"`
	}
	lines := strings.Split(strings.TrimSpace(out), "\n") // progress lines go to stderr, the summary last
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &summary); err != nil || summary.Rows != 4 || summary.AutoClusters != 1 {
		t.Fatalf("summary %s, %v", out, err)
	}
	f, _ := os.Open(clusters)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 5 {
		t.Fatalf("clusters %v, %v", rows, err)
	}
	of := map[string]string{}
	for _, r := range rows[1:] {
		of[r[0]] = r[1]
	}
	if of["101"] != of["102"] || of["103"] == of["101"] || of["104"] != "104" {
		t.Errorf("clusters %v", of)
	}
	p, err := purge.ReadPlan(plan)
	if err != nil || len(p.Clusters) != 1 || p.Clusters[0].Master != "101" || p.Clusters[0].Members[0].ID != "102" {
		t.Fatalf("plan %+v, %v", p, err)
	}
	b, _ := os.ReadFile(pairs)
	if !strings.Contains(string(b), "101,102,") || !strings.Contains(string(b), "email exact") {
		t.Errorf("pairs:\n%s", b)
	}
}
