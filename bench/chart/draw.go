package main

import (
	"fmt"
	"image/color"
	"math"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar and figure geometry.
const (
	barWidth   = 14 * vg.Length(1) // one bar
	groupGap   = 2 * barWidth      // between two workloads' groups of bars
	plotHeight = 4.5 * vg.Inch
	minWidth   = 6 * vg.Inch
	// logAbove is the max/min ratio of a chart's values above which its y axis is logarithmic,
	// so that a 20 ns bar stays visible beside a 20 µs one.
	logAbove = 30.0
)

// aioColor is aio's bar colour (the Go gopher blue); the others take turns from palette.
var (
	aioColor = color.RGBA{R: 0x00, G: 0x7d, B: 0x9c, A: 0xff}
	palette  = []color.Color{
		color.RGBA{R: 0x9e, G: 0x9e, B: 0x9e, A: 0xff}, // grey
		color.RGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
		color.RGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // purple
		color.RGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // green
		color.RGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermilion
		color.RGBA{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}, // yellow
		color.RGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
		color.RGBA{R: 0x4d, G: 0x4d, B: 0x4d, A: 0xff}, // dark grey
	}
)

// writeChart draws p as a grouped bar chart (one group per workload, one bar per impl, median
// ns/op) and saves it as dir/<Primitive>.<format>, returning the file's path. The format is
// any that plot.Save knows by its extension: svg, png, pdf, eps...
func writeChart(p *Primitive, res *Results, dir, format string) (string, error) {
	plt := plot.New()
	plt.Title.Text = p.Name + ": ns/op, lower is better"
	plt.Title.TextStyle.Font.Size = vg.Points(13)
	plt.X.Label.Text = "workload\n" + machineLine(res)
	plt.X.Label.TextStyle.Font.Size = vg.Points(9)
	plt.Y.Label.Text = "ns/op"
	plt.NominalX(p.Workloads...)
	// Centre each group of bars in its own slot, half a slot from either edge.
	plt.X.Min, plt.X.Max = -0.5, float64(len(p.Workloads))-0.5

	lo, hi := valueRange(p)
	logScale := hi/lo > logAbove
	// base is where the bars start: 0 on a linear axis, a power of ten below the smallest
	// value on a log one (a log axis has no 0).
	base := 0.0
	if logScale {
		base = math.Pow(10, math.Floor(math.Log10(lo)))
		plt.Y.Scale = plot.LogScale{}
		plt.Y.Tick.Marker = plot.LogTicks{Prec: -1}
		plt.Y.Label.Text = "ns/op (log scale)"
	}

	n := len(p.Impls)
	for j, impl := range p.Impls {
		clr := implColor(j, impl)
		// Bars of one impl, side by side with the others', centred on the workload's tick.
		offset := (vg.Length(j) - vg.Length(n-1)/2) * barWidth
		var legendBar *plotter.BarChart
		var xys plotter.XYs
		var labels []string
		for i, w := range p.Workloads {
			v, ok := p.Median[impl][w]
			if !ok {
				continue // this impl has no such workload: no bar, not a 0 bar
			}
			bar, err := newBar(v, base, i, offset, clr)
			if err != nil {
				return "", err
			}
			plt.Add(bar)
			legendBar = bar
			xys = append(xys, plotter.XY{X: float64(i), Y: v})
			labels = append(labels, formatNs(v))
		}
		if legendBar == nil {
			continue
		}
		plt.Legend.Add(impl, legendBar)
		lbl, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: labels})
		if err != nil {
			return "", err
		}
		for k := range lbl.TextStyle {
			lbl.TextStyle[k].Font.Size = vg.Points(7)
			lbl.TextStyle[k].Rotation = math.Pi / 2
			lbl.TextStyle[k].XAlign = draw.XLeft
			lbl.TextStyle[k].YAlign = draw.YCenter
		}
		lbl.Offset = vg.Point{X: offset, Y: 2}
		plt.Add(lbl)
	}

	// Leave room above the tallest bar for its label and for the legend, drawn inside the top
	// left corner of the plot.
	plt.Legend.Top, plt.Legend.Left = true, true
	plt.Legend.XOffs = 4
	free := float64(vg.Length(n)*14+50) / float64(plotHeight-80)
	free = math.Min(free, 0.6)
	if logScale {
		plt.Y.Min = base
		plt.Y.Max = math.Pow(10, math.Log10(base)+(math.Log10(hi)-math.Log10(base))/(1-free))
	} else {
		plt.Y.Min = 0
		plt.Y.Max = hi / (1 - free)
	}

	width := vg.Length(len(p.Workloads))*(vg.Length(n)*barWidth+groupGap) + 1.2*vg.Inch
	width = max(width, minWidth)
	path := filepath.Join(dir, p.Name+"."+format)
	if err := plt.Save(width, plotHeight, path); err != nil {
		return "", fmt.Errorf("saving %s: %w", path, err)
	}
	return path, nil
}

// newBar returns one bar of height v at workload index i, starting at base.
func newBar(v, base float64, i int, offset vg.Length, clr color.Color) (*plotter.BarChart, error) {
	bar, err := plotter.NewBarChart(plotter.Values{v - base}, barWidth)
	if err != nil {
		return nil, err
	}
	if base > 0 {
		// On a log axis the bar must not start at 0: stack it on an undrawn bar of height base.
		floor, err := plotter.NewBarChart(plotter.Values{base}, barWidth)
		if err != nil {
			return nil, err
		}
		floor.XMin = float64(i)
		floor.Offset = offset
		bar.StackOn(floor)
	}
	bar.XMin = float64(i)
	bar.Offset = offset
	bar.Color = clr
	bar.LineStyle.Width = vg.Points(0.5)
	return bar, nil
}

// valueRange returns the smallest and largest median of p; both are positive.
func valueRange(p *Primitive) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, byWorkload := range p.Median {
		for _, v := range byWorkload {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	// A benchmark can report 0 ns/op when it was optimised away; keep the axis finite.
	lo = math.Max(lo, 0.01)
	hi = math.Max(hi, lo)
	return lo, hi
}

// implColor returns the colour of the j'th impl of a chart: aio always has aioColor.
func implColor(j int, impl string) color.Color {
	if impl == "aio" {
		return aioColor
	}
	return palette[j%len(palette)]
}

// machineLine describes where the figures come from, for the x axis label.
func machineLine(res *Results) string {
	var parts []string
	if res.CPU != "" {
		parts = append(parts, res.CPU)
	}
	if res.GOOS != "" || res.GOARCH != "" {
		parts = append(parts, res.GOOS+"/"+res.GOARCH)
	}
	if res.Procs > 0 {
		parts = append(parts, fmt.Sprintf("GOMAXPROCS=%d", res.Procs))
	}
	parts = append(parts, "median of the runs")
	return strings.Join(parts, " · ")
}

// formatNs formats a duration in nanoseconds with three significant digits and a unit.
func formatNs(ns float64) string {
	switch {
	case ns < 10:
		return fmt.Sprintf("%.2f ns", ns)
	case ns < 1e3:
		return fmt.Sprintf("%.0f ns", ns)
	case ns < 1e6:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	case ns < 1e9:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	default:
		return fmt.Sprintf("%.3g s", ns/1e9)
	}
}
