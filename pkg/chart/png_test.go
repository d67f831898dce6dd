package chart

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

func TestPNG(t *testing.T) {
	for _, tc := range []struct {
		name          string
		chart         Chart
		opt           Options
		width, height int
		ink           color.RGBA // a colour the chart must show
	}{
		{"rate default size", rateChart(true), Options{}, 800, 450, seriesBlue},
		{"rate large", rateChart(false), Options{Width: 1200, Height: 600}, 1200, 600, targetGreen},
		{"control", controlChart(true), Options{Width: 640, Height: 400}, 640, 400, limitRed},
		{"survey", surveyChart(false), Options{}, 800, 450, limitRed},
		{"breakdown", breakdownChart(true), Options{}, 800, 450, palette[3]},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := PNG(&b, tc.chart, tc.opt); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&b)
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if got := img.Bounds().Size(); got != (image.Point{tc.width, tc.height}) {
				t.Errorf("size %v, want %d×%d", got, tc.width, tc.height)
			}
			var inked, matching int
			for y := img.Bounds().Min.Y; y < img.Bounds().Max.Y; y++ {
				for x := img.Bounds().Min.X; x < img.Bounds().Max.X; x++ {
					c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
					if c != white {
						inked++
					}
					if near(c, tc.ink) {
						matching++
					}
				}
			}
			total := tc.width * tc.height
			// Text, axes and data cover a few percent of the picture; a
			// blank or a filled picture is broken.
			if inked < total/50 || inked > total/2 {
				t.Errorf("%d of %d pixels drawn", inked, total)
			}
			if matching < 50 {
				t.Errorf("only %d pixels of the colour %v", matching, tc.ink)
			}
		})
	}
}

func near(a, b color.RGBA) bool {
	d := func(x, y uint8) int { return (int(x) - int(y)) * (int(x) - int(y)) }
	return d(a.R, b.R)+d(a.G, b.G)+d(a.B, b.B) < 3*12*12
}

func TestPNGDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := PNG(&a, controlChart(true), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := PNG(&b, controlChart(true), Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings of the same chart differ")
	}
}
