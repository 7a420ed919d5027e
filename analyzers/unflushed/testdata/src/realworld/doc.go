// Package realworld holds code shapes found in real modules that were once
// misreported; each must stay silent.
package realworld
