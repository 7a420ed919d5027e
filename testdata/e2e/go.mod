module example.com/streamapp

go 1.26.0

require github.com/flowvet/flowvet v0.0.0

replace github.com/flowvet/flowvet => ../..
