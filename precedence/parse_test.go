package precedence

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// parseError parses src and returns the first *ConfigError, failing the test
// if there is none.
func parseError(t *testing.T, src string) (*ConfigError, error) {
	t.Helper()
	p, err := Parse([]byte(src))
	if err == nil {
		t.Fatalf("Parse succeeded (%v), want an error", p.Sources())
	}
	if !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("error %v does not wrap ErrInvalidConfig", err)
	}
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *ConfigError", err)
	}
	return ce, err
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line      int
		want      string // the full message of the first error
	}{
		{
			name: "should reject an unknown policy with its line and the known ones",
			src:  "sources: [crm, billing]\nfields:\n  email: lates\n",
			line: 3, want: `line 3: fields.email: unknown policy "lates" (want rank, latest, never_overwrite)`,
		},
		{
			name: "should reject an unknown key in a field rule (strict decoding)",
			src:  "sources: [crm]\nfields:\n  email:\n    policy: rank\n    polcy: latest\n",
			line: 5, want: `line 5: fields.email: unknown key "polcy" (want policy, only_from)`,
		},
		{
			name: "should reject an unknown top-level key",
			src:  "sources: [crm]\ndefaults: rank\n",
			line: 2, want: `line 2: unknown key "defaults" (want sources, default, fields)`,
		},
		{
			name: "should reject a duplicate source and point at the first",
			src:  "sources:\n  - crm\n  - billing\n  - crm\n",
			line: 4, want: `line 4: sources[2]: duplicate source "crm" (first listed at line 2)`,
		},
		{
			name: "should reject a field listed twice",
			src:  "sources: [crm]\nfields:\n  email: rank\n  email: latest\n",
			line: 4, want: `line 4: fields: duplicate key "email" (first at line 3)`,
		},
		{
			name: "should reject an only_from source that is not ranked",
			src:  "sources: [crm, billing]\nfields:\n  billing_address: {only_from: [biling]}\n",
			line: 3, want: `line 3: fields.billing_address.only_from[0]: unknown source "biling" (sources: crm, billing)`,
		},
		{
			name: "should reject an empty only_from",
			src:  "sources: [crm]\nfields:\n  x:\n    only_from: []\n",
			line: 4, want: `line 4: fields.x.only_from: want a non-empty list of sources, e.g. [billing, crm], got an empty list`,
		},
		{
			name: "should explain that only_from is not a policy",
			src:  "sources: [crm]\nfields:\n  x: only_from\n",
			line: 3, want: `line 3: fields.x: only_from is not a policy: list the sources under only_from beside a policy`,
		},
		{
			name: "should require sources",
			src:  "default: rank\n",
			line: 1, want: `line 1: missing key sources: the ranked list of sources, highest first`,
		},
		{
			// The yaml parser reports the line of the mapping it was reading.
			name: "should report invalid YAML with its line",
			src:  "sources: [crm]\nfields:\n  x: rank\n y: latest\n",
			line: 3, want: "line 3: invalid YAML: did not find expected key",
		},
		{
			name: "should reject an empty file",
			src:  "# nothing but a comment\n",
			want: "empty file: want the keys sources, default and fields",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ce, _ := parseError(t, tc.src)
			if ce.Line != tc.line || ce.Error() != tc.want {
				t.Fatalf("got line %d %q\nwant line %d %q", ce.Line, ce.Error(), tc.line, tc.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	t.Run("should report every problem, in line order", func(t *testing.T) {
		// Given a file with three mistakes, the first one last in walking order
		src := "fields:\n  x: lates\nsources: [crm, crm]\nextra: 1\n"
		// When it is parsed
		_, err := parseError(t, src)
		// Then all three are reported, one per line, sorted by line
		want := "line 2: fields.x: unknown policy \"lates\" (want rank, latest, never_overwrite)\n" +
			"line 3: sources[1]: duplicate source \"crm\" (first listed at line 3)\n" +
			"line 4: unknown key \"extra\" (want sources, default, fields)"
		if err.Error() != want {
			t.Fatalf("got\n%s\nwant\n%s", err, want)
		}
	})
	t.Run("should accept shorthand policies and let rules without a policy inherit the default's", func(t *testing.T) {
		// Given a default of latest, and rules in both forms
		src := "sources: [billing, crm]\ndefault: latest\nfields:\n" +
			"  email: rank\n  billing_address:\n    only_from: [billing]\n"
		// When it is parsed
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		// Then each field has the rule it says, the rest the default
		for field, want := range map[string]FieldRule{
			"email":           {Policy: PolicyRank},
			"billing_address": {Policy: PolicyLatest, OnlyFrom: []string{"billing"}},
			"jobtitle":        {Policy: PolicyLatest},
		} {
			if got := p.Rule(field); !reflect.DeepEqual(got, want) {
				t.Errorf("Rule(%s) = %+v, want %+v", field, got, want)
			}
		}
		if got, want := p.Sources(), []string{"billing", "crm"}; !reflect.DeepEqual(got, want) {
			t.Errorf("Sources() = %v, want %v", got, want)
		}
	})
	t.Run("should default to rank when the file has no default", func(t *testing.T) {
		p, err := Parse([]byte("sources: [crm]\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.DefaultRule(); got.Policy != PolicyRank || got.OnlyFrom != nil {
			t.Fatalf("DefaultRule() = %+v, want rank", got)
		}
	})
}

func TestLoad(t *testing.T) {
	t.Run("should name the file and the line in errors", func(t *testing.T) {
		// Given a file with an unknown policy on line 2
		path := filepath.Join(t.TempDir(), "precedence.yaml")
		if err := os.WriteFile(path, []byte("sources: [crm]\ndefault: newest\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		// When it is loaded
		_, err := Load(path)
		// Then the error reads like a compiler's
		want := path + `:2: default: unknown policy "newest" (want rank, latest, never_overwrite)`
		if err == nil || err.Error() != want {
			t.Fatalf("Load error = %v, want %s", err, want)
		}
	})
	t.Run("should load a valid file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "precedence.yaml")
		if err := os.WriteFile(path, DefaultFile(), 0o600); err != nil {
			t.Fatal(err)
		}
		p, err := Load(path)
		if err != nil || !reflect.DeepEqual(p, Default()) {
			t.Fatalf("Load(default.yaml) = %v, %v; want what Default returns", p, err)
		}
	})
	t.Run("should tell a missing file from an invalid one", func(t *testing.T) {
		_, err := Load(filepath.Join(t.TempDir(), "missing.yaml"))
		if !errors.Is(err, fs.ErrNotExist) || errors.Is(err, ErrInvalidConfig) {
			t.Fatalf("Load(missing) = %v, want fs.ErrNotExist and not ErrInvalidConfig", err)
		}
		if !strings.Contains(err.Error(), "missing.yaml") {
			t.Fatalf("error %q does not name the file", err)
		}
	})
}
