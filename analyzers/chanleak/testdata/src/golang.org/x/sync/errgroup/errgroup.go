// Package errgroup is a signature-only stand-in for golang.org/x/sync/errgroup,
// for the analysis; the runtime proofs run the fixtures against the real one.
package errgroup

import "context"

type Group struct{}

func WithContext(ctx context.Context) (*Group, context.Context) { return &Group{}, ctx }
func (g *Group) Go(f func() error)                              {}
func (g *Group) Wait() error                                    { return nil }
