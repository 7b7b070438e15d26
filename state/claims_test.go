package state

import (
	"errors"
	"slices"
	"testing"
	"time"
)

func TestClaims(t *testing.T) {
	keys := []Key{email("jane@example.com"), phone("+14155550100")}

	t.Run("should claim free keys and refuse them to another owner", func(t *testing.T) {
		// Given keys claimed by ev-1
		ix := openMem(t)
		if held, err := ix.Claim("ev-1", keys, t0); err != nil || held != "" {
			t.Fatalf("Claim(ev-1) = %q, %v", held, err)
		}
		// When ev-2 claims one of them and a free one
		held, err := ix.Claim("ev-2", []Key{phone("+14155550100"), email("other@example.com")}, t0)
		// Then it learns that ev-1 holds it, and claims nothing
		if err != nil || held != "ev-1" {
			t.Fatalf("Claim(ev-2) = %q, %v; want ev-1", held, err)
		}
		if held, _ := ix.Claim("ev-3", []Key{email("other@example.com")}, t0); held != "" {
			t.Fatalf("the free key was claimed by ev-2: held by %q", held)
		}
	})

	t.Run("should let an owner claim again and add keys", func(t *testing.T) {
		ix := openMem(t)
		if _, err := ix.Claim("ev-1", keys[:1], t0); err != nil {
			t.Fatal(err)
		}
		if held, err := ix.Claim("ev-1", keys, t0.Add(time.Minute)); err != nil || held != "" {
			t.Fatalf("Claim again = %q, %v", held, err)
		}
		claims, err := ix.PendingClaims()
		if err != nil || len(claims) != 1 {
			t.Fatalf("PendingClaims = %+v, %v", claims, err)
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, compareKeys)
		if c := claims[0]; c.Owner != "ev-1" || !c.At.Equal(t0) || !slices.Equal(c.Keys, want) {
			t.Fatalf("claim = %+v", c)
		}
	})

	t.Run("should free the keys on release", func(t *testing.T) {
		// Given a claim
		ix := openMem(t)
		if _, err := ix.Claim("ev-1", keys, t0); err != nil {
			t.Fatal(err)
		}
		// When it is released (twice: the second does nothing)
		for range 2 {
			if err := ix.ReleaseClaims("ev-1"); err != nil {
				t.Fatal(err)
			}
		}
		// Then another owner can claim the keys, and nothing is pending of ev-1
		if held, _ := ix.Claim("ev-2", keys, t0); held != "" {
			t.Fatalf("held by %q after release", held)
		}
		if claims, _ := ix.PendingClaims(); len(claims) != 1 || claims[0].Owner != "ev-2" {
			t.Fatalf("PendingClaims = %+v", claims)
		}
	})

	t.Run("should release the claims in the same write as the record", func(t *testing.T) {
		// Given a claim of the keys of a new record
		ix := openMem(t)
		if _, err := ix.Claim("ev-1", keys, t0); err != nil {
			t.Fatal(err)
		}
		// When the record is applied for the claim's owner
		mustApply(t, ix, Write{Record: person("101", []string{"jane@example.com"}, nil, ""), EventID: "ev-1", ClaimOwner: "ev-1"})
		// Then nothing is pending and the keys are free
		if claims, _ := ix.PendingClaims(); len(claims) != 0 {
			t.Fatalf("PendingClaims = %+v", claims)
		}
		if held, _ := ix.Claim("ev-2", keys, t0); held != "" {
			t.Fatalf("held by %q", held)
		}
	})

	t.Run("should keep claims across a reopen, oldest first", func(t *testing.T) {
		// Given two claims in a persisted index, closed while in flight
		dir := t.TempDir()
		ix := openDir(t, dir)
		if _, err := ix.Claim("ev-b", keys, t0.Add(time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, err := ix.Claim("ev-a", []Key{{KeyExternalID, "billing:7"}}, t0.Add(2*time.Second)); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		// When it is reopened
		ix = openDir(t, dir)
		defer ix.Close()
		// Then both claims are pending, and still hold their keys
		claims, err := ix.PendingClaims()
		if err != nil || len(claims) != 2 || claims[0].Owner != "ev-b" || claims[1].Owner != "ev-a" {
			t.Fatalf("PendingClaims = %+v, %v", claims, err)
		}
		if held, _ := ix.Claim("ev-c", keys[1:], t0); held != "ev-b" {
			t.Fatalf("held by %q, want ev-b", held)
		}
	})

	t.Run("should refuse a claim without an owner", func(t *testing.T) {
		ix := openMem(t)
		if _, err := ix.Claim("", keys, t0); !errors.Is(err, ErrInvalid) {
			t.Fatalf("Claim = %v, want ErrInvalid", err)
		}
	})
}
