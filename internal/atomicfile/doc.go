// Package atomicfile writes files that are either whole or absent: the
// contents go to a temporary file in the destination's folder, which is
// synced and then renamed over the destination. A failure at any step, or a
// crash, leaves the destination as it was and removes the temporary file
// (a crash may leave one, named .NAME-*, which never shadows a real file).
package atomicfile
