package chart

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// svgCanvas is a vg.Canvas that writes SVG. It replaces gonum's vgsvg, whose
// document cannot start with <title> and <desc>, whose text names
// "Liberation Sans" with no fallback (or embeds the whole font, half a
// megabyte a face), and whose elements cannot be told apart by a test or a
// stylesheet. Here:
//   - coordinates are absolute and y-down, written with at most two
//     decimals, so the same chart is the same bytes;
//   - text names Liberation Sans first (what the layout was measured with;
//     Debian's Chromium depends on it), then its metric twins Arimo, Arial
//     and Helvetica, and carries textLength, so that any other fallback font
//     is squeezed or stretched to the measured width instead of running into
//     its neighbours;
//   - plotters may wrap what they draw in <g class="..."> with a <title>
//     tooltip (see group).
type svgCanvas struct {
	width, height vg.Length
	body          bytes.Buffer
	stack         []svgState
	openGroups    int
}

type svgState struct {
	transform  affine
	color      color.Color
	lineWidth  vg.Length
	dashes     []vg.Length
	dashOffset vg.Length
}

// affine maps (x, y) to (a·x + c·y + e, b·x + d·y + f).
type affine struct{ a, b, c, d, e, f float64 }

func (m affine) apply(p vg.Point) (x, y float64) {
	px, py := float64(p.X), float64(p.Y)
	return m.a*px + m.c*py + m.e, m.b*px + m.d*py + m.f
}

// then returns the transform that applies n first, then m.
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b,
		b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d,
		d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e,
		f: m.b*n.e + m.d*n.f + m.f,
	}
}

// scale is the factor by which the transform stretches lengths; the charts
// only translate, rotate and flip, so it is the same in every direction.
func (m affine) scale() float64 { return math.Sqrt(math.Abs(m.a*m.d - m.b*m.c)) }

func newSVGCanvas(width, height vg.Length) *svgCanvas {
	c := &svgCanvas{width: width, height: height}
	// vg draws with the origin at the bottom left, SVG at the top left.
	c.stack = []svgState{{transform: affine{a: 1, d: -1, f: float64(height)}}}
	vg.Initialize(c)
	return c
}

func (c *svgCanvas) state() *svgState { return &c.stack[len(c.stack)-1] }

func (c *svgCanvas) Size() (w, h vg.Length) { return c.width, c.height }

func (c *svgCanvas) SetLineWidth(w vg.Length) { c.state().lineWidth = w }

func (c *svgCanvas) SetLineDash(dashes []vg.Length, offset vg.Length) {
	c.state().dashes = append([]vg.Length(nil), dashes...)
	c.state().dashOffset = offset
}

func (c *svgCanvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.state().color = clr
}

func (c *svgCanvas) Rotate(rad float64) {
	sin, cos := math.Sincos(rad)
	c.state().transform = c.state().transform.then(affine{a: cos, b: sin, c: -sin, d: cos})
}

func (c *svgCanvas) Translate(p vg.Point) {
	c.state().transform = c.state().transform.then(affine{a: 1, d: 1, e: float64(p.X), f: float64(p.Y)})
}

func (c *svgCanvas) Scale(x, y float64) {
	c.state().transform = c.state().transform.then(affine{a: x, d: y})
}

func (c *svgCanvas) Push() {
	top := *c.state()
	top.dashes = append([]vg.Length(nil), top.dashes...)
	c.stack = append(c.stack, top)
}

func (c *svgCanvas) Pop() { c.stack = c.stack[:len(c.stack)-1] }

func (c *svgCanvas) Stroke(path vg.Path) {
	st := c.state()
	if st.lineWidth <= 0 {
		return
	}
	s := st.transform.scale()
	fmt.Fprintf(&c.body, `<path d="%s" fill="none" stroke="%s"%s stroke-width="%s"`,
		c.pathData(path), hexColor(st.color), opacityAttr("stroke-opacity", st.color), num(float64(st.lineWidth)*s))
	if len(st.dashes) > 0 {
		dashes := make([]string, len(st.dashes))
		for i, d := range st.dashes {
			dashes[i] = num(float64(d) * s)
		}
		fmt.Fprintf(&c.body, ` stroke-dasharray="%s"`, strings.Join(dashes, " "))
		if st.dashOffset != 0 {
			fmt.Fprintf(&c.body, ` stroke-dashoffset="%s"`, num(float64(st.dashOffset)*s))
		}
	}
	c.body.WriteString("/>\n")
}

func (c *svgCanvas) Fill(path vg.Path) {
	st := c.state()
	fmt.Fprintf(&c.body, `<path d="%s" fill="%s"%s/>`+"\n",
		c.pathData(path), hexColor(st.color), opacityAttr("fill-opacity", st.color))
}

func (c *svgCanvas) pathData(path vg.Path) string {
	m := c.state().transform
	var b strings.Builder
	point := func(cmd byte, p vg.Point) {
		x, y := m.apply(p)
		b.WriteByte(cmd)
		b.WriteString(num(x))
		b.WriteByte(',')
		b.WriteString(num(y))
	}
	// vg's angles turn counter-clockwise with y up; through a flip they turn
	// the other way in SVG's y-down space.
	flipped := m.a*m.d-m.b*m.c < 0
	for _, comp := range path {
		switch comp.Type {
		case vg.MoveComp:
			point('M', comp.Pos)
		case vg.LineComp:
			point('L', comp.Pos)
		case vg.ArcComp:
			at := func(angle float64) vg.Point {
				sin, cos := math.Sincos(angle)
				return vg.Point{X: comp.Pos.X + comp.Radius*vg.Length(cos), Y: comp.Pos.Y + comp.Radius*vg.Length(sin)}
			}
			cmd := byte('L')
			if b.Len() == 0 {
				cmd = 'M'
			}
			point(cmd, at(comp.Start))
			r := num(float64(comp.Radius) * m.scale())
			sweep := (comp.Angle > 0) != flipped
			// SVG cannot draw an arc that ends where it starts: a full
			// circle is two half-turns.
			turns := 1
			if math.Abs(comp.Angle) >= 2*math.Pi {
				turns = 2
			}
			for t := 1; t <= turns; t++ {
				angle := comp.Angle / float64(turns)
				large := math.Abs(angle) > math.Pi
				fmt.Fprintf(&b, "A%s,%s 0 %d %d ", r, r, arcFlag(large), arcFlag(sweep))
				x, y := m.apply(at(comp.Start + angle*float64(t)))
				b.WriteString(num(x) + "," + num(y))
			}
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				point('Q', comp.Control[0])
				point(' ', comp.Pos)
			case 2:
				point('C', comp.Control[0])
				point(' ', comp.Control[1])
				point(' ', comp.Pos)
			}
		case vg.CloseComp:
			b.WriteByte('Z')
		}
	}
	return b.String()
}

func (c *svgCanvas) FillString(face font.Face, p vg.Point, text string) {
	if face.Font.Size <= 0 || text == "" {
		return
	}
	m := c.state().transform
	x, y := m.apply(p)
	s := m.scale()
	fmt.Fprintf(&c.body, `<text x="%s" y="%s" font-size="%s"`, num(x), num(y), num(float64(face.Font.Size)*s))
	if face.Font.Weight >= xfont.WeightSemiBold {
		c.body.WriteString(` font-weight="bold"`)
	}
	if face.Font.Style != xfont.StyleNormal {
		c.body.WriteString(` font-style="italic"`)
	}
	fmt.Fprintf(&c.body, ` fill="%s"%s textLength="%s" lengthAdjust="spacingAndGlyphs"`,
		hexColor(c.state().color), opacityAttr("fill-opacity", c.state().color), num(float64(face.Width(text))*s))
	// The angle of the text's baseline on the page, clockwise in y-down.
	if angle := math.Atan2(m.b, m.a) * 180 / math.Pi; math.Abs(angle) > 1e-9 {
		fmt.Fprintf(&c.body, ` transform="rotate(%s %s %s)"`, num(angle), num(x), num(y))
	}
	fmt.Fprintf(&c.body, ">%s</text>\n", html.EscapeString(text))
}

func (c *svgCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var encoded bytes.Buffer
	if err := png.Encode(&encoded, img); err != nil {
		return // an image the charts never draw; nothing to show
	}
	m := c.state().transform
	x0, y0 := m.apply(rect.Min)
	x1, y1 := m.apply(rect.Max)
	fmt.Fprintf(&c.body, `<image x="%s" y="%s" width="%s" height="%s" href="data:image/png;base64,%s"/>`+"\n",
		num(math.Min(x0, x1)), num(math.Min(y0, y1)), num(math.Abs(x1-x0)), num(math.Abs(y1-y0)),
		base64.StdEncoding.EncodeToString(encoded.Bytes()))
}

// group opens <g class="class"> around what is drawn until endGroup, with
// tooltip as its <title> when not empty, and attributes written as given
// (name, value pairs).
func (c *svgCanvas) group(class, tooltip string, attrs ...string) {
	fmt.Fprintf(&c.body, `<g class="%s"`, html.EscapeString(class))
	for i := 0; i+1 < len(attrs); i += 2 {
		fmt.Fprintf(&c.body, ` %s="%s"`, attrs[i], html.EscapeString(attrs[i+1]))
	}
	c.body.WriteString(">\n")
	if tooltip != "" {
		fmt.Fprintf(&c.body, "<title>%s</title>\n", html.EscapeString(tooltip))
	}
	c.openGroups++
}

func (c *svgCanvas) endGroup() {
	c.body.WriteString("</g>\n")
	c.openGroups--
}

// fontFamily (written as is into a double-quoted attribute) lists Liberation Sans, which the layout is measured with, then
// fonts with the same metrics.
const fontFamily = `'Liberation Sans', Arimo, Arial, Helvetica, sans-serif`

// writeDocument writes the whole SVG document. pxPerPt sets the width and
// height attributes in CSS pixels, which the report may override with CSS.
func (c *svgCanvas) writeDocument(w io.Writer, title, desc string, pxPerPt float64) error {
	for c.openGroups > 0 {
		c.endGroup()
	}
	var doc bytes.Buffer
	fmt.Fprintf(&doc, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" role="img" font-family="%s">`+"\n",
		num(float64(c.width)*pxPerPt), num(float64(c.height)*pxPerPt),
		num(float64(c.width)), num(float64(c.height)), fontFamily)
	fmt.Fprintf(&doc, "<title>%s</title>\n<desc>%s</desc>\n", html.EscapeString(title), html.EscapeString(desc))
	doc.Write(c.body.Bytes())
	doc.WriteString("</svg>\n")
	_, err := doc.WriteTo(w)
	return err
}

// num writes a coordinate with at most two decimals: a hundredth of a point
// is far below what a screen or printer shows.
func num(v float64) string {
	v = math.Round(v*100) / 100
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func arcFlag(b bool) int {
	if b {
		return 1
	}
	return 0
}

func hexColor(clr color.Color) string {
	r, g, b, a := clr.RGBA()
	if a == 0 {
		return "none"
	}
	// RGBA is premultiplied; SVG wants the colour and its opacity apart.
	un := func(v uint32) uint32 { return v * 0xffff / a >> 8 }
	return fmt.Sprintf("#%02x%02x%02x", un(r), un(g), un(b))
}

func opacityAttr(name string, clr color.Color) string {
	_, _, _, a := clr.RGBA()
	if a == 0xffff || a == 0 {
		return ""
	}
	return fmt.Sprintf(` %s="%s"`, name, num(float64(a)/0xffff))
}
