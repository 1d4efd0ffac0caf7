package aio_test

import (
	"fmt"
	"go/ast"
	"go/build"
	"go/doc"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The documentation contract of package aio, kept true by a test: every exported
// identifier has a doc comment that starts with its name, and every exported function,
// type, method, constant, variable and struct field is used by at least one Example with
// an "// Output:" comment. The examples are type-checked, so a method counts only when it
// is called on the right type.

const modulePath = "github.com/aio-go/aio"

func TestEveryExportedIdentifierIsDocumented(t *testing.T) {
	fset := token.NewFileSet()
	files := parseDir(t, fset, ".", false)
	var problems []string
	for _, f := range files {
		for _, decl := range f.Decls {
			problems = append(problems, docProblems(fset, decl)...)
		}
	}
	sort.Strings(problems)
	require.Empty(t, problems, "doc comments missing or not starting with the name")
}

func TestEveryExportedIdentifierHasAnExample(t *testing.T) {
	fset := token.NewFileSet()
	imp := &moduleImporter{fset: fset, std: importer.Default(), pkgs: map[string]*types.Package{}}
	pkg, err := imp.Import(modulePath)
	require.NoError(t, err)

	// Every example file of package aio_test, type-checked together.
	var exampleFiles []*ast.File
	for _, f := range parseDir(t, fset, ".", true) {
		name := filepath.Base(fset.Position(f.Package).Filename)
		if f.Name.Name == "aio_test" && strings.HasPrefix(name, "example_") {
			exampleFiles = append(exampleFiles, f)
		}
	}
	require.NotEmpty(t, exampleFiles)
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: imp, Error: func(err error) { t.Errorf("type-checking the examples: %v", err) }}
	_, _ = conf.Check("github.com/aio-go/aio_test", fset, exampleFiles, info)

	// What the examples use: only the bodies of Example functions that check their output.
	used := map[string][]string{} // identifier -> examples using it
	for _, ex := range doc.Examples(exampleFiles...) {
		if ex.Output == "" && !ex.EmptyOutput {
			continue // compiled but never run: it proves nothing
		}
		name := "Example" + ex.Name
		// An example named after an identifier documents it: ExampleX, ExampleT_Method.
		if key := exampleKey(ex.Name); key != "" {
			used[key] = append(used[key], name)
		}
		ast.Inspect(ex.Code, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				if key := objectKey(info.Uses[id], pkg); key != "" {
					used[key] = append(used[key], name)
				}
			}
			return true
		})
	}

	var missing []string
	for _, key := range exportedKeys(pkg) {
		if len(used[key]) == 0 {
			missing = append(missing, key)
		}
	}
	require.Empty(t, missing, "exported identifiers of package aio used by no Example with an // Output: comment")
}

// exampleKey returns the identifier an example's name documents: "TaskGroup" for
// ExampleTaskGroup and ExampleTaskGroup_second, "TaskGroup.Wait" for ExampleTaskGroup_Wait.
func exampleKey(name string) string {
	parts := strings.Split(name, "_")
	if len(parts) > 1 && ast.IsExported(parts[1]) {
		return parts[0] + "." + parts[1]
	}
	return parts[0]
}

// parseDir parses the Go files of dir with comments: the test files when tests is true,
// the others otherwise.
func parseDir(t *testing.T, fset *token.FileSet, dir string, tests bool) []*ast.File {
	t.Helper()
	files, err := parseGoFiles(fset, dir, tests)
	require.NoError(t, err)
	return files
}

func parseGoFiles(fset *token.FileSet, dir string, tests bool) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") != tests {
			continue
		}
		// Only the files this build uses: build tags (ctxdone_go125.go) and GOOS suffixes.
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// moduleImporter type-checks this module's packages from source and imports the standard
// library from export data.
type moduleImporter struct {
	fset *token.FileSet
	std  types.Importer
	pkgs map[string]*types.Package
}

func (m *moduleImporter) Import(path string) (*types.Package, error) {
	if path != modulePath && !strings.HasPrefix(path, modulePath+"/") {
		return m.std.Import(path)
	}
	if p, ok := m.pkgs[path]; ok {
		return p, nil
	}
	dir := "." + strings.TrimPrefix(path, modulePath)
	files, err := parseGoFiles(m.fset, dir, false)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: m}
	p, err := conf.Check(path, m.fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("type-checking %s: %w", path, err)
	}
	m.pkgs[path] = p
	return p, nil
}

// exportedKeys lists every exported identifier of pkg as Name, Type.Method or
// Type.Field.
func exportedKeys(pkg *types.Package) []string {
	var keys []string
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		keys = append(keys, name)
		tn, ok := obj.(*types.TypeName)
		if !ok {
			continue
		}
		named, ok := tn.Type().(*types.Named)
		if !ok {
			continue
		}
		for m := range named.Methods() {
			if m.Exported() {
				keys = append(keys, name+"."+m.Name())
			}
		}
		if st, ok := named.Underlying().(*types.Struct); ok {
			for f := range st.Fields() {
				if f.Exported() {
					keys = append(keys, name+"."+f.Name())
				}
			}
		}
	}
	return keys
}

// objectKey names obj as exportedKeys does if it belongs to pkg, and returns "" otherwise.
func objectKey(obj types.Object, pkg *types.Package) string {
	if obj == nil || obj.Pkg() != pkg {
		return ""
	}
	switch o := obj.(type) {
	case *types.Func:
		o = o.Origin()
		if recv := o.Signature().Recv(); recv != nil {
			return typeName(recv.Type()) + "." + o.Name()
		}
		return o.Name()
	case *types.Var:
		o = o.Origin()
		if o.IsField() {
			return fieldOwner(o, pkg) + "." + o.Name()
		}
		return o.Name()
	default:
		return obj.Name()
	}
}

// typeName returns the name of a receiver type, through a pointer.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin().Obj().Name()
	}
	return t.String()
}

// fieldOwner returns the name of the package-level struct type that declares field f.
func fieldOwner(f *types.Var, pkg *types.Package) string {
	for _, name := range pkg.Scope().Names() {
		tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for g := range st.Fields() {
				if g == f {
					return name
				}
			}
		}
	}
	return "?"
}

// docProblems reports the exported identifiers of decl whose doc comment is missing or
// does not start with their name (an article before the name is allowed: "A Lock is").
func docProblems(fset *token.FileSet, decl ast.Decl) []string {
	var out []string
	check := func(pos token.Pos, name string, docs ...*ast.CommentGroup) {
		for _, d := range docs {
			if d == nil {
				continue
			}
			text := d.Text()
			for _, article := range []string{"A ", "An ", "The "} {
				text = strings.TrimPrefix(text, article)
			}
			if !strings.HasPrefix(text, name+" ") && !strings.HasPrefix(text, name+"'s ") {
				out = append(out, fmt.Sprintf("%s: %s: doc comment does not start with its name", fset.Position(pos), name))
			}
			return
		}
		out = append(out, fmt.Sprintf("%s: %s: no doc comment", fset.Position(pos), name))
	}
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() {
			return nil
		}
		if d.Recv != nil {
			if recv := recvName(d.Recv.List[0].Type); !ast.IsExported(recv) {
				return nil
			}
		}
		check(d.Pos(), d.Name.Name, d.Doc)
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if !s.Name.IsExported() {
					continue
				}
				doc := s.Doc
				if doc == nil && len(d.Specs) == 1 {
					doc = d.Doc
				}
				check(s.Pos(), s.Name.Name, doc)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if !n.IsExported() {
						continue
					}
					switch {
					case s.Doc != nil:
						check(n.Pos(), s.Names[0].Name, s.Doc)
					case len(d.Specs) == 1:
						check(n.Pos(), n.Name, d.Doc)
					case d.Doc == nil && s.Comment == nil:
						// In a group, the group's doc comment or a line comment will do.
						out = append(out, fmt.Sprintf("%s: %s: no doc comment", fset.Position(n.Pos()), n.Name))
					}
				}
			}
		}
	}
	return out
}

// recvName returns the type name of a method receiver expression: T, *T, T[P] or *T[P].
func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
