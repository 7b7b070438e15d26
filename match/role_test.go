package match

import "testing"

func TestIsRoleEmail(t *testing.T) {
	for local, want := range map[string]bool{
		"info": true, "sales": true, "customer.service": true, "front-desk": true, "info2": true, "no_reply": true,
		"john.smith": false, "infosec.lead": false, "": false, "salesforce": false, "a123456789012345678901234567890123456789": false,
	} {
		if got := IsRoleEmail(local); got != want {
			t.Errorf("IsRoleEmail(%q) = %v, want %v", local, got, want)
		}
	}
}
