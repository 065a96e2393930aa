package picture

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"

	"github.com/rbmgo/rbm/internal/atomicfile"
)

// Tile lays out the rows of x, each a flattened imgRows×imgCols image, on a
// grid of tileRows×tileCols tiles separated by spacing black pixels, as
// tile_raster_images does. With scale, each image is mapped to [0,1] by its own
// minimum and maximum (scale_rows_to_unit_interval); otherwise values are
// clipped to [0,1]. Tiles beyond the images of x stay black.
func Tile(x []float64, imgRows, imgCols, tileRows, tileCols, spacing int, scale bool) *image.Gray {
	h := tileRows*(imgRows+spacing) - spacing
	w := tileCols*(imgCols+spacing) - spacing
	img := image.NewGray(image.Rect(0, 0, max(w, 0), max(h, 0)))
	size := imgRows * imgCols
	for t := 0; t < tileRows*tileCols && (t+1)*size <= len(x); t++ {
		im := x[t*size : (t+1)*size]
		lo, hi := 0.0, 1.0
		if scale {
			lo, hi = math.Inf(1), math.Inf(-1)
			for _, v := range im {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
			hi = lo + (hi - lo) + 1e-8
		}
		top, left := (t/tileCols)*(imgRows+spacing), (t%tileCols)*(imgCols+spacing)
		for r := 0; r < imgRows; r++ {
			for c := 0; c < imgCols; c++ {
				v := (im[r*imgCols+c] - lo) / (hi - lo)
				img.SetGray(left+c, top+r, color.Gray{Y: toByte(v)})
			}
		}
	}
	return img
}

func toByte(v float64) uint8 {
	if !(v > 0) { // also NaN
		return 0
	}
	if v >= 1 {
		return 255
	}
	return uint8(v*255 + 0.5)
}

// Filters draws the first tileRows×tileCols columns of w (nVisible×nHidden,
// row-major), each an imgRows×imgCols image scaled to its own range, with one
// pixel between tiles: the tutorial's filters figure.
func Filters(w []float64, nVisible, nHidden, imgRows, imgCols, tileRows, tileCols int) *image.Gray {
	n := min(nHidden, tileRows*tileCols)
	cols := make([]float64, 0, n*nVisible)
	for j := 0; j < n; j++ {
		for i := 0; i < nVisible; i++ {
			cols = append(cols, w[i*nHidden+j])
		}
	}
	return Tile(cols, imgRows, imgCols, tileRows, tileCols, 1, true)
}

// Stack puts images one under the other, with one black pixel between them:
// the rows of the tutorial's samples figure.
func Stack(rows ...*image.Gray) *image.Gray {
	w, h := 0, 0
	for i, r := range rows {
		w = max(w, r.Bounds().Dx())
		h += r.Bounds().Dy()
		if i > 0 {
			h++
		}
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	y := 0
	for _, r := range rows {
		b := r.Bounds()
		for yy := 0; yy < b.Dy(); yy++ {
			for xx := 0; xx < b.Dx(); xx++ {
				out.SetGray(xx, y+yy, r.GrayAt(b.Min.X+xx, b.Min.Y+yy))
			}
		}
		y += b.Dy() + 1
	}
	return out
}

// Upscale enlarges img by an integer factor with nearest-neighbour pixels.
func Upscale(img *image.Gray, factor int) *image.Gray {
	if factor <= 1 {
		return img
	}
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()*factor, b.Dy()*factor))
	for y := 0; y < out.Bounds().Dy(); y++ {
		for x := 0; x < out.Bounds().Dx(); x++ {
			out.SetGray(x, y, img.GrayAt(b.Min.X+x/factor, b.Min.Y+y/factor))
		}
	}
	return out
}

// WritePNG writes img to path through a temporary file in the same folder,
// synced and renamed, so a failure never leaves a partial picture; errors
// name the path.
func WritePNG(path string, img image.Image) error {
	if err := atomicfile.Write(path, func(w io.Writer) error { return png.Encode(w, img) }); err != nil {
		return fmt.Errorf("picture: %w", err)
	}
	return nil
}
