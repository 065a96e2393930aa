// Package picture draws what an RBM learned: tiles of images in the manner of
// the deeplearning.net tutorial's tile_raster_images (filters, samples), the
// dReLU figure, and writes PNG files.
//
// Conventions: images come in as row-major float64 rows, scaled to [0,1] per
// tile when asked; PNG files are written to a temporary file and renamed into
// place.
package picture
