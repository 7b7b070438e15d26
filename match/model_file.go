package match

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// ParseModel reads a Model from YAML (the field names of Model, e.g.
// `match_weight: 8` and per-field levels), starting from DefaultModel: a
// file may set only the thresholds or the prior, and the fields it does
// not list keep the default levels. The result is validated; path names
// the source in errors. (The package does no I/O: callers read the file.)
func ParseModel(b []byte, path string) (Model, error) {
	m := DefaultModel()
	var file Model
	if err := yaml.Unmarshal(b, &file); err != nil {
		return Model{}, fmt.Errorf("match model %s: %w", path, err)
	}
	if file.Prior != 0 {
		m.Prior = file.Prior
	}
	if file.MatchWeight != 0 || file.PossibleWeight != 0 {
		m.MatchWeight, m.PossibleWeight = file.MatchWeight, file.PossibleWeight
	}
	for _, f := range file.Fields {
		i := -1
		for j := range m.Fields {
			if m.Fields[j].Kind == f.Kind {
				i = j
			}
		}
		if i < 0 {
			m.Fields = append(m.Fields, f)
			continue
		}
		m.Fields[i] = f
	}
	for _, g := range file.GuardsOff {
		if !slices.Contains(Guards(), g) {
			return Model{}, fmt.Errorf("match model %s: guards_off: unknown guard %q (known: %v)", path, g, Guards())
		}
	}
	m.GuardsOff = file.GuardsOff
	m.RecencyOff = file.RecencyOff
	m.SourceIDsOff = file.SourceIDsOff
	if err := m.Validate(); err != nil {
		return Model{}, fmt.Errorf("match model %s: %w", path, err)
	}
	return m, nil
}
