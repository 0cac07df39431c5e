package text

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestCallsPassEveryPlaceholder reads the bot's source and checks that
// every call rendering a catalog text (T, Bad) passes as many arguments as
// the text has placeholders: one too many shows members "%!(EXTRA …)", one
// too few "%!d(MISSING)".
func TestCallsPassEveryPlaceholder(t *testing.T) {
	byName := keyNames(t)
	files, err := filepath.Glob("../*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{"../view/*.go", "../input/*.go"} {
		more, _ := filepath.Glob(dir)
		files = append(files, more...)
	}
	checked := 0
	for _, path := range files {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !renders(call) {
				return true
			}
			for i, arg := range call.Args {
				sel, ok := arg.(*ast.SelectorExpr)
				if !ok {
					continue
				}
				if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "text" {
					continue
				}
				key, known := byName[sel.Sel.Name]
				if !known || call.Ellipsis.IsValid() {
					break
				}
				want := len(strings.Fields(verbs(forms(english[key])[0])))
				if got := len(call.Args) - i - 1; got != want {
					t.Errorf("%s: text.%s has %d placeholders, the call passes %d", path, sel.Sel.Name, want, got)
				}
				checked++
				break
			}
			return true
		})
	}
	if checked < 100 {
		t.Fatalf("checked only %d calls; has the source moved?", checked)
	}
}

// renders reports whether a call renders a catalog text: T (of text, a
// view.Context or a request) or input.Bad.
func renders(call *ast.CallExpr) bool {
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		return f.Sel.Name == "T" || f.Sel.Name == "Bad"
	case *ast.Ident:
		return f.Name == "T" || f.Name == "Bad"
	}
	return false
}

// keyNames maps the Go names of the keys in keys.go to their keys.
func keyNames(t *testing.T) map[string]Key {
	t.Helper()
	file, err := parser.ParseFile(token.NewFileSet(), "keys.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]Key{}
	ast.Inspect(file, func(n ast.Node) bool {
		spec, ok := n.(*ast.ValueSpec)
		if !ok || len(spec.Values) == 0 {
			return true
		}
		if lit, ok := spec.Values[0].(*ast.BasicLit); ok {
			names[spec.Names[0].Name] = Key(strings.Trim(lit.Value, `"`))
		}
		return true
	})
	return names
}
