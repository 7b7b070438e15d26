package hubspot

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkClientOverhead measures what the client adds to a call — request
// building, JSON, header parsing and the failsafe policies — against a
// handler returning a canned contact, next to a bare net/http call of the
// same handler. The differences are the client's cost, apart from the CRM's.
// The loopback/ runs go through a real socket (httptest.Server); the inproc/
// runs call the handler in memory through a RoundTripper, which removes the
// network and the server and so isolates the client's own cost.
func BenchmarkClientOverhead(b *testing.B) {
	for _, mode := range []string{"loopback", "inproc"} {
		b.Run(mode, func(b *testing.B) { benchmarkOverhead(b, mode == "inproc") })
	}
}

// handlerTransport serves requests with a handler in memory.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body == nil {
		r.Body = http.NoBody // as a server would see it
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

func benchmarkOverhead(b *testing.B, inproc bool) {
	canned := []byte(`{"id":"123","properties":{"createdate":"2026-03-01T09:00:00Z","email":"robert.smith@acme.com",` +
		`"firstname":"Robert","lastname":"Smith","hs_object_id":"123","lastmodifieddate":"2026-03-01T09:00:00Z"},` +
		`"createdAt":"2026-03-01T09:00:00Z","updatedAt":"2026-03-01T09:00:00Z","archived":false}`)
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set(HeaderRateLimitMax, "190")
		w.Header().Set(HeaderRateLimitRemaining, "189")
		w.Header().Set(HeaderRateLimitInterval, "10000")
		_, _ = w.Write(canned)
	})
	srv := httptest.NewServer(handler)
	defer srv.Close()
	var hc *http.Client
	if inproc {
		hc = &http.Client{Transport: handlerTransport{handler}}
	}
	url := srv.URL + contactsPath + "/123?properties=email%2Cfirstname"
	newClient := func(b *testing.B, raw bool) *Client {
		cl, err := New(Config{BaseURL: srv.URL, Token: fakeToken, Raw: raw, HTTPClient: hc, RateLimit: 1 << 30, SearchRateLimit: 1 << 30})
		if err != nil {
			b.Fatal(err)
		}
		return cl
	}
	bare := func(b *testing.B, decode bool) {
		hc := newClient(b, true).cfg.HTTPClient // the same transport settings
		for b.Loop() {
			req, _ := http.NewRequestWithContext(b.Context(), http.MethodGet, url, nil)
			req.Header.Set("Authorization", "Bearer "+fakeToken)
			resp, err := hc.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			_ = resp.Body.Close()
			if decode {
				var o wireObject
				if err := json.Unmarshal(body, &o); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	props := []string{"email", "firstname"}

	b.Run("net/http", func(b *testing.B) { b.ReportAllocs(); bare(b, false) })
	b.Run("net/http+json", func(b *testing.B) { b.ReportAllocs(); bare(b, true) })
	b.Run("client/raw/get", func(b *testing.B) {
		b.ReportAllocs()
		cl := newClient(b, true)
		for b.Loop() {
			if _, err := cl.Get(b.Context(), "123", props); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client/policies/get", func(b *testing.B) {
		b.ReportAllocs()
		cl := newClient(b, false)
		for b.Loop() {
			if _, err := cl.Get(b.Context(), "123", props); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("client/policies/update", func(b *testing.B) {
		b.ReportAllocs()
		cl := newClient(b, false)
		p := map[string]string{"firstname": "Robert", "lastname": "Smith"}
		for b.Loop() {
			if _, err := cl.Update(b.Context(), "123", p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
