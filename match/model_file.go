package match

import (
	"fmt"
	"slices"

	"go.yaml.in/yaml/v3"
)

// addedLevels are the levels comparators gained after the first release, per
// kind: a model file written before them lacks them.
var addedLevels = map[Kind][]string{KindEmail: {LevelLocalSlip, LevelDomainSlip}}

// withNewLevels is a file's field with the levels added since the file was
// written (addedLevels) that it lacks inserted at their place, at def's m
// and u, so that a model file of an earlier release still reads: a file of
// four e-mail levels gains local_slip and domain_slip, one of five
// local_slip. Any other level left out is an error of the file's, for
// Validate.
func withNewLevels(f, def FieldModel) FieldModel {
	index := func(levels []Level, name string) int {
		return slices.IndexFunc(levels, func(l Level) bool { return l.Name == name })
	}
	var levels, kept []Level
	for _, name := range comparators[f.Kind] {
		i, j := index(f.Levels, name), index(def.Levels, name)
		switch {
		case i >= 0:
			levels, kept = append(levels, f.Levels[i]), append(kept, f.Levels[i])
		case j >= 0 && slices.Contains(addedLevels[f.Kind], name):
			levels = append(levels, def.Levels[j])
		default:
			return f // a level left out: Validate names it
		}
	}
	if len(kept) == len(levels) || !slices.Equal(kept, f.Levels) {
		return f // nothing added, or levels out of order or unknown: Validate's
	}
	f.Levels = levels
	return f
}

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
		m.Fields[i] = withNewLevels(f, m.Fields[i])
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
