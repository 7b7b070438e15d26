package match

import "testing"

func TestIsRoleEmail(t *testing.T) {
	for local, want := range map[string]bool{
		"info": true, "sales": true, "customer.service": true, "front-desk": true, "info2": true, "no_reply": true,
		"compta": true, "buchhaltung": true, "kontakt": true, // other languages' roles, from the published list
		"john.smith": false, "infosec.lead": false, "": false, "sales.jane": false, "a123456789012345678901234567890123456789": false,
		"sydney": false, "paris": false, // roles in the list, and given names: a person's own address as likely
		"2016": false, // a number alone names no role
	} {
		if got := IsRoleEmail(local); got != want {
			t.Errorf("IsRoleEmail(%q) = %v, want %v", local, got, want)
		}
	}
}
