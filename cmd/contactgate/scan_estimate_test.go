package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"
)

func TestScanEstimateU(t *testing.T) {
	// Given an export with Bob and Robert Smith under one address
	dir := t.TempDir()
	in := filepath.Join(dir, "export.csv")
	export := "Record ID,First Name,Last Name,Email,Company Name\n" +
		"101,Robert,Smith,bob.smith@acme.com,Acme Corp\n" +
		"102,Bob,Smith,BOB.SMITH@acme.com,ACME Corporation\n" +
		"103,John,Smith,john@initech.com,Initech\n"
	if err := os.WriteFile(in, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	clusters := filepath.Join(dir, "c.csv")

	// When it is scanned with u and m estimated from it
	if _, err := run(t, "scan", "--input", in, "--clusters", clusters, "--estimate-u", "--estimate-key-m", "--json"); err != nil {
		t.Fatal(err)
	}

	// Then Bob and Robert are still one cluster, John apart
	f, _ := os.Open(clusters)
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(rows) != 4 {
		t.Fatalf("clusters %v, %v", rows, err)
	}
	of := map[string]string{}
	for _, r := range rows[1:] {
		of[r[0]] = r[1]
	}
	if of["101"] != of["102"] || of["103"] == of["101"] {
		t.Errorf("clusters %v", of)
	}
}
