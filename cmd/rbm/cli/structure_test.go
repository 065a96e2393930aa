package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// subcommandFiles names the subcommand each file of the command serves; the
// other files, sharedFiles, hold what several subcommands use.
var (
	subcommandFiles = map[string]string{
		"train.go": "train", "run.go": "train", "report.go": "train",
		"eval.go": "eval", "eval_curve.go": "eval", "eval_print.go": "eval", "eval_train.go": "train", "train_page.go": "train",
		"sample.go": "sample", "dream.go": "dream", "gradcheck.go": "gradcheck", "plot.go": "plot",
		"bench.go": "bench", "checkpoints.go": "checkpoints", "revive.go": "revive", "average.go": "average",
		"transform.go": "transform", "sample_any.go": "sample", "train_features.go": "train",
		"complete.go": "complete", "probe.go": "probe",
		"orbm_plot.go": "orbm plot", "orbm_separate.go": "orbm separate",
		"orbm_train.go": "orbm train", "orbm_xor.go": "orbm xor",
	}
	sharedFiles = []string{"main.go", "doc.go", "flags.go", "options.go", "build.go", "data.go", "models.go",
		"orbm.go", "pairs.go", "pictures.go", "progress.go", "sample_tempering.go", "train_algos.go", "budget.go"}
)

// maxFuncLines bounds the length of every function of the command: a
// subcommand turns flags into a configuration and calls a library.
const maxFuncLines = 80

// parseCommand parses the command's non-test files.
func parseCommand(t *testing.T) (*token.FileSet, map[string]*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files[name] = f
	}
	if len(files) == 0 {
		t.Fatal("no source files found")
	}
	return fset, files
}

// Every file is a subcommand's or shared, and no subcommand's file uses a
// name that another subcommand's files declare: what two subcommands share
// lives in a shared file or a library.
func TestSubcommandsShareOnlySharedFiles(t *testing.T) {
	_, files := parseCommand(t)
	owner := map[string]string{} // package-level name → the file declaring it
	for name, f := range files {
		if _, ok := subcommandFiles[name]; !ok && !slices.Contains(sharedFiles, name) {
			t.Errorf("%s is neither a subcommand's file nor a shared one: add it to subcommandFiles or sharedFiles", name)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					owner[d.Name.Name] = name
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						owner[s.Name.Name] = name
					case *ast.ValueSpec:
						for _, n := range s.Names {
							owner[n.Name] = name
						}
					}
				}
			}
		}
	}
	checked := 0
	for name, f := range files {
		sub, ok := subcommandFiles[name]
		if !ok {
			continue
		}
		checked++
		skip := map[*ast.Ident]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				skip[n.Sel] = true
			case *ast.KeyValueExpr:
				if id, ok := n.Key.(*ast.Ident); ok {
					skip[id] = true
				}
			case *ast.Ident:
				// Names the file resolves itself (its own declarations,
				// locals) have Obj set; the rest are the package's or
				// predeclared.
				if n.Obj != nil || skip[n] {
					return true
				}
				if from, ok := owner[n.Name]; ok {
					if other, isSub := subcommandFiles[from]; isSub && other != sub {
						t.Errorf("%s (%s) uses %s of %s (%s): move it to a shared file", name, sub, n.Name, from, other)
					}
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Errorf("checked %d subcommand files; the table is out of date", checked)
	}
}

// No function of the command is longer than maxFuncLines.
func TestCommandFunctionsAreShort(t *testing.T) {
	fset, files := parseCommand(t)
	funcs := 0
	for name, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			funcs++
			if n := fset.Position(fd.End()).Line - fset.Position(fd.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s is %d lines, over %d", name, fd.Name.Name, n, maxFuncLines)
			}
		}
	}
	if funcs == 0 {
		t.Error("no functions found")
	}
}
