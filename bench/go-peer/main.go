// The Go peer of the validation benchmark: what a Go program does for the same
// manifests — YAML → JSON (sigs.k8s.io/yaml) → protojson into the kind's message
// (dynamicpb, from the schema image buf builds) → buf.build/go/protovalidate —
// timed in process like the Node benchmark, by wall and CPU time.
//
//	go-peer IMAGE.binpb MESSAGE_TYPE SECONDS NAME=FILE...
//
// Prints one JSON object: per manifest, operations per second (wall), CPU
// microseconds per operation and whether it validated.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"buf.build/go/protovalidate"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
	"sigs.k8s.io/yaml"
)

type result struct {
	Name       string  `json:"name"`
	PerSecond  float64 `json:"perSecond"`
	CPUUsPerOp float64 `json:"cpuUsPerOp"`
	Iterations int     `json:"iterations"`
	Valid      bool    `json:"valid"`
	FirstError string  `json:"firstError,omitempty"`
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "go-peer:", err)
	os.Exit(2)
}

func main() {
	if len(os.Args) < 5 {
		fail(fmt.Errorf("usage: go-peer IMAGE.binpb MESSAGE_TYPE SECONDS NAME=FILE..."))
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(raw, &set); err != nil {
		fail(err)
	}
	files, err := protodesc.NewFiles(&set)
	if err != nil {
		fail(err)
	}
	types := dynamicpb.NewTypes(files)
	d, err := files.FindDescriptorByName(protoreflect.FullName(os.Args[2]))
	if err != nil {
		fail(err)
	}
	desc, ok := d.(protoreflect.MessageDescriptor)
	if !ok {
		fail(fmt.Errorf("%s is not a message", os.Args[2]))
	}
	var seconds float64
	if _, err := fmt.Sscan(os.Args[3], &seconds); err != nil {
		fail(err)
	}
	validator, err := protovalidate.New(protovalidate.WithExtensionTypeResolver(types))
	if err != nil {
		fail(err)
	}
	unmarshal := protojson.UnmarshalOptions{Resolver: types}
	once := func(text []byte) error {
		j, err := yaml.YAMLToJSON(text)
		if err != nil {
			return err
		}
		msg := dynamicpb.NewMessage(desc)
		if err := unmarshal.Unmarshal(j, msg); err != nil {
			return err
		}
		return validator.Validate(msg)
	}
	var out []result
	for _, arg := range os.Args[4:] {
		name, file, _ := strings.Cut(arg, "=")
		text, err := os.ReadFile(file)
		if err != nil {
			fail(err)
		}
		r := result{Name: name, Valid: true}
		if err := once(text); err != nil {
			r.Valid = false
			r.FirstError = err.Error()
		}
		// Warm-up, then a time box.
		for end := time.Now().Add(time.Duration(seconds * 0.2 * float64(time.Second))); time.Now().Before(end); {
			_ = once(text)
		}
		cpu0 := cpuNow()
		start := time.Now()
		end := start.Add(time.Duration(seconds * float64(time.Second)))
		n := 0
		for time.Now().Before(end) {
			_ = once(text)
			n++
		}
		wall := time.Since(start)
		r.Iterations = n
		r.PerSecond = float64(n) / wall.Seconds()
		r.CPUUsPerOp = float64((cpuNow() - cpu0).Microseconds()) / float64(n)
		out = append(out, r)
	}
	_ = json.NewEncoder(os.Stdout).Encode(map[string]any{"results": out})
}
