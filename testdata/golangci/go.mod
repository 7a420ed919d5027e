module example.com/gclfixture

go 1.26.0

require github.com/flowvet/flowvet v0.0.0-00010101000000-000000000000

replace github.com/flowvet/flowvet => ../..
