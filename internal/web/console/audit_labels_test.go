package console

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryAuditCodeHasADutchLabel reads loket's own source for every action and object type written to the
// audit log as a literal (Audit, AuditAccount, AuditArticle calls and AuditEntry values) and checks that the
// audit page has a Dutch label for it, so no English code ("view", "update") reaches the console.
func TestEveryAuditCodeHasADutchLabel(t *testing.T) {
	actions, objects := auditCodesInSource(t, filepath.Join("..", "..", ".."))
	if len(actions) < 20 || len(objects) < 10 {
		t.Fatalf("found %d actions and %d object types in the source: the scan is broken", len(actions), len(objects))
	}
	for code, at := range actions {
		if _, ok := auditActionLabels[code]; !ok {
			t.Errorf("audit action %q (%s) has no Dutch label in auditActionLabels", code, at)
		}
	}
	for code, at := range objects {
		if _, ok := auditObjectLabels[code]; !ok {
			t.Errorf("audit object type %q (%s) has no Dutch label in auditObjectLabels", code, at)
		}
	}
	for _, bulk := range []string{"zelf", "toewijzen", "status", "sluiten"} {
		if _, ok := auditActionLabels["bulk-"+bulk]; !ok {
			t.Errorf("bulk action %q has no label", bulk)
		}
	}
}

// auditCodesInSource maps each literal audit code in the non-test Go files under internal/ to one place it is used.
func auditCodesInSource(t *testing.T, root string) (actions, objects map[string]string) {
	actions, objects = map[string]string{}, map[string]string{}
	files := token.NewFileSet()
	lit := func(e ast.Expr) string {
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return ""
		}
		s, _ := strconv.Unquote(b.Value)
		return s
	}
	note := func(m map[string]string, code string, pos token.Pos) {
		if code != "" && m[code] == "" {
			m[code] = files.Position(pos).String()
		}
	}
	// argument positions of action and object type per audit function (-1: not an argument)
	calls := map[string][2]int{"Audit": {1, 2}, "AuditAccount": {2, 3}, "AuditArticle": {2, -1}}
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(files, path, nil, 0)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				sel, ok := x.Fun.(*ast.SelectorExpr)
				at, known := calls[sel2name(sel, ok)]
				if !known || len(x.Args) <= at[0] || len(x.Args) <= at[1] {
					return true
				}
				note(actions, lit(x.Args[at[0]]), x.Pos())
				if at[1] >= 0 {
					note(objects, lit(x.Args[at[1]]), x.Pos())
				}
			case *ast.CompositeLit:
				for _, el := range x.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					switch key, _ := kv.Key.(*ast.Ident); {
					case key == nil:
					case key.Name == "Action":
						note(actions, lit(kv.Value), kv.Pos())
					case key.Name == "ObjectType":
						note(objects, lit(kv.Value), kv.Pos())
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return actions, objects
}

func sel2name(sel *ast.SelectorExpr, ok bool) string {
	if !ok {
		return ""
	}
	return sel.Sel.Name
}
