package review

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"math"
	"slices"
	"time"

	"github.com/contactgate/contactgate/match"
	"github.com/contactgate/contactgate/purge"
)

var reportPage = template.Must(template.New("report.html").ParseFS(assets, "assets/report.html"))

// Report is what a scan's summary page shows.
type Report struct {
	// Source names the export.
	Source    string
	CreatedAt time.Time
	Stats     purge.ScanStats
	// Pairs are the scored pairs of the match and possible bands.
	Pairs    []purge.Pair
	Clusters []purge.Cluster
}

// chart is a bar chart as inline SVG.
type chart struct {
	Width, Height int
	Bars          []svgBar
	Labels        []svgLabel
}

type svgBar struct {
	X, Y, W, H float64
	Class      string
	Title      string
}

type svgLabel struct {
	X, Y float64
	Text string
}

const chartW, chartH, chartPad = 720.0, 180.0, 20.0

// barChart draws series stacked in columns (one per label), scaled to the
// highest column.
func barChart(labels []string, classes []string, series ...[]int) chart {
	c := chart{Width: int(chartW), Height: int(chartH + 2*chartPad)}
	top := 1
	for i := range labels {
		sum := 0
		for _, s := range series {
			sum += s[i]
		}
		top = max(top, sum)
	}
	w := chartW / float64(max(1, len(labels)))
	for i, l := range labels {
		y := chartH
		for k, s := range series {
			if s[i] == 0 {
				continue
			}
			h := chartH * float64(s[i]) / float64(top)
			y -= h
			c.Bars = append(c.Bars, svgBar{X: float64(i) * w, Y: y + chartPad, W: math.Max(1, w-2), H: h, Class: classes[k],
				Title: fmt.Sprintf("%s: %d %s", l, s[i], classes[k])})
		}
		if len(labels) <= 24 || i%(len(labels)/12+1) == 0 {
			c.Labels = append(c.Labels, svgLabel{X: float64(i)*w + w/2, Y: chartH + chartPad + 14, Text: l})
		}
	}
	return c
}

// reportView is what report.html shows.
type reportView struct {
	Report
	Weights, Sizes, Blocks chart
	Largest                []largest
}

type largest struct {
	ID, Band, Master string
	Size             int
	Weakest          float64
}

// WriteReport writes r as one self-contained HTML page: styles and
// charts (SVG) inline, no script, nothing fetched.
func WriteReport(w io.Writer, r Report) error {
	v := reportView{Report: r}
	// The weights of the pairs, in bins of 2, by band.
	lo, hi := 0.0, 0.0
	for i, p := range r.Pairs {
		if i == 0 {
			lo, hi = p.Weight, p.Weight
		}
		lo, hi = math.Min(lo, p.Weight), math.Max(hi, p.Weight)
	}
	first := int(math.Floor(lo / 2))
	n := int(math.Floor(hi/2)) - first + 1
	matchBins, possibleBins := make([]int, n), make([]int, n)
	labels := make([]string, n)
	for i := range labels {
		labels[i] = fmt.Sprintf("%d", 2*(first+i))
	}
	for _, p := range r.Pairs {
		b := int(math.Floor(p.Weight/2)) - first
		if p.Band == match.BandMatch {
			matchBins[b]++
		} else {
			possibleBins[b]++
		}
	}
	v.Weights = barChart(labels, []string{"match", "possible"}, matchBins, possibleBins)
	// The clusters by size, by band.
	top := 2
	for _, c := range r.Clusters {
		top = max(top, len(c.Members)+1)
	}
	auto, review := make([]int, top-1), make([]int, top-1)
	sizeLabels := make([]string, top-1)
	for i := range sizeLabels {
		sizeLabels[i] = fmt.Sprintf("%d", i+2)
	}
	for _, c := range r.Clusters {
		if c.Band == purge.BandAuto {
			auto[len(c.Members)-1]++
		} else {
			review[len(c.Members)-1]++
		}
	}
	v.Sizes = barChart(sizeLabels, []string{"auto", "review"}, auto, review)
	// The blocking: the blocks compared, by size.
	var blockLabels []string
	var blocks []int
	for _, b := range r.Stats.BlockSizes {
		blockLabels = append(blockLabels, blockLabel(b))
		blocks = append(blocks, b.Blocks)
	}
	v.Blocks = barChart(blockLabels, []string{"blocks"}, blocks)
	for _, c := range r.Clusters {
		weakest := c.Members[0].Weight
		for _, m := range c.Members {
			weakest = math.Min(weakest, m.Weight)
		}
		v.Largest = append(v.Largest, largest{ID: c.ID, Band: c.Band, Master: c.Master, Size: len(c.Members) + 1, Weakest: weakest})
	}
	slices.SortStableFunc(v.Largest, func(a, b largest) int { return cmp.Compare(b.Size, a.Size) })
	v.Largest = v.Largest[:min(len(v.Largest), 20)]
	if err := reportPage.Execute(w, v); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// blockLabel names a bin of block sizes: "2", "3-4".
func blockLabel(b purge.BlockSizeBin) string {
	if b.Min == b.Max {
		return fmt.Sprintf("%d", b.Min)
	}
	return fmt.Sprintf("%d-%d", b.Min, b.Max)
}
