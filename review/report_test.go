package review

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

func TestWriteReport(t *testing.T) {
	t.Run("should chart the blocks, the weights and the sizes and list the largest clusters, in one page that fetches nothing", func(t *testing.T) {
		r := Report{Source: "export.csv", Stats: purge.ScanStats{Records: 9, AutoClusters: 1, ReviewClusters: 1, AutoMerges: 3, ReviewMerges: 1,
			BlockSizes: []purge.BlockSizeBin{{Min: 2, Max: 2, Blocks: 7, Records: 14}, {Min: 5, Max: 8, Blocks: 2, Records: 11}}},
			Pairs: []purge.Pair{{Weight: 3, Band: match.BandPossible}, {Weight: 20.5, Band: match.BandMatch}, {Weight: 21, Band: match.BandMatch}, {Weight: 30, Band: match.BandMatch}},
			Clusters: []purge.Cluster{
				{ID: "1", Band: purge.BandReview, Master: "a", Members: []purge.Member{{ID: "b", Weight: 3}}},
				{ID: "2", Band: purge.BandAuto, Master: "c", Members: []purge.Member{{ID: "d", Weight: 30}, {ID: "e", Weight: 20.5}, {ID: "f", Weight: 21}}},
			}}
		var b bytes.Buffer
		if err := WriteReport(&b, r); err != nil {
			t.Fatal(err)
		}
		page := b.String()
		// Weights: bins 2, 20 (two pairs) and 30; sizes: 2 (review) and 4 (auto).
		if n := len(regexp.MustCompile(`<rect class="(match|possible)"`).FindAllString(page, -1)); n != 3 {
			t.Errorf("%d weight bars, want 3", n)
		}
		if !strings.Contains(page, "<title>20: 2 match</title>") || !strings.Contains(page, "<title>2: 1 review</title>") || !strings.Contains(page, "<title>4: 1 auto</title>") {
			t.Errorf("bars' titles:\n%s", page)
		}
		// Blocks: 7 of two records, 2 of five to eight, charted and listed.
		if !strings.Contains(page, "<title>2: 7 blocks</title>") || !strings.Contains(page, "<title>5-8: 2 blocks</title>") ||
			!strings.Contains(page, `<tr><td>5-8</td><td class="n">2</td><td class="n">11</td></tr>`) {
			t.Errorf("the blocking's chart and table:\n%s", page)
		}
		largest := regexp.MustCompile(`<tr><td>(\d+)</td><td>(\w+)</td><td class="n">(\d+)</td><td>\w+</td><td class="n">([^<]+)</td>`).FindAllStringSubmatch(page, -1)
		if len(largest) != 2 || largest[0][1] != "2" || largest[0][3] != "4" || largest[0][4] != "&#43;20.5" || largest[1][1] != "1" {
			t.Errorf("largest clusters: %q", largest)
		}
		for _, external := range []string{"<script", "src=", "href=", "@import", "url("} {
			if strings.Contains(page, external) {
				t.Errorf("the page holds %q: it must fetch nothing", external)
			}
		}
	})
}
