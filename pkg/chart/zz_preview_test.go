package chart

import (
	"os"
	"testing"
)

func TestZZPreview(t *testing.T) {
	if os.Getenv("CHART_PREVIEW") == "" {
		t.Skip()
	}
	f, _ := os.Create("/tmp/prev/small.png")
	PNG(f, controlChart(false), Options{Width: 480, Height: 300})
	f.Close()
	f, _ = os.Create("/tmp/prev/rate12.png")
	c := rateYearWithGap()
	c.FullYear = &Line{Value: 34.1, Label: "Full year 2019: 34.1"}
	c.Target.Value = 30
	PNG(f, c, Options{})
	f.Close()
}
