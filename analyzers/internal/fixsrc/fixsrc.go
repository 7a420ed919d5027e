// Package fixsrc spells Go source for suggested fixes.
package fixsrc

import (
	"go/types"
	"strings"
)

// ZeroValue returns the zero value of t as Go source, for the results of a
// return a fix inserts; false when t has no spelling here (a type local to
// a function).
func ZeroValue(t types.Type, qual types.Qualifier) (string, bool) {
	t = types.Unalias(t)
	if tp, ok := t.(*types.TypeParam); ok {
		return "*new(" + types.TypeString(tp, qual) + ")", true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return "false", true
		case u.Info()&types.IsNumeric != 0:
			return "0", true
		case u.Info()&types.IsString != 0:
			return `""`, true
		case u.Kind() == types.UnsafePointer:
			return "nil", true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return "nil", true
	case *types.Struct, *types.Array:
		s := types.TypeString(t, qual)
		if strings.Contains(s, "\x00") {
			return "", false
		}
		return s + "{}", true
	}
	return "", false
}
