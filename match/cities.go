package match

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"strings"
	"sync"
)

// citiesGz is placedata/cities.tsv.gz: GeoNames' cities whose name tells
// the country (placedata/NOTICE, placedata/generate.go).
//
//go:embed placedata/cities.tsv.gz
var citiesGz []byte

// PlaceKey is the key a place's name is looked up by: folded as names are
// (Folding in the package documentation), without spaces ("Frankfurt am
// Main" → "frankfurtammain", "Nürnberg" → "nurnberg", "St. Louis" →
// "stlouis").
func PlaceKey(name string) string {
	var buf [64]byte
	return string(placeKey(buf[:0], name))
}

// placeKey appends the PlaceKey of name to dst.
func placeKey(dst []byte, name string) []byte {
	return joinTokens(appendFold(dst, name))
}

// cityRegion returns the region of the country a city of that name is in,
// or "": a name that cities of two countries bear is the larger one's only
// when its city is at least three times as large (London is GB; Manchester,
// Cambridge and San José are no one's). The table is read once, at the
// first call.
func cityRegion(city string) string {
	if isBlank(city) {
		return ""
	}
	var buf [64]byte
	return cityRegions()[string(placeKey(buf[:0], city))]
}

// cityRegions maps each PlaceKey of placedata/cities.tsv.gz to its
// region. Its keys and values are slices of one string, the file read.
var cityRegions = sync.OnceValue(func() map[string]string {
	r, err := gzip.NewReader(bytes.NewReader(citiesGz))
	if err != nil {
		panic("match: placedata/cities.tsv.gz: " + err.Error())
	}
	b, err := io.ReadAll(r)
	if err != nil {
		panic("match: placedata/cities.tsv.gz: " + err.Error())
	}
	text := string(b)
	byName := make(map[string]string, strings.Count(text, "\n"))
	for line := range strings.Lines(text) {
		name, region, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if ok {
			byName[name] = region
		}
	}
	return byName
})
