package match

// The levels a comparator returns, as indexes into comparators[k] and a
// model field's Levels, named for what they mean; compare returns one of
// them, or noLevel when a side lacks the field. TestLevelNames checks each
// against the name comparators gives it.
const (
	noLevel    = -1
	levelExact = 0 // every comparator's first level
)

// KindEmail.
const (
	emailLocal = 1 // one local part at two providers
	emailClose = 2 // a slip in the address, or a sub-address tag
	// emailLocalSlip: one domain, a slip inside a word of the local part
	// (nicole.obusquet@, nicole.bousquet@): one address mistyped.
	emailLocalSlip = 3
	// emailDomainSlip: one local part, a slip in the domain
	// (cdavenport@wadee.com, cdavenport@wade.com): one address mistyped.
	emailDomainSlip = 4
	emailDifferent  = 5
)

// KindLastName, KindCompany and KindAddress: exact, close, fuzzy, different.
const (
	gradedClose     = 1
	gradedFuzzy     = 2
	gradedDifferent = 3
)

// KindPhone, KindCity, KindPostcode and KindNationalID: exact, close,
// different.
const (
	nearClose     = 1
	nearDifferent = 2
)

// KindState and KindJobTitle: exact or different.
const binaryDifferent = 1

// KindDOB.
const (
	dobClose     = 1 // a slip, or day and month swapped
	dobYear      = 2 // one year, or a year apart
	dobDifferent = 3
)
