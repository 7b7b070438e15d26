package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/contactgate/contactgate/match"
)

// DatasetsEnv names the environment variable that overrides where the
// labelled datasets are (FindDatasets).
const DatasetsEnv = "CONTACTGATE_DATASETS"

// Preset describes how to read one of the labelled datasets of
// ../shared/datasets (see its README): which files, which mapping, where
// the truth is.
type Preset struct {
	// Name is what --preset calls it.
	Name string
	// Files are the dataset's record files in the datasets folder, read
	// in order.
	Files []string
	// Mapping is the column mapping; nil means DetectMapping per file.
	Mapping Mapping
	// TruthColumn and TruthFormat read the truth from the records
	// (ParseTruth), unless KeyFile is set.
	TruthColumn string
	TruthFormat string
	// KeyFile is a Senzing truth-set key file in the datasets folder.
	KeyFile string
}

// Presets lists the labelled datasets. dedupe_patstat_orgs.csv is not one:
// the shared copy has no truth column (no leuven_id).
func Presets() []Preset {
	return []Preset{
		{Name: "febrl1", Files: []string{"febrl1.csv"}, TruthColumn: "rec_id", TruthFormat: TruthFormatFebrl},
		{Name: "febrl2", Files: []string{"febrl2.csv"}, TruthColumn: "rec_id", TruthFormat: TruthFormatFebrl},
		{Name: "splink", Files: []string{"splink_fake_1000.csv"}, TruthColumn: "cluster", TruthFormat: TruthFormatColumn},
		// The file's "Email Address" column holds dates, not addresses.
		{Name: "chicago", Files: []string{"dedupe_chicago_sites.csv"}, TruthColumn: "True Id", TruthFormat: TruthFormatColumn,
			Mapping: Mapping{
				match.KindID: {"Id"}, match.KindCompany: {"Site name"}, match.KindAddress: {"Address"},
				match.KindPostcode: {"Zip"}, match.KindPhone: {"Phone"},
			}},
		{Name: "senzing", Files: []string{"senzing_customers.csv", "senzing_reference.csv", "senzing_watchlist.csv"},
			KeyFile: "senzing_actual_truthset_key.csv"},
	}
}

// PresetNames lists the presets' names.
func PresetNames() []string {
	var names []string
	for _, p := range Presets() {
		names = append(names, p.Name)
	}
	return names
}

// LookupPreset returns the preset called name.
func LookupPreset(name string) (Preset, error) {
	for _, p := range Presets() {
		if p.Name == name {
			return p, nil
		}
	}
	return Preset{}, fmt.Errorf("unknown preset %q: want one of %s", name, strings.Join(PresetNames(), ", "))
}

// Paths returns the preset's record files in dir.
func (p Preset) Paths(dir string) []string {
	out := make([]string, len(p.Files))
	for i, f := range p.Files {
		out[i] = filepath.Join(dir, f)
	}
	return out
}

// Truth returns the preset's truth, reading its key file from dir.
func (p Preset) Truth(dir string) (Truth, error) {
	if p.KeyFile != "" {
		return ReadSenzingKeyFile(filepath.Join(dir, p.KeyFile))
	}
	t, err := ParseTruth(p.TruthFormat, p.TruthColumn)
	if err != nil {
		return nil, fmt.Errorf("preset %s: %w", p.Name, err)
	}
	return t, nil
}

// Options returns the Reader options of the preset, its truth read from
// dir.
func (p Preset) Options(dir string) ([]Option, error) {
	t, err := p.Truth(dir)
	if err != nil {
		return nil, err
	}
	opts := []Option{WithTruth(t)}
	if p.Mapping != nil {
		opts = append(opts, WithMapping(p.Mapping))
	}
	return opts, nil
}

// FindDatasets returns the folder of the labelled datasets: $DatasetsEnv
// when set, else shared/datasets beside the root of the module that holds
// the working directory (DESIGN.md's ../shared/datasets), found by
// walking up to go.mod. ok is false when the folder does not exist.
func FindDatasets() (dir string, ok bool) {
	if dir := os.Getenv(DatasetsEnv); dir != "" {
		return dir, isDir(dir)
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir = filepath.Join(filepath.Dir(d), "shared", "datasets")
			return dir, isDir(dir)
		}
		if filepath.Dir(d) == d {
			dir = filepath.Join(wd, "..", "shared", "datasets")
			return dir, isDir(dir)
		}
	}
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
