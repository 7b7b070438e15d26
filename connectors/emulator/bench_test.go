package emulator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/contactgate/contactgate/connectors"
)

// The benchmarks run a mix of 2 creates, 5 reads by id and 3 searches by
// e-mail in every 10 requests, over loopback HTTP and in-process, and report
// requests per second. The store starts with 1,000 contacts.

const benchSeed = 1000

func benchEmulator(b *testing.B) *Emulator {
	b.Helper()
	e := New(Config{})
	for i := range benchSeed {
		if _, err := e.Create(context.Background(), map[string]string{"email": fmt.Sprintf("seed%d@example.com", i), "firstname": "Seed"}); err != nil {
			b.Fatal(err)
		}
	}
	return e
}

func BenchmarkEmulatorInProcess(b *testing.B) {
	e := benchEmulator(b)
	ctx := context.Background()
	var seq atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			var err error
			switch n % 10 {
			case 0, 1:
				_, err = e.Create(ctx, map[string]string{"email": fmt.Sprintf("bench%d@example.com", n), "firstname": "Bench"})
			case 2, 3, 4, 5, 6:
				_, err = e.Get(ctx, fmt.Sprint(firstID+n%benchSeed), []string{"email"})
			default:
				_, err = e.Search(ctx, connectors.SearchRequest{
					FilterGroups: []connectors.FilterGroup{{Filters: []connectors.Filter{eq("email", fmt.Sprintf("seed%d@example.com", n%benchSeed))}}},
				})
			}
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}

func BenchmarkEmulatorHTTP(b *testing.B) {
	e := benchEmulator(b)
	srv := httptest.NewServer(e.Handler())
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	defer client.CloseIdleConnections()
	var seq atomic.Int64
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			n := seq.Add(1)
			var req *http.Request
			switch n % 10 {
			case 0, 1:
				body := fmt.Sprintf(`{"properties":{"email":"bench%d@example.com","firstname":"Bench"}}`, n)
				req, _ = http.NewRequest("POST", srv.URL+BasePath, bytes.NewBufferString(body))
			case 2, 3, 4, 5, 6:
				req, _ = http.NewRequest("GET", fmt.Sprintf("%s%s/%d?properties=email", srv.URL, BasePath, firstID+n%benchSeed), nil)
			default:
				body := fmt.Sprintf(`{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"seed%d@example.com"}]}]}`, n%benchSeed)
				req, _ = http.NewRequest("POST", srv.URL+BasePath+"/search", bytes.NewBufferString(body))
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 300 {
				b.Errorf("%s %s: %d", req.Method, req.URL.Path, resp.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
}
