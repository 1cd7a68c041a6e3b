// An agent-protocol client in Go, written from the protocol description (issue 18): one
// connection, newline-delimited JSON, fire and forget. Like the PHP SDK it sends "labels": []
// when an entry has none.
//
// usage: client unix:<path>|tcp:<host>:<port> <tag> <count>
package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"time"
)

func uuid4() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func main() {
	target, tag := os.Args[1], os.Args[2]
	count, _ := strconv.Atoi(os.Args[3])
	kind, rest, _ := strings.Cut(target, ":")
	network := "unix"
	if kind == "tcp" {
		network = "tcp"
	}
	conn, err := net.Dial(network, rest)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer conn.Close()
	for i := 0; i < count; i++ {
		var labels any = []string{}
		if i%2 == 0 {
			labels = map[string]string{"client": "go", "seq": strconv.Itoa(i)}
		}
		line, _ := json.Marshal(map[string]any{
			"id":         uuid4(),
			"message":    fmt.Sprintf("%s %d", tag, i),
			"source":     "go-client",
			"entry_type": 1,
			"level":      3,
			"timestamp":  time.Now().Unix(),
			"labels":     labels,
		})
		if _, err := conn.Write(append(line, '\n')); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}
