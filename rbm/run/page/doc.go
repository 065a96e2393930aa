// Package page writes a run folder's page: index.html, one self-contained
// HTML file that a browser opens from the disk (no network, no external
// scripts, styles or fonts), and monitors.png, the same curves as one
// picture.
//
// The page shows
//
//   - the monitors of monitors.csv as curves over the epochs, one panel a
//     column (inline SVG drawn with gonum/plot; cells that are not numbers,
//     NaN or ±Inf are gaps; columns with no finite value are listed, not
//     drawn);
//   - the latest pictures of the folder: of each family NAME_at_epoch_N.png
//     the one of the largest N, and every other PNG file (samples.png),
//     referenced by their names beside the page;
//   - the checkpoints table of checkpoints/: epochs, batches, file, size,
//     time and which one is the best by a criterion (run.Best), then the
//     files named like checkpoints that cannot be read.
//
// A short inline script checks on load that every picture was decoded and
// every curve drawn, and writes the result into the page, as the body's
// data-check attribute ("ok", or what is wrong) and a line at the bottom;
// a headless browser's dump of the page tells a test whether it shows.
//
// Write writes both files through temporary files renamed into place, so a
// browser never reads half a page; a run calls it after every epoch.
package page
