// Command conformance is an independent Go checker for the LogFlux wire
// protocol. It shares no code with the TypeScript SDK.
//
//	go run . verify [-v] [dir]                 run every *_test.json vector file
//	go run . encode <inputs.json> <out.json>   round trip: produce envelopes
//	go run . decode <inputs.json> <out.json>   round trip: check another producer's envelopes
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

const moduleName = "logflux.dev/conformance"

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  conformance verify [-v] [dir]                (default dir: ../../test-vectors from this module)
  conformance encode <inputs.json> <out.json>
  conformance decode <inputs.json> <out.json>`)
	os.Exit(2)
}

// moduleDir finds this module's directory: the working directory when it is
// the module (the usual "cd conformance/go && go run ."), otherwise the
// directory this source file was compiled from.
func moduleDir() string {
	isModule := func(dir string) bool {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		return err == nil && strings.Contains(string(b), "module "+moduleName)
	}
	if wd, err := os.Getwd(); err == nil && isModule(wd) {
		return wd
	}
	if _, file, _, ok := runtime.Caller(0); ok {
		if dir := filepath.Dir(file); isModule(dir) {
			return dir
		}
	}
	wd, _ := os.Getwd()
	return wd
}

func defaultVectorDir() string {
	return filepath.Join(moduleDir(), "..", "..", "test-vectors")
}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	switch os.Args[1] {
	case "verify":
		args := os.Args[2:]
		verbose := false
		if len(args) > 0 && args[0] == "-v" {
			verbose, args = true, args[1:]
		}
		if len(args) > 1 {
			usage()
		}
		dir := defaultVectorDir()
		if len(args) == 1 {
			dir = args[0]
		}
		r := runVerify(dir, os.Stdout, verbose)
		fmt.Printf("%d passed, %d failed\n", r.passed, r.failed)
		if r.failed > 0 {
			os.Exit(1)
		}
	case "encode":
		if len(os.Args) != 4 {
			usage()
		}
		if err := runEncode(os.Args[2], os.Args[3]); err != nil {
			fmt.Fprintln(os.Stderr, "encode:", err)
			os.Exit(1)
		}
	case "decode":
		if len(os.Args) != 4 {
			usage()
		}
		r, err := runDecode(os.Args[2], os.Args[3], os.Stdout)
		if err != nil {
			fmt.Println("FAIL decode:", err)
			r.failed++
		}
		fmt.Printf("%d passed, %d failed\n", r.passed, r.failed)
		if r.failed > 0 {
			os.Exit(1)
		}
	default:
		usage()
	}
}
