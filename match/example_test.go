package match_test

import (
	"errors"
	"fmt"

	"github.com/contactgate/contactgate/match"
)

func ExampleNormalize() {
	id := match.Normalize(match.ContactFields{
		Email:     "bob smith@acme",
		Phone:     "+1 (415) 555-0100 ext. 12",
		FirstName: "Bob",
		LastName:  "O'Brien",
		Company:   "ACME Corp, Inc.",
	}, match.Options{DefaultRegion: "US"})

	fmt.Println(id.Phone, id.FirstKeys, id.LastKey, id.CompanyKey)
	fmt.Println(id.NameCompanyKeys)
	fmt.Println(errors.Is(id.Err(), match.ErrInvalidEmail), id.Err())
	// Output:
	// +14155550100;ext=12 [bob bobby robert] obrien acme
	// [bob|obrien|acme bobby|obrien|acme robert|obrien|acme]
	// true invalid e-mail address: white space inside
}

func ExampleNormalizeEmail() {
	for _, s := range []string{" Bob.Smith+news@GMail.com ", "r.smith@AcmeCorp.com"} {
		k, _ := match.NormalizeEmail(s)
		fmt.Println(k, match.IsPersonalEmailDomain(match.EmailDomain(k)))
	}
	// Output:
	// bobsmith@gmail.com true
	// r.smith@acmecorp.com false
}

func ExampleFirstNameKeys() {
	for _, n := range []string{"Bob", "Chris", "Nancy"} {
		fmt.Println(match.FirstNameKeys(match.FoldName(n)))
	}
	// Output:
	// [bob bobby robert]
	// [chris christian christina christine christopher]
	// [nancy]
}
