package demo

import (
	"errors"
	"fmt"
	"strings"
)

// The generator settings the demo and bench/resolution.sh name. Each is a
// starting point: Options.Persons and single rates can still be changed on
// top of one.
const (
	// SettingDefault is what Generate does with DefaultRates: five events
	// per person, the variations at their default rates.
	SettingDefault = "default"
	// SettingManyEvents is SettingDefault with 20 events per person: every
	// person shows up often enough to be written down most of the ways the
	// producers write people.
	SettingManyEvents = "many-events"
	// SettingMessy is SettingDefault with the variations seen on streams
	// from outside: a quarter of companies abroad (DE, FR, AU numbers in
	// national and international formats), the country often left out, 8%
	// of numbers written wrong, first names as initials (8%) and spelled
	// otherwise (10%), more typos (8%) and nicknames (30%), companies
	// spelled otherwise (60%) or with a typo (5%), and 10% of events
	// arriving far from their time order.
	SettingMessy = "messy"
)

// ErrUnknownSetting is wrapped by the error of LookupSetting for a name that
// is no setting.
var ErrUnknownSetting = errors.New("unknown generator setting")

// Setting is a named generator configuration.
type Setting struct {
	Name string
	// EventsPerPerson is the mean number of events per person; 0 leaves
	// GenConfig's default (5).
	EventsPerPerson float64
	Rates           Rates
}

// SettingNames returns the names LookupSetting knows, in a stable order.
func SettingNames() []string {
	return []string{SettingDefault, SettingManyEvents, SettingMessy}
}

// LookupSetting returns the setting called name (case-insensitive); an
// unknown name wraps ErrUnknownSetting and lists the known ones.
func LookupSetting(name string) (Setting, error) {
	s := Setting{Name: strings.ToLower(name), Rates: DefaultRates()}
	switch s.Name {
	case SettingDefault:
	case SettingManyEvents:
		s.EventsPerPerson = 20
	case SettingMessy:
		r := &s.Rates
		r.Foreign, r.PhoneNoCountry, r.PhoneInvalid = 0.25, 0.4, 0.08
		r.Initial, r.NameSpelling, r.NameTypo, r.Nickname = 0.08, 0.10, 0.08, 0.30
		r.CompanyVariant, r.CompanyTypo, r.Displaced = 0.60, 0.05, 0.10
	default:
		return Setting{}, fmt.Errorf("%w %q; the settings are %s", ErrUnknownSetting, name, strings.Join(SettingNames(), ", "))
	}
	return s, nil
}

// Persons returns the number of persons behind events under s: events over
// EventsPerPerson, at least 1; 0 (GenConfig's default) when s does not say.
func (s Setting) Persons(events int) int {
	if s.EventsPerPerson <= 0 || events <= 0 {
		return 0
	}
	return max(int(float64(events)/s.EventsPerPerson+0.5), 1)
}
