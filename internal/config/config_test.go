package config

import (
	"flag"
	"strings"
	"testing"
)

func TestLoadPrecedenceFlagEnvDefault(t *testing.T) {
	var c Config
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	Register(fs, &c)
	if err := fs.Parse([]string{"--addr", "127.0.0.1:9999"}); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"LOKET_ADDR": "0.0.0.0:1", "LOKET_DB": "postgres://x@y/z"}
	if err := Load(&c, func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:9999" || c.DB != "postgres://x@y/z" || c.DataDir != "data" {
		t.Fatalf("config %+v", c)
	}
	if c.BaseURL != "http://127.0.0.1:9999" {
		t.Fatalf("base URL %q", c.BaseURL)
	}
}

func TestLoadRejectsBadValuesByName(t *testing.T) {
	c := Config{Addr: "no-port", BaseURL: "ftp://x", LogLevel: "loud", ServiceLevels: "email=24h/8h"}
	err := Load(&c, func(string) string { return "" })
	if err == nil {
		t.Fatal("bad settings accepted")
	}
	for _, want := range []string{"--addr", "--base-url", "--log-level", "--service-levels"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
}
