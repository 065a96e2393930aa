package picture

import (
	"errors"
	"fmt"
	"image"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// labelHeight is the height in pixels of the band of ColumnLabels.
const labelHeight = 18

// ColumnLabels returns img, a grid of len(labels) columns of cellWidth
// pixels with spacing pixels between them (as Tile lays them out, scaled
// by Upscale's factor), under a white band that names each column.
func ColumnLabels(img image.Image, cellWidth, spacing int, labels []string) (image.Image, error) {
	b := img.Bounds()
	switch {
	case len(labels) == 0:
		return nil, errors.New("picture: no column labels")
	case cellWidth < 1 || spacing < 0:
		return nil, fmt.Errorf("picture: columns of %d pixels with %d between", cellWidth, spacing)
	case len(labels)*(cellWidth+spacing)-spacing > b.Dx():
		return nil, fmt.Errorf("picture: %d columns of %d pixels do not fit in a picture %d wide", len(labels), cellWidth, b.Dx())
	}
	// At 72 dots an inch a point is a pixel.
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(b.Dx()), vg.Length(b.Dy()+labelHeight)), vgimg.UseDPI(72))
	dc := draw.New(c)
	c.SetColor(color.White)
	c.Fill(dc.Rectangle.Path())
	c.DrawImage(vg.Rectangle{Max: vg.Point{X: vg.Length(b.Dx()), Y: vg.Length(b.Dy())}}, img)
	style := draw.TextStyle{Color: color.Black, Font: font.From(font.Font{Typeface: "Liberation", Variant: "Sans"}, 11), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
	for i, l := range labels {
		x := float64(i*(cellWidth+spacing)) + float64(cellWidth)/2
		dc.FillText(style, vg.Point{X: vg.Length(x), Y: vg.Length(b.Dy() + labelHeight/2)}, l)
	}
	return c.Image(), nil
}
