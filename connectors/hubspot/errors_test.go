package hubspot

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/contactgate/contactgate/connectors"
)

// answer makes every request of a fresh fake get status, headers and body.
func answer(t *testing.T, status int, header map[string]string, body string) *fakeHubSpot {
	f := newFakeHubSpot(t)
	f.handle = func(w http.ResponseWriter, _ *http.Request, _ []byte) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}
	return f
}

func raw(c *Config) { c.Raw = true }

func TestExistingID(t *testing.T) {
	for _, tc := range []struct{ message, want string }{
		{"Contact already exists. Existing ID: 12345", "12345"},
		{"contact already exists. existing id:987", "987"},
		{`Contact already exists. Existing ID: "55" (merged)`, "55"},
		{"Existing object ID = 42", "42"},
		{"Contact already exists.", ""},
		{"", ""},
	} {
		want := tc.want
		if want == "" {
			want = "no id"
		}
		t.Run("should find "+want+" in "+tc.message, func(t *testing.T) {
			if got := existingID(tc.message); got != tc.want {
				t.Errorf("existingID(%q) = %q, want %q", tc.message, got, tc.want)
			}
		})
	}
}

func TestErrorMapping(t *testing.T) {
	t.Run("should map a 409 to a ConflictError naming the existing contact", func(t *testing.T) {
		// Given HubSpot's duplicate e-mail answer
		f := answer(t, 409, nil, `{"status":"error","message":"Contact already exists. Existing ID: 12345","correlationId":"c-9","category":"CONFLICT"}`)
		// When a contact is created
		_, err := f.client(t, raw).Create(t.Context(), map[string]string{"email": "a@x.com"})
		// Then the error is a conflict with the id and correlation id
		var ce *connectors.ConflictError
		if !errors.As(err, &ce) || ce.ExistingID != "12345" || ce.CorrelationID != "c-9" || !errors.Is(err, connectors.ErrConflict) {
			t.Fatalf("err = %v, want a ConflictError naming 12345", err)
		}
	})

	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name       string
		search     bool
		header     map[string]string
		body       string
		wantPolicy string
		wantWait   time.Duration
	}{
		{"TEN_SECONDLY_ROLLING with the interval header", false, map[string]string{HeaderRateLimitInterval: "8000"},
			`{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT","policyName":"TEN_SECONDLY_ROLLING"}`,
			connectors.PolicyTenSecondly, 8 * time.Second},
		{"TEN_SECONDLY_ROLLING without headers", false, nil,
			`{"status":"error","message":"You have reached your ten_secondly_rolling limit.","policyName":"TEN_SECONDLY_ROLLING"}`,
			connectors.PolicyTenSecondly, 10 * time.Second},
		{"TEN_SECONDLY_ROLLING with Retry-After seconds", false, map[string]string{HeaderRetryAfter: "7", HeaderRateLimitInterval: "10000"},
			`{"status":"error","message":"limit","policyName":"TEN_SECONDLY_ROLLING"}`, connectors.PolicyTenSecondly, 7 * time.Second},
		{"SECONDLY with a Retry-After date", true, map[string]string{HeaderRetryAfter: now.Add(3 * time.Second).Format(http.TimeFormat)},
			`{"status":"error","message":"You have reached your secondly limit.","policyName":"SECONDLY"}`, connectors.PolicySecondly, 3 * time.Second},
		{"search without policyName as SECONDLY", true, nil,
			`{"status":"error","message":"rate limited","errorType":"RATE_LIMIT"}`, connectors.PolicySecondly, time.Second},
		{"DAILY with no wait", false, nil,
			`{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT","policyName":"DAILY"}`, connectors.PolicyDaily, 0},
		{"DAILY from the message alone", false, nil, `{"status":"error","message":"You have reached your daily limit."}`, connectors.PolicyDaily, 0},
	} {
		t.Run("should map a 429 of "+tc.name, func(t *testing.T) {
			// Given a 429 of that policy
			f := answer(t, 429, tc.header, tc.body)
			cl := f.client(t, func(c *Config) { c.Raw = true; c.Now = func() time.Time { return now } })
			// When a call hits it
			var err error
			if tc.search {
				_, err = cl.Search(t.Context(), connectors.SearchRequest{})
			} else {
				_, err = cl.Get(t.Context(), "1", nil)
			}
			// Then it is a RateLimitError of that policy and wait
			var rl *connectors.RateLimitError
			if !errors.As(err, &rl) || rl.Policy != tc.wantPolicy || rl.RetryAfter != tc.wantWait {
				t.Fatalf("err = %v, want policy %s and wait %s", err, tc.wantPolicy, tc.wantWait)
			}
			if connectors.Retryable(err) != (tc.wantPolicy != connectors.PolicyDaily) {
				t.Errorf("Retryable = %v for %s", connectors.Retryable(err), tc.wantPolicy)
			}
		})
	}

	for _, tc := range []struct {
		status int
		is     error
	}{{404, connectors.ErrNotFound}, {401, connectors.ErrUnauthorized}, {403, connectors.ErrUnauthorized}} {
		t.Run("should wrap "+http.StatusText(tc.status)+" as "+tc.is.Error(), func(t *testing.T) {
			f := answer(t, tc.status, nil, `{"status":"error","message":"nope","category":"X"}`)
			if _, err := f.client(t, raw).Get(t.Context(), "1", nil); !errors.Is(err, tc.is) {
				t.Fatalf("err = %v, want %v", err, tc.is)
			}
		})
	}

	t.Run("should map another 4xx to a ValidationError", func(t *testing.T) {
		f := answer(t, 400, nil, `{"status":"error","message":"Property values were not valid","correlationId":"c-1","category":"VALIDATION_ERROR"}`)
		_, err := f.client(t, raw).Create(t.Context(), map[string]string{"email": "nope"})
		var ve *connectors.ValidationError
		if !errors.As(err, &ve) || ve.Status != 400 || ve.Category != "VALIDATION_ERROR" || ve.CorrelationID != "c-1" || connectors.Retryable(err) {
			t.Fatalf("err = %v, want a permanent 400 ValidationError", err)
		}
	})

	t.Run("should map a 5xx to a TransientError that may be applied only for writes", func(t *testing.T) {
		// Given a CRM answering 502 with a non-JSON body
		f := answer(t, 502, nil, `<html>Bad Gateway</html>`)
		cl := f.client(t, raw)
		// When a read and a write hit it
		_, readErr := cl.Get(t.Context(), "1", nil)
		_, writeErr := cl.Update(t.Context(), "1", map[string]string{"firstname": "A"})
		// Then both are transient, and only the write may have been applied
		var re, we *connectors.TransientError
		if !errors.As(readErr, &re) || re.Status != 502 || re.MaybeApplied {
			t.Fatalf("read err = %#v", readErr)
		}
		if !errors.As(writeErr, &we) || !we.MaybeApplied || !connectors.Retryable(writeErr) {
			t.Fatalf("write err = %#v", writeErr)
		}
	})

	t.Run("should say a write to an unreachable CRM was not applied", func(t *testing.T) {
		// Given a server that is gone
		f := newFakeHubSpot(t)
		cl := f.client(t, raw)
		f.srv.Close()
		// When a contact is created
		_, err := cl.Create(t.Context(), map[string]string{"email": "a@x.com"})
		// Then the failure is transient and nothing can have been applied
		var te *connectors.TransientError
		if !errors.As(err, &te) || te.MaybeApplied {
			t.Fatalf("err = %#v, want a TransientError not MaybeApplied", err)
		}
	})
}

func TestRateLimitStatus(t *testing.T) {
	t.Run("should expose the latest rate-limit headers", func(t *testing.T) {
		// Given a CRM that sends every rate-limit header
		f := answer(t, 200, map[string]string{HeaderRateLimitMax: "190", HeaderRateLimitRemaining: "17",
			HeaderRateLimitInterval: "10000", HeaderRateLimitDaily: "650000", HeaderRateLimitDailyRemaining: "649000"},
			`{"id":"1","properties":{}}`)
		cl := f.client(t, nil)
		if _, ok := cl.RateLimitStatus(); ok {
			t.Fatal("status before any response")
		}
		// When a call is answered
		if _, err := cl.Get(t.Context(), "1", nil); err != nil {
			t.Fatal(err)
		}
		// Then the status reflects the headers
		s, ok := cl.RateLimitStatus()
		if !ok || s.Max != 190 || s.Remaining != 17 || s.Interval != 10*time.Second || !s.HasDaily || s.Daily != 650000 || s.DailyRemaining != 649000 {
			t.Fatalf("status %+v, %v", s, ok)
		}
	})
}

func TestUniqueValueErrors(t *testing.T) {
	// Bodies as integrators report them (the contact one quoted from an
	// alert; the one with errorTokens from HubSpot's marketing events),
	// values replaced.
	for _, tc := range []struct {
		name, body, wantID, wantProp string
	}{
		{"the message alone", `{"status":"error","message":"Cannot set PropertyValueCoordinates{portalId=44956899, objectTypeId=ObjectTypeId{legacyObjectType=CONTACT}, propertyName=contactgate_key, value=e1-0af3} on 552148386511. 552239500007 already has that value.","correlationId":"c-1","category":"VALIDATION_ERROR"}`,
			"552239500007", "contactgate_key"},
		{"errorType and errorTokens", `{"status":"error","message":"Cannot set PropertyValueCoordinates{...} on 194235157366. 194235510142 already has that value.","errorType":"UNIQUE_VALUE_CONFLICT","errorTokens":{"propertyName":["hs_unique_id"],"existingObjectId":["194235510142"],"objectId":["194235157366"]},"correlationId":"c-2"}`,
			"194235510142", "hs_unique_id"},
		{"errorType without a holder", `{"status":"error","message":"Duplicate value","errorType":"UNIQUE_VALUE_CONFLICT","correlationId":"c-3","category":"VALIDATION_ERROR"}`,
			"", ""},
	} {
		t.Run("should map a unique-value 400 to a UniqueValueError from "+tc.name, func(t *testing.T) {
			f := answer(t, 400, nil, tc.body)
			_, err := f.client(t, raw).Create(t.Context(), map[string]string{"firstname": "Ann", "contactgate_key": "e1-0af3"})
			var uv *connectors.UniqueValueError
			if !errors.As(err, &uv) || !errors.Is(err, connectors.ErrConflict) || errors.Is(err, connectors.ErrValidation) {
				t.Fatalf("err = %v (%T), want a UniqueValueError and a conflict, not a validation error", err, err)
			}
			if uv.ExistingID != tc.wantID || uv.Property != tc.wantProp || connectors.ConflictingID(err) != tc.wantID {
				t.Fatalf("holder %q of %q, want %q of %q", uv.ExistingID, uv.Property, tc.wantID, tc.wantProp)
			}
		})
	}

	t.Run("should keep other 400s validation errors", func(t *testing.T) {
		f := answer(t, 400, nil, `{"status":"error","message":"Property values were not valid: [{\"isValid\":false,\"message\":\"x was not one of the allowed options\",\"error\":\"INVALID_OPTION\",\"name\":\"lifecyclestage\"}]","correlationId":"c-4","category":"VALIDATION_ERROR"}`)
		_, err := f.client(t, raw).Create(t.Context(), map[string]string{"lifecyclestage": "x"})
		var ve *connectors.ValidationError
		if !errors.As(err, &ve) || errors.Is(err, connectors.ErrConflict) {
			t.Fatalf("err = %v, want a ValidationError", err)
		}
	})
}
