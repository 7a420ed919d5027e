// Package gclfixture is the module scripts/e2e-golangci.sh lints with a
// custom golangci-lint that has the flowvet plugin compiled in. Every
// function marked BUG holds one real bug that flowvet must report (the
// exact findings are in expected.txt); every function marked OK is correct
// code that must stay silent. Package sink holds helpers whose behaviour
// flowvet knows only through facts.
package gclfixture
