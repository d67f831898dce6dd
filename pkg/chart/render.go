package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Options sizes an SVG or PNG chart.
type Options struct {
	// Width and Height are in CSS pixels (1/96 inch): the PNG's size in
	// pixels, and the SVG's width and height attributes. Zero means 800 × 450.
	Width, Height int
}

const (
	defaultWidth, defaultHeight = 800, 450
	dpi                         = 96
	// Smaller than this, the labels no longer fit.
	minWidth, minHeight = 320, 200
)

func (o Options) size() (width, height vg.Length, err error) {
	w, h := o.Width, o.Height
	if w == 0 {
		w = defaultWidth
	}
	if h == 0 {
		h = defaultHeight
	}
	if w < minWidth || h < minHeight {
		return 0, 0, fmt.Errorf("chart: %d × %d pixels is too small (at least %d × %d)", w, h, minWidth, minHeight)
	}
	return vg.Length(w) * vg.Inch / dpi, vg.Length(h) * vg.Inch / dpi, nil
}

// SVG writes c as a standalone SVG document whose first children are
// <title> and <desc>. The same chart gives the same bytes. Nothing is
// written when c is invalid.
func SVG(w io.Writer, c Chart, opt Options) error {
	if err := c.validate(); err != nil {
		return err
	}
	width, height, err := opt.size()
	if err != nil {
		return err
	}
	canvas := newSVGCanvas(width, height)
	drawChart(draw.New(canvas), c)
	f := c.frame()
	return canvas.writeDocument(w, f.Title, f.Desc, float64(dpi)/float64(vg.Inch))
}

// PNG writes c as a PNG image of opt's size in pixels. Nothing is written
// when c is invalid.
func PNG(w io.Writer, c Chart, opt Options) error {
	if err := c.validate(); err != nil {
		return err
	}
	width, height, err := opt.size()
	if err != nil {
		return err
	}
	canvas := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	drawChart(draw.New(canvas), c)
	var encoded bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: canvas}).WriteTo(&encoded); err != nil {
		return err
	}
	_, err = encoded.WriteTo(w)
	return err
}

// Colours: a dark blue for the figure itself, green for what it aims at,
// orange for the full year, red for limits and signals; greys for the frame.
var (
	white       = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink         = color.RGBA{0x22, 0x22, 0x22, 0xff}
	mutedInk    = color.RGBA{0x55, 0x55, 0x55, 0xff}
	axisGrey    = color.RGBA{0x88, 0x88, 0x88, 0xff}
	gridGrey    = color.RGBA{0xe2, 0xe2, 0xe2, 0xff}
	seriesBlue  = color.RGBA{0x1f, 0x4e, 0x8c, 0xff}
	targetGreen = color.RGBA{0x2e, 0x7d, 0x32, 0xff}
	yearOrange  = color.RGBA{0xc8, 0x5a, 0x00, 0xff}
	limitRed    = color.RGBA{0xc6, 0x28, 0x28, 0xff}
	halo        = color.NRGBA{0xff, 0xff, 0xff, 0xd9} // behind labels drawn over data
)

// palette tells a breakdown's keys apart (Tableau 10, distinguishable with
// the common colour-vision deficiencies).
var palette = [...]color.RGBA{
	{0x4e, 0x79, 0xa7, 0xff}, {0xf2, 0x8e, 0x2b, 0xff}, {0xe1, 0x57, 0x59, 0xff},
	{0x76, 0xb7, 0xb2, 0xff}, {0x59, 0xa1, 0x4f, 0xff}, {0xed, 0xc9, 0x48, 0xff},
	{0xb0, 0x7a, 0xa1, 0xff}, {0xff, 0x9d, 0xa7, 0xff}, {0x9c, 0x75, 0x5f, 0xff},
	{0xba, 0xb0, 0xac, 0xff},
}

// Type sizes in points.
const (
	titleSize  = 12
	headSize   = 9.5 // survey panel headings
	labelSize  = 9   // axis labels
	tickSize   = 8.5 // tick labels and legend
	inlineSize = 8   // labels on reference lines and signal rule numbers
	margin     = 10
)

func textStyle(size vg.Length, clr color.Color, bold bool) text.Style {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: clr, Font: f, XAlign: draw.XLeft, YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}
}

// drawChart lays out title, legend and plot area, then lets the chart draw
// its plots into the area.
func drawChart(dc draw.Canvas, c Chart) {
	dc.SetColor(white)
	dc.Fill(dc.Rectangle.Path())
	area := draw.Crop(dc, margin, -margin, margin, -margin)

	f := c.frame()
	if f.Title != "" {
		sty := textStyle(titleSize, ink, true)
		sty.YAlign = draw.YTop
		area.FillText(sty, vg.Point{X: area.Min.X, Y: area.Max.Y}, f.Title)
		area.Max.Y -= sty.Height(f.Title) + 6
	}
	if entries := c.legend(); len(entries) > 0 {
		area.Max.Y -= drawLegend(area, entries) + 6
	}
	c.draw(area)
}
