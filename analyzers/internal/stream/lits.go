package stream

import (
	"go/ast"
	"go/token"
	"go/types"
)

// How says when a function literal runs, judged from where it stands.
type How uint8

const (
	Elsewhere How = iota // stored, returned, passed to an unknown function: not known
	Called               // func(){...}(): runs here, now
	Deferred             // defer func(){...}(): runs at return
	Go                   // go func(){...}(): runs concurrently, from here on
	GroupGo              // g.Go(func() error {...}) of a group with a Wait method (errgroup.Group, sync.WaitGroup)
	Bound                // f := func(){...} (or =, or var f = ...): runs where f is called
)

// Site is where a function literal stands.
type Site struct {
	How How
	// For Bound: the variable's identifier and the assignment's token
	// (token.DEFINE, token.ASSIGN; token.VAR for a var declaration).
	Name *ast.Ident
	Tok  token.Token
}

// RunsHere classifies the function literal at stack[i] (stack holds its
// ancestors, outermost first, and the literal itself at i): the one
// answer to "does this literal run here?" that the analyzers share; each
// decides which answers it follows.
func RunsHere(info *types.Info, stack []ast.Node, i int) Site {
	j := i - 1
	for j >= 0 {
		if _, ok := stack[j].(*ast.ParenExpr); !ok {
			break
		}
		j--
	}
	if j < 0 {
		return Site{}
	}
	child := stack[j+1]
	switch p := stack[j].(type) {
	case *ast.CallExpr:
		if p.Fun == child {
			if j > 0 {
				switch stack[j-1].(type) {
				case *ast.DeferStmt:
					return Site{How: Deferred}
				case *ast.GoStmt:
					return Site{How: Go}
				}
			}
			return Site{How: Called}
		}
		if len(p.Args) == 1 && p.Args[0] == child && IsGroupGo(info, p) {
			return Site{How: GroupGo}
		}
	case *ast.AssignStmt:
		if len(p.Lhs) == len(p.Rhs) {
			for k, r := range p.Rhs {
				if r == child {
					if id, ok := p.Lhs[k].(*ast.Ident); ok {
						return Site{How: Bound, Name: id, Tok: p.Tok}
					}
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == len(p.Values) {
			for k, r := range p.Values {
				if r == child {
					return Site{How: Bound, Name: p.Names[k], Tok: token.VAR}
				}
			}
		}
	}
	return Site{}
}

// IsGroupGo reports whether call is g.Go(f), a method Go of a type that
// also has a Wait method: errgroup.Group, sync.WaitGroup (Go 1.25), a
// project's own group. Such a group's Wait is where the literal is known
// to have run.
func IsGroupGo(info *types.Info, call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Go" || len(call.Args) != 1 {
		return false
	}
	s, ok := info.Selections[sel]
	if !ok || s.Kind() != types.MethodVal {
		return false
	}
	wait, _, _ := types.LookupFieldOrMethod(s.Recv(), true, nil, "Wait")
	_, ok = wait.(*types.Func)
	return ok
}
