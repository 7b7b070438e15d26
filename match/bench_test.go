package match

import "testing"

// typicalContact is what a web form or billing system sends.
var typicalContact = ContactFields{
	Email:     " Bob.Smith+news@GMail.com ",
	Phone:     "+1 (415) 555-0100",
	FirstName: "Bob",
	LastName:  "O'Brien",
	Company:   "ACME Corp, Inc.",
}

func BenchmarkNormalize(b *testing.B) {
	o := Options{DefaultRegion: "US"}
	b.Run("typical", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = Normalize(typicalContact, o)
		}
	})
	b.Run("without phone", func(b *testing.B) {
		c := typicalContact
		c.Phone = ""
		b.ReportAllocs()
		for b.Loop() {
			_ = Normalize(c, o)
		}
	})
}

func BenchmarkNormalizeEmail(b *testing.B) {
	for _, in := range []string{"r.smith@acmecorp.com", " Bob.Smith+news@GMail.com ", "José@Bücher.de"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = NormalizeEmail(in)
			}
		})
	}
}

func BenchmarkNormalizePhone(b *testing.B) {
	for _, c := range []struct{ in, region string }{
		{"+14155550100", "US"},
		{"(415) 555-0100", "US"},
		{"020 7946 0958", "GB"},
		{"001 415 555 0100", "US"},
		{"555-555-5555", "US"},
	} {
		b.Run(c.in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = NormalizePhone(c.in, c.region)
			}
		})
	}
}

func BenchmarkFoldName(b *testing.B) {
	for _, in := range []string{"robert smith", "Robert Smith", "O'Brien-Müller", "Nguyễn Văn Thắng"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = FoldName(in)
			}
		})
	}
}

func BenchmarkFoldCompany(b *testing.B) {
	for _, in := range []string{"acme", "ACME Corp, Inc.", "Müller GmbH & Co. KG"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = FoldCompany(in)
			}
		})
	}
}

func BenchmarkFirstNameKeys(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = FirstNameKeys("bob")
	}
}
